"""Print how well the importer reads the real documents of the test corpus (per document table).

The scoring lives with its test (``tests/test_importers_corpus.py``) so that both say the same.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from test_importers_corpus import documents, score, table


def main() -> None:
    print(table([score(path) for path in documents()]))


if __name__ == "__main__":
    main()
