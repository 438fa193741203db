"""The kAPI reference server: the Kettu REST API and its WebSocket gateway, from ``catalogs/kapi.yaml``.

``statuskit example kapi`` runs it (see :mod:`.cli`). The pieces, each with one job:

    settings     the validated options, and the clients given on the command line
    permissions  user permissions, their implications, and the three kinds of client
    store        users and their key-value stores, kept in the data directory, written atomically
    images       the image categories and their images
    guilds       guilds, their configurations, members and cases
    ratelimit    one fixed-window bucket per token (per address without one)
    replies      every status put on the wire, through the statuskit codecs
    sessions     gateway sessions: sequence numbers, replay buffers, resume windows
    state        what routes and connections share, and who hears which dispatch
    rest         what every REST route shares: the caller, checks, JSON bodies, the error wrapper
    users_api    the user routes: users, the user's store, IP verification
    guilds_api   the guild, member and case routes
    images_api   the image routes and the image files
    kapi_api     the gateway address, kAPI's actions, the debug route and not found
    gateway      the gateway protocol on one WebSocket connection
    app          the Starlette application with every route
    server       uvicorn on the shared skeleton's socket, the HTTP limits and the clean shutdown
    unreachable  the catalog codes the server never sends, with the reason
"""
