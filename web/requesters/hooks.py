"""`/api/v1/webhook` (where events go, and the secret that signs them) and a job's delivery log."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.types.requesters import RequesterInfo
from web.requesters.endpoint import Api, ok, read_json
from web.requesters.problems import Problem


def routes(api: Api) -> list[Route]:
    requesters = api.game.requesters

    async def set_webhook(request: Request, requester: RequesterInfo) -> Response:
        """Send events (item.settled, job.done) to this URL; the answer holds the signing secret, shown once."""
        body = await read_json(request)
        if set(body) != {"url"} or not isinstance(body["url"], str):
            raise Problem(422, 'Send {"url": "https://..."}.', slug="bad-terms")
        secret = await requesters.set_webhook(requester, body["url"])
        return ok({"url": body["url"].strip(), "secret": secret})

    async def deliveries(request: Request, requester: RequesterInfo) -> Response:
        """The job's webhook deliveries, newest first: event, status, attempts and the receiver's last answer."""
        found = await requesters.deliveries(requester, request.path_params["job_id"])
        return ok(
            {
                "deliveries": [
                    {
                        "id": d.delivery_id,
                        "event": d.event,
                        "ref": d.ref,
                        "status": d.status,
                        "attempts": d.attempts,
                        "last_status": d.last_status,
                        "last_error": d.last_error,
                        "created_at": d.created_at.isoformat(),
                        "delivered_at": d.delivered_at.isoformat() if d.delivered_at else None,
                    }
                    for d in found
                ]
            }
        )

    return [
        Route("/webhook", api.endpoint("jobs:write", set_webhook), methods=["PUT"]),
        Route("/jobs/{job_id:int}/deliveries", api.endpoint("jobs:read", deliveries), methods=["GET"]),
    ]
