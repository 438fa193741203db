"""Line edits are checked by reading back only the lines around each change (evolve.linecheck)."""

from __future__ import annotations

import textwrap
from typing import Any

import pytest

import statuskit.evolve.edit as edit_module
import statuskit.evolve.linecheck as linecheck
from statuskit.evolve.edit import add_code, retire_code
from statuskit.evolve.linecheck import Window, reads_back
from statuskit.evolve.textedit import Lines
from statuskit.loading import loads, parse

TEXT = textwrap.dedent("""\
    catalog: x
    spaces:
      - name: s
        codes:
          - code: 1
            title: one
          # two leads
          - code: 2
            title: two

        retired:
          - code: 9
    """)


def lines_of(text: str) -> Lines:
    return Lines(text, parse(text, "x.yaml"))


def test_a_window_is_the_edited_lines_with_the_blank_lines_after() -> None:
    lines = lines_of(TEXT)
    inserted = lines.insert(6, ["      - code: 3", "        title: three"])  # before "# two leads"
    assert lines.window(4, 8, (inserted,)) == [
        "      - code: 1",
        "        title: one",
        "      - code: 3",
        "        title: three",
        "      # two leads",
        "      - code: 2",
    ]
    assert lines.window(7, 9, ()) is None  # no edit of its own: nothing to check
    assert lines.window(7, 9, (inserted,)) is None  # the edit lies outside
    window = lines.window(4, 9, (inserted,))
    assert window is not None and window[-2:] == ["        title: two", ""]  # the blank line after
    lines.insert(8, ["      - code: 4"])
    assert lines.window(4, 9, (inserted,)) is None  # another edit inside


def test_a_window_that_does_not_read_as_expected_fails_the_check() -> None:
    good = {"code": 3, "title": "three"}
    for title, fine in (("three", True), ("[three", False), ('"three', False), ("three\n  - code: 4", False)):
        lines = lines_of(TEXT)
        edit = lines.insert(6, ["      - code: 3", *f"        title: {title}".split("\n")])
        expected = [{"code": 1, "title": "one"}, good, {"code": 2, "title": "two"}]
        assert reads_back(lines, [Window(4, 9, (edit,), expected)], "x.yaml") == fine, title
    lines = lines_of(TEXT)
    edit = lines.insert(6, ["      - title: three", "        code: 3"])  # same data, keys out of order
    expected = [{"code": 1, "title": "one"}, good, {"code": 2, "title": "two"}]
    assert not reads_back(lines, [Window(4, 9, (edit,), expected)], "x.yaml")
    assert not reads_back(lines, None, "x.yaml") and not reads_back(lines, [], "x.yaml")


def test_anchors_and_kept_trailing_blank_lines_are_not_trusted_to_windows() -> None:
    anchored = TEXT.replace("title: one", "title: &first one")
    lines = lines_of(anchored)
    removed = lines.replace(4, 6, [])
    assert not reads_back(lines, [Window(4, 9, (removed,), [{"code": 2, "title": "two"}])], "x.yaml")
    kept = TEXT.replace("title: two\n", "title: two\n        description: |+\n          text\n")
    lines = lines_of(kept)
    removed = lines.replace(4, 6, [])
    second = parse(kept, "x.yaml").data["spaces"][0]["codes"][1]
    assert lines.window(4, 11, (removed,)) is not None
    assert not reads_back(lines, [Window(4, 11, (removed,), [second])], "x.yaml")


KEEPS = textwrap.dedent("""\
    catalog: x
    spaces:
      - name: s
        codes:
          - code: 1
            title: one
          - code: 2
            title: two
            description: |+
              kept

    """)


@pytest.mark.parametrize("action", ["add", "retire"])
def test_edits_next_to_a_block_scalar_that_keeps_blank_lines_load_as_intended(action: str) -> None:
    if action == "add":
        result = add_code(KEEPS, "x.yaml", space="s", code=3, title="three").text
        assert loads(result, "x.yaml").space("s")[3].title == "three"
    else:
        result = retire_code(KEEPS, "x.yaml", space="s", code=1, reason="gone").text
    assert loads(result, "x.yaml").space("s")[2].description == "kept\n\n"


def big(count: int) -> str:
    lines = [
        "catalog: big",
        "spaces:",
        "  - name: s",
        "    groups:",
        "      - {name: listed, codes: [100000, 100001]}",
    ]
    lines.append("    codes:")
    for number in range(count):
        lines += [f"      - code: {100000 + number}", f"        title: Title {number}"]
    return "\n".join(lines) + "\n"


def test_add_and_retire_on_a_big_catalog_read_back_only_small_windows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = big(3000)
    read: list[int] = []
    real = parse

    def counting(source: str, *args: Any, **kwargs: Any) -> Any:
        read.append(len(source))
        return real(source, *args, **kwargs)

    def whole(*args: object) -> None:
        raise AssertionError("the whole file was read back")

    monkeypatch.setattr(linecheck, "parse", counting)
    monkeypatch.setattr(edit_module, "_check_added", whole)
    monkeypatch.setattr(edit_module, "_check_retired", whole)
    edits = [
        add_code(text, "big.yaml", space="s", group="listed", title="new"),  # a code and its list group
        add_code(text, "big.yaml", space="s", code=99999, title="first"),
        retire_code(text, "big.yaml", space="s", code=100001, reason="gone"),  # the code, its group, retired:
        retire_code(text, "big.yaml", space="s", code=100000 + 2999, reason="gone"),  # the last code
    ]
    assert read and max(read) < 300, read
    assert len(read) == 2 + 1 + 3 + 2
    catalogs = [loads(edit.text, "big.yaml").space("s") for edit in edits]
    assert catalogs[0][103000].title == "new" and catalogs[0].groups[0].codes == (100000, 100001, 103000)
    assert catalogs[1][99999].title == "first" and len(catalogs[1]) == 3001
    assert 100001 not in catalogs[2] and catalogs[2].groups[0].codes == (100000,)
    assert [r.code for r in catalogs[3].retired] == [102999] and len(catalogs[3]) == 2999


def test_fmt_reads_back_only_the_moved_items_of_a_big_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    import statuskit.evolve.fmt as fmt_module

    text = big(3000)
    messy = text.replace(
        "      - code: 100003\n        title: Title 3\n", "      - title: Title 3\n        code: 100003\n"
    ).replace(
        "      - code: 100010\n        title: Title 10\n      - code: 100011\n        title: Title 11\n",
        "      - code: 100011\n        title: Title 11\n      - code: 100010\n        title: Title 10\n",
    )
    read: list[int] = []
    real = parse

    def counting(source: str, *args: Any, **kwargs: Any) -> Any:
        read.append(len(source))
        return real(source, *args, **kwargs)

    monkeypatch.setattr(linecheck, "parse", counting)
    monkeypatch.setattr(fmt_module, "parse", counting)
    assert fmt_module.format_catalog_text(messy, "big.yaml") == text
    # the file once, to load it, then five items alone: 100003 (keys moved), 100009 to 100012
    assert read[0] == len(messy) and len(read) == 6 and max(read[1:]) < 100, read


def test_fmt_reads_back_the_whole_text_when_a_moved_item_does_not_read_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import statuskit.evolve.fmt as fmt_module

    text = big(50).replace("    codes:\n      - code: 100000\n", "    codes:\n      - code: 100001\n", 1)
    text = text.replace(
        "      - code: 100001\n        title: Title 1\n", "      - code: 100000\n        title: Title 1\n", 1
    )
    monkeypatch.setattr(fmt_module, "reads_as", lambda *args: False)  # as if a window read wrong
    whole: list[int] = []
    real = parse

    def counting(source: str, *args: Any, **kwargs: Any) -> Any:
        whole.append(len(source))
        return real(source, *args, **kwargs)

    monkeypatch.setattr(fmt_module, "parse", counting)
    out = fmt_module.format_catalog_text(text, "big.yaml")
    assert len(whole) == 2 and whole[1] == len(out)  # the reordered text, read back in full
    assert loads(out, "big.yaml").space("s").codes[0].title == "Title 1"
