"""statuskit add / retire / fmt: allocation policy, refusals, comments kept, atomic writes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import yaml

from statuskit.cli import main
from statuskit.evolve import diff_catalogs
from statuskit.evolve.allocate import AllocationError
from statuskit.evolve.edit import add_code, retire_code
from statuskit.evolve.fmt import FormatError, format_catalog_text
from statuskit.evolve.roundtrip import RoundTrip
from statuskit.loading import loads

ROOT = Path(__file__).resolve().parents[1]
CATALOGS = sorted((ROOT / "catalogs").glob("*.yaml"))

DEMO = """\
# The demo catalog.
catalog: demo
spaces:
  - name: api
    digits: 3
    reserved:
      - range: [430, 439]
        reason: kept for the proxy
    groups:
      - pattern: 4xx
        defaults: {outcome: failure}
      - pattern: 42x
      - range: [500, 502]
    codes:
      # the not-found family
      - code: 404
        name: not_found  # used by every client
        title: not found
      - {code: 420, title: calm down}
      # conflicts
      - code: 429
        title: too many
      - code: 500
        title: broken
      - code: 501
        title: missing
    retired:
      - code: 405
        reason: merged into 404
  - name: topics
    groups:
      - {name: general, codes: [1, 2], defaults: {outcome: failure}}
      - {name: keys, codes: [20, 21]}
    codes:
      - {code: 1, name: one}
      - {code: 2, name: two}
      - {code: 20, name: twenty}
      - {code: 21, name: twentyone}
"""


def add(**kwargs: object) -> tuple[str, int | str]:
    edit = add_code(DEMO, "demo.yaml", **kwargs)  # type: ignore[arg-type]
    return edit.text, edit.code


def test_pattern_group_allocates_above_its_highest_code_and_keeps_comments() -> None:
    text, code = add(space="api", group="42x", title="slow down", name="slow_down")
    assert code == 421
    assert "# the not-found family" in text and "# used by every client" in text and "# conflicts" in text
    assert "      - {code: 421, name: slow_down, title: slow down}\n      # conflicts\n" in text
    assert loads(text, "demo.yaml").space("api")[421].title == "slow down"


def test_wide_group_skips_retired_and_reserved_numbers() -> None:
    _, code = add(space="api", group="4xx", title="next")
    assert code == 430 + 10  # 430-439 reserved; 429 is the highest code, 405 retired never reused
    _, gap = add(space="api", group="40x", title="gap")
    assert gap == 406  # above 404, skipping the retired 405


def test_range_group_and_full_group() -> None:
    _, code = add(space="api", group="500-502", title="last")
    assert code == 502
    after, _ = add(space="api", group="500-502", title="last")
    with pytest.raises(AllocationError, match="full"):
        add_code(after, "demo.yaml", space="api", group="500-502", title="more")


def test_list_group_appends_to_its_codes() -> None:
    text, code = add(space="topics", group="general", title="three")
    assert code == 3
    assert "{name: general, codes: [1, 2, 3]" in text
    assert loads(text, "x.yaml").space("topics").groups[0].codes == (1, 2, 3)
    _, keys = add(space="topics", group="keys", title="k")
    assert keys == 22


def test_explicit_code_refusals() -> None:
    with pytest.raises(AllocationError, match="already exists"):
        add(space="api", code=404, title="x")
    with pytest.raises(AllocationError, match=r"retired .*merged into 404"):
        add(space="api", code=405, title="x")
    with pytest.raises(AllocationError, match="reserved"):
        add(space="api", code=431, title="x")
    with pytest.raises(AllocationError, match="3 digits"):
        add(space="api", code=4040, title="x")
    text, code = add(space="api", code=418, title="teapot")
    assert code == 418 and text.index("code: 418") < text.index("code: 420")


def test_name_refusals() -> None:
    with pytest.raises(AllocationError, match="already taken"):
        add(space="api", group="42x", title="x", name="NotFound")
    with pytest.raises(AllocationError, match="no group"):
        add(space="api", group="nope", title="x")
    with pytest.raises(AllocationError, match="control characters"):
        add(space="api", group="42x", title="evil\r\n- code: 999")


def test_retire_moves_the_code_so_diff_accepts_and_add_never_reuses() -> None:
    edit = retire_code(DEMO, "demo.yaml", space="api", code=429, reason="folded into 420")
    old, new = loads(DEMO, "a.yaml"), loads(edit.text, "b.yaml")
    assert 429 not in new.space("api")
    assert [c.kind for c in diff_catalogs(old, new)] == ["code-retired"]
    assert "# the not-found family" in edit.text and "# used by every client" in edit.text
    assert add_code(edit.text, "b.yaml", space="api", group="42x", title="x").code == 421
    with pytest.raises(AllocationError, match="retired"):
        add_code(edit.text, "b.yaml", space="api", code=429, title="x")
    topics = retire_code(DEMO, "demo.yaml", space="topics", code=2, reason="unused")
    assert loads(topics.text, "c.yaml").space("topics").groups[0].codes == (1,)


def test_json_catalogs_are_edited_with_json() -> None:
    data = yaml.safe_load(DEMO)
    text = json.dumps(data, indent=2) + "\n"
    edit = add_code(text, "demo.json", space="api", group="42x", title="slow")
    assert edit.code == 421 and json.loads(edit.text)["spaces"][0]["codes"][2]["code"] == 421


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.name)
def test_seed_catalogs_round_trip_byte_for_byte(path: Path) -> None:
    text = path.read_text()
    assert RoundTrip.parse(text, str(path)).dump() == text


def test_fmt_sorts_codes_and_keys_keeping_comments() -> None:
    text = textwrap.dedent("""\
        # header
        title: T
        catalog: x
        spaces:
          - name: s
            codes:
              - code: 20
                title: twenty  # eol twenty
              # before 10
              - title: ten
                code: 10
            groups: []
        """)
    out = format_catalog_text(text, "x.yaml")
    assert out.startswith("# header\ncatalog: x\ntitle: T\n")
    assert out.index("groups") < out.index("codes")
    assert "      # before 10\n      - code: 10\n        title: ten\n      - code: 20\n" in out
    assert "title: twenty  # eol twenty" in out
    assert format_catalog_text(out, "x.yaml") == out


def test_fmt_refuses_rather_than_writing_a_damaged_file() -> None:
    text = textwrap.dedent("""\
        catalog: x
        spaces:
          - name: s  # eol on name
            codes:
              - title: ten
                code: 10
              # before 5
              - {title: five, code: 5}  # flow five
            groups:
              - {name: G, codes: [1, 2]}  # eol
        """)
    try:
        out = format_catalog_text(text, "x.yaml")
    except FormatError as error:
        assert "x.yaml" in str(error)
    else:
        assert loads(out, "x.yaml").space("s")[5].title == "five"
        assert "# before 5" in out


def cli(*argv: str) -> int:
    return main(list(argv))


def test_cli_add_prints_the_code_and_fmt_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "demo.yaml"
    path.write_text(DEMO)
    assert cli("add", str(path), "--space", "api", "--group", "42x", "--title", "slow") == 0
    out, err = capsys.readouterr()
    assert out == "421\n" and "added code 421" in err
    assert cli("add", str(path), "--space", "api", "--code", "405", "--title", "x") == 2
    assert "retired" in capsys.readouterr().err
    assert cli("retire", str(path), "--space", "api", "--code", "421", "--reason", "oops") == 0
    assert cli("fmt", "--check", str(path)) == 1
    assert "would reformat" in capsys.readouterr().out
    before = path.read_text()
    assert cli("fmt", str(path)) == 0 and path.read_text() != before
    assert cli("fmt", "--check", str(path)) == 0
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]


def test_cli_refuses_unreadable_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"\xff\xfe")
    assert cli("fmt", "--check", str(path)) == 2
    assert cli("add", str(path), "-s", "x", "-g", "4xx", "-t", "x") == 2
    assert "UTF-16" in capsys.readouterr().err
    deep = tmp_path / "deep.yaml"
    deep.write_text("catalog: x\nspaces: " + "[" * 200 + "]" * 200 + "\n")
    assert cli("fmt", str(deep)) == 2
    assert "deep.yaml:" in capsys.readouterr().err


def test_pre_commit_hooks_run_check_and_fmt_check() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert hooks["statuskit-check"]["entry"].split()[:2] == ["statuskit", "check"]
    assert hooks["statuskit-fmt"]["entry"].split() == ["statuskit", "fmt", "--check", "--only-catalogs"]


SLOW_WRITER = """
import os, sys, time
from statuskit.cli import main
real_fdopen = os.fdopen
class Slow:
    def __init__(self, handle): self.handle = handle
    def __enter__(self): return self
    def __exit__(self, *exc): return self.handle.__exit__(*exc)
    def write(self, data):
        half = len(data) // 2
        self.handle.write(data[:half]); self.handle.flush()
        print("HALF", flush=True)
        time.sleep(30)
        self.handle.write(data[half:])
    def __getattr__(self, name): return getattr(self.handle, name)
os.fdopen = lambda *a, **k: Slow(real_fdopen(*a, **k))
sys.exit(main(sys.argv[1:]))
"""


def test_interrupted_write_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "demo.yaml"
    path.write_text(DEMO)
    child = subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITER, "add", str(path), "-s", "api", "-g", "42x", "-t", "x"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    assert child.stdout is not None
    deadline = time.monotonic() + 20
    line = child.stdout.readline()
    assert line == b"HALF\n" and time.monotonic() < deadline
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    assert path.read_text() == DEMO  # the old content, never a half file
    leftovers = [p for p in os.listdir(tmp_path) if p != "demo.yaml"]
    # a killed process cannot clean up: its temporary file is the documented ".demo.yaml.*.tmp"
    assert all(p.startswith(".demo.yaml.") and p.endswith(".tmp") for p in leftovers)
    assert cli("fmt", "--check", str(path)) in (0, 1)


# -- every edit leaves a formatted file and changes only its own lines ----------------------------

KINDS = ROOT / "tests" / "fixtures" / "kinds" / "kinds.yaml"


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """The lines removed from ``before`` and added in ``after``, in order."""
    import difflib

    removed: list[str] = []
    added: list[str] = []
    for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0):
        if line.startswith(("---", "+++", "@@")):
            continue
        (removed if line.startswith("-") else added).append(line[1:])
    return removed, added


def formatted(text: str, name: str = "x.yaml") -> str:
    return format_catalog_text(text, name)


def test_add_needs_a_meaning_but_not_a_title(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "demo.yaml"
    path.write_text(formatted(DEMO))
    assert cli("add", str(path), "-s", "api", "-g", "42x", "-n", "slow_down", "-d", "please slow down") == 0
    assert capsys.readouterr().out == "421\n"
    code = loads(path.read_text(), "demo.yaml").space("api")[421]
    assert (code.name, code.title, code.description) == ("slow_down", None, "please slow down")
    assert cli("add", str(path), "-s", "api", "-g", "42x", "-n", "nameless") == 2
    assert "title or a description" in capsys.readouterr().err
    assert cli("fmt", "--check", str(path)) == 0


def test_retire_then_fmt_check_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "demo.yaml"
    path.write_text(formatted(DEMO))
    assert cli("retire", str(path), "--space", "api", "--code", "429", "--reason", "folded into 420") == 0
    assert (
        cli("retire", str(path), "--space", "topics", "--code", "21", "--reason", "unused") == 0
    )  # no retired list yet
    assert (
        cli("retire", str(path), "--space", "api", "--code", "404", "--reason", "gone", "--version", "2") == 0
    )
    assert cli("fmt", "--check", str(path)) == 0, capsys.readouterr()
    space = loads(path.read_text(), "demo.yaml").space("topics")
    assert [r.code for r in space.retired] == [21] and space.groups[1].codes == (20,)


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.stem)
def test_each_edit_of_a_seed_catalog_changes_only_its_lines(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    catalog = loads(text, str(path))
    for space in catalog.spaces:
        if len(space.codes) < 2:
            continue
        victim = space.codes[1]
        retired = retire_code(text, str(path), space=space.name, code=victim.code, reason="no longer sent")
        assert formatted(retired.text, str(path)) == retired.text
        removed, added = changed_lines(text, retired.text)
        listed = [line for line in removed if line.strip().startswith("codes: [")]  # list groups holding it
        own = [line for line in removed if line not in listed]
        start = victim.location.line if victim.location and victim.location.line else 0
        assert own == text.splitlines()[start - 1 : start - 1 + len(own)], (space.name, removed)
        assert len(added) - len(listed) <= 5, added  # the retired entry (and its list's key when new)
        for group in space.groups:
            if (
                group.kind in ("pattern", "range")
                and space.codes
                and any(group.contains(c.code) for c in space.codes)
            ):
                try:
                    edit = add_code(text, str(path), space=space.name, group=group.key, title="a new code")
                except AllocationError:
                    continue  # the group is full
                assert formatted(edit.text, str(path)) == edit.text
                removed, added = changed_lines(text, edit.text)
                assert removed == [] and len(added) == (1 if "{" in added[0] else 2), (
                    space.name,
                    group.key,
                    added,
                )
                assert loads(edit.text, str(path)).space(space.name)[edit.code].title == "a new code"
                break


def test_the_first_add_on_an_imported_catalog_changes_only_the_new_lines() -> None:
    from statuskit.importers import import_text
    from statuskit.render import render

    source = ROOT / "catalogs" / "sources" / "kapi.md"
    result = import_text(source.read_text(encoding="utf-8"), source=str(source))
    text = formatted(render(result.catalog, "yaml"), "kapi.yaml")  # what `statuskit import` writes
    wrapped = [line for line in text.splitlines() if len(line) > 100 or line.startswith("  ")]
    assert wrapped  # the imported file has long, wrapped text: what a reflow would disturb
    edit = add_code(
        text, "kapi.yaml", space="json", code="10013", name="unknown_thing", description="unknown thing"
    )
    removed, added = changed_lines(text, edit.text)
    assert removed == [] and [line.strip() for line in added] == [
        "- code: 10013",
        "name: unknown_thing",
        "description: unknown thing",
    ]
    retired = retire_code(edit.text, "kapi.yaml", space="json", code=10002, reason="guilds are gone")
    removed, added = changed_lines(edit.text, retired.text)
    assert [line.strip() for line in removed] == ["- code: 10002", "description: unknown guild"]
    assert formatted(retired.text, "kapi.yaml") == retired.text


def test_edits_keep_comments_blank_lines_and_crlf() -> None:
    text = formatted(DEMO).replace("\n", "\r\n")
    edit = add_code(text, "demo.yaml", space="api", group="42x", title="slow")
    assert "\r\n" in edit.text and "\n" not in edit.text.replace("\r\n", "")
    removed, added = changed_lines(text.replace("\r\n", "\n"), edit.text.replace("\r\n", "\n"))
    assert removed == [] and [line.strip() for line in added] == ["- {code: 421, title: slow}"]  # as 420 is
    assert "      # conflicts\r\n      - code: 429" in edit.text  # the comment still leads 429


def test_hex_codes_as_the_catalog_writes_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "kinds.yaml"
    path.write_text(formatted(KINDS.read_text(encoding="utf-8"), "kinds.yaml"))
    before = path.read_text()
    assert cli("add", str(path), "-s", "hresult", "-c", "0x80070005", "-t", "Access denied") == 0
    assert capsys.readouterr().out == "0x80070005\n"
    assert cli("lookup", str(path), "0x80070005") == 0
    assert "Access denied" in capsys.readouterr().out
    removed, added = changed_lines(before, path.read_text())
    assert removed == [] and [line.strip() for line in added] == [
        '- code: "0x80070005"',
        "title: Access denied",
    ]
    assert cli("retire", str(path), "-s", "hresult", "-c", "0x8007000e", "-r", "never sent") == 0
    assert cli("fmt", "--check", str(path)) == 0
    assert cli("add", str(path), "-s", "hresult", "-c", "0x8007000E", "-t", "again") == 2
    assert "retired" in capsys.readouterr().err
    assert cli("add", str(path), "-s", "hresult", "-c", "nope", "-t", "x") == 2
    assert "hex number" in capsys.readouterr().err


def test_add_and_retire_read_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    text = formatted(DEMO)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    assert cli("add", "-", "-s", "api", "-g", "42x", "-t", "slow") == 0
    out, err = capsys.readouterr()
    assert loads(out, "out.yaml").space("api")[421].title == "slow" and "<stdin>" in err
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(out.encode())))
    assert cli("retire", "-", "-s", "api", "-c", "421", "-r", "oops") == 0
    assert loads(capsys.readouterr().out, "out.yaml").space("api").retired[-1].code == 421


def big_catalog(count: int) -> str:
    lines = [
        "catalog: big",
        "spaces:",
        "  - name: s",
        "    groups:",
        "      - {pattern: 1xxxxx, title: all}",
        "    codes:",
    ]
    for number in range(count):
        lines += [
            f"      - code: {100000 + number}",
            f"        name: code_{number}",
            f"        title: Title {number}",
            f"        description: the meaning of code {number}",
        ]
    return "\n".join(lines) + "\n"


def test_add_retire_and_fmt_cost_about_one_load_of_the_file() -> None:
    text = big_catalog(2000)
    messy = text.replace(
        "      - code: 100003\n        name: code_3\n", "      - name: code_3\n        code: 100003\n"
    )

    def timed(action: object) -> float:
        started = time.perf_counter()
        action()  # type: ignore[operator]
        return time.perf_counter() - started

    load = min(timed(lambda: loads(text, "big.yaml")) for _ in range(2))
    costs = {
        "add": timed(lambda: add_code(text, "big.yaml", space="s", group="1xxxxx", title="new")),
        "retire": timed(lambda: retire_code(text, "big.yaml", space="s", code=100005, reason="gone")),
        "fmt": timed(lambda: format_catalog_text(messy, "big.yaml")),
    }
    assert format_catalog_text(messy, "big.yaml") == text
    for name, cost in costs.items():
        assert cost < 4 * load + 0.5, (name, cost, load)  # was 30-100 loads (six trial dumps, difflib)


def test_fmt_moves_lines_keys_and_dashes_keeping_block_text_and_comments() -> None:
    text = textwrap.dedent("""\
        # a team's catalog
        spaces:
          - codes:
              - title: ten  # eol ten
                # the number
                code: 10
                description: |
                  first line
                  # not a comment
              - code: 5
                name: five
            name: s
            title: S
        catalog: x
        """)
    assert format_catalog_text(text, "x.yaml") == textwrap.dedent("""\
        # a team's catalog
        catalog: x
        spaces:
          - name: s
            title: S
            codes:
              - code: 5
                name: five
              # the number
              - code: 10
                title: ten  # eol ten
                description: |
                  first line
                  # not a comment
        """)


@pytest.mark.parametrize("path", [*CATALOGS, KINDS], ids=lambda p: p.stem)
def test_fmt_puts_shuffled_codes_back_exactly(path: Path) -> None:
    import random

    canon = formatted(path.read_text(encoding="utf-8"), str(path))
    lines = canon.split("\n")
    starts = [i for i, line in enumerate(lines) if line.strip() == "codes:"]
    shuffler = random.Random(20)
    for start in starts:
        dash = len(lines[start + 1]) - len(lines[start + 1].lstrip())
        end = start + 1
        while end < len(lines) and lines[end].strip() and len(lines[end]) - len(lines[end].lstrip()) >= dash:
            end += 1
        items: list[list[str]] = []
        for line in lines[start + 1 : end]:
            if len(line) - len(line.lstrip()) == dash and line.lstrip().startswith("- "):
                items.append([line])
            else:
                items[-1].append(line)
        shuffler.shuffle(items)
        lines[start + 1 : end] = [line for item in items for line in item]
    messy = "\n".join(lines)
    assert messy != canon
    assert format_catalog_text(messy, str(path)) == canon


def test_fmt_keeps_crlf_line_ends() -> None:
    text = "catalog: x\r\nspaces:\r\n  - name: s\r\n    codes:\r\n      - code: 2\r\n      - code: 1\r\n    title: S"
    assert format_catalog_text(text, "x.yaml") == (
        "catalog: x\r\nspaces:\r\n  - name: s\r\n    title: S\r\n    codes:\r\n      - code: 1\r\n      - code: 2"
    )


def test_a_code_added_to_a_list_group_changes_its_codes_line_only() -> None:
    path = ROOT / "catalogs" / "nemesisdb.yaml"
    text = path.read_text(encoding="utf-8")
    edit = add_code(text, str(path), space="st", group="Keys", title="key too long")
    removed, added = changed_lines(text, edit.text)
    assert [line.strip() for line in removed] == ["codes: [20, 21, 22, 23, 24, 27]"]
    assert [line.strip() for line in added] == [
        f"codes: [20, 21, 22, 23, 24, 27, {edit.code}]",
        f"- code: {edit.code}",
        "title: key too long",
    ]
    assert formatted(edit.text, str(path)) == edit.text


def test_json_keeps_its_own_indent() -> None:
    data = yaml.safe_load(DEMO)
    text = json.dumps(data, indent=4) + "\n"
    edit = add_code(text, "demo.json", space="api", group="42x", title="slow")
    removed, added = changed_lines(text, edit.text)
    assert removed == [] and sorted(line.strip() for line in added) == [
        '"code": 421,',
        '"title": "slow"',
        "{",
        "},",
    ]
    assert "\n" + " " * 20 + '"code": 421,\n' in edit.text  # four spaces a level, as the file has
