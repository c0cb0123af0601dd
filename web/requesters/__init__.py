"""The requester API (`/api/v1`, OpenAPI at `/docs`): one module per route group, mounted by `routes`."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount

from core.content.limits import DEFAULT_LIMITS, UploadLimits
from core.game.game import Game
from core.settings import Settings
from web.requesters import docs, hooks, items, jobs, money, ranking
from web.requesters.endpoint import Api
from web.requesters.limits import RateLimiter
from web.requesters.problems import problem

PREFIX = "/api/v1"


def routes(game: Game, settings: Settings, upload_limits: UploadLimits = DEFAULT_LIMITS) -> list[BaseRoute]:
    """The API under /api/v1 (its own app, so that even a wrong path or method is answered as a problem) and
    the docs beside it."""
    limits = settings.requesters
    api = Api(game, RateLimiter(limits.requests_per_minute, limits.burst), upload_limits)
    app = Starlette(
        routes=[
            *jobs.routes(api),
            *items.routes(api),
            *money.routes(api),
            *ranking.routes(api),
            *hooks.routes(api),
            *docs.schema_routes(),
        ],
        exception_handlers={HTTPException: _http_problem},
    )
    return [Mount(PREFIX, app=app), *docs.page_routes()]


async def _http_problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return problem(404, f"There is no {request.url.path} in this API; see /docs.")
    return problem(exc.status_code, str(exc.detail), headers=dict(exc.headers or {}))
