"""`/api/v1/account` (the deposit and its reference) and a job's money: fund its pool from the deposit, see what
it spent and has left."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.game.money.treasury import points_as_tokens
from core.game.requesters.money import JobMoney
from core.settings import RewardSettings
from core.types.requesters import RequesterInfo
from web.requesters.endpoint import Api, ok, read_json
from web.requesters.problems import Problem


def money_json(money: JobMoney, rules: RewardSettings) -> dict[str, Any]:
    figures = ("deposit", "left", "funded", "spent", "refunded")
    return {
        "job_id": money.job_id,
        **{name: getattr(money, name) for name in figures},
        **{f"{name}_tokens": points_as_tokens(getattr(money, name), rules) for name in figures},
        "items_paid": money.items_paid,
        "reward_per_item": money.reward_per_item,
        "spent_per_item": money.spent // money.items_paid if money.items_paid else 0,
    }


def routes(api: Api) -> list[Route]:
    requesters = api.game.requesters
    rules = api.game.deps.settings.rewards

    async def account(request: Request, requester: RequesterInfo) -> Response:
        """Who the key belongs to, its deposit (points and tokens) and the reference its token transfers carry."""
        deposit = await requesters.deposit_of(requester)
        return ok(
            {
                "id": requester.requester_id,
                "name": requester.name,
                "reference": requester.reference,
                "deposit": deposit,
                "deposit_tokens": points_as_tokens(deposit, rules),
            }
        )

    async def fund(request: Request, requester: RequesterInfo) -> Response:
        """Move tokens from the deposit into the job's pool (402 when the deposit holds less)."""
        body = await read_json(request)
        if set(body) != {"tokens"} or not isinstance(body["tokens"], (str, int, float)) or body["tokens"] is True:
            raise Problem(422, 'Send {"tokens": "12.5"}.', slug="bad-terms")
        money = await requesters.fund(requester, request.path_params["job_id"], str(body["tokens"]))
        return ok(money_json(money, rules))

    async def job_money(request: Request, requester: RequesterInfo) -> Response:
        """The job's pool: funded, spent on settled items, refunded on closing, left; the deposit beside it."""
        return ok(money_json(await requesters.money(requester, request.path_params["job_id"]), rules))

    return [
        Route("/account", api.endpoint("jobs:read", account), methods=["GET"]),
        Route("/jobs/{job_id:int}/fund", api.endpoint("money:write", fund), methods=["POST"]),
        Route("/jobs/{job_id:int}/money", api.endpoint("jobs:read", job_money), methods=["GET"]),
    ]
