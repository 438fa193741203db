"""The commands of ``statuskit``, one module each, registered by name in ``COMMANDS``.

A command module has a docstring whose first line is its summary, ``add_arguments(parser)`` and
``run(args) -> int``. Adding a command is writing its module and adding one line here; only the
command being run is imported (``statuskit.plugins``), so ``statuskit lookup`` starts fast.
"""

from ...plugins import Registry

COMMANDS = Registry(
    "command",
    {
        "add": "statuskit.cli.commands.add",
        "check": "statuskit.cli.commands.check",
        "coverage": "statuskit.cli.commands.coverage",
        "diff": "statuskit.cli.commands.diff",
        "example": "statuskit.cli.commands.example",
        "export": "statuskit.cli.commands.export",
        "fmt": "statuskit.cli.commands.fmt",
        "gen": "statuskit.cli.commands.gen",
        "import": "statuskit.cli.commands.import_",
        "live": "statuskit.cli.commands.live",
        "lookup": "statuskit.cli.commands.lookup",
        "render": "statuskit.cli.commands.render",
        "retire": "statuskit.cli.commands.retire",
        "schema": "statuskit.cli.commands.schema",
        "show": "statuskit.cli.commands.show",
    },
)
