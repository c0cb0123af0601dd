"""The OpenAPI paths and schemas of the requester's money: the account's deposit, funding a job, its money."""

from __future__ import annotations

from typing import Any

from web.requesters.openapi_parts import IDEMPOTENCY, JOB_ID, json_ok, op

POINTS = {"type": "integer", "minimum": 0}
TOKENS = {"type": "string", "description": "the same figure in tokens"}
FIGURES = ("deposit", "left", "funded", "spent", "refunded")

MONEY_PATHS: dict[str, Any] = {
    "/api/v1/account": {
        "get": op(
            "Your deposit (points and tokens) and the reference your token transfers carry",
            "jobs:read",
            json_ok("Account"),
        ),
    },
    "/api/v1/jobs/{job_id}/fund": {
        "post": op(
            "Fund the job's pool from your deposit (402: the deposit holds less)",
            "money:write",
            json_ok("JobMoney"),
            402,
            404,
            409,
            415,
            422,
            params=[JOB_ID, IDEMPOTENCY],
            body="FundIn",
        ),
    },
    "/api/v1/jobs/{job_id}/money": {
        "get": op(
            "The job's pool: funded, spent per item, refunded, left",
            "jobs:read",
            json_ok("JobMoney"),
            404,
            params=[JOB_ID],
        ),
    },
}
MONEY_SCHEMAS: dict[str, Any] = {
    "Account": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "reference": {"type": "string", "description": "16 hex digits: append them to a token transfer"},
            "deposit": POINTS,
            "deposit_tokens": TOKENS,
        },
    },
    "FundIn": {
        "type": "object",
        "properties": {"tokens": {"type": "string", "description": 'e.g. "12.5": a whole number of points'}},
        "required": ["tokens"],
        "additionalProperties": False,
    },
    "JobMoney": {
        "type": "object",
        "properties": {
            "job_id": {"type": "integer"},
            **{name: POINTS for name in FIGURES},
            **{f"{name}_tokens": TOKENS for name in FIGURES},
            "spent": {
                **POINTS,
                "description": "what the players who agreed hold: a refit's correction moves points between answers "
                "(no new spend) or takes a suspended player's pending points back into `left`",
            },
            "items_paid": POINTS,
            "reward_per_item": POINTS,
            "spent_per_item": POINTS,
        },
    },
}
