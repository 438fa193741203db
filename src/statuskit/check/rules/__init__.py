"""The rule registry: one module per rule, listed here in the order they run.

To add a rule, write a module next to this one (see ``statuskit.check.rule`` for its shape) and
register it in ``REGISTRY`` under its ``ID`` (``statuskit.plugins``: the same convention as
generators, formats, commands and servers). A rule that is renamed keeps its old id as an alias
so configurations that name it keep working. ``RULES`` holds the rule modules, in order.
"""

from __future__ import annotations

from ...plugins import Registry

REGISTRY = Registry(
    "rule",
    {
        "duplicate-code": "statuskit.check.rules.duplicate_code",
        "duplicate-name": "statuskit.check.rules.duplicate_name",
        "name-collision": "statuskit.check.rules.name_collision",
        "retired-reused": "statuskit.check.rules.retired_reused",
        "code-out-of-space": "statuskit.check.rules.code_out_of_space",
        "pattern-width": "statuskit.check.rules.pattern_width",
        "duplicate-group": "statuskit.check.rules.duplicate_group",
        "code-in-no-group": "statuskit.check.rules.code_in_no_group",
        "reserved-range": "statuskit.check.rules.reserved_range",
        "transport-limits": "statuskit.check.rules.transport_limits",
        "missing-http-status": "statuskit.check.rules.missing_http_status",
        "field-value": "statuskit.check.rules.field_value",
        "message-template": "statuskit.check.rules.message_template",
        "missing-meaning": "statuskit.check.rules.missing_meaning",
        "garbled-text": "statuskit.check.rules.garbled_text",
        "empty-group": "statuskit.check.rules.empty_group",
        "gap-in-group": "statuskit.check.rules.gap_in_group",
        "misplaced-code": "statuskit.check.rules.misplaced_code",
        "operation-answers": "statuskit.check.rules.operation_answers",
    },
    # Old rule ids still accepted in configuration, mapped to the rule that replaced them.
    aliases={
        "identifier-collision": "name-collision",
        "mojibake": "garbled-text",
    },
)

# The check runs every rule, so they are all imported with the checker.
RULES = REGISTRY.load_all()
ALIASES = REGISTRY.aliases
