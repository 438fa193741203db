"""The codes of ``catalogs/nemesisdb.yaml`` this server can never send, each with the reason.

Every NemesisDB test module declares them (``pytest.mark.statuskit(unreachable=UNREACHABLE)``), so
the conformance coverage either sees a code sent or reads here why it cannot be.
"""

from __future__ import annotations

UNREACHABLE: dict[str, dict[int, str]] = {
    "st": {
        27: "NemesisDB 0.3.10 never sends KeyTypeInvalid: a key that is not a string is skipped "
        "(KV_GET, KV_RMV, KV_CONTAINS, KV_FIND) and the keys of a JSON object are always strings",
    },
}
