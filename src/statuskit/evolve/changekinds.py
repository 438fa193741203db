"""Every kind of change ``diff`` reports, declared once: its id, whether it breaks, what it means.

A kind either always breaks clients, never does, or breaks depending on the change (``breaking``
None: ``when`` says on what); a change of a conditional kind must say whether it breaks, and a
change of a fixed kind cannot contradict its kind. ``diff`` makes every change through
:meth:`ChangeKind.change`; ``docs/evolve.md`` lists the same kinds (a test keeps them in step).
"""

from __future__ import annotations

from typing import Any

from .changes import Change


class ChangeKind:
    """One kind of change: ``id`` as reports show it, ``breaking`` (None: it depends), ``when``."""

    __slots__ = ("id", "breaking", "when", "review")

    def __init__(self, id: str, breaking: bool | None, when: str, *, review: bool = False) -> None:
        self.id = id
        self.breaking = breaking
        self.when = when
        self.review = review

    def change(
        self,
        *,
        space: str | None,
        code: int | str | None = None,
        message: str,
        old: Any = None,
        new: Any = None,
        breaking: bool | None = None,
    ) -> Change:
        """A change of this kind; ``breaking`` is given for conditional kinds only."""
        if self.breaking is None:
            if breaking is None:
                raise TypeError(f"a {self.id!r} change must say whether it breaks clients")
        elif breaking is not None:
            raise TypeError(f"a {self.id!r} change always has breaking={self.breaking}")
        else:
            breaking = self.breaking
        return Change(
            space=space,
            code=code,
            kind=self.id,
            breaking=breaking,
            message=message,
            old=old,
            new=new,
            review=self.review,
        )

    def __repr__(self) -> str:
        return f"ChangeKind({self.id!r}, breaking={self.breaking})"


# -- the catalog and its spaces
CATALOG_RENAMED = ChangeKind("catalog-renamed", False, "the catalog's id changed")
VERSION_CHANGED = ChangeKind("version-changed", False, "the catalog's version changed")
SPACE_ADDED = ChangeKind("space-added", False, "a space was added")
SPACE_REMOVED = ChangeKind("space-removed", True, "a space is gone with its codes")
SPACE_RENAMED = ChangeKind("space-renamed", True, "a space is gone and another has exactly its codes")
TRANSPORT_CHANGED = ChangeKind("transport-changed", True, "the space travels elsewhere")
EXTENDS_ADDED = ChangeKind("extends-added", False, "the space now extends a builtin and takes its codes")
EXTENDS_CHANGED = ChangeKind("extends-changed", None, "breaking when codes taken from the builtin are lost")
DIGITS_CHANGED = ChangeKind("digits-changed", None, "breaking when an existing code falls out")
RANGE_CHANGED = ChangeKind("range-changed", None, "breaking when an existing code falls out")
RESERVED_ADDED = ChangeKind(
    "reserved-added", None, "breaking when an existing code falls into the reserved range"
)
RESERVED_REMOVED = ChangeKind("reserved-removed", False, "a reserved range was released")
FIELD_DECLARED = ChangeKind("field-declared", False, "the space declares a new field")
FIELD_UNDECLARED = ChangeKind("field-undeclared", False, "the space no longer declares a field")
FIELD_REDECLARED = ChangeKind("field-redeclared", False, "a field's declaration changed")
# -- groups
GROUP_ADDED = ChangeKind("group-added", False, "a group was added")
GROUP_REMOVED = ChangeKind("group-removed", False, "a group was removed")
GROUP_CHANGED = ChangeKind("group-changed", False, "a group's defaults or codes changed")
GROUP_RESIZED = ChangeKind(
    "group-resized", None, "breaking when a code of both versions falls out of the range group"
)
# -- codes
CODE_ADDED = ChangeKind("code-added", False, "a code was added")
CODE_REMOVED = ChangeKind("code-removed", True, "a code disappeared without being retired")
CODE_RETIRED = ChangeKind("code-retired", False, "a code was retired (or a number added to the retired list)")
RETIRED_REUSED = ChangeKind("retired-reused", True, "a retired code is declared again")
UNRETIRED = ChangeKind("unretired", True, "a retired entry was dropped: the number could be handed out again")
REGROUPED = ChangeKind("regrouped", False, "the code is in other groups")
NAME_ADDED = ChangeKind("name-added", False, "the code got a name")
NAME_REMOVED = ChangeKind("name-removed", True, "the code lost its name")
NAME_RESPELLED = ChangeKind("name-respelled", False, "the name changed but gives the same identifier")
RENAMED = ChangeKind("renamed", None, "breaking unless the old name is kept in aliases")
ALIAS_ADDED = ChangeKind("alias-added", False, "the code accepts another name")
ALIAS_REMOVED = ChangeKind("alias-removed", True, "a name generated code may use is gone")
OUTCOME_CHANGED = ChangeKind("outcome-changed", True, "success/failure/info changed")
FIELD_CHANGED = ChangeKind(
    "field-changed", None, "breaking when a client field (action, retryable, http) changed"
)
MESSAGE_ARGUMENTS_CHANGED = ChangeKind(
    "message-arguments-changed", True, "the message's placeholders changed"
)
DEPRECATED = ChangeKind("deprecated", False, "the code was deprecated (or its deprecation note changed)")
UNDEPRECATED = ChangeKind("undeprecated", False, "the code is no longer deprecated")
SINCE_CHANGED = ChangeKind("since-changed", False, "the version the code exists since changed")
TRANSLATION_ADDED = ChangeKind("translation-added", False, "the code has a new translation")
TRANSLATION_REMOVED = ChangeKind("translation-removed", False, "the code lost a translation")
# -- operations
OPERATION_ADDED = ChangeKind("operation-added", False, "the catalog declares a new operation")
OPERATION_REMOVED = ChangeKind("operation-removed", True, "an operation is gone: clients that call it break")
ANSWER_ADDED = ChangeKind(
    "answer-added",
    True,
    "an operation (or always) may answer a code or group it did not: clients that switch on its "
    "answers exhaustively break; review",
    review=True,
)
ANSWER_REMOVED = ChangeKind(
    "answer-removed", False, "an operation (or always) no longer answers a code or group"
)
# -- text
REWORDED = ChangeKind("reworded", False, "a title, description or message text changed; read it", review=True)


KINDS: tuple[ChangeKind, ...] = tuple(
    value for value in dict(globals()).values() if isinstance(value, ChangeKind)
)
"""Every kind, in the order declared above."""

BY_ID: dict[str, ChangeKind] = {kind.id: kind for kind in KINDS}
