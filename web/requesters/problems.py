"""RFC 9457 problem details: every refusal of the requester API is one `application/problem+json` object."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from starlette.responses import JSONResponse

from core import errors

MEDIA_TYPE = "application/problem+json"
# A refusal's HTTP status by the kind of GameError; anything else a requester caused is a plain 400.
STATUS: tuple[tuple[type[errors.GameError], int], ...] = (
    (errors.BadApiKey, 401),
    (errors.MissingScope, 403),
    (errors.UnknownJob, 404),
    (errors.UnknownCampaign, 404),
    (errors.NameTaken, 409),
    (errors.WrongStatus, 409),
    (errors.InvalidCampaign, 422),
    (errors.UnknownCommunity, 422),
    (errors.NotAWholeNumber, 422),
    (errors.PackRejected, 422),
    (errors.BadAmount, 422),
    (errors.DepositShort, 402),
)


class Problem(Exception):
    """A refusal the API layer itself decides (bad JSON, body too large, rate limit)."""

    def __init__(self, status: int, detail: str, *, slug: str | None = None, headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.status, self.detail, self.slug, self.headers = status, detail, slug, headers or {}


def problem(
    status: int, detail: str, *, slug: str | None = None, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    title = HTTPStatus(status).phrase
    body = {
        "type": f"/docs#problem-{slug or title.lower().replace(' ', '-')}",
        "title": title,
        "status": status,
        "detail": detail,
        **extra,
    }
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def from_error(exc: errors.GameError) -> JSONResponse:
    if isinstance(exc, errors.IdempotencyConflict):
        return problem(409 if exc.running else 422, exc.user_message, slug="idempotency-key")
    if isinstance(exc, errors.PackRejected):
        rejected = [{"where": r.where, "reason": r.reason} for r in exc.rejected]
        return problem(422, exc.user_message, slug="upload-rejected", rejected=rejected)
    status = next((code for kind, code in STATUS if isinstance(exc, kind)), 400)
    headers = {"WWW-Authenticate": 'Bearer realm="chatlabel"'} if status == 401 else None
    return problem(status, exc.user_message, headers=headers)


def from_problem(exc: Problem) -> JSONResponse:
    return problem(exc.status, exc.detail, slug=exc.slug, headers=exc.headers)
