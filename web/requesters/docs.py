"""OpenAPI: the schema at /api/v1/openapi.json, and /docs, a page of ours that renders it (no CDN)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from core.types import ExportFormat, TaskKind
from web.requesters.money_docs import MONEY_PATHS, MONEY_SCHEMAS
from web.requesters.openapi_parts import (
    AFTER,
    IDEMPOTENCY,
    JOB_ID,
    LIMIT,
    NEXT,
    REJECTION,
    RESULT,
    body_of,
    json_ok,
    op,
    upload,
)
from web.requesters.ranking import RANKING_PATHS, RANKING_SCHEMAS

STATIC = Path(__file__).with_name("static")
# The next page (as next_after), for a client that asks for it before parsing the page it has.
NEXT_LINK = {"description": '<...&after=N>; rel="next", absent on the last page', "schema": {"type": "string"}}


def schema() -> dict[str, Any]:
    terms = {
        "name": {"type": "string", "maxLength": 80},
        "question": {"type": "string", "maxLength": 300},
        "choices": {
            "type": "array",
            "items": {"type": "object", "properties": {"key": {"type": "string"}, "label": {"type": "string"}}},
        },
        "instructions": {"type": "string", "maxLength": 2000},
        "min_overlap": {"type": "integer", "minimum": 1, "maximum": 100},
        "max_overlap": {"type": "integer", "minimum": 1, "maximum": 100},
        "target_confidence": {"type": "number", "exclusiveMinimum": 0.5, "maximum": 1},
        "gold_rate": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
        "reward_per_item": {"type": "integer", "minimum": 0, "description": "points paid per settled item"},
        "deadline": {"type": ["string", "null"], "format": "date-time"},
        "level": {
            "type": "integer",
            "minimum": 1,
            "description": "the lowest level that may work on it (from 1)",
        },
        "community_id": {"type": ["integer", "null"], "description": "only this community's members work on it"},
        "gold_feedback": {"type": "boolean"},
        "min_reputation": {
            "type": ["number", "null"],
            "minimum": 0,
            "description": "the reputation a player needs in the job's community (players start at 1)",
        },
        "onboarding_gold": {
            "type": "integer",
            "minimum": 0,
            "maximum": 100,
            "description": "gold items a player must answer right, all of them, before the job's other items",
        },
        "model_assist": {
            "type": "boolean",
            "description": "a model trained on the job's settled items and gold answers its open items as one more "
            "worker, weighed by its agreement with the crowd (text and image tasks with choices)",
        },
    }
    kinds = {"type": "string", "enum": [kind.value for kind in TaskKind]}
    job = {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "status": {"type": "string", "enum": ["draft", "active", "paused", "closed"]},
            "kind": kinds,
            **terms,
            "items": {"type": "integer"},
        },
    }
    transitions = {
        f"/api/v1/jobs/{{job_id}}/{action}": {
            "post": op(
                f"{action.capitalize()} the job",
                "jobs:write",
                json_ok("Job"),
                404,
                409,
                422,
                params=[JOB_ID, IDEMPOTENCY],
            )
        }
        for action in ("start", "pause", "resume", "close")
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "chatlabel requester API", "version": "1"},
        "paths": {
            "/api/v1/jobs": {
                "get": op("The jobs you posted", "jobs:read", json_ok("JobList")),
                "post": op(
                    "Create a draft job",
                    "jobs:write",
                    {"201": body_of("Job", "created")},
                    409,
                    413,
                    415,
                    422,
                    params=[IDEMPOTENCY],
                    body="NewJob",
                ),
            },
            "/api/v1/jobs/{job_id}": {
                "get": op("One of your jobs", "jobs:read", json_ok("Job"), 404, params=[JOB_ID]),
                "patch": op(
                    "Change the terms of a draft job",
                    "jobs:write",
                    json_ok("Job"),
                    404,
                    409,
                    422,
                    params=[JOB_ID],
                    body="Terms",
                ),
            },
            **transitions,
            "/api/v1/jobs/{job_id}/items": {
                "post": upload("Upload items (JSONL, CSV or ZIP); the answer names every refused row"),
                "get": op(
                    "Every item and its state, a page at a time",
                    "jobs:read",
                    json_ok("ItemPage"),
                    404,
                    params=[JOB_ID, AFTER, LIMIT],
                ),
            },
            "/api/v1/jobs/{job_id}/gold": {"post": upload("Upload gold items (each row with its known_answer)")},
            "/api/v1/jobs/{job_id}/results": {
                "get": op(
                    "Settled items: label, confidence, answers, per-label counts, ambiguous flag",
                    "jobs:read",
                    {"200": {**body_of("ResultPage", "ok"), "headers": {"Link": NEXT_LINK}}},
                    404,
                    422,
                    params=[JOB_ID, AFTER, LIMIT],
                ),
            },
            "/api/v1/jobs/{job_id}/export": {
                "get": op(
                    "The results as a file, streamed",
                    "jobs:read",
                    {"200": {"description": "the file (CSV, JSONL, Label Studio JSON or Parquet)"}},
                    400,
                    404,
                    params=[
                        JOB_ID,
                        {
                            "name": "format",
                            "in": "query",
                            "schema": {"type": "string", "enum": [f.value for f in ExportFormat]},
                        },
                    ],
                ),
            },
            "/api/v1/jobs/{job_id}/deliveries": {
                "get": op(
                    "The job's webhook delivery log, newest first",
                    "jobs:read",
                    json_ok("Deliveries"),
                    404,
                    params=[JOB_ID],
                ),
            },
            **MONEY_PATHS,
            **RANKING_PATHS,
            "/api/v1/webhook": {
                "put": op(
                    "Send item.settled and job.done events to a URL; answers the signing secret once",
                    "jobs:write",
                    json_ok("Webhook"),
                    400,
                    422,
                    body="WebhookIn",
                ),
            },
        },
        "components": {
            "securitySchemes": {
                "apiKey": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "`chatlabel requester add NAME` prints the key once.",
                }
            },
            "schemas": {
                "Problem": {
                    "type": "object",
                    "description": "RFC 9457 problem details",
                    "properties": {
                        "type": {"type": "string"},
                        "title": {"type": "string"},
                        "status": {"type": "integer"},
                        "detail": {"type": "string"},
                    },
                },
                "Terms": {"type": "object", "properties": terms, "additionalProperties": False},
                "NewJob": {
                    "type": "object",
                    "properties": {"kind": kinds, **terms},
                    "required": ["kind", "name", "question", "choices"],
                    "additionalProperties": False,
                },
                "Job": job,
                "Import": {
                    "type": "object",
                    "properties": {
                        "imported": {"type": "integer"},
                        "gold": {"type": "integer"},
                        "labels": {"type": "object"},
                        "rejected": {"type": "array", "items": REJECTION},
                    },
                },
                "ItemPage": {"type": "object", "properties": {"items": {"type": "array"}, "next_after": NEXT}},
                "ResultPage": {
                    "type": "object",
                    "properties": {"results": {"type": "array", "items": RESULT}, "next_after": NEXT},
                },
                "Deliveries": {"type": "object", "properties": {"deliveries": {"type": "array"}}},
                "WebhookIn": {
                    "type": "object",
                    "properties": {"url": {"type": "string", "format": "uri"}},
                    "required": ["url"],
                },
                "Webhook": {
                    "type": "object",
                    "properties": {
                        "url": {"type": "string"},
                        "secret": {
                            "type": "string",
                            "description": "HMAC-SHA256 key: Chatlabel-Signature is t=<unix>,v1=hex(hmac(secret, "
                            "'<t>.' + body))",
                        },
                    },
                },
                **MONEY_SCHEMAS,
                **RANKING_SCHEMAS,
                "JobList": {
                    "type": "object",
                    "properties": {"jobs": {"type": "array", "items": {"$ref": "#/components/schemas/Job"}}},
                },
            },
        },
    }


def schema_routes() -> list[Route]:
    async def openapi(request: Request) -> Response:
        """The OpenAPI document of this API."""
        return JSONResponse(schema())

    return [Route("/openapi.json", openapi, methods=["GET"])]


def page_routes() -> list[Route]:
    async def page(request: Request) -> Response:
        """The API's reference, rendered in the browser from the OpenAPI document by a script of ours."""
        return FileResponse(STATIC / "docs.html", media_type="text/html")

    async def script(request: Request) -> Response:
        return FileResponse(STATIC / "docs.js", media_type="text/javascript")

    return [Route("/docs", page, methods=["GET"]), Route("/docs/docs.js", script, methods=["GET"])]
