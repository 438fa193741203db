"""What the prose and the examples say about codes, checked against what the tables define.

Prose numbers never become codes; but an example body using a code no table defines, prose
mentioning ``opcode 6 & 7`` when the opcode table stops at 5, or "7 codes" over a list of six
are things a person should look at.
"""

from __future__ import annotations

import re
from typing import Any

from .layout import Plan
from .parts import Section
from .report import Report

_EXAMPLE_CODE = re.compile(
    r"[\"']?\b(code|status|status_code|statusCode|st|op|error|error_code|errorCode)\b[\"']?\s*[:=]\s*(-?[0-9]{1,18})\b"
)
_MENTION = re.compile(
    r"\b(opcodes?|codes?|status(?: codes?)?)\s+([0-9]{1,18}(?:\s*(?:,|&|and|or)\s*[0-9]{1,18})*)\b",
    re.IGNORECASE,
)
_COUNT = re.compile(r"\b([0-9]{1,6})\s+(?:[A-Za-z]+\s+){0,2}codes\b")


def check_prose(root: Section, plans: list[Plan], spaces: list[dict[str, Any]], report: Report) -> None:
    """Add notes for undefined codes in examples and prose, and for announced counts that differ."""
    declared = {code["code"] for space in spaces for code in space["codes"]}
    by_word = {space["name"]: {c["code"] for c in space["codes"]} for space in spaces}
    for section in root.walk():
        for line, text in section.examples:
            for offset, row in enumerate(text.split("\n")):
                for match in _EXAMPLE_CODE.finditer(row):
                    code = int(match.group(2))
                    if code not in declared:
                        report.add(
                            line + offset,
                            "undefined-code",
                            f"the example uses {match.group(1)} {code}, which no table or list defines",
                        )
        for line, text in section.prose:
            _mentions(line, text, by_word, declared, report)
    for plan, space in zip(plans, spaces, strict=True):
        for line, text in plan.section.prose:
            for match in _COUNT.finditer(text):
                announced, listed = int(match.group(1)), len(space["codes"])
                if announced != listed and listed:
                    report.add(
                        line,
                        "count-mismatch",
                        f"the text announces {announced} codes ({match.group()!r}) but {listed} are listed",
                    )


def _mentions(line: int, text: str, by_word: dict[str, set[int]], declared: set[int], report: Report) -> None:
    for match in _MENTION.finditer(text):
        word = match.group(1).lower()
        numbers = [int(n) for n in re.findall(r"[0-9]+", match.group(2))]
        known = declared
        if word.startswith("opcode") and "opcode" in by_word:
            known = by_word["opcode"]
        missing = [n for n in numbers if n not in known]
        if missing:
            listed = " & ".join(map(str, missing))
            report.add(
                line,
                "undefined-code",
                f"the text mentions {word} {listed}, which no table or list defines; it was not declared",
            )
