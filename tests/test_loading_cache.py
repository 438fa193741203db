"""Big catalogs are parsed once and reloaded from the cache; the cache never changes a result."""

from __future__ import annotations

from pathlib import Path

import pytest

import statuskit
import statuskit.loading
from statuskit.canonical import catalog_to_data
from statuskit.check import check_catalog
from statuskit.loading import cache


def _big(codes: int = 6000) -> str:
    lines = ["catalog: big", "spaces:", "  - name: s", "    groups:", "      - {pattern: 1xxxxx, title: One}"]
    lines.append("    codes:")
    for index in range(codes):
        lines += [f"      - code: {100000 + index * 3}", f"        title: Code number {index} " + "x" * 120]
    lines += ["      - code: 7", "        title: outside every group"]
    return "\n".join(lines) + "\n"


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv("STATUSKIT_CACHE_DIR", str(where))
    monkeypatch.delenv("STATUSKIT_CACHE", raising=False)
    return where


def test_a_big_catalog_is_parsed_once(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = _big()
    assert len(text) >= cache.MIN_BYTES
    file = tmp_path / "big.yaml"
    file.write_text(text, "utf-8")
    first = statuskit.load(file)
    assert len(list(cache_dir.iterdir())) == 1

    def no_parse(*_: object) -> None:
        raise AssertionError("parsed again although the cache holds it")

    monkeypatch.setattr(statuskit.loading, "_parse", no_parse)
    again = statuskit.load(file)
    assert catalog_to_data(again) == catalog_to_data(first)
    [finding] = [f for f in check_catalog(again) if f.rule == "code-in-no-group"]
    assert (finding.file, finding.line) == (str(file), 6 + 2 * 6000 + 1), "positions come back too"


def test_small_files_and_a_cache_turned_off_write_nothing(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    statuskit.loads(_big(10), "small.yaml")
    monkeypatch.setenv("STATUSKIT_CACHE", "0")
    statuskit.loads(_big(), "big.yaml")
    assert not cache_dir.exists()


def test_an_unreadable_or_unwritable_cache_is_skipped(cache_dir: Path) -> None:
    text = _big()
    expected = catalog_to_data(statuskit.loads(text, "big.yaml"))
    [entry] = cache_dir.iterdir()
    entry.write_bytes(b"not marshal data")
    assert catalog_to_data(statuskit.loads(text, "big.yaml")) == expected
    entry.unlink()
    cache_dir.chmod(0o500)
    try:
        assert catalog_to_data(statuskit.loads(text, "big.yaml")) == expected
    finally:
        cache_dir.chmod(0o700)


def test_a_cache_directory_others_may_write_to_is_never_read(cache_dir: Path) -> None:
    import marshal

    text = _big()
    first = catalog_to_data(statuskit.loads(text, "big.yaml"))
    (entry,) = cache_dir.glob("parse-*")
    data, positions = marshal.loads(entry.read_bytes())
    data["title"] = "planted"
    entry.write_bytes(marshal.dumps((data, positions)))
    assert catalog_to_data(statuskit.loads(text, "big.yaml")).get("title") == "planted"  # believed
    cache_dir.chmod(0o777)
    try:
        assert catalog_to_data(statuskit.loads(text, "big.yaml")) == first  # parsed anew
    finally:
        cache_dir.chmod(0o700)
