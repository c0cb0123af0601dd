"""The console's pages. A signed-in requester's API key rides in an HttpOnly, SameSite=Strict cookie, so another
site can neither read it nor make the browser post with it; every page checks it like an API call."""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from core.content.limits import UploadLimits
from core.errors import BadApiKey, GameError, PackRejected, UnknownJob
from core.game.game import Game
from core.types import ExportFormat, PackForm, TaskKind, level_number
from core.types.requesters import RequesterInfo
from web.console.chart import bars
from web.console.job_form import job_terms
from web.requesters.jobs import ACTIONS
from web.requesters.problems import Problem
from web.requesters.uploads import receive_file

COOKIE = "chatlabel_console"
# The buttons a job page offers in each status (the core refuses the others anyway).
ALLOWED = {"draft": ("start", "close"), "active": ("pause", "close"), "paused": ("resume", "close"), "closed": ()}
Page = Callable[[Request, RequesterInfo], Awaitable[Response]]


class Console:
    def __init__(self, game: Game, templates: Jinja2Templates, upload_limits: UploadLimits) -> None:
        self.game = game
        self.requesters = game.requesters
        self.templates = templates
        self.upload_limits = upload_limits
        self.data_dir = game.deps.settings.data_dir.resolve()

    def routes(self) -> list[Route]:
        signed = self.signed_in
        return [
            Route("/", self.sign_in_page, methods=["GET"]),
            Route("/sign-in", self.sign_in, methods=["POST"]),
            Route("/sign-out", self.sign_out, methods=["POST"]),
            Route("/jobs", signed(self.jobs), methods=["GET"]),
            Route("/jobs/new", signed(self.new_job), methods=["GET", "POST"]),
            Route("/jobs/{job_id:int}", signed(self.job), methods=["GET"]),
            Route("/jobs/{job_id:int}/items", signed(self.upload), methods=["POST"]),
            Route("/jobs/{job_id:int}/export", signed(self.export), methods=["GET"]),
            Route("/jobs/{job_id:int}/fund", signed(self.fund), methods=["POST"]),
            *(Route(f"/jobs/{{job_id:int}}/{a}", signed(self.action(a)), methods=["POST"]) for a in ACTIONS),
        ]

    def page(self, request: Request, name: str, status: int = 200, **context: Any) -> Response:
        return self.templates.TemplateResponse(request, name, context, status_code=status)

    def signed_in(self, page: Page) -> Callable[[Request], Awaitable[Response]]:
        async def call(request: Request) -> Response:
            try:
                requester = await self.requesters.authenticate(request.cookies.get(COOKIE, ""))
            except BadApiKey:
                return RedirectResponse("/console/", status_code=303)
            try:
                return await page(request, requester)
            except GameError as exc:
                return self.page(
                    request,
                    "error.html",
                    404 if isinstance(exc, UnknownJob) else 400,
                    requester=requester,
                    message=exc.user_message,
                )

        return call

    async def sign_in_page(self, request: Request) -> Response:
        """Sign in with an API key."""
        return self.page(request, "sign_in.html")

    async def sign_in(self, request: Request) -> Response:
        key = str((await request.form()).get("key", "")).strip()
        try:
            await self.requesters.authenticate(key)
        except BadApiKey as exc:
            return self.page(request, "sign_in.html", 401, error=exc.user_message)
        response = RedirectResponse("/console/jobs", status_code=303)
        secure = request.url.scheme == "https"
        response.set_cookie(COOKIE, key, httponly=True, samesite="strict", secure=secure, path="/console")
        return response

    async def sign_out(self, request: Request) -> Response:
        response = RedirectResponse("/console/", status_code=303)
        response.delete_cookie(COOKIE, path="/console")
        return response

    async def jobs(self, request: Request, requester: RequesterInfo) -> Response:
        """The requester's jobs."""
        return self.page(request, "jobs.html", requester=requester, jobs=await self.requesters.jobs(requester))

    async def new_job(self, request: Request, requester: RequesterInfo) -> Response:
        """Create a job: the form, and its submission."""
        kinds = [kind.value for kind in TaskKind]
        if request.method == "GET":
            return self.page(request, "new_job.html", requester=requester, kinds=kinds, form={})
        form = {key: str(value).strip() for key, value in (await request.form()).items()}
        kind, community, terms = job_terms(form)
        try:
            job = await self.requesters.create_job(requester, kind=kind, community_id=community, **terms)
        except GameError as exc:
            return self.page(
                request, "new_job.html", 422, requester=requester, kinds=kinds, form=form, error=exc.user_message
            )
        return RedirectResponse(f"/console/jobs/{job.campaign_id}", status_code=303)

    async def job(self, request: Request, requester: RequesterInfo) -> Response:
        """Who may work on it, progress, the charts, money spent and left, what players set aside, webhook
        deliveries, the latest results."""
        job_id = request.path_params["job_id"]
        job = await self.requesters.job(requester, job_id)
        stats = await self.requesters.stats(requester, job_id)
        results = await self.requesters.results(requester, job_id, limit=10)
        deliveries = await self.requesters.deliveries(requester, job_id, limit=10)
        money = await self.requesters.money(requester, job_id)
        return self.page(
            request,
            "job.html",
            requester=requester,
            job=job,
            stats=stats,
            results=results.items,
            deliveries=deliveries,
            chart=bars(stats.label_distribution),
            daily=bars(stats.settled_by_day),
            money=money,
            level=level_number(job.level),
            formats=[f.value for f in ExportFormat],
            actions=ACTIONS,
            allowed=ALLOWED[job.status.value],
        )

    async def upload(self, request: Request, requester: RequesterInfo) -> Response:
        """Items from the form's file (sent by the page's script, which shows the progress); answers JSON."""
        job_id = request.path_params["job_id"]
        try:
            await self.requesters.check_upload(requester, job_id)
            path = await receive_file(request, self.data_dir / "uploads", self.upload_limits.max_upload_bytes)
        except Problem as exc:
            return JSONResponse({"ok": False, "message": exc.detail, "rejected": []}, status_code=exc.status)
        try:
            form: PackForm = "zip" if path.suffix == ".zip" else "items_file"
            result = await self.requesters.import_items(requester, job_id, path, form=form, limits=self.upload_limits)
        except PackRejected as exc:
            rejected = [{"where": r.where, "reason": r.reason} for r in exc.rejected]
            return JSONResponse({"ok": False, "message": exc.user_message, "rejected": rejected}, status_code=422)
        finally:
            shutil.rmtree(path.parent, ignore_errors=True)
        rejected = [{"where": r.where, "reason": r.reason} for r in result.rejected]
        message = f"{result.items} items imported ({result.gold_items} gold), {len(rejected)} rows refused."
        return JSONResponse({"ok": True, "message": message, "rejected": rejected})

    async def export(self, request: Request, requester: RequesterInfo) -> Response:
        """Download the results in the chosen format, streamed from a file."""
        name = request.query_params.get("format", "csv")
        fmt = ExportFormat(name) if name in {f.value for f in ExportFormat} else ExportFormat.CSV
        folder = self.data_dir / "exports" / f"requester-{requester.requester_id}" / secrets.token_hex(8)
        try:
            done = await self.requesters.export(
                requester, request.path_params["job_id"], fmt.value, folder / f"job{fmt.suffix}"
            )
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        cleanup = BackgroundTask(shutil.rmtree, folder, ignore_errors=True)
        return FileResponse(done.path, filename=f"job-{done.campaign_id}{fmt.suffix}", background=cleanup)

    async def fund(self, request: Request, requester: RequesterInfo) -> Response:
        """Fund the job's pool from the deposit; a refusal comes back as the page's note."""
        job_id = request.path_params["job_id"]
        tokens = str((await request.form()).get("tokens", "")).strip()
        try:
            await self.requesters.fund(requester, job_id, tokens)
        except GameError as exc:
            return RedirectResponse(f"/console/jobs/{job_id}?note={quote(exc.user_message)}", status_code=303)
        return RedirectResponse(f"/console/jobs/{job_id}", status_code=303)

    def action(self, action: str) -> Page:
        async def change(request: Request, requester: RequesterInfo) -> Response:
            job_id = request.path_params["job_id"]
            try:
                await self.requesters.change_status(requester, job_id, action)
            except GameError as exc:
                return RedirectResponse(f"/console/jobs/{job_id}?note={quote(exc.user_message)}", status_code=303)
            return RedirectResponse(f"/console/jobs/{job_id}", status_code=303)

        return change
