"""Campaign rows as facts, creation, changes of terms and of status; each function runs inside a use case."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.db.campaign_tables import CampaignEvent
from core.db.results import stored_id
from core.db.tables import Assignment, Campaign, Item
from core.errors import InvalidCampaign, NameTaken, UnknownCampaign, WrongStatus
from core.game import book
from core.game.admin.terms import Terms
from core.sentences import N_
from core.types import CampaignInfo, CampaignStatus, Choice, TaskKind

CampaignRef = int | str
# Which statuses each transition starts from, the status it leads to, and how a refusal words it.
TRANSITIONS: dict[str, tuple[frozenset[CampaignStatus], CampaignStatus, str]] = {
    "start": (frozenset({CampaignStatus.DRAFT}), CampaignStatus.ACTIVE, "started"),
    "pause": (frozenset({CampaignStatus.ACTIVE}), CampaignStatus.PAUSED, "paused"),
    "resume": (frozenset({CampaignStatus.PAUSED}), CampaignStatus.ACTIVE, "resumed"),
    "close": (
        frozenset({CampaignStatus.DRAFT, CampaignStatus.ACTIVE, CampaignStatus.PAUSED}),
        CampaignStatus.CLOSED,
        "closed",
    ),
}


async def find(session: AsyncSession, ref: CampaignRef, *, lock: bool = False, money: bool = False) -> Campaign:
    """By id, or by name as admins type it; `lock` keeps concurrent changes of the same campaign in order.

    `money`: the change moves the campaign's pool or decides on it (funding, status changes), so the pool's row is
    locked first and the campaign's after it, the order of every paying transaction (`core.game.money.payroll`:
    a settlement that empties the pool pauses the campaign while it holds the pool)."""
    query = select(Campaign).where(
        col(Campaign.id) == ref if isinstance(ref, int) else col(Campaign.name) == ref.strip()
    )
    campaign = await session.scalar(query.with_for_update() if lock and not money else query)
    if campaign is None:
        raise UnknownCampaign(ref)
    if money:
        await session.run_sync(book.lock, book.pool(stored_id(campaign)))
        await session.refresh(campaign, with_for_update=True)  # read again under its lock
    return campaign


async def item_count(session: AsyncSession, campaign_id: int) -> int:
    return int(await session.scalar(select(func.count()).where(col(Item.campaign_id) == campaign_id)) or 0)


async def info(session: AsyncSession, campaign: Campaign) -> CampaignInfo:
    return CampaignInfo(
        campaign_id=stored_id(campaign),
        name=campaign.name,
        kind=TaskKind(campaign.kind),
        question=campaign.question,
        choices=tuple(Choice(key, label) for key, label in campaign.choices),
        community_id=campaign.community_id,
        level=campaign.level,
        status=CampaignStatus(campaign.status),
        min_overlap=campaign.min_overlap,
        max_overlap=campaign.max_overlap,
        gold_rate=campaign.gold_rate,
        target_confidence=campaign.target_confidence,
        reward_pool=await book.abalance(session, book.pool(stored_id(campaign))),
        points_per_item=campaign.points_per_item,
        deadline=campaign.deadline,
        instructions=campaign.instructions,
        gold_feedback=campaign.gold_feedback,
        created_by=campaign.created_by,
        items=await item_count(session, stored_id(campaign)),
        priority=campaign.priority,
        min_reputation=campaign.min_reputation,
        onboarding_gold=campaign.onboarding_gold,
        model_assist=campaign.model_assist,
    )


def terms_of(campaign: Campaign) -> dict[str, Any]:
    return {name: getattr(campaign, name) for name in Terms.model_fields}


async def name_free(session: AsyncSession, name: str, campaign_id: int | None = None) -> None:
    clash = await session.scalar(
        select(col(Campaign.id)).where(col(Campaign.name) == name, col(Campaign.id) != (campaign_id or -1))
    )
    if clash is not None:
        raise NameTaken(name)


async def insert_campaign(session: AsyncSession, terms: Terms, *, actor: str, now: datetime) -> Campaign:
    await name_free(session, terms.name)
    values = terms.model_dump()
    values.update(kind=terms.kind.value, choices=[list(pair) for pair in terms.choices])
    values.update(status=CampaignStatus.DRAFT.value, created_by=actor, created_at=now)
    campaign_id = await session.scalar(insert(Campaign).values(**values).returning(col(Campaign.id)))
    return await find(session, int(campaign_id or 0))


async def check_choices_cover(session: AsyncSession, campaign_id: int, keys: set[str]) -> None:
    """New choices must still include every known answer, inferred label and recorded answer."""
    used: set[str | None] = set()  # unlabelled items and unanswered tasks hold none
    for column in (col(Item.known_answer), col(Item.label)):
        used |= set(
            (await session.scalars(select(column).distinct().where(col(Item.campaign_id) == campaign_id))).all()
        )
    answered = select(col(Assignment.choice)).distinct().join(Item, col(Item.id) == col(Assignment.item_id))
    used |= set((await session.scalars(answered.where(col(Item.campaign_id) == campaign_id))).all())
    missing = sorted(key for key in used - keys if key is not None)
    if missing:
        raise InvalidCampaign(N_("choices: items already use {keys}, so they must stay"), keys=", ".join(missing))


def apply(campaign: Campaign, terms: Terms) -> dict[str, Any]:
    """Copy the terms onto the row; returns what changed, for the audit trail."""
    changed = {}
    for name, value in terms.model_dump().items():
        if name == "kind":
            continue
        stored = [list(pair) for pair in value] if name == "choices" else value
        if getattr(campaign, name) != stored:
            changed[name] = _plain(stored)
            setattr(campaign, name, stored)
    return changed


def transition(campaign: Campaign, action: str, now: datetime) -> CampaignStatus:
    allowed, target, done = TRANSITIONS[action]
    status = CampaignStatus(campaign.status)
    if status not in allowed:
        raise WrongStatus(campaign.name, status.value, done)
    if target is CampaignStatus.ACTIVE and campaign.deadline is not None and campaign.deadline <= now:
        raise InvalidCampaign(
            N_("campaign {name} is past its deadline; set a new deadline first"), name=repr(campaign.name)
        )
    campaign.status = target.value
    return target


async def record(
    session: AsyncSession, campaign_id: int, actor: str, action: str, now: datetime, **detail: Any
) -> None:
    await session.execute(
        insert(CampaignEvent).values(
            campaign_id=campaign_id,
            actor=actor,
            action=action,
            detail={key: _plain(value) for key, value in detail.items()},
            created_at=now,
        )
    )


def _plain(value: Any) -> Any:
    """JSON-safe audit values."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list | tuple | dict):
        return str(value)
    return value
