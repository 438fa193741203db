"""The command table: each command's words, where it may run, and its help."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True, slots=True)
class Command:
    """A command's name, its argument counts (``most`` None: any number) and its help."""

    name: str
    usage: str
    summary: str
    least: int = 0
    most: int | None = 0
    before_auth: bool = False
    after_auth: bool = True


COMMANDS: Mapping[str, Command] = MappingProxyType(
    {
        command.name: command
        for command in (
            Command(
                "AUTH",
                "AUTH <user> <password>",
                "Log in; until then only AUTH, HELP and QUIT are accepted.",
                least=2,
                most=2,
                before_auth=True,
                after_auth=False,
            ),
            Command(
                "HELP",
                "HELP [command]",
                "List the commands, or explain one.",
                most=1,
                before_auth=True,
            ),
            Command("QUIT", "QUIT", "Close the connection.", before_auth=True),
            Command("SELECT", "SELECT <backend>", "Select a music back end: library or radio.", 1, 1),
            Command("DESELECT", "DESELECT", "Forget the selected back end."),
            Command(
                "SEARCH",
                "SEARCH <query...>",
                "Print the tracks of the selected back end whose title contains the query.",
                least=1,
                most=None,
            ),
            Command("QUEUE", "QUEUE <id>", "Add a track of the selected back end to your queue.", 1, 1),
            Command("LIST", "LIST", "Print every track of the selected back end, one 'id title' a line."),
        )
    }
)
"""Command name (upper case) → Command, in the order HELP lists them."""


def split_words(line: str) -> list[str]:
    """Words of a command line: split on runs of spaces, leading and trailing ones ignored."""
    return [word for word in line.split(" ") if word]


def help_lines(command: Command | None) -> list[str]:
    """The lines of HELP's reply: every command, or one command's usage and summary."""
    if command is not None:
        when = (
            "before and after AUTH"
            if command.before_auth and command.after_auth
            else ("before AUTH only" if command.before_auth else "after AUTH")
        )
        return [f"Usage: {command.usage}", command.summary, f"Accepted {when}."]
    lines = [f"{c.usage} - {c.summary}" for c in COMMANDS.values()]
    return ["Commands:", *lines, "Run HELP <command> for more on one command."]
