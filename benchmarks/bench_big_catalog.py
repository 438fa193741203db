"""A 100,000-code catalog: ``check`` (goal < 2 s), every command (goal < 5 s), and memory (goal
within 3x of the same YAML parsed by PyYAML's C loader), each measured next to its baseline.

``python -m benchmarks big_catalog`` runs it; ``BIG_CODES`` sets the number of codes and
``BIG_COMMANDS=0`` leaves out the per-command timings (they start one process each, once with
the parse cache filled, as on any second run, and once without it, as on a first run).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STATUSKIT = Path(sys.executable).with_name("statuskit")
LIMIT = 120  # seconds a command may take before it is reported as stopped
COMMANDS = (
    ("check", ["check", "{file}"]),
    ("lookup", ["lookup", "{file}", "100007"]),
    ("show", ["show", "{file}"]),
    ("render-json", ["render", "{file}", "--format", "json"]),
    ("render-html", ["render", "{file}", "--format", "html"]),
    ("render-markdown", ["render", "{file}", "--format", "markdown"]),
    ("gen-python", ["gen", "python", "{file}"]),
    ("diff", ["diff", "{file}", "{file}"]),
    ("fmt-check", ["fmt", "--check", "{file}"]),
    ("add", ["add", "{copy}", "-s", "status", "-g", "9xxxxx", "--title", "A new code"]),
)
PEAK_RSS = """\
import resource, sys
{body}
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
LOADERS = {
    "pyyaml": "import yaml\ndata = yaml.load(open(sys.argv[1]).read(), Loader=yaml.CSafeLoader)",
    "statuskit": "import statuskit\ncatalog = statuskit.load(sys.argv[1])",
    "bare": "pass",
}


def catalog_text(codes: int) -> str:
    """A catalog of ``codes`` six-digit codes in nine pattern groups, each with a meaning."""
    lines = ["catalog: big", "title: A generated catalog", "spaces:", "  - name: status", "    digits: 6"]
    lines += ["    fields:", "      retryable: {type: boolean}", "    groups:"]
    lines += [
        f"      - {{pattern: {d}xxxxx, title: Class {d}, defaults: {{outcome: failure}}}}"
        for d in range(1, 10)
    ]
    lines.append("    codes:")
    for index in range(codes):
        code = 100000 + index * 7
        lines += [
            f"      - code: {code}",
            f"        name: code_{code}",
            f"        title: Generated code number {code}",
            f"        description: What code {code} means, long enough to look like a real meaning.",
        ]
        if index % 10 == 0:
            lines.append("        fields: {retryable: true}")
    return "\n".join(lines) + "\n"


def _peak_rss_kb(kind: str, file: Path) -> int:
    script = PEAK_RSS.format(body=LOADERS[kind])
    quiet = {**os.environ, "STATUSKIT_CACHE": "0"}  # measure a parse, and leave the cache cold
    out = subprocess.run(
        [sys.executable, "-c", script, str(file)], check=True, capture_output=True, text=True, env=quiet
    )
    return int(out.stdout.strip().splitlines()[-1])


def bench_check(file: Path) -> None:
    import yaml

    import statuskit
    from statuskit.check import check_catalog

    start = time.perf_counter()
    yaml.load(file.read_text("utf-8"), Loader=yaml.CSafeLoader)
    pyyaml = time.perf_counter() - start
    for run in ("first run (parses, fills the cache)", "next run (parse from the cache)"):
        start = time.perf_counter()
        catalog = statuskit.load(file)
        loaded = time.perf_counter() - start
        check_catalog(catalog)
        total = time.perf_counter() - start
        verdict = "meets" if total < 2 else "MISSES"
        print(
            f"check-in-process, {run}: {total:.2f} s (load {loaded:.2f} s + rules {total - loaded:.2f} s; "
            f"goal < 2 s, {verdict}); PyYAML's C loader alone {pyyaml:.2f} s, ratio {total / pyyaml:.2f}x",
            flush=True,
        )
        del catalog


def bench_memory(file: Path) -> None:
    bare = _peak_rss_kb("bare", file)
    pyyaml = _peak_rss_kb("pyyaml", file) - bare
    loaded = _peak_rss_kb("statuskit", file) - bare
    ratio = loaded / max(pyyaml, 1)
    verdict = "meets" if ratio <= 3 else "MISSES"
    print(
        f"memory-load: peak {loaded / 1024:.0f} MB over a bare interpreter vs {pyyaml / 1024:.0f} MB for "
        f"PyYAML's C loader: ratio {ratio:.2f}x (goal <= 3x, {verdict})",
        flush=True,
    )


def _timed(argv: list[str], env: dict[str, str]) -> tuple[float, int] | None:
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [str(STATUSKIT), *argv], capture_output=True, check=False, timeout=LIMIT, env=env
        )
    except subprocess.TimeoutExpired:
        return None
    return time.perf_counter() - start, done.returncode


def bench_commands(file: Path, copy: Path) -> None:
    """Each command twice: warm (the parse cache holds the file, as on any second run) and cold
    (``STATUSKIT_CACHE=0``: the YAML is parsed, as on a first run)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    bare = time.perf_counter() - start
    cold_env = {**os.environ, "STATUSKIT_CACHE": "0"}
    for name, argv in COMMANDS:
        results = []
        for env in (dict(os.environ), cold_env):
            copy.write_bytes(file.read_bytes())
            results.append(_timed([arg.format(file=file, copy=copy) for arg in argv], env))
        if None in results:
            print(f"command-{name}: stopped after {LIMIT} s (goal < 5 s, MISSES)", flush=True)
            continue
        (warm, code), (cold, _) = (result for result in results if result is not None)
        goal = 2 if name == "check" else 5
        verdict = "meets" if max(warm, cold) < goal else "MISSES"
        print(
            f"command-{name}: {warm:.2f} s warm, {cold:.2f} s cold, exit {code} (goal < {goal} s, {verdict}; "
            f"python -c pass {bare:.2f} s)",
            flush=True,
        )


def main() -> None:
    codes = int(os.environ.get("BIG_CODES", "100000"))
    with tempfile.TemporaryDirectory() as directory:
        os.environ["STATUSKIT_CACHE_DIR"] = str(Path(directory) / "cache")  # commands below run warm
        file = Path(directory) / "big.yaml"
        file.write_text(catalog_text(codes), "utf-8")
        print(f"catalog: {codes} codes, {file.stat().st_size / 1e6:.1f} MB of YAML", flush=True)
        bench_memory(file)  # first: a child's peak RSS starts from its parent's (Linux keeps it over exec)
        bench_check(file)
        if os.environ.get("BIG_COMMANDS", "1") != "0":
            bench_commands(file, Path(directory) / "copy.yaml")


if __name__ == "__main__":
    main()
