"""NemesisDB reference server: a session-based key-value store speaking JSON over WebSocket.

Every ``st`` it sends comes from ``catalogs/nemesisdb.yaml`` through ``statuskit.wire.jsonfield``.
Modules: ``cli`` (options), ``server`` (sockets and frames), ``protocol`` (framing checks),
``dispatch`` (command table), ``sessions`` and ``keys`` (commands), ``store`` (state and expiry),
``snapshots`` (files on disk), ``paths`` (JSONPath), ``replies`` (status → message).
"""
