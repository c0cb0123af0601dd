"""Campaign administration behind one object: each method is one authorised use case returning frozen facts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.content.limits import DEFAULT_LIMITS, UploadLimits
from core.game import appeals
from core.game.admin import access, gold, imports, manage, ranking, stats
from core.game.admin.campaigns import CampaignRef
from core.game.deps import GameDeps
from core.game.export.run import export
from core.types import (
    AppealFacts,
    CampaignInfo,
    CampaignStats,
    CommunityRef,
    ExportFormat,
    ExportResult,
    GoldChange,
    ImportResult,
    PackForm,
    SystemRating,
    TaskKind,
    UserRef,
    WorkProgress,
)


class CampaignAdmin:
    """Campaigns are named by id or by name; every call refuses callers who aren't admins or its moderators."""

    def __init__(self, deps: GameDeps) -> None:
        self.deps = deps

    async def to_confirm(
        self, user: UserRef, campaign: CampaignRef | None, community: CommunityRef | None = None
    ) -> CommunityRef | None:
        """The community whose platform must confirm the caller's rights before a campaign command (None: none)."""
        return await access.to_confirm(self.deps, user, campaign, community)

    async def check(self, user: UserRef, campaign: CampaignRef, action: access.Action) -> None:
        """Refuse an import or an export before a file is downloaded or progress is shown."""
        await access.check(self.deps, user, campaign, action)

    async def create(
        self,
        user: UserRef,
        *,
        name: str,
        kind: TaskKind | str,
        question: str,
        choices: Any,
        community: CommunityRef | None = None,
        level: int | None = None,
        **terms: Any,
    ) -> CampaignInfo:
        """A draft campaign. `terms`: min_overlap, max_overlap, gold_rate, target_confidence, reward_pool,
        points_per_item, deadline, instructions, gold_feedback; `community`: the group or server it belongs to."""
        return await manage.create(
            self.deps,
            user,
            name=name,
            kind=kind,
            question=question,
            choices=choices,
            community=community,
            level=level,
            **terms,
        )

    async def update(
        self, user: UserRef, campaign: CampaignRef, *, drafts_only: bool = False, **changes: Any
    ) -> CampaignInfo:
        """Set terms (typed values, or text as typed in chat: "0.3", "yes=Yes,no=No", "none")."""
        return await manage.update(self.deps, user, campaign, changes, drafts_only=drafts_only)

    async def import_pack(
        self,
        user: UserRef,
        campaign: CampaignRef,
        source: Path,
        *,
        form: PackForm = "folder",
        gold_share: float | None = None,
        limits: UploadLimits = DEFAULT_LIMITS,
        progress: WorkProgress | None = None,
    ) -> ImportResult:
        """Add a pack's items: a folder, an uploaded ZIP, class folders or a CSV of image links."""
        return await imports.import_pack(
            self.deps, user, campaign, source, form=form, gold_share=gold_share, limits=limits, progress=progress
        )

    async def start(self, user: UserRef, campaign: CampaignRef) -> CampaignInfo:
        return await manage.change_status(self.deps, user, campaign, "start")

    async def pause(self, user: UserRef, campaign: CampaignRef) -> CampaignInfo:
        return await manage.change_status(self.deps, user, campaign, "pause")

    async def resume(self, user: UserRef, campaign: CampaignRef) -> CampaignInfo:
        return await manage.change_status(self.deps, user, campaign, "resume")

    async def close(self, user: UserRef, campaign: CampaignRef) -> CampaignInfo:
        return await manage.change_status(self.deps, user, campaign, "close")

    async def close_expired(self) -> list[CampaignInfo]:
        """Scheduled: close the campaigns whose deadline has passed."""
        return await manage.close_expired(self.deps)

    async def retire_gold(self, user: UserRef, campaign: CampaignRef, item: str) -> GoldChange:
        """Stop serving a gold item (by its external id) and drop its past answers from players' records."""
        return await gold.retire(self.deps, user, campaign, item)

    async def correct_gold(self, user: UserRef, campaign: CampaignRef, item: str, answer: str) -> GoldChange:
        """Replace a gold item's known answer and rescore the answers it already has."""
        return await gold.correct(self.deps, user, campaign, item, answer)

    async def stats(self, user: UserRef, campaign: CampaignRef) -> CampaignStats:
        return await stats.stats(self.deps, user, campaign)

    async def ranking(self, user: UserRef, campaign: CampaignRef) -> tuple[SystemRating, ...]:
        """A comparison campaign's systems by Bradley-Terry rating, with 95% intervals, from its settled pairs."""
        return await ranking.ranking(self.deps, user, campaign)

    async def appeals(self, user: UserRef, campaign: CampaignRef) -> list[AppealFacts]:
        """Suspended players waiting for a review, each with their known-answer record."""
        return await appeals.pending(self.deps, user, campaign)

    async def review(self, user: UserRef, campaign: CampaignRef, player: int, reinstate: bool) -> AppealFacts:
        """Reinstate an appealing player (`player` is their number in the appeals list) or uphold the suspension."""
        return await appeals.decide(self.deps, user, campaign, player, reinstate)

    async def export(
        self,
        user: UserRef,
        campaign: CampaignRef,
        fmt: ExportFormat | str,
        *,
        dest: Path | None = None,
        with_answers: bool = True,
        progress: WorkProgress | None = None,
    ) -> ExportResult:
        """Write the results (CSV, JSONL, Label Studio JSON or Parquet) under data_dir/exports, or to `dest`."""
        return await export(self.deps, user, campaign, fmt, dest=dest, with_answers=with_answers, progress=progress)
