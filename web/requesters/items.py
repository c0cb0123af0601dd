"""`/api/v1/jobs/{id}/items`, `/gold`, `/results`, `/export`: items in, labels out."""

from __future__ import annotations

import secrets
import shutil
from typing import Any

from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from core.errors import UnknownFormat
from core.game.export.source import ExportItem
from core.game.requesters.results import ResultsPage
from core.types import ExportFormat, ImportResult, PackForm
from core.types.requesters import RequesterInfo
from web.requesters.endpoint import Api, ok
from web.requesters.problems import Problem
from web.requesters.results_json import results_body
from web.requesters.uploads import receive_file

MEDIA = {
    ExportFormat.CSV: "text/csv",
    ExportFormat.JSONL: "application/x-ndjson",
    ExportFormat.LABEL_STUDIO: "application/json",
    ExportFormat.PARQUET: "application/vnd.apache.parquet",
}


def imported_json(result: ImportResult) -> dict[str, Any]:
    return {
        "job_id": result.campaign_id,
        "imported": result.items,
        "gold": result.gold_items,
        "labels": result.label_distribution,
        "rejected": [{"where": r.where, "reason": r.reason} for r in result.rejected],
    }


def item_json(item: ExportItem, *, with_answers: bool) -> dict[str, Any]:
    shown: dict[str, Any] = {
        "id": item.external_id,
        "state": item.status,
        "gold": item.gold,
        "answers_count": item.n_answers,
        "label": item.label,
        "confidence": item.confidence,
    }
    if with_answers:
        shown["ambiguous"] = item.status == "ambiguous"
        shown["label_counts"] = ResultsPage.counts(item)
        shown["answers"] = [
            {"worker": a.worker, "choice": a.choice, "answered_at": a.answered_at.isoformat(), "counted": a.counted}
            for a in item.answers
        ]
    return shown


def _whole(request: Request, name: str, default: int) -> int:
    value = request.query_params.get(name, str(default))
    if not value.isdigit() or len(value) > 18:
        raise Problem(422, f"{name}: a whole number of at least 0", slug="bad-query")
    return int(value)


def routes(api: Api) -> list[Route]:
    requesters = api.game.requesters
    data_dir = api.game.deps.settings.data_dir.resolve()

    async def upload(request: Request, requester: RequesterInfo, *, gold: bool) -> Response:
        job_id = request.path_params["job_id"]
        await requesters.check_upload(requester, job_id)  # before a byte of the body is read
        path = await receive_file(request, data_dir / "uploads", api.upload_limits.max_upload_bytes)
        try:
            if gold and path.suffix == ".zip":
                raise Problem(422, "Gold items come as a .jsonl or .csv file.", slug="upload")
            form: PackForm = "zip" if path.suffix == ".zip" else ("gold_file" if gold else "items_file")
            result = await requesters.import_items(requester, job_id, path, form=form, limits=api.upload_limits)
        finally:
            shutil.rmtree(path.parent, ignore_errors=True)
        return ok(imported_json(result), 201)

    async def items(request: Request, requester: RequesterInfo) -> Response:
        """Upload items (JSONL, CSV or ZIP); the answer lists every row refused and why."""
        return await upload(request, requester, gold=False)

    async def gold(request: Request, requester: RequesterInfo) -> Response:
        """Upload gold items: every row carries its known answer."""
        return await upload(request, requester, gold=True)

    async def listing(request: Request, requester: RequesterInfo, *, settled: bool) -> Response:
        after, limit = _whole(request, "after", 0), _whole(request, "limit", 100)
        found = await requesters.results(
            requester, request.path_params["job_id"], after=after, limit=limit, settled_only=settled
        )
        key = "results" if settled else "items"
        return ok({key: [item_json(i, with_answers=settled) for i in found.items], "next_after": found.next_after})

    async def item_list(request: Request, requester: RequesterInfo) -> Response:
        """Every item and its state, a page at a time."""
        return await listing(request, requester, settled=False)

    async def results(request: Request, requester: RequesterInfo) -> Response:
        """Settled items with label, confidence, answers and per-label counts, a page at a time."""
        after, limit = _whole(request, "after", 0), _whole(request, "limit", 100)
        rows = await requesters.settled(requester, request.path_params["job_id"], after=after, limit=limit)
        return Response(results_body(rows), media_type="application/json", headers=_next_link(request, rows.next_after))

    async def export(request: Request, requester: RequesterInfo) -> Response:
        """The results as CSV, JSONL, Label Studio JSON or Parquet, streamed from a file (never held in memory)."""
        name = request.query_params.get("format", "csv")
        try:
            fmt = ExportFormat(name)
        except ValueError:
            raise UnknownFormat(name, [f.value for f in ExportFormat]) from None
        folder = data_dir / "exports" / f"requester-{requester.requester_id}" / secrets.token_hex(8)
        try:
            done = await requesters.export(
                requester, request.path_params["job_id"], fmt.value, folder / f"job{fmt.suffix}"
            )
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        filename = f"job-{done.campaign_id}{fmt.suffix}"
        cleanup = BackgroundTask(shutil.rmtree, folder, ignore_errors=True)
        return FileResponse(done.path, media_type=MEDIA[fmt], filename=filename, background=cleanup)

    return [
        Route("/jobs/{job_id:int}/items", api.endpoint("jobs:write", items), methods=["POST"]),
        Route("/jobs/{job_id:int}/items", api.endpoint("jobs:read", item_list), methods=["GET"]),
        Route("/jobs/{job_id:int}/gold", api.endpoint("jobs:write", gold), methods=["POST"]),
        Route("/jobs/{job_id:int}/results", api.endpoint("jobs:read", results), methods=["GET"]),
        Route("/jobs/{job_id:int}/export", api.endpoint("jobs:read", export), methods=["GET"]),
    ]


def _next_link(request: Request, next_after: int | None) -> dict[str, str]:
    """The next page as an RFC 8288 link, the same as the body's next_after: a client can ask for it before it
    has parsed this page (the body comes last), so its reading and our next query overlap."""
    if next_after is None:
        return {}
    url = request.url.include_query_params(after=next_after)
    return {"Link": f'<{url.path}?{url.query}>; rel="next"'}
