"""The kAPI reference server: the Kettu REST API and its WebSocket gateway, from ``catalogs/kapi.yaml``.

``statuskit example kapi`` runs it (see :mod:`.cli`). The pieces, each with one job:

    settings   the validated options
    store      users, kept in the data directory and written atomically
    images     the image categories and their images
    ratelimit  one fixed-window bucket per token (per address without one)
    replies    every status put on the wire, through the statuskit codecs
    rest       the REST routes
    sessions   gateway sessions: sequence numbers, replay buffers, resume windows
    gateway    the gateway protocol on one WebSocket connection
    app        the Starlette application that holds both
    server     uvicorn on a socket of our own, and the clean shutdown
"""
