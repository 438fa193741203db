"""statuskit inside other frameworks.

    starlette      exception handler: StatusError → JSON or problem+json reply (FastAPI too)
    websockets     close a ``websockets`` connection with a catalog code
    client         decode a reply and tell what to do next (action, retryable, retry_after)
    pytest_plugin  conformance coverage: record what a server sends, fail on undeclared codes

Each module imports its framework only when it is imported itself.
"""
