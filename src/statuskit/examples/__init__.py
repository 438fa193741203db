"""Reference servers for the four seed systems, each speaking only what its catalog declares.

``statuskit example NAME`` runs one; each lives in its own package with a ``cli`` module
(``add_arguments(parser)``, ``run(args) -> int``), registered in ``SERVERS`` (a
:class:`statuskit.plugins.Registry`) and imported only when that server runs. ``fmltp-client``
is registered the same way: the FmLTP client's command line.
"""

from ..plugins import Registry

SERVERS = Registry(
    "server",
    {
        "fmltp": "statuskit.examples.fmltp.cli",
        "fmltp-client": "statuskit.examples.fmltp.client_cli",
        "nemesisdb": "statuskit.examples.nemesisdb.cli",
        "pec": "statuskit.examples.pec.cli",
        "kapi": "statuskit.examples.kapi.cli",
    },
)
