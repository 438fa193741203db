"""The codes of pec's catalog that the reference server never sends, each with the reason.

The conformance plugin fails a test run on a declared code that was neither sent nor listed
here; every pec test module declares it through ``pytest.mark.statuskit(unreachable=...)``.
"""

from __future__ import annotations

UNREACHABLE: dict[str, dict[int, str]] = {
    "status": {
        813: "the seed gives 813 no meaning, so pec never sends it",
        827: "the seed gives 827 no meaning, so pec never sends it",
        913: "the seed gives 913 no meaning, so pec never sends it",
        914: "the seed gives 914 no meaning, so pec never sends it",
    },
    "http": {
        201: "pec has no multi-step handshakes (the 6xx group has no codes), so nothing is created by one",
        401: "pec takes no WWW-Authenticate/Authorization headers: sessions travel in the path and body",
    },
}
