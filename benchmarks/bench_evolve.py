"""add, retire and fmt at 1,000 and 10,000 codes, each against one load of the same file.

Goal: linear in the file's size (the ratio to a load stays flat from 1,000 to 10,000 codes) and
10,000 codes in under 2 s. A load is the floor: every edit must read the file once, and checks
its result with a second parse before anything is written.
"""

from __future__ import annotations

from benchmarks.timing import compare, report
from statuskit.evolve.edit import add_code, retire_code
from statuskit.evolve.fmt import format_catalog_text
from statuskit.loading import loads


def catalog(count: int) -> str:
    """A block-style catalog of ``count`` codes under one pattern group."""
    lines = ["catalog: big", "spaces:", "  - name: s", "    groups:", "      - {pattern: 1xxxxx, title: all}"]
    lines.append("    codes:")
    for number in range(count):
        lines += [
            f"      - code: {100000 + number}",
            f"        name: code_{number}",
            f"        title: Title {number}",
            f"        description: the meaning of code {number}",
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    for count in (1000, 10000):
        text = catalog(count)
        messy = text.replace(
            "      - code: 100003\n        name: code_3\n", "      - name: code_3\n        code: 100003\n"
        )

        def load(text: str = text) -> object:
            return loads(text, "big.yaml")

        actions = {
            "add": lambda text=text: add_code(text, "big.yaml", space="s", group="1xxxxx", title="new"),
            "retire": lambda text=text: retire_code(text, "big.yaml", space="s", code=100005, reason="gone"),
            "fmt (one entry out of order)": lambda messy=messy: format_catalog_text(messy, "big.yaml"),
            "fmt --check (in order)": lambda text=text: format_catalog_text(text, "big.yaml"),
        }
        for name, action in actions.items():
            took, baseline = compare(action, load, repeat=2 if count > 1000 else 3)
            report(f"{name}, {count} codes", took, baseline, "one load of the file", 2.5)
            if count == 10000:
                verdict = "meets" if took < 2 else "MISSES"
                print(f"{name}, {count} codes: {took:.2f} s (goal < 2 s, {verdict})", flush=True)
