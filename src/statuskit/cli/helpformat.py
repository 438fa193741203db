"""How ``statuskit`` help reads: descriptions kept as written, sized to the terminal."""

from __future__ import annotations

import argparse
import os


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Keeps descriptions as written; sizes itself without importing shutil (start-up time)."""

    def __init__(self, prog: str) -> None:
        try:
            columns = int(os.environ.get("COLUMNS", "")) or os.get_terminal_size().columns
        except (ValueError, OSError):
            columns = 80
        super().__init__(prog, width=max(40, columns - 2))
