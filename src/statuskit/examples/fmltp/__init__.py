"""FmLTP, the FlexMusic protocol, spoken from ``catalogs/fmltp.yaml``: a server and the first client.

``statuskit example fmltp`` runs the server, ``statuskit example fmltp-client`` the client. The
command logic (:mod:`.session`) is pure and knows nothing of sockets; :mod:`.protocol` runs one
connection's handshake and conversation, :mod:`.server` its listener and limits, and every
status goes on the wire through ``statuskit.wire.line``. :mod:`.kex` (the Diffie-Hellman key
exchange and the Fernet cipher) and :mod:`.tokens` (Fernet tokens cut from a byte stream) serve
both the server and :mod:`.client`.
"""
