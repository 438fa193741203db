"""Run every benchmark (``make bench``): each module ``bench_*.py`` has a ``main()``."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main() -> int:
    here = Path(__file__).parent
    sys.path.insert(0, str(here.parent))
    only = set(sys.argv[1:])
    for module in sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_")):
        if only and module.removeprefix("bench_") not in only and module not in only:
            continue
        print(f"--- {module}", flush=True)
        importlib.import_module(f"benchmarks.{module}").main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
