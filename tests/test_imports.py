"""statuskit's modules import each other one way: no cycles, nothing against the flow.

The graph is read from the source with ``ast``, so it counts every import: at the top, inside
functions, under ``if TYPE_CHECKING:``, ``import_module("statuskit...")`` with a literal name and
the module paths a plug-in ``Registry`` names.
Importing ``a.b.c`` counts as importing ``a.b.c`` only (not the packages above it).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import statuskit

PACKAGE = Path(statuskit.__file__).parent

# Known cycles, each with the reason it is still there (none today): keep it empty.
KNOWN_CYCLES: set[frozenset[str]] = set()

# Modules above the command line: they run it.
ENTRY_POINTS = {"statuskit.__main__", "statuskit.tour"}

# (importer prefix, imported prefix, why not)
FORBIDDEN = [
    ("statuskit.wire", "statuskit.conformance", "the wire codecs sit below conformance reporting"),
    ("statuskit.wire", "statuskit.coverage", "the wire codecs sit below conformance reporting"),
    ("statuskit.wire", "statuskit.integrations", "integrations are built on the wire codecs"),
    ("statuskit.wire", "statuskit.cli", "the command line is the top layer"),
    ("statuskit.importers", "statuskit.check", "importers read documents; they do not lint catalogs"),
]


def _modules() -> dict[str, tuple[Path, bool]]:
    """Every module: dotted name -> (file, is a package's __init__)."""
    found: dict[str, tuple[Path, bool]] = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        is_package = parts[-1] == "__init__"
        found[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return found


def _imported(node: ast.AST, package: str, modules: dict[str, tuple[Path, bool]]) -> Iterator[str]:
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom):
        if node.level:
            base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
            module = ".".join([*base, node.module] if node.module else base)
        else:
            module = node.module or ""
        for alias in node.names:
            submodule = f"{module}.{alias.name}"
            yield submodule if submodule in modules else module
    elif (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name | ast.Attribute)
        and (node.func.id if isinstance(node.func, ast.Name) else node.func.attr) == "import_module"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ):
        yield node.args[0].value
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Registry":
        # A plug-in registry (statuskit.plugins) names the modules it imports on use.
        for argument in node.args:
            if isinstance(argument, ast.Dict):
                yield from (
                    v.value
                    for v in argument.values
                    if isinstance(v, ast.Constant) and isinstance(v.value, str)
                )


def import_graph() -> dict[str, set[str]]:
    """Module -> the statuskit modules it imports anywhere in its source."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, (path, is_package) in modules.items():
        package = name if is_package else name.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        targets = {target for node in ast.walk(tree) for target in _imported(node, package, modules)}
        graph[name] = {target for target in targets if target in modules and target != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(frozenset(component))
    return found


GRAPH = import_graph()


def test_the_graph_sees_imports_in_functions_and_type_checking_blocks() -> None:
    # registries imports the loader inside builtin(); cli imports each command by name.
    assert "statuskit.loading.build" in GRAPH["statuskit.registries"]
    assert "statuskit.errors" in GRAPH["statuskit.cli"]
    assert "statuskit.model" in GRAPH["statuskit.loading"]
    assert "statuskit.check.rules.garbled_text" in GRAPH["statuskit.check.rules"]


def test_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [frozenset({"a", "b", "c"})]


def test_no_import_cycles() -> None:
    unknown = [sorted(cycle) for cycle in cycles(GRAPH) if cycle not in KNOWN_CYCLES]
    assert unknown == []


@pytest.mark.parametrize(("importer", "imported", "why"), FORBIDDEN)
def test_no_import_against_the_flow(importer: str, imported: str, why: str) -> None:
    wrong = [
        f"{module} -> {target}"
        for module, targets in GRAPH.items()
        if module == importer or module.startswith(f"{importer}.")
        for target in targets
        if target == imported or target.startswith(f"{imported}.")
    ]
    assert wrong == [], why


def test_nothing_below_the_command_line_imports_it() -> None:
    wrong = [
        f"{module} -> {target}"
        for module, targets in GRAPH.items()
        if not module.startswith("statuskit.cli") and module not in ENTRY_POINTS
        for target in targets
        if target.startswith("statuskit.cli")
    ]
    assert wrong == []


def test_the_library_does_not_import_the_reference_servers() -> None:
    """Only the command line runs them (``statuskit example NAME``)."""
    wrong = [
        f"{module} -> {target}"
        for module, targets in GRAPH.items()
        if not module.startswith(("statuskit.examples", "statuskit.cli"))
        for target in targets
        if target.startswith("statuskit.examples")
    ]
    assert wrong == []
