"""Positions kept as marks (``loading.document``) answer every location exactly as the table of
positions by path does: for each value, each key, and paths that lead nowhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from statuskit.loading import parse
from statuskit.loading.document import KEY, Document

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted(
    [*ROOT.glob("catalogs/*.yaml"), *ROOT.glob("src/statuskit/registries/*.json")],
    key=lambda path: path.name,
)


def _marked(path: Path) -> Document:
    document = parse(path.read_text("utf-8"), str(path))
    if not document.marks:
        pytest.fail(f"{path.name} was read without marks")
    return document


def _table(document: Document) -> Document:
    """The same document with its positions as a table (the form every loader had before)."""
    return Document(document.data, document.file, dict(document.positions))


@pytest.mark.parametrize("file", FILES, ids=lambda path: path.name)
def test_marks_answer_as_the_table(file: Path) -> None:
    marked = _marked(file)
    table = _table(_marked(file))
    paths = [path for path in table.positions if not path or path[-1] != KEY]
    assert len(paths) > 20
    for path in reversed(paths):  # from the end: each container is measured only as far as asked
        assert marked.location(path) == table.location(path), path
        assert marked.location(path, key=True) == table.location(path, key=True), path
    forward = _marked(file)  # in order: each child found is measured only when a later one is
    for path in paths:
        assert forward.location(path, key=True) == table.location(path, key=True), path
        assert forward.location(path) == table.location(path), path


@pytest.mark.parametrize("file", FILES[:3], ids=lambda path: path.name)
def test_paths_that_lead_nowhere_fall_back_to_the_nearest_value(file: Path) -> None:
    marked = _marked(file)
    table = _table(_marked(file))
    for path in [("nothing",), ("spaces", 99), ("spaces", 0, "no-such-key"), ("spaces", 0, "codes", 10**6)]:
        assert marked.location(path) == table.location(path)
        assert marked.location(path, key=True) == table.location(path, key=True)


def test_a_copy_with_the_same_shape_keeps_the_marks() -> None:
    document = _marked(FILES[0])
    copy = document.with_data({key: value for key, value in document.data.items()})
    assert copy.marks is document.marks
    assert copy.location(("spaces", 0)) == document.location(("spaces", 0))
