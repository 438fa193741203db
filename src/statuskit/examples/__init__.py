"""Reference servers for the four seed systems, each speaking only what its catalog declares.

``statuskit example NAME`` runs one; each lives in its own package with a ``cli`` module
(``add_arguments(parser)``, ``run(args) -> int``), registered in ``SERVERS`` (a
:class:`statuskit.plugins.Registry`) and imported only when that server runs.
"""

from ..plugins import Registry

SERVERS = Registry(
    "server",
    {
        "fmltp": "statuskit.examples.fmltp.cli",
        "nemesisdb": "statuskit.examples.nemesisdb.cli",
        "pec": "statuskit.examples.pec.cli",
        "kapi": "statuskit.examples.kapi.cli",
    },
)
