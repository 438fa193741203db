"""The ``statuskit`` command: a thin shell that parses arguments and calls the library.

Each command is a module registered in ``statuskit.cli.commands.COMMANDS`` with a docstring
whose first line is its summary, ``add_arguments(parser)`` and ``run(args) -> int``. Only the
command being run is imported, so ``statuskit lookup`` starts fast.

Exit codes (``statuskit.cli.exitcodes``): 0 success; 1 the command's negative answer (error
findings, breaking changes, unknown code, file not up to date); 2 input that cannot be read or a
usage error; 70 an internal error (a bug: STATUSKIT_DEBUG=1 shows the traceback); 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys

from .. import __version__
from .commands import COMMANDS
from .exitcodes import EXIT_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_NEGATIVE, EXIT_OK
from .helpformat import HelpFormatter

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from types import ModuleType
    from typing import NoReturn


def summary(module: ModuleType) -> str:
    return (module.__doc__ or "").strip().splitlines()[0] if module.__doc__ else ""


def _overview() -> str:
    lines = [
        "usage: statuskit [-h | --version] COMMAND [options]",
        "",
        "Define a system's status codes once, in a catalog, and derive the rest.",
        "",
        "commands:",
    ]
    for name in sorted(COMMANDS):
        lines.append(f"  {name:<10} {summary(COMMANDS.get(name))}")
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
        return EXIT_INTERRUPTED
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


# Commands that only read files and write their answer: once it is flushed, the process ends
# without freeing a big catalog object by object (a tenth of a second per 100,000 codes). Servers,
# exporters and every other command end the usual way, with exit handlers run.
_ENDS_AT_ONCE = frozenset(
    ("add", "check", "diff", "fmt", "gen", "import", "lookup", "render", "retire", "schema", "show")
)


def run() -> NoReturn:
    """The console script: :func:`main` on the process's arguments, then exit with its code."""
    code = main()
    if len(sys.argv) > 1 and sys.argv[1] in _ENDS_AT_ONCE:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BrokenPipeError:
            pass  # the reader left; there is nobody to tell
        except OSError:
            sys.exit(code)  # the usual exit reports the failed write
        os._exit(code)
    sys.exit(code)


def _main(arguments: list[str]) -> int:
    from ..errors import LoadError, StatuskitError, UsageError

    # The first argument is a command or one of three options: read it without building a parser.
    command = arguments[0] if arguments else None
    if command in ("-h", "--help"):
        print(_overview())
        return EXIT_OK
    if command == "--version":
        print(f"statuskit {__version__}")
        return EXIT_OK
    if command is None or command.startswith("-"):
        print(_overview(), file=sys.stderr)
        return EXIT_INPUT
    if command not in COMMANDS:
        print(f"statuskit: {COMMANDS.unknown(command)}; see statuskit --help", file=sys.stderr)
        return EXIT_INPUT
    module = COMMANDS.get(command)
    parser = argparse.ArgumentParser(
        prog=f"statuskit {command}", description=module.__doc__, formatter_class=HelpFormatter
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
        print(f"statuskit {command}: {error}", file=sys.stderr)
        return EXIT_INPUT
    except StatuskitError as error:
        print(f"statuskit {command}: {error}", file=sys.stderr)
        return EXIT_INPUT


__all__ = [
    "EXIT_INPUT",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_NEGATIVE",
    "EXIT_OK",
    "HelpFormatter",
    "main",
    "summary",
]
