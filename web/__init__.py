"""Everything that arrives over HTTP, on one ASGI app: the Telegram webhook, health, readiness and metrics.

`build_app(...)` takes the composition root's objects; one module per route group; nothing runs at import time.
"""
