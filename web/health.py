"""`/healthz`: the process answers. `/readyz`: it can do work, i.e. its database answers within a second."""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy import text
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from core.db.uow import Database

log = logging.getLogger("chatlabel.web")
READY_TIMEOUT_SECONDS = 1.0


def routes(db: Database) -> list[Route]:
    async def healthz(request: Request) -> PlainTextResponse:
        """Alive: the event loop runs (a load balancer restarts a process that stops answering this)."""
        return PlainTextResponse("ok\n")

    async def readyz(request: Request) -> PlainTextResponse:
        """Ready: the database answers; a worker that cannot reach it is taken out of rotation."""
        try:
            async with asyncio.timeout(READY_TIMEOUT_SECONDS), db.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception as exc:  # any failure means not ready; the reason goes to the log, not the response
            log.warning("not ready: database unreachable (%s)", type(exc).__name__)
            return PlainTextResponse("database unreachable\n", status_code=503)
        return PlainTextResponse("ready\n")

    return [Route("/healthz", healthz, methods=["GET"]), Route("/readyz", readyz, methods=["GET"])]
