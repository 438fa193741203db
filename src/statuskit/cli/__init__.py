"""The ``statuskit`` command: a thin shell that parses arguments and calls the library.

Each command is a module in ``statuskit.cli.commands`` (``import`` lives in ``import_``) with a
docstring whose first line is its summary, ``add_arguments(parser)`` and ``run(args) -> int``.
Only the command being run is imported, so ``statuskit lookup`` starts fast.

Exit codes: 0 success; 1 the command's negative answer (error findings, breaking changes,
unknown code, file not up to date); 2 input that cannot be read or a usage error; 70 an internal
error (a bug: STATUSKIT_DEBUG=1 shows the traceback); 130 interrupted.
"""

from __future__ import annotations

import argparse
import keyword
import os
import sys
from collections.abc import Sequence
from importlib import import_module
from types import ModuleType

from .. import __version__

EXIT_OK, EXIT_NEGATIVE, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 70


def command_names() -> list[str]:
    """Every command, found as a module in ``statuskit.cli.commands``."""
    folder = os.path.join(os.path.dirname(__file__), "commands")
    found = (name.removesuffix(".py") for name in os.listdir(folder) if name.endswith(".py"))
    return sorted(name.rstrip("_").replace("_", "-") for name in found if not name.startswith("_"))


def command_module(name: str) -> ModuleType | None:
    """The module of command ``name``, or None when there is no such command."""
    if name not in command_names():
        return None
    module_name = name.replace("-", "_")
    if keyword.iskeyword(module_name):
        module_name += "_"
    return import_module(f"{__name__}.commands.{module_name}")


def summary(module: ModuleType) -> str:
    return (module.__doc__ or "").strip().splitlines()[0] if module.__doc__ else ""


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Keeps descriptions as written; sizes itself without importing shutil (start-up time)."""

    def __init__(self, prog: str) -> None:
        try:
            columns = int(os.environ.get("COLUMNS", "")) or os.get_terminal_size().columns
        except (ValueError, OSError):
            columns = 80
        super().__init__(prog, width=max(40, columns - 2))


def _top_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="statuskit",
        description="Define a system's status codes once, in a catalog, and derive the rest.",
        add_help=False,
        formatter_class=HelpFormatter,
    )
    parser.add_argument("-h", "--help", action="store_true", help="show this help and exit")
    parser.add_argument("--version", action="version", version=f"statuskit {__version__}")
    parser.add_argument("command", nargs="?", help="the command to run")
    return parser


def _overview() -> str:
    lines = ["usage: statuskit COMMAND [options]", "", "commands:"]
    for name in command_names():
        module = command_module(name)
        lines.append(f"  {name:<10} {summary(module) if module else ''}")
    lines += [
        "",
        "Run 'statuskit COMMAND --help' for a command's options.",
        "Exit codes: 0 ok, 1 negative result (findings, breaking changes, unknown code),",
        "2 unreadable input or usage error.",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (the console script exits with it)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        return _main(arguments)
    except KeyboardInterrupt:
        print("statuskit: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:  # a bug in statuskit: say so plainly, details on request
        if os.environ.get("STATUSKIT_DEBUG"):
            raise
        print(
            f"statuskit: internal error: {type(error).__name__}: {error}\n"
            "This is a bug in statuskit; run again with STATUSKIT_DEBUG=1 for the details.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _main(arguments: list[str]) -> int:
    from ..errors import LoadError, StatuskitError, UsageError

    top, _ = _top_parser().parse_known_args(arguments[:1] if arguments else [])
    if top.command is None:
        print(_overview(), file=sys.stdout if top.help else sys.stderr)
        return EXIT_OK if top.help else EXIT_INPUT
    module = command_module(top.command)
    if module is None:
        import difflib

        close = difflib.get_close_matches(top.command, command_names(), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        print(f"statuskit: unknown command {top.command!r}{hint} (see statuskit --help)", file=sys.stderr)
        return EXIT_INPUT
    parser = argparse.ArgumentParser(
        prog=f"statuskit {top.command}", description=module.__doc__, formatter_class=HelpFormatter
    )
    module.add_arguments(parser)
    try:
        args = parser.parse_args(arguments[1:])
    except SystemExit as exit_:
        return int(exit_.code or 0) if isinstance(exit_.code, int) else EXIT_INPUT
    try:
        result: int = module.run(args)
        return result
    except LoadError as error:
        print(f"{error.location}: {error.message}", file=sys.stderr)
        return EXIT_INPUT
    except UsageError as error:
        print(f"statuskit {top.command}: {error}", file=sys.stderr)
        return EXIT_INPUT
    except StatuskitError as error:
        print(f"statuskit {top.command}: {error}", file=sys.stderr)
        return EXIT_INPUT
