"""The pec-server reference server: users, sessions and an energy-trading pool over HTTP.

Every reply is ``{"status": <code>, "msg": <text>, ...}`` with the code taken from the bundled
``pec`` catalog and encoded through ``statuskit.wire``; accounts, sessions and offers live in
SQLite under ``--data``. ``statuskit example pec --help`` lists the options; ``docs/examples/pec.md``
describes the protocol and where it differs from the real system.
"""
