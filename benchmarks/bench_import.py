"""Import a generated 5 MB Markdown doc (vs markdown-it-py alone); render 20,000 codes to HTML."""

from __future__ import annotations

import time

from markdown_it import MarkdownIt

from statuskit.importers import import_text, to_catalog
from statuskit.render import render


def _doc(size: int) -> str:
    parts = ["# Generated codes\n\nCodes of a generated system.\n\n"]
    code, length = 1000, 0
    while length < size:
        section = [f"## Topic {code}\n\n| code | name | meaning |\n|:--|:--|:--|\n"]
        for _ in range(50):
            section.append(
                f"| {code} | Name{code} | The `thing` {code} failed because of **reason** {code}. |\n"
            )
            code += 1
        block = "".join(section) + "\n"
        parts.append(block)
        length += len(block)
    return "".join(parts)


def _best(function: object, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    doc = _doc(5 * 1024 * 1024)
    parser = MarkdownIt("commonmark", {"html": True}).enable("table")
    base = _best(lambda: parser.parse(doc), runs=1)
    full = _best(lambda: import_text(doc, source="generated.md"), runs=1)
    print(f"import-5MB-markdown: ratio {full / base:.2f}x vs markdown-it-py alone (goal <= 2x)")
    codes = [
        {"code": 10000 + n, "name": f"code_{n}", "description": f"Meaning of code {n}."} for n in range(20000)
    ]
    catalog = to_catalog({"catalog": "big", "spaces": [{"name": "s", "codes": codes}]})
    seconds = _best(lambda: render(catalog, "html"))
    print(f"render-20000-codes-html: {seconds:.2f} s (goal < 1 s)")


if __name__ == "__main__":
    main()
