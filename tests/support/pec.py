"""What every pec test module declares: the catalog the server speaks, and the codes it cannot send."""

from __future__ import annotations

import pytest

from statuskit.examples.pec.unreachable import UNREACHABLE

SPEAKS_PEC = pytest.mark.statuskit(catalog="catalogs/pec.yaml", unreachable=UNREACHABLE)
FAST = ("--hash-time-cost", "1", "--hash-memory", "64")
FUTURE = 4102444800000  # 2100-01-01 in ms
