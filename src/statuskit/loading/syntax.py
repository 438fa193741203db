"""Whether catalog text is JSON or YAML: the one rule every reader and writer of catalogs uses.

The file name decides when it says (``.json``; ``.yaml`` or ``.yml``, any case); otherwise text
that starts with ``{`` or ``[`` (after blanks) is JSON and anything else YAML.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Literal, TypeAlias


Syntax: TypeAlias = 'Literal["json", "yaml"]'


def syntax_of(file: str | None, text: str) -> Syntax:
    """``json`` or ``yaml`` for ``text`` read from ``file`` (None for text without a file)."""
    if file is not None:
        lower = file.lower()
        if lower.endswith(".json"):
            return "json"
        if lower.endswith((".yaml", ".yml")):
            return "yaml"
    return "json" if text.lstrip().startswith(("{", "[")) else "yaml"
