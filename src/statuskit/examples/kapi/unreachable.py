"""The codes of ``catalogs/kapi.yaml`` this server never sends, each with the reason.

Every kAPI test module declares it (``pytest.mark.statuskit(..., unreachable=UNREACHABLE)``), so the
conformance report counts every other code as one that some test must reach.
"""

from __future__ import annotations

NO_ROUTE = "no documented route (Reference, Gateway and the resource pages) serves {what}"

UNREACHABLE: dict[str, dict[int, str]] = {
    "opcode": {
        4: "identify is sent by clients only; the server receives it",
        5: "resume is sent by clients only; the server receives it",
    },
    "json": {
        10006: NO_ROUTE.format(what="status-page services"),
        10007: NO_ROUTE.format(what="service events"),
        10008: NO_ROUTE.format(what="service history"),
        10009: NO_ROUTE.format(what="interruptions"),
        10010: NO_ROUTE.format(what="interruption updates"),
        10011: NO_ROUTE.format(what="Kettu instances (kdjs's /kettu/{id}/eval is undocumented)"),
        10012: NO_ROUTE.format(what="Kettu shards"),
        40004: "route rate limits are fixed by --rate-limit; no route configures them",
        40007: "tokens are given on the command line and never expire",
    },
}
