"""Pieces of the OpenAPI document: parameters, responses, operations (shared by the route groups' paths)."""

from __future__ import annotations

from typing import Any

PROBLEM = {"$ref": "#/components/schemas/Problem"}
JOB_ID = {"name": "job_id", "in": "path", "required": True, "schema": {"type": "integer"}}
IDEMPOTENCY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "Retrying with the same key replays the first answer instead of doing the work again.",
    "schema": {"type": "string", "maxLength": 255},
}


AFTER = {
    "name": "after",
    "in": "query",
    "schema": {"type": "integer", "minimum": 0},
    "description": "next_after of the previous page (0: from the start)",
}
LIMIT = {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1}}
NEXT = {"type": ["integer", "null"], "description": "pass as `after` for the next page; null: last page"}
REJECTION = {"type": "object", "properties": {"where": {"type": "string"}, "reason": {"type": "string"}}}
RESULT = {
    "type": "object",
    "properties": {
        "id": {"type": "string"},
        "label": {"type": ["string", "null"]},
        "confidence": {"type": ["number", "null"]},
        "ambiguous": {"type": "boolean"},
        "label_counts": {"type": "object", "description": "counted answers per label, the most frequent first"},
        "answers": {
            "type": "array",
            "description": "in time order; `worker` is a pseudonym that holds within this page only",
            "items": {
                "type": "object",
                "properties": {
                    "worker": {"type": "string"},
                    "choice": {"type": "string"},
                    "answered_at": {"type": "string", "format": "date-time"},
                    "counted": {"type": "boolean"},
                },
            },
        },
    },
}


def upload(summary: str) -> dict[str, Any]:
    operation = op(
        summary,
        "jobs:write",
        {"201": body_of("Import", "imported")},
        404,
        409,
        413,
        415,
        422,
        params=[JOB_ID, IDEMPOTENCY],
    )
    operation["requestBody"] = {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}
            }
        },
    }
    return operation


def refusals(*codes: int) -> dict[str, Any]:
    return {
        str(code): {"description": "refused", "content": {"application/problem+json": {"schema": PROBLEM}}}
        for code in codes
    }


def json_ok(ref: str, description: str = "ok") -> dict[str, Any]:
    return {"200": body_of(ref, description)}


def body_of(ref: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}},
    }


def op(
    summary: str, scope: str, ok: dict[str, Any], *codes: int, params: list[Any] | None = None, body: str | None = None
) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "summary": summary,
        "security": [{"apiKey": [scope]}],
        "parameters": params or [],
        "responses": {**ok, **refusals(401, 403, 429, *codes)},
    }
    if body is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{body}"}}},
        }
    return operation
