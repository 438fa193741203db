"""statuskit diff: every classification rule, the output formats, git references, exit codes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from statuskit.cli import main
from statuskit.evolve import diff_catalogs, format_changes
from statuskit.evolve.changes import Change
from statuskit.loading import loads

BASE = """\
catalog: demo
version: "1"
spaces:
  - name: api
    transport: json
    digits: 3
    fields:
      action: {enum: [retry, abort]}
      color: {type: string}
    groups:
      - pattern: 2xx
        defaults: {outcome: success}
      - pattern: 4xx
        defaults: {outcome: failure, action: abort}
    codes:
      - code: 200
        name: ok
        title: all good
      - code: 404
        name: not_found
        title: no such thing
        description: the key does not exist
        message: "key {key} does not exist"
      - code: 409
        name: conflict
        title: conflict
        fields: {color: red}
    retired:
      - code: 410
        name: gone
        reason: merged into 404
  - name: other
    codes:
      - code: 1
        name: one
"""


def changes(new_text: str, old_text: str = BASE) -> list[Change]:
    return diff_catalogs(loads(old_text, "old.yaml"), loads(new_text, "new.yaml"))


def only(new_text: str, kind: str) -> Change:
    found = [c for c in changes(new_text) if c.kind == kind]
    assert len(found) == 1, [c.kind for c in changes(new_text)]
    return found[0]


def test_identical_catalogs_have_no_changes() -> None:
    assert changes(BASE) == []


CONFLICT = (
    "      - code: 409\n        name: conflict\n        title: conflict\n        fields: {color: red}\n"
)


def test_removed_code_without_retiring_breaks() -> None:
    change = only(BASE.replace(CONFLICT, ""), "code-removed")
    assert change.breaking and change.code == 409 and "without being retired" in change.message
    assert change.old["name"] == "conflict" and change.new is None


def test_retired_code_removal_is_compatible() -> None:
    new = BASE.replace(CONFLICT, "").replace(
        "    retired:\n", "    retired:\n      - code: 409\n        reason: unused\n"
    )
    change = only(new, "code-retired")
    assert not change.breaking and change.code == 409
    assert not any(c.breaking for c in changes(new))


def test_reusing_a_retired_code_breaks() -> None:
    new = BASE.replace(
        "    retired:\n      - code: 410\n        name: gone\n        reason: merged into 404\n", ""
    )
    new = new.replace("  - name: other", "  - name: other").replace(
        "        fields: {color: red}\n",
        "        fields: {color: red}\n      - code: 410\n        name: again\n",
    )
    change = only(new, "retired-reused")
    assert change.breaking and "merged into 404" in change.message


def test_dropping_a_retired_entry_breaks() -> None:
    new = BASE.replace(
        "    retired:\n      - code: 410\n        name: gone\n        reason: merged into 404\n", ""
    )
    assert only(new, "unretired").breaking


def test_rename_without_alias_breaks_and_with_alias_does_not() -> None:
    assert only(BASE.replace("name: not_found", "name: missing"), "renamed").breaking
    kept = BASE.replace("name: not_found", "name: missing\n        aliases: [not_found]")
    assert not only(kept, "renamed").breaking
    assert not only(kept, "alias-added").breaking


def test_same_identifier_respelled_is_compatible() -> None:
    assert not only(BASE.replace("name: not_found", "name: NotFound"), "name-respelled").breaking


def test_alias_removed_breaks() -> None:
    old = BASE.replace("name: not_found", "name: not_found\n        aliases: [missing]")
    found = [c for c in changes(BASE, old) if c.kind == "alias-removed"]
    assert len(found) == 1 and found[0].breaking


def test_outcome_change_through_group_defaults_breaks() -> None:
    change = only(
        BASE.replace("defaults: {outcome: success}", "defaults: {outcome: info}"), "outcome-changed"
    )
    assert change.breaking and change.code == 200 and "defaults" in change.message
    assert (change.old, change.new) == ("success", "info")


def test_outcome_change_by_moving_between_list_groups_breaks() -> None:
    topic = """\
catalog: t
spaces:
  - name: st
    groups:
      - {name: good, codes: [1, 2], defaults: {outcome: success}}
      - {name: bad, codes: [3], defaults: {outcome: failure}}
    codes:
      - {code: 1}
      - {code: 2}
      - {code: 3}
"""
    moved = topic.replace("[1, 2]", "[1]").replace("codes: [3]", "codes: [2, 3]")
    found = [c for c in changes(moved, topic) if c.kind == "outcome-changed"]
    assert len(found) == 1 and found[0].breaking and "moved" in found[0].message


def test_client_field_change_breaks_other_fields_do_not() -> None:
    new = BASE.replace("        fields: {color: red}", "        fields: {color: blue, action: retry}")
    found = {c.old: c for c in changes(new) if c.kind == "field-changed"}
    assert found["abort"].breaking and "clients act on it" in found["abort"].message
    assert not found["red"].breaking


def test_http_and_retryable_are_client_fields() -> None:
    old = BASE.replace("title: all good", "title: all good\n        fields: {http: 200, retryable: false}")
    new = old.replace("{http: 200, retryable: false}", "{http: 201, retryable: true}")
    found = [c for c in changes(new, old) if c.kind == "field-changed"]
    assert len(found) == 2 and all(c.breaking for c in found)


def test_title_and_description_rewording_needs_review_only() -> None:
    new = BASE.replace("title: no such thing", "title: no such key").replace(
        "the key does not", "that key does not"
    )
    found = [c for c in changes(new) if c.kind == "reworded"]
    assert len(found) == 2 and all(c.review and not c.breaking for c in found)


def test_message_placeholders_changed_breaks_callers() -> None:
    change = only(BASE.replace("key {key} does not exist", "no {name} here"), "message-arguments-changed")
    assert change.breaking
    reworded = only(BASE.replace("key {key} does not exist", "the key {key} is missing"), "reworded")
    assert reworded.review and not reworded.breaking


def test_deprecating_and_adding_are_compatible() -> None:
    new = BASE.replace("title: conflict", "title: conflict\n        deprecated: use 404").replace(
        "        fields: {color: red}\n",
        "        fields: {color: red}\n      - code: 201\n        name: created\n",
    )
    kinds = {c.kind: c for c in changes(new)}
    assert not kinds["deprecated"].breaking and "use 404" in kinds["deprecated"].message
    assert not kinds["code-added"].breaking


def test_space_removed_renamed_and_added() -> None:
    removed = BASE.split("  - name: other")[0]
    assert only(removed, "space-removed").breaking
    renamed = BASE.replace("- name: other", "- name: others")
    assert only(renamed, "space-renamed").breaking
    added = BASE + "  - name: third\n    codes: [{code: 5}]\n"
    assert not only(added, "space-added").breaking


def test_digits_tightened_so_a_code_falls_out_breaks() -> None:
    old = BASE.replace("    digits: 3\n", "")
    change = only(old.replace("transport: json", "transport: json\n    digits: 4"), "digits-changed")
    assert change.breaking and "200" in change.message
    widened = only(BASE.replace("    digits: 3\n", ""), "digits-changed")
    assert not widened.breaking


def test_range_tightened_breaks_and_transport_change_breaks() -> None:
    change = only(BASE.replace("    digits: 3\n", "    digits: 3\n    range: [100, 299]\n"), "range-changed")
    assert change.breaking and "404" in change.message
    assert only(BASE.replace("transport: json", "transport: http"), "transport-changed").breaking


def test_text_output_groups_by_space_and_strips_terminal_escapes() -> None:
    new = BASE.replace("title: no such thing", 'title: "evil \\e[2J\\r\\nspaces"')
    out = format_changes(changes(new), "text", color=False)
    assert "\x1b" not in out and "\r" not in out
    assert out.splitlines()[0] == "space api"
    assert "[-thing-]" in out or "[-no such thing-]" in out


def test_colour_only_on_request() -> None:
    found = changes(BASE.replace("name: not_found", "name: missing"))
    assert "\x1b[31m" in format_changes(found, "text", color=True)
    assert "\x1b[" not in format_changes(found, "text", color=False)


def test_json_output_has_exactly_the_documented_keys() -> None:
    new = BASE.replace("title: no such thing", "title: no such key").replace("name: ok", "name: fine")
    data = json.loads(format_changes(changes(new), "json"))
    keys = {"space", "code", "kind", "breaking", "old", "new", "message"}
    for change in data["changes"]:
        assert set(change) - {"review"} == keys
        assert change.get("review", False) is (change["kind"] == "reworded")


def test_markdown_is_a_changelog_and_escapes_markup() -> None:
    new = BASE.replace("title: no such thing", 'title: "<script>alert(1)</script> *bold* [x](http://e)"')
    new = new.replace("name: ok", "name: fine")
    out = format_changes(changes(new), "markdown", title="demo 1 → 2")
    assert out.startswith("## demo 1 → 2")
    assert "### Breaking" in out and "### Review (reworded)" in out
    assert "<script>" not in out and "\\<script\\>" in out and "\\*bold\\*" in out


def run_cli(*argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_exit_codes_and_fail_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new, same = tmp_path / "old.yaml", tmp_path / "new.yaml", tmp_path / "same.yaml"
    old.write_text(BASE)
    same.write_text(BASE.replace("title: all good", "title: all fine"))
    new.write_text(BASE.replace("name: ok", "name: fine"))
    assert run_cli("diff", str(old), str(same), capsys=capsys)[0] == 0
    assert run_cli("diff", str(old), str(same), "--fail-on", "any", capsys=capsys)[0] == 1
    assert run_cli("diff", str(old), str(new), capsys=capsys)[0] == 1
    assert run_cli("diff", str(old), str(new), "--fail-on", "none", capsys=capsys)[0] == 0
    code, _, err = run_cli("diff", str(old), str(tmp_path / "missing.yaml"), capsys=capsys)
    assert code == 2 and "missing.yaml: no such file" in err


def test_cli_reports_where_an_unreadable_side_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"catalog: x\nspaces:\n  - name: \xff\n")
    code, _, err = run_cli("diff", str(bad), str(bad), capsys=capsys)
    assert code == 2 and "bad.yaml:3:" in err and "UTF-8" in err
    bad.write_text("catalog: x\nspaces: [\n")
    code, _, err = run_cli("diff", str(bad), str(bad), capsys=capsys)
    assert code == 2 and "invalid YAML" in err and "Traceback" not in err


def git(repo: Path, *argv: str) -> None:
    subprocess.run(["git", *argv], cwd=repo, check=True, capture_output=True)


def test_git_references_in_a_temporary_repository(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.name", "Test")
    git(tmp_path, "config", "user.email", "test@example.com")
    (tmp_path / "cat.yaml").write_text(BASE)
    git(tmp_path, "add", "cat.yaml")
    git(tmp_path, "commit", "-qm", "first")
    (tmp_path / "cat.yaml").write_text(BASE.replace("name: not_found", "name: missing"))
    git(tmp_path, "commit", "-qam", "rename")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli("diff", "HEAD~1:cat.yaml", "HEAD:cat.yaml", "-f", "json", capsys=capsys)
    assert code == 1
    assert [c["kind"] for c in json.loads(out)["changes"]] == ["renamed"]
    code, _, err = run_cli("diff", "nosuchref:cat.yaml", "HEAD:cat.yaml", capsys=capsys)
    assert code == 2 and "nosuchref:cat.yaml" in err and "no file" in err
    code, _, err = run_cli("diff", "HEAD:nope.yaml", "HEAD:cat.yaml", capsys=capsys)
    assert code == 2 and "HEAD:nope.yaml" in err
    code, _, err = run_cli("diff", "--", "--upload-pack=x:cat.yaml", "HEAD:cat.yaml", capsys=capsys)
    assert code == 2 and "not a usable git reference" in err


def test_a_file_named_like_a_git_reference_cannot_bypass_the_gate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A committed file literally named main:catalogs/cat.yaml must not stand in for git's version."""
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.name", "Test")
    git(tmp_path, "config", "user.email", "test@example.com")
    (tmp_path / "catalogs").mkdir()
    (tmp_path / "catalogs" / "cat.yaml").write_text(BASE)
    git(tmp_path, "add", "catalogs/cat.yaml")
    git(tmp_path, "commit", "-qm", "first")
    breaking = BASE.replace("name: not_found", "name: missing")
    (tmp_path / "catalogs" / "cat.yaml").write_text(breaking)
    (tmp_path / "main:catalogs").mkdir()
    (tmp_path / "main:catalogs" / "cat.yaml").write_text(breaking)  # the decoy: the change itself
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli("diff", "main:catalogs/cat.yaml", "catalogs/cat.yaml", capsys=capsys)
    assert code == 2
    assert "ambiguous" in err and "./main:catalogs/cat.yaml" in err and "--old-ref" in err
    # the explicit ways: git, or the file
    code, out, _ = run_cli(
        "diff", "--old-ref", "main", "catalogs/cat.yaml", "catalogs/cat.yaml", "-f", "json", capsys=capsys
    )
    assert code == 1 and [c["kind"] for c in json.loads(out)["changes"]] == ["renamed"]
    code, out, _ = run_cli(
        "diff", "./main:catalogs/cat.yaml", "catalogs/cat.yaml", "-f", "json", capsys=capsys
    )
    assert code == 0 and json.loads(out)["changes"] == []
    # without the decoy, REF:path is git's version, and it breaks
    (tmp_path / "main:catalogs" / "cat.yaml").unlink()
    code, out, _ = run_cli("diff", "main:catalogs/cat.yaml", "catalogs/cat.yaml", "-f", "json", capsys=capsys)
    assert code == 1 and [c["kind"] for c in json.loads(out)["changes"]] == ["renamed"]
    # a name with a colon that is no git object is still a file
    (tmp_path / "v1:cat.yaml").write_text(BASE)
    code, _, _ = run_cli("diff", "v1:cat.yaml", "catalogs/cat.yaml", capsys=capsys)
    assert code == 1


def test_range_group_tightened_so_a_code_falls_out_breaks() -> None:
    grouped = BASE.replace(
        "      - pattern: 4xx\n", "      - {range: [400, 499], title: client errors}\n      - pattern: 4xx\n"
    )
    tightened = grouped.replace("[400, 499]", "[400, 408]")
    found = changes(tightened, grouped)
    [change] = [c for c in found if c.kind == "group-resized"]
    assert change.breaking and "409" in change.message and "404" not in change.message
    assert (change.old, change.new) == ("400-499", "400-408")
    assert not [c for c in found if c.kind in ("group-removed", "group-added")]
    widened = [
        c for c in changes(grouped.replace("[400, 499]", "[300, 599]"), grouped) if c.kind == "group-resized"
    ]
    assert len(widened) == 1 and not widened[0].breaking
    # a code removed along with the range is reported once, as the removal it is
    dropped = tightened.replace(
        "      - code: 409\n        name: conflict\n        title: conflict\n        fields: {color: red}\n",
        "",
    )
    assert not [c for c in changes(dropped, grouped) if c.kind == "group-resized" and c.breaking]


# -- change kinds, declared once ------------------------------------------------------------------


def test_every_change_diff_makes_is_of_a_declared_kind_and_every_kind_is_made() -> None:
    import ast

    from statuskit.evolve import changekinds, diff

    source = Path(diff.__file__).read_text(encoding="utf-8")
    tree = ast.parse(source)
    made = {
        node.func.value.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "change"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id.isupper()
    }
    # kinds picked at run time: kind = A if ... else B, or kind, message = A, ...; then kind.change()
    chosen = {
        name.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and any(isinstance(n, ast.Name) and n.id == "kind" for t in node.targets for n in ast.walk(t))
        for name in ast.walk(node.value)
        if isinstance(name, ast.Name) and name.id.isupper()
    }
    assert {"FIELD_DECLARED", "FIELD_UNDECLARED", "FIELD_REDECLARED", "UNDEPRECATED"} <= chosen
    declared = {
        name for name, value in vars(changekinds).items() if isinstance(value, changekinds.ChangeKind)
    }
    assert made | chosen == declared
    assert not any(
        isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Change" for node in ast.walk(tree)
    )
    assert len({kind.id for kind in changekinds.KINDS}) == len(changekinds.KINDS)


def test_a_change_keeps_to_its_kinds_breaking_flag() -> None:
    from statuskit.evolve.changekinds import CODE_REMOVED, RENAMED, REWORDED

    change = CODE_REMOVED.change(space="api", code=404, message="gone", old={"code": 404})
    assert (change.kind, change.breaking, change.old, change.new) == (
        "code-removed",
        True,
        {"code": 404},
        None,
    )
    with pytest.raises(TypeError, match="always has breaking=True"):
        CODE_REMOVED.change(space="api", code=404, message="gone", breaking=False)
    with pytest.raises(TypeError, match="must say whether it breaks"):
        RENAMED.change(space="api", code=404, message="renamed")
    assert RENAMED.change(space="api", code=1, message="m", breaking=False).breaking is False
    assert REWORDED.change(space=None, message="title reworded").review is True


def test_codes_whose_entries_did_not_change_still_follow_their_groups() -> None:
    """Unchanged entries are passed over only while the groups are the same on both sides."""
    assert changes(BASE) == []
    defaults = changes(
        BASE.replace(
            "defaults: {outcome: failure, action: abort}", "defaults: {outcome: failure, action: retry}"
        )
    )
    assert {(c.kind, c.code) for c in defaults} >= {("field-changed", 404), ("field-changed", 409)}
    regrouped = changes(BASE.replace("      - pattern: 4xx\n", "      - pattern: 40x\n"))
    assert any(c.kind == "regrouped" for c in regrouped), [c.kind for c in regrouped]
