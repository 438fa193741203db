"""What every pec test module declares: the catalog the server speaks, and the codes it cannot send."""

from __future__ import annotations

import pytest

UNREACHABLE = {
    "status": {
        813: "the seed gives 813 no meaning, so pec never sends it",
        827: "the seed gives 827 no meaning, so pec never sends it",
        913: "the seed gives 913 no meaning, so pec never sends it",
        914: "the seed gives 914 no meaning, so pec never sends it",
    },
    "http": {
        201: "pec has no multi-step handshakes (the 6xx group has no codes), so nothing is ever created by one",
        401: "pec takes no WWW-Authenticate/Authorization headers: sessions travel in the path and body",
    },
}
SPEAKS_PEC = pytest.mark.statuskit(catalog="catalogs/pec.yaml", unreachable=UNREACHABLE)
FAST = ("--hash-time-cost", "1", "--hash-memory", "64")
FUTURE = 4102444800000  # 2100-01-01 in ms
