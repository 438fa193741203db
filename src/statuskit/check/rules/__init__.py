"""The rule registry: one module per rule, listed here in the order they run.

To add a rule, write a module next to this one (see ``statuskit.check.rule`` for its shape) and
add it to ``RULES``. A rule that is renamed keeps its old id in ``ALIASES`` so configurations
that name it keep working.
"""

from __future__ import annotations

from . import (
    code_in_no_group,
    code_out_of_space,
    duplicate_code,
    duplicate_group,
    duplicate_name,
    empty_group,
    field_value,
    gap_in_group,
    garbled_text,
    message_template,
    misplaced_code,
    missing_http_status,
    missing_meaning,
    name_collision,
    operation_answers,
    pattern_width,
    reserved_range,
    retired_reused,
    transport_limits,
)

RULES = (
    duplicate_code,
    duplicate_name,
    name_collision,
    retired_reused,
    code_out_of_space,
    pattern_width,
    duplicate_group,
    code_in_no_group,
    reserved_range,
    transport_limits,
    missing_http_status,
    field_value,
    message_template,
    missing_meaning,
    garbled_text,
    empty_group,
    gap_in_group,
    misplaced_code,
    operation_answers,
)

# Old rule ids still accepted in configuration, mapped to the rule that replaced them.
ALIASES: dict[str, str] = {
    "identifier-collision": "name-collision",
    "mojibake": "garbled-text",
}
