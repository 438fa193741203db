"""``python -m statuskit`` runs the command line."""

from .cli import run

run()
