"""`/app/...`: the Mini App's page and assets, and its JSON calls over the game's own use cases.

Every call under /app/api checks the Telegram init data before anything else: forged, stale or missing init data
gets 401 and nothing is read or written. The player is only ever the user named by the init data.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from bot.common import texts
from core.errors import GameError, NoTasks, ReferralError
from core.game.game import Game
from core.settings import Settings
from core.types import SKIP
from web.mini_app import views
from web.mini_app.auth import Caller, InitDataCheck
from web.mini_app.init_data import InitDataError, secret_key
from web.mini_app.languages import LanguageMemo
from web.mini_app.requests import BadRequest, choice_of, task_id_of
from web.mini_app.responses import Json

log = logging.getLogger("chatlabel.web")
HERE = Path(__file__).resolve().parent
NO_STORE = {"cache-control": "no-store"}
# Our stand-in for Telegram's script (static/telegram-web-app-standin.js), for tests and local runs.
STANDIN_SCRIPT = "static/telegram-web-app-standin.js"
MAX_BODY_BYTES = 1024
Handler = Callable[[Request, Caller], Awaitable[Any]]


def from_settings(game: Game, settings: Settings, invite_link: Callable[[str], str | None]) -> list[BaseRoute]:
    """The /app mount when a Telegram token is configured (init data is signed with it); none otherwise."""
    token = settings.secrets.telegram_token
    if token is None:
        return []
    key = secret_key(token.get_secret_value())
    check = InitDataCheck(key, settings.mini_app.init_data_max_age_seconds, game.deps.clock)
    return routes(game, check, settings.mini_app.telegram_script_url, invite_link)


def routes(
    game: Game, check: InitDataCheck, script_url: str, invite_link: Callable[[str], str | None]
) -> list[BaseRoute]:
    """The /app mount. `invite_link(code)` is the bot's deep link (None while the bot's name is unknown)."""
    page = _page(script_url)
    page_headers = {**NO_STORE, "content-security-policy": _policy(script_url)}
    languages = LanguageMemo(game.language)

    def api(handler: Handler, opens: bool) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            try:
                caller = check.caller(request)
            except InitDataError as exc:
                log.info("mini app call refused: %s", exc)
                # Nobody is known yet: the refusal in the language the device asks pages in.
                with texts.speaking(browser_language(request)):
                    return Json({"error": texts.MINI_APP_REFUSED}, status_code=401)
            # Every answer in the player's language: their /language choice, else their Telegram app's.
            chosen = await languages.chosen(caller.user, caller.auth_date, fresh=opens)
            with texts.speaking(texts.pick(chosen, caller.locale)):
                try:
                    result = await handler(request, caller)
                except BadRequest as exc:
                    return Json({"error": str(exc)}, status_code=400)
                except GameError as exc:
                    return Json({"error": texts.refusal(exc), "kind": type(exc).__name__}, status_code=409)
            return result if isinstance(result, Response) else Json(result)

        return endpoint

    async def start(request: Request, caller: Caller) -> dict[str, Any]:
        """Opening the app joins the game like /start (the launch link's start_param is the invite code)."""
        try:
            welcome = await game.start(caller.user, caller.start_param, caller.locale)
        except ReferralError:  # an old invite link reopened by a player who joined long ago
            welcome = await game.start(caller.user, locale=caller.locale)
        # The page's own words come with the first call, in the player's language (the page itself is the same
        # for everyone: it is served before the init data says who is looking).
        return {
            "message": texts.welcome(welcome),
            "card": views.card(welcome.prompt),
            "language": texts.current(),
            "labels": texts.MINI_APP_LABELS,
        }

    async def card(request: Request, caller: Caller) -> dict[str, Any]:
        try:
            return {"card": views.card(await game.next_task(caller.user))}
        except NoTasks as exc:
            return {"card": None, "message": texts.refusal(exc)}

    async def answer(request: Request, caller: Caller) -> dict[str, Any]:
        body = await _body(request)
        return views.outcome(await game.answer(caller.user, task_id_of(body), choice_of(body)))

    async def skip(request: Request, caller: Caller) -> dict[str, Any]:
        """ "Not sure" sets the task aside, as the chat's skip button does, and serves the next card."""
        result = await game.answer(caller.user, task_id_of(await _body(request)), SKIP)
        if result.next_prompt is not None or not result.repeated:
            return {"card": views.card(result.next_prompt)}
        try:  # pressed again on a task already set aside: the current card, as when the app reopens
            return {"card": views.card(await game.next_task(caller.user))}
        except NoTasks as exc:
            return {"card": None, "message": texts.refusal(exc)}

    async def check_in(request: Request, caller: Caller) -> dict[str, Any]:
        return views.check_in(await game.check_in(caller.user))

    async def profile(request: Request, caller: Caller) -> dict[str, Any]:
        return views.profile(await game.profile(caller.user))

    async def leaderboard(request: Request, caller: Caller) -> dict[str, Any]:
        return views.leaderboard(await game.leaderboard(caller.user))

    async def invite(request: Request, caller: Caller) -> dict[str, Any]:
        facts = await game.invite(caller.user)
        return views.invite(facts, invite_link(facts.code))

    async def image(request: Request, caller: Caller) -> Response:
        path = await game.task_image(caller.user, task_id_of(request.path_params))
        if path is None or not path.is_file():
            return Json({"error": texts.MINI_APP_LABELS["offline"]}, status_code=404)
        # Private: the picture is this player's task; no shared cache may keep it.
        return FileResponse(path, headers={"cache-control": "private, max-age=600"})

    async def index(request: Request) -> Response:
        return HTMLResponse(page, headers=page_headers)

    # Routes are tried in order: the call made on every swipe first.
    calls: list[tuple[str, Handler, str]] = [
        ("/api/answer", answer, "POST"),
        ("/api/start", start, "POST"),
        ("/api/card", card, "GET"),
        ("/api/skip", skip, "POST"),
        ("/api/check-in", check_in, "POST"),
        ("/api/profile", profile, "GET"),
        ("/api/leaderboard", leaderboard, "GET"),
        ("/api/invite", invite, "GET"),
        ("/api/image/{task_id}", image, "GET"),
    ]
    app_routes: list[BaseRoute] = [
        Route(path, api(handler, opens=handler is start), methods=[method]) for path, handler, method in calls
    ]
    app_routes += [
        Route("/", index, methods=["GET"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="mini-app-static"),
    ]
    return [Mount("/app", routes=app_routes)]


def browser_language(request: Request) -> str | None:
    """The first language of the request's Accept-Language ("ru-RU,ru;q=0.9,en;q=0.8" -> "ru-RU")."""
    first = request.headers.get("accept-language", "").split(",")[0]
    return first.split(";")[0].strip() or None


def _policy(script_url: str) -> str:
    """The browser itself refuses anything from elsewhere: our assets, our API, Telegram's script only."""
    parts = urlsplit(script_url)
    script = f"'self' {parts.scheme}://{parts.netloc}" if parts.scheme else "'self'"
    return (
        f"default-src 'self'; script-src {script}; img-src 'self' blob:; connect-src 'self'; "
        "style-src 'self'; object-src 'none'; base-uri 'none'"
    )


def _page(script_url: str) -> str:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))
    return env.get_template("index.html").render(
        script_url=script_url, labels_json=json.dumps(texts.MINI_APP_LABELS), labels=texts.MINI_APP_LABELS
    )


async def _body(request: Request) -> dict[str, Any]:
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_BODY_BYTES:  # an answer is a task id and a choice key; nothing more is read
            raise BadRequest(texts.MINI_APP_NOT_JSON)
    try:
        body = json.loads(raw or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise BadRequest(texts.MINI_APP_NOT_JSON) from None
    if not isinstance(body, dict):
        raise BadRequest(texts.MINI_APP_NOT_JSON)
    return body
