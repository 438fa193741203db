"""The FmLTP reference server: the FlexMusic line protocol, spoken from ``catalogs/fmltp.yaml``.

``statuskit example fmltp`` runs it. The protocol logic (:mod:`.session`) is pure and knows
nothing of sockets; :mod:`.server` moves bytes and puts every status on the wire through
``statuskit.wire.line``.
"""
