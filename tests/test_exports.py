"""The public names and the error tree stay in step.

``statuskit.__all__``, the lazy import table and the type-checking imports in
``statuskit/__init__.py`` must name the same things; every exception class of the library is
defined in ``statuskit.errors`` and drawn in its docstring; the modules that read catalogs raise
statuskit errors, never bare ``LookupError``/``ValueError``.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import statuskit
import statuskit.errors

PACKAGE = Path(statuskit.__file__).parent


def _type_checking_imports() -> dict[str, str]:
    """``name -> module`` for every import under ``if TYPE_CHECKING:`` in ``statuskit/__init__.py``."""
    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for statement in node.body:
                if isinstance(statement, ast.ImportFrom) and statement.level == 1 and statement.module:
                    for alias in statement.names:
                        found[alias.asname or alias.name] = statement.module
    return found


def _library_files() -> list[Path]:
    """Every module of the library; the reference servers (``examples``) are not the library."""
    return sorted(path for path in PACKAGE.rglob("*.py") if "examples" not in path.relative_to(PACKAGE).parts)


def _error_classes() -> list[str]:
    return sorted(
        name
        for name, value in vars(statuskit.errors).items()
        if isinstance(value, type)
        and issubclass(value, BaseException)
        and value.__module__ == "statuskit.errors"
    )


def test_all_lazy_table_and_type_checking_imports_agree() -> None:
    lazy: dict[str, str] = statuskit._LAZY
    assert sorted(statuskit.__all__) == sorted(lazy), "__all__ and the lazy table differ"
    assert _type_checking_imports() == lazy, "the TYPE_CHECKING imports and the lazy table differ"
    assert statuskit.__all__ == sorted(statuskit.__all__, key=lambda name: (name[0].islower(), name))


@pytest.mark.parametrize("name", statuskit.__all__)
def test_every_exported_name_resolves_to_its_module(name: str) -> None:
    lazy: dict[str, str] = statuskit._LAZY
    module = importlib.import_module(f"statuskit.{lazy[name]}")
    assert getattr(statuskit, name) is getattr(module, name)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        statuskit.nothing  # noqa: B018


def test_every_error_class_is_exported_and_drawn() -> None:
    drawing = statuskit.errors.__doc__ or ""
    classes = _error_classes()
    assert "StatusError" in classes and "WireError" in classes
    for name in classes:
        assert name in statuskit.__all__, f"{name} is not exported from statuskit"
        assert f" {name} " in drawing, f"{name} is missing from the drawing in errors.py"


def test_the_drawing_shows_each_class_under_its_base() -> None:
    """The drawing's indentation is the class tree: each line's parent is its base class."""
    drawing = (statuskit.errors.__doc__ or "").split("\n\n")[1]
    stack: list[tuple[int, str]] = []
    for line in drawing.splitlines():
        stripped = line.lstrip(" │├└─")
        name = stripped.split(" ", 1)[0]
        if not name.endswith("Error"):
            continue  # a continuation line of a description
        depth = len(line) - len(stripped)
        while stack and stack[-1][0] >= depth:
            stack.pop()
        cls = getattr(statuskit.errors, name)
        if stack:
            assert issubclass(cls, getattr(statuskit.errors, stack[-1][1])), f"{name} under {stack[-1][1]}"
        stack.append((depth, name))


def test_no_exception_class_is_defined_outside_errors() -> None:
    misplaced = []
    for path in _library_files():
        if path.name == "errors.py" and path.parent == PACKAGE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases = {
                    base.id if isinstance(base, ast.Name) else getattr(base, "attr", "")
                    for base in node.bases
                }
                if any(base.endswith(("Error", "Exception")) for base in bases):
                    misplaced.append(f"{path.relative_to(PACKAGE)}: {node.name}")
    assert misplaced == []


@pytest.mark.parametrize("folder", ["registries", "loading", "patterns.py"])
def test_catalog_readers_raise_statuskit_errors(folder: str) -> None:
    root = PACKAGE / folder
    files = [root] if root.is_file() else sorted(root.rglob("*.py"))
    # A mapping's own methods raise KeyError by protocol: that is how ``in`` and ``get`` work.
    protocol = {"__getitem__", "__missing__", "__delitem__"}
    bare = []
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        exempt = {
            id(inner)
            for function in ast.walk(tree)
            if isinstance(function, ast.FunctionDef) and function.name in protocol
            for inner in ast.walk(function)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Raise)
                and isinstance(node.exc, ast.Call | ast.Name)
                and id(node) not in exempt
            ):
                raised = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
                if isinstance(raised, ast.Name) and raised.id in {"LookupError", "ValueError", "KeyError"}:
                    bare.append(f"{path.name}:{node.lineno}")
    assert bare == []


def test_old_handlers_still_catch_the_new_classes() -> None:
    with pytest.raises(LookupError, match="no builtin catalog 'nope'"):
        statuskit.builtin("nope")
    from statuskit.registries import resolve_base

    with pytest.raises(LookupError, match="no space 'nope'"):
        resolve_base("http.nope")
    with pytest.raises(statuskit.LoadError, match=r"<input>:4:14: extends 'nope': no builtin catalog"):
        statuskit.loads("catalog: c\nspaces:\n  - name: s\n    extends: nope\n")
    from statuskit.patterns import Pattern

    with pytest.raises(ValueError, match="has no wildcard"):
        Pattern.parse("404")
