"""What every requester API call goes through: the key, its scope, the rate limit, Idempotency-Key on POSTs,
and refusals as problem details. A refusal comes before any side effect."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from core.content.limits import UploadLimits
from core.errors import BadApiKey, GameError, MissingScope
from core.game.game import Game
from core.types.requesters import RequesterInfo
from web.requesters.limits import RateLimiter, retry_after
from web.requesters.problems import Problem, from_error, from_problem, problem

log = logging.getLogger("chatlabel.web.requesters")
Handler = Callable[[Request, RequesterInfo], Awaitable[Response]]
MAX_JSON_BYTES = 256 * 1024
MAX_IDEMPOTENCY_KEY = 255


@dataclass
class Api:
    """The composition root's objects the route groups share."""

    game: Game
    limiter: RateLimiter
    upload_limits: UploadLimits  # the same caps as uploads in chat

    def endpoint(self, scope: str, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        async def call(request: Request) -> Response:
            try:
                requester = await self._requester(request, scope)
                if request.method == "POST" and "idempotency-key" in request.headers:
                    return await self._idempotent(request, requester, handler)
                return await handler(request, requester)
            except GameError as exc:
                return from_error(exc)
            except Problem as exc:
                return from_problem(exc)
            except Exception:
                # The traceback goes to the log (secrets are redacted there); the client learns only that it was ours.
                log.exception("requester API: %s %s failed", request.method, request.url.path)
                return problem(500, "The server failed to answer this request; it was logged. Retry later.")

        call.__doc__ = handler.__doc__
        return call

    async def _requester(self, request: Request, scope: str) -> RequesterInfo:
        scheme, _, key = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not key:
            raise BadApiKey()
        requester = await self.game.requesters.authenticate(key)
        wait = self.limiter.take(requester.requester_id)
        if wait > 0:
            raise Problem(
                429,
                "Too many requests for this API key.",
                slug="rate-limited",
                headers={"Retry-After": retry_after(wait)},
            )
        if scope not in requester.scopes:
            raise MissingScope(scope)
        return requester

    async def _idempotent(self, request: Request, requester: RequesterInfo, handler: Handler) -> Response:
        """The first answer for a key is kept (refusals too) and replayed; a failure on our side frees the key."""
        key = request.headers["idempotency-key"].strip()
        if not 1 <= len(key) <= MAX_IDEMPOTENCY_KEY or not key.isprintable():
            raise Problem(400, "The Idempotency-Key must be 1 to 255 printable characters.", slug="idempotency-key")
        fingerprint = await _fingerprint(request)
        stored = await self.game.requesters.reserve(requester, key, fingerprint)
        if stored is not None:
            media = "application/problem+json" if stored.status >= 400 else "application/json"
            replayed = {"Idempotent-Replayed": "true"}
            return Response(stored.body, status_code=stored.status, media_type=media, headers=replayed)
        try:
            try:
                response = await handler(request, requester)
            except GameError as exc:
                response = from_error(exc)
            except Problem as exc:
                response = from_problem(exc)
        except BaseException:
            await self.game.requesters.release(requester, key)
            raise
        if response.status_code >= 500:
            await self.game.requesters.release(requester, key)
            return response
        await self.game.requesters.complete(requester, key, response.status_code, bytes(response.body).decode())
        return response


async def _fingerprint(request: Request) -> str:
    """The method, path and body: a key reused for anything else is refused. Multipart bodies are hashed as
    they are read, by the upload route itself, so here only their headers count."""
    digest = hashlib.sha256(f"{request.method} {request.url.path}\n".encode())
    if request.headers.get("content-type", "").startswith("multipart/"):
        digest.update(request.headers.get("content-length", "").encode())
    else:
        digest.update(await read_body(request))
    return digest.hexdigest()


async def read_body(request: Request, cap: int = MAX_JSON_BYTES) -> bytes:
    """The body, refused with 413 as soon as it passes `cap` (a declared length is checked before reading)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise Problem(413, f"The request body may hold at most {cap} bytes.", slug="too-large")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > cap:
            raise Problem(413, f"The request body may hold at most {cap} bytes.", slug="too-large")
    request._body = bytes(body)  # later reads (the handler after the fingerprint) get the same bytes
    return request._body


async def read_json(request: Request) -> dict[str, Any]:
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        raise Problem(415, "Send the body as application/json.", slug="unsupported-media-type")
    body = await read_body(request)
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise Problem(400, "The body is not valid JSON.", slug="bad-json") from None
    if not isinstance(data, dict):
        raise Problem(422, "The body must be a JSON object.", slug="bad-json")
    return data


def ok(payload: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(payload, status_code=status)


def not_found(request: Request) -> Response:
    return problem(404, f"There is no {request.method} {request.url.path} in this API; see /docs.")
