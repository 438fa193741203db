"""Reference servers for the four seed systems, each speaking only what its catalog declares.

``statuskit example NAME`` runs one; each lives in its own package with a ``cli`` module
(``add_arguments(parser)``, ``run(args) -> int``).
"""

SERVERS = ("fmltp", "nemesisdb", "pec", "kapi")
