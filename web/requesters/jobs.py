"""`/api/v1/jobs`: create, list, read, change terms while draft, start, pause, resume, close."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.types import CampaignInfo, level_number
from core.types.requesters import RequesterInfo
from web.requesters.endpoint import Api, Handler, ok, read_json
from web.requesters.problems import Problem

# API names of a job's terms -> the campaign's; `kind` and `community_id` are given apart on creation.
TERMS = {
    "name": "name",
    "question": "question",
    "choices": "choices",
    "instructions": "instructions",
    "min_overlap": "min_overlap",
    "max_overlap": "max_overlap",
    "target_confidence": "target_confidence",
    "gold_rate": "gold_rate",
    "reward_per_item": "points_per_item",
    "deadline": "deadline",
    "level": "level",
    "gold_feedback": "gold_feedback",
    "community_id": "community_id",
    "min_reputation": "min_reputation",
    "onboarding_gold": "onboarding_gold",
    "model_assist": "model_assist",
}
ACTIONS = ("start", "pause", "resume", "close")


def job_json(job: CampaignInfo) -> dict[str, Any]:
    return {
        "id": job.campaign_id,
        "name": job.name,
        "kind": job.kind.value,
        "status": job.status.value,
        "question": job.question,
        "choices": [{"key": c.key, "label": c.label} for c in job.choices],
        "instructions": job.instructions,
        "min_overlap": job.min_overlap,
        "max_overlap": job.max_overlap,
        "target_confidence": job.target_confidence,
        "gold_rate": job.gold_rate,
        "reward_per_item": job.points_per_item,
        "deadline": job.deadline.isoformat() if job.deadline else None,
        "community_id": job.community_id,
        "level": level_number(job.level),
        "gold_feedback": job.gold_feedback,
        "min_reputation": job.min_reputation,
        "onboarding_gold": job.onboarding_gold,
        "model_assist": job.model_assist,
        "items": job.items,
    }


def terms_of(body: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    """The body's terms under the campaign's names; unknown fields are refused by name."""
    allowed = set(TERMS) | ({"kind"} if creating else set())
    unknown = sorted(set(body) - allowed)
    if unknown:
        raise Problem(
            422, f"{unknown[0]!r} is not a term of a job; terms: {', '.join(sorted(allowed))}", slug="bad-terms"
        )
    terms = {TERMS[key]: value for key, value in body.items() if key != "kind"}
    if "choices" in terms:
        terms["choices"] = _choices(terms["choices"])
    return terms


def _choices(value: Any) -> Any:
    """`[{"key": "yes", "label": "Yes"}, ...]`, `["yes", "no"]` or `{"yes": "Yes"}` as the campaign's pairs."""
    if isinstance(value, list):
        pairs = []
        for choice in value:
            if isinstance(choice, dict) and set(choice) <= {"key", "label"} and "key" in choice:
                pairs.append((choice["key"], choice.get("label", choice["key"])))
            elif isinstance(choice, str):
                pairs.append((choice, choice))
            else:
                raise Problem(422, 'choices: each is a string or {"key": ..., "label": ...}', slug="bad-terms")
        return pairs
    if isinstance(value, dict):
        return list(value.items())
    raise Problem(422, "choices: a list of choices or an object of key: label", slug="bad-terms")


def routes(api: Api) -> list[Route]:
    requesters = api.game.requesters

    async def create(request: Request, requester: RequesterInfo) -> Response:
        """Create a draft job."""
        body = await read_json(request)
        terms = terms_of(body, creating=True)
        if "kind" not in body or "name" not in body:
            raise Problem(422, "a job needs at least a kind, a name, a question and choices", slug="bad-terms")
        community_id = terms.pop("community_id", None)
        if community_id is not None and not isinstance(community_id, int):
            raise Problem(422, "community_id: a whole number", slug="bad-terms")
        job = await requesters.create_job(requester, kind=str(body["kind"]), community_id=community_id, **terms)
        return ok(job_json(job), 201)

    async def listing(request: Request, requester: RequesterInfo) -> Response:
        """The requester's jobs."""
        return ok({"jobs": [job_json(job) for job in await requesters.jobs(requester)]})

    async def read(request: Request, requester: RequesterInfo) -> Response:
        """One job."""
        return ok(job_json(await requesters.job(requester, request.path_params["job_id"])))

    async def update(request: Request, requester: RequesterInfo) -> Response:
        """New terms, while the job is a draft."""
        terms = terms_of(await read_json(request), creating=False)
        return ok(job_json(await requesters.update_job(requester, request.path_params["job_id"], **terms)))

    def status(action: str) -> Handler:
        async def change(request: Request, requester: RequesterInfo) -> Response:
            job = await requesters.change_status(requester, request.path_params["job_id"], action)
            return ok(job_json(job))

        change.__doc__ = f"{action.capitalize()} the job."
        return change

    return [
        Route("/jobs", api.endpoint("jobs:write", create), methods=["POST"]),
        Route("/jobs", api.endpoint("jobs:read", listing), methods=["GET"]),
        Route("/jobs/{job_id:int}", api.endpoint("jobs:read", read), methods=["GET"]),
        Route("/jobs/{job_id:int}", api.endpoint("jobs:write", update), methods=["PATCH"]),
        *(
            Route(f"/jobs/{{job_id:int}}/{action}", api.endpoint("jobs:write", status(action)), methods=["POST"])
            for action in ACTIONS
        ),
    ]
