"""The requester side behind one object: API keys, jobs and idempotent POSTs; each method one use case."""

from __future__ import annotations

import builtins
from pathlib import Path
from typing import Any

from core.content.limits import UploadLimits
from core.errors import NotAllowed, UnknownCampaign, UnknownJob
from core.game.admin import CampaignAdmin
from core.game.deps import GameDeps
from core.game.money.treasury import Treasury
from core.game.requesters import accounts, chain_deposits, idempotency, jobs, money, results, settled, webhooks
from core.game.requesters.accounts import principal
from core.game.requesters.chain_deposits import Credited, Transfer
from core.game.requesters.money import Deposited, JobMoney
from core.game.requesters.results import ResultsPage
from core.game.requesters.settled import SettledRows
from core.game.requesters.webhooks import Attempt, DeliveryFacts, Due
from core.types import CampaignInfo, CampaignStats, ExportResult, ImportResult, PackForm, SystemRating, TaskKind
from core.types.requesters import IssuedKey, RequesterInfo, StoredAnswer


class Requesters:
    """Jobs are named by id; another requester's job is answered as no job at all."""

    def __init__(self, deps: GameDeps, campaigns: CampaignAdmin) -> None:
        self.deps = deps
        self.campaigns = campaigns

    # --- requesters and keys (the operator's command line) ---------------------------------------------------------
    async def add(self, name: str, scopes: str = "") -> IssuedKey:
        """A new requester and its API key, returned this once."""
        return await accounts.add(self.deps, name, scopes)

    async def list(self) -> list[RequesterInfo]:
        # Below this method, `list` in the class names it: later annotations spell the type `builtins.list`.
        return await accounts.listing(self.deps)

    async def revoke(self, name: str) -> RequesterInfo:
        return await accounts.revoke(self.deps, name)

    async def authenticate(self, key: str) -> RequesterInfo:
        """The requester holding this live key; BadApiKey otherwise."""
        return await accounts.authenticate(self.deps, key)

    # --- money ------------------------------------------------------------------------------------------------------
    async def deposit(self, name: str, tokens: str, treasury: Treasury | None) -> Deposited:
        """The operator credits a requester's deposit, backed by the treasury like admin funding."""
        return await money.credit(self.deps, name, tokens, treasury)

    async def deposit_of(self, requester: RequesterInfo) -> int:
        """The requester's deposit in points: paid in, not yet put into a job's pool."""
        return await money.deposit_of(self.deps, requester)

    async def deposit_cursor(self) -> int | None:
        """The last confirmed block the deposit watcher has read."""
        return await chain_deposits.cursor(self.deps)

    async def credit_chain_deposits(
        self, transfers: builtins.list[Transfer], read_through: int
    ) -> builtins.list[Credited]:
        """Token transfers to the treasury carrying a requester's reference credit its deposit, each once."""
        return await chain_deposits.credit(self.deps, transfers, read_through)

    async def fund(self, requester: RequesterInfo, job_id: int, tokens: str) -> JobMoney:
        """Move `tokens` from the deposit into the job's pool."""
        return await money.fund(self.deps, requester, job_id, tokens)

    async def money(self, requester: RequesterInfo, job_id: int) -> JobMoney:
        """The job's pool: funded, spent on settled items, refunded, left; and the deposit beside it."""
        return await money.job_money(self.deps, requester, job_id)

    # --- jobs --------------------------------------------------------------------------------------------------------
    async def create_job(
        self, requester: RequesterInfo, *, kind: TaskKind | str, community_id: int | str | None = None, **terms: Any
    ) -> CampaignInfo:
        """A draft job; `terms` as for campaigns (name, question, choices, level, overlap, gold rate ...)."""
        return await jobs.create(self.deps, requester, kind, community_id, terms)

    async def job(self, requester: RequesterInfo, job_id: int) -> CampaignInfo:
        return await jobs.job(self.deps, requester, job_id)

    async def jobs(self, requester: RequesterInfo) -> builtins.list[CampaignInfo]:
        return await jobs.jobs(self.deps, requester)

    async def update_job(self, requester: RequesterInfo, job_id: int, **changes: Any) -> CampaignInfo:
        """New terms, while the job is a draft."""
        return await self._as_owner(
            job_id, self.campaigns.update(principal(requester), job_id, drafts_only=True, **changes)
        )

    async def change_status(self, requester: RequesterInfo, job_id: int, action: str) -> CampaignInfo:
        """start, pause, resume or close."""
        use_case = {
            "start": self.campaigns.start,
            "pause": self.campaigns.pause,
            "resume": self.campaigns.resume,
            "close": self.campaigns.close,
        }[action]
        return await self._as_owner(job_id, use_case(principal(requester), job_id))

    # --- items and results ----------------------------------------------------------------------------------------
    async def check_upload(self, requester: RequesterInfo, job_id: int) -> None:
        """Refuse before the upload is read: not the requester's job, or a closed one."""
        await self._as_owner(job_id, self.campaigns.check(principal(requester), job_id, "import"))

    async def import_items(
        self, requester: RequesterInfo, job_id: int, source: Path, *, form: PackForm, limits: UploadLimits
    ) -> ImportResult:
        """Items from an uploaded JSONL, CSV (`items_file`, `gold_file`: all gold) or ZIP, all of them or none."""
        return await self._as_owner(
            job_id, self.campaigns.import_pack(principal(requester), job_id, source, form=form, limits=limits)
        )

    async def results(
        self, requester: RequesterInfo, job_id: int, *, after: int = 0, limit: int = 100, settled_only: bool = True
    ) -> ResultsPage:
        """Settled items (label, confidence, answers) or, with `settled_only=False`, every item and its state."""
        return await results.page(self.deps, requester, job_id, after=after, limit=limit, settled_only=settled_only)

    async def settled(self, requester: RequesterInfo, job_id: int, *, after: int = 0, limit: int = 100) -> SettledRows:
        """Settled items and their answers as plain rows, for paging through results fast."""
        return await settled.settled_rows(self.deps, requester, job_id, after=after, limit=limit)

    async def stats(self, requester: RequesterInfo, job_id: int) -> CampaignStats:
        """Progress, answers, labels, labelers, gold accuracy and what settlement paid so far."""
        return await self._as_owner(job_id, self.campaigns.stats(principal(requester), job_id))

    async def ranking(self, requester: RequesterInfo, job_id: int) -> tuple[SystemRating, ...]:
        """A comparison job's systems, best first: Bradley-Terry ratings with 95% bootstrap intervals."""
        return await self._as_owner(job_id, self.campaigns.ranking(principal(requester), job_id))

    async def export(self, requester: RequesterInfo, job_id: int, fmt: str, dest: Path) -> ExportResult:
        """The job's results as a file (CSV, JSONL, Label Studio, Parquet), written a chunk at a time."""
        return await self._as_owner(job_id, self.campaigns.export(principal(requester), job_id, fmt, dest=dest))

    # --- webhooks -------------------------------------------------------------------------------------------------
    async def set_webhook(self, requester: RequesterInfo, url: str) -> str:
        """Send this requester's events to `url`; returns the new signing secret, shown this once."""
        return await webhooks.set_webhook(self.deps, requester, url)

    async def deliveries(self, requester: RequesterInfo, job_id: int, limit: int = 100) -> builtins.list[DeliveryFacts]:
        """The job's webhook delivery log, newest first."""
        return await webhooks.deliveries(self.deps, requester, job_id, limit)

    async def queue_webhook_events(self) -> int:
        """Scheduled: queue the events of settled items and finished jobs."""
        return await webhooks.queue_events(self.deps)

    async def claim_due_webhooks(self) -> builtins.list[Due]:
        return await webhooks.claim_due(self.deps)

    async def record_webhook_attempts(self, attempts: builtins.list[Attempt]) -> None:
        await webhooks.record(self.deps, attempts)

    # --- idempotent POSTs ------------------------------------------------------------------------------------------
    async def reserve(self, requester: RequesterInfo, key: str, fingerprint: str) -> StoredAnswer | None:
        return await idempotency.reserve(self.deps, requester.requester_id, key, fingerprint)

    async def complete(self, requester: RequesterInfo, key: str, status: int, body: str) -> None:
        await idempotency.complete(self.deps, requester.requester_id, key, status, body)

    async def release(self, requester: RequesterInfo, key: str) -> None:
        await idempotency.release(self.deps, requester.requester_id, key)

    async def _as_owner(self, job_id: int, call: Any) -> Any:
        # The campaign use cases refuse a requester on a campaign that isn't its own; outside, that is no job.
        try:
            return await call
        except (NotAllowed, UnknownCampaign):
            raise UnknownJob(job_id) from None
