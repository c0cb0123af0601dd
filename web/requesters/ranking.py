"""`/api/v1/jobs/{id}/ranking`: a comparison job's systems by Bradley-Terry rating, as JSON or a CSV download."""

from __future__ import annotations

import csv
import io
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.game.export.text_formats import safe_cell
from core.types import SystemRating
from core.types.requesters import RequesterInfo
from web.requesters.endpoint import Api, ok
from web.requesters.openapi_parts import JOB_ID, op
from web.requesters.problems import Problem

COLUMNS = ("rank", "system", "rating", "low", "high", "games")
FORMATS = ("json", "csv")


def ranking_rows(ranking: tuple[SystemRating, ...]) -> list[dict[str, Any]]:
    """Best first; ratings on the arena scale (mean 1000), rounded to a tenth as arenas publish them."""
    return [
        {
            "rank": rank,
            "system": rated.system,
            "rating": round(rated.rating, 1),
            "low": round(rated.low, 1),
            "high": round(rated.high, 1),
            "games": rated.games,
        }
        for rank, rated in enumerate(ranking, start=1)
    ]


def ranking_csv(ranking: tuple[SystemRating, ...]) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    # System names come from the requester's own upload, but a spreadsheet would still run one as a formula.
    writer.writerows([safe_cell(v) if isinstance(v, str) else v for v in row.values()] for row in ranking_rows(ranking))
    return out.getvalue()


def routes(api: Api) -> list[Route]:
    requesters = api.game.requesters

    async def ranking(request: Request, requester: RequesterInfo) -> Response:
        """The job's systems from its settled pairs, best first; `format=csv` for a file."""
        fmt = request.query_params.get("format", "json")
        if fmt not in FORMATS:
            raise Problem(400, f"format: one of {', '.join(FORMATS)}", slug="bad-query")
        job_id = request.path_params["job_id"]
        found = await requesters.ranking(requester, job_id)
        if fmt == "csv":
            headers = {"Content-Disposition": f'attachment; filename="job-{job_id}-ranking.csv"'}
            return Response(ranking_csv(found), media_type="text/csv", headers=headers)
        return ok({"job_id": job_id, "method": METHOD, "ranking": ranking_rows(found)})

    return [Route("/jobs/{job_id:int}/ranking", api.endpoint("jobs:read", ranking), methods=["GET"])]


METHOD = "bradley-terry; ties count half a win, both-bad is left out; 95% percentile bootstrap intervals"
RANKING_PATHS: dict[str, Any] = {
    "/api/v1/jobs/{job_id}/ranking": {
        "get": op(
            "A comparison job's systems (system_a/system_b of its items) ranked from the settled pairs: "
            "Bradley-Terry ratings (mean 1000, 400 points per tenfold odds) with 95% bootstrap intervals",
            "jobs:read",
            {
                "200": {
                    "description": "best first; as CSV with format=csv",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Ranking"}},
                        "text/csv": {"schema": {"type": "string", "description": "columns: " + ",".join(COLUMNS)}},
                    },
                }
            },
            400,
            404,
            params=[
                JOB_ID,
                {"name": "format", "in": "query", "schema": {"type": "string", "enum": list(FORMATS)}},
            ],
        ),
    },
}
RANKING_SCHEMAS: dict[str, Any] = {
    "Ranking": {
        "type": "object",
        "properties": {
            "job_id": {"type": "integer"},
            "method": {"type": "string"},
            "ranking": {
                "type": "array",
                "description": "best first; empty until pairs naming their systems have settled",
                "items": {
                    "type": "object",
                    "properties": {
                        "rank": {"type": "integer", "minimum": 1},
                        "system": {"type": "string"},
                        "rating": {"type": "number"},
                        "low": {"type": "number", "description": "2.5th percentile over bootstrap resamples"},
                        "high": {"type": "number", "description": "97.5th percentile"},
                        "games": {"type": "integer", "description": "settled pairs it took part in (not both-bad)"},
                    },
                },
            },
        },
    },
}
