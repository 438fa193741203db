"""Foundation benchmarks: code lookup, load + check of a big catalog, command start-up."""

from __future__ import annotations

import compileall
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

try:
    from benchmarks.timing import compare, report
except ImportError:  # run as a script
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks.timing import compare, report

import statuskit
from statuskit.check import check_catalog


def big_catalog_text(codes: int = 20_000) -> str:
    lines = [
        "catalog: big",
        "title: A generated catalog",
        "spaces:",
        "  - name: status",
        "    digits: 6",
        "    fields:",
        "      retryable: {type: boolean}",
        "    groups:",
    ]
    for first in range(1, 10):
        lines.append(
            f"      - {{pattern: {first}xxxxx, title: Class {first}, defaults: {{outcome: failure}}}}"
        )
    lines.append("    codes:")
    for index in range(codes):
        code = 100000 + index * 7
        lines.append(f"      - code: {code}")
        lines.append(f"        name: code_{code}")
        lines.append(f"        title: Generated code number {code}")
        lines.append(f"        description: A meaning for code {code}, long enough to look like a real one.")
        lines.append(f"        fields: {{retryable: {'true' if index % 2 else 'false'}}}")
    return "\n".join(lines) + "\n"


def bench_lookup() -> None:
    space = statuskit.builtin("http").space()
    plain = dict(space)
    keys = [code for code in plain] * 200

    def with_space() -> None:
        for key in keys:
            space[key]

    def with_dict() -> None:
        for key in keys:
            plain[key]

    candidate, baseline = compare(with_space, with_dict, repeat=20)
    report("lookup-code", candidate, baseline, "a plain dict lookup", 1.5)


def bench_load_and_check() -> None:
    text = big_catalog_text()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "big.yaml"
        path.write_text(text)

        def load_and_check() -> None:
            check_catalog(statuskit.load(path))

        def pyyaml_only() -> None:
            yaml.load(path.read_text(), Loader=yaml.CSafeLoader)

        candidate, baseline = compare(load_and_check, pyyaml_only, repeat=3)
    report("load+check-20000-codes", candidate, baseline, "PyYAML's C loader alone", 3.0)


def bench_startup() -> None:
    # An installed package has its bytecode compiled; make sure this checkout has it too.
    compileall.compile_dir(str(Path(statuskit.__file__).parent), quiet=1)

    def lookup() -> None:
        subprocess.run(
            [str(Path(sys.executable).with_name("statuskit")), "lookup", "http", "404"],
            check=True,
            capture_output=True,
        )

    def bare() -> None:
        subprocess.run([sys.executable, "-c", "pass"], check=True, capture_output=True)

    candidate, baseline = compare(lookup, bare, repeat=10)
    report("statuskit-lookup-http-404", candidate, baseline, "python3 -c pass", 2.5)


def main() -> None:
    bench_lookup()
    bench_load_and_check()
    bench_startup()


if __name__ == "__main__":
    main()
