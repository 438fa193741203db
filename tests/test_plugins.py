"""Plug-in registries: rules, generators, render formats, commands and servers, one convention.

Every registered module imports and has the shape its kind asks for; every module in a plug-in
folder is registered; unknown names are usage errors that say what was expected.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from statuskit.check.rules import ALIASES, REGISTRY, RULES
from statuskit.cli.commands import COMMANDS
from statuskit.codegen import TARGETS
from statuskit.errors import UsageError
from statuskit.examples import SERVERS
from statuskit.plugins import Registry
from statuskit.render import FORMATS

# (registry, the attributes every module of it has)
KINDS: list[tuple[Registry, tuple[str, ...]]] = [
    (REGISTRY, ("ID", "CATEGORY", "SEVERITY", "OPTIONS", "check")),
    (TARGETS, ("generate",)),
    (FORMATS, ("render",)),
    (COMMANDS, ("add_arguments", "run")),
    (SERVERS, ("add_arguments", "run")),
]


def _parts() -> list[tuple[Registry, str, tuple[str, ...]]]:
    return [(registry, name, attributes) for registry, attributes in KINDS for name in registry]


@pytest.mark.parametrize(
    ("registry", "name", "attributes"), _parts(), ids=lambda v: str(getattr(v, "kind", v))
)
def test_every_registered_part_imports_with_its_shape(
    registry: Registry, name: str, attributes: tuple[str, ...]
) -> None:
    module = registry.get(name)
    assert isinstance(module, ModuleType)
    missing = [attribute for attribute in attributes if not hasattr(module, attribute)]
    assert missing == [], f"{registry.kind} {name!r} ({module.__name__}) lacks {missing}"
    if registry is COMMANDS:
        assert (module.__doc__ or "").strip(), f"command {name!r} has no summary docstring"


def test_rules_are_registered_under_their_ids_in_the_order_they_run() -> None:
    assert [rule.ID for rule in RULES] == list(REGISTRY)
    assert all(target in REGISTRY for target in ALIASES.values())


@pytest.mark.parametrize(
    ("registry", "folder", "marker"),
    [
        (REGISTRY, "check/rules", "check"),
        (TARGETS, "codegen", "generate"),
        (FORMATS, "render", "render"),
        (COMMANDS, "cli/commands", "run"),
    ],
    ids=lambda v: str(getattr(v, "kind", v)),
)
def test_every_part_module_in_its_folder_is_registered(registry: Registry, folder: str, marker: str) -> None:
    """A part module dropped into a plug-in folder but not registered would silently do nothing.

    A module is a part when it defines the kind's function at its top level (helper modules
    such as ``codegen/plan.py`` do not).
    """
    import ast

    import statuskit

    root = Path(statuskit.__file__).parent / folder
    package = "statuskit." + folder.replace("/", ".")
    found = set()
    for path in root.glob("[!_]*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(node, ast.FunctionDef) and node.name == marker for node in tree.body):
            found.add(f"{package}.{path.stem}")
    assert found == {registry.path(name) for name in registry}


def test_render_formats_are_the_modules_named_after_them() -> None:
    assert {FORMATS.path(name) for name in FORMATS} == {f"statuskit.render.{name}_format" for name in FORMATS}


def test_every_server_has_a_package() -> None:
    assert list(SERVERS) == ["fmltp", "fmltp-client", "nemesisdb", "pec", "kapi"]
    servers = [name for name in SERVERS if name != "fmltp-client"]
    assert all(SERVERS.path(name) == f"statuskit.examples.{name}.cli" for name in servers)
    assert SERVERS.path("fmltp-client") == "statuskit.examples.fmltp.client_cli"  # the FmLTP client


def test_an_unknown_name_is_a_usage_error_with_the_closest_name() -> None:
    with pytest.raises(
        UsageError, match=r"unknown format 'htm'; did you mean 'html'\? \(expected one of: json,"
    ):
        FORMATS.get("htm")
    with pytest.raises(UsageError, match=r"unknown target 'rust' \(expected one of: python, typescript"):
        TARGETS.get("rust")


def test_an_alias_gives_the_part_that_replaced_it() -> None:
    assert REGISTRY.canonical("mojibake") == "garbled-text"
    assert REGISTRY.get("mojibake").ID == "garbled-text"
    assert "mojibake" not in REGISTRY


def test_a_registry_refuses_an_alias_to_nothing() -> None:
    with pytest.raises(UsageError, match="unregistered"):
        Registry("thing", {"a": "statuskit.errors"}, aliases={"b": "c"})


def test_parts_are_imported_only_when_asked_for() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from statuskit.render import FORMATS; from statuskit.codegen import TARGETS;"
        "from statuskit.cli.commands import COMMANDS; from statuskit.examples import SERVERS;"
        "FORMATS.get('json');"
        "print(sorted(m for m in sys.modules if m.startswith(('statuskit.render.', 'statuskit.codegen.',"
        " 'statuskit.cli.commands.', 'statuskit.examples.'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['statuskit.render.json_format']"
