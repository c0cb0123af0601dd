"""The requester console under /console: server-rendered pages (Jinja2) over the same core as the API."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from core.content.limits import DEFAULT_LIMITS, UploadLimits
from core.game.game import Game
from web.console import pages

HERE = Path(__file__).parent


def routes(game: Game, upload_limits: UploadLimits = DEFAULT_LIMITS) -> list[BaseRoute]:
    templates = Jinja2Templates(env=Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True))
    site = pages.Console(game, templates, upload_limits)
    return [
        Mount("/console/static", app=StaticFiles(directory=HERE / "static"), name="console-static"),
        Mount("/console", routes=site.routes()),
    ]
