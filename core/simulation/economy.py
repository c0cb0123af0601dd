"""The simulation's money: a funded treasury, the sybil farm's daily routine, and who ends up with claimable
points (the value that can leave) once the settlement window has passed."""

from __future__ import annotations

import contextlib
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlmodel import col

from core.clock import FixedClock
from core.db.results import id_column
from core.db.tables import Account, Assignment, Campaign, Identity
from core.errors import GameError
from core.game import book
from core.game.game import Game
from core.game.money import funding
from core.game.money.treasury import FixedTreasury, units_per_point
from core.simulation.crowd import SYBILS, Kind, Member

ENGAGEMENT_DAYS = 30  # the engagement reserve holds this many days of the daily budget


async def fund(game: Game, items: int) -> FixedTreasury:
    """Back every campaign's pool for all its items and the engagement reserve, from a treasury of exactly that."""
    rules = game.deps.settings.rewards
    campaigns = await game.deps.db.run(
        lambda s: list(s.execute(select(id_column(Campaign.id), col(Campaign.points_per_item))).all())
    )
    pools = {campaign_id: per_item * items for campaign_id, per_item in campaigns}
    reserve = rules.engagement_points_per_day * ENGAGEMENT_DAYS
    treasury = FixedTreasury(int((sum(pools.values()) + reserve) * units_per_point(rules)))
    for campaign_id, points in pools.items():
        await funding.draw(game.deps, book.pool(campaign_id), points, treasury.units, f"simulation:{campaign_id}")
    await funding.draw(game.deps, book.ENGAGEMENT, reserve, treasury.units, "simulation")
    game.economy.treasury = treasury
    return treasury


async def join_farm(game: Game, farm: list[Member]) -> None:
    """Each farmed account joins with the invite code of the one before it."""
    code = None
    for member in farm:
        await game.start(member.user, code)
        code = (await game.invite(member.user)).code


async def farm_day(game: Game, farm: list[Member]) -> None:
    """What the farm does every round: check in (refused after the first time in a day)."""
    for member in farm:
        with contextlib.suppress(GameError):  # already checked in today
            await game.check_in(member.user)


@dataclass(frozen=True, slots=True)
class Money:
    claimable: dict[str, int]  # by kind of player
    pending: dict[str, int]
    counted: dict[str, int]  # counted answers
    unbacked_points: int
    audit_ok: bool

    def share(self, kinds: frozenset[str]) -> float:
        total = sum(self.claimable.values())
        return sum(v for k, v in self.claimable.items() if k in kinds) / total if total else 0.0


async def settle_up(game: Game, clock: FixedClock, members: list[Member]) -> Money:
    """Let the settlement window pass, release what is due, and read who holds what."""
    clock.advance(hours=game.deps.settings.rewards.settlement_window_hours + 1)
    await game.economy.release_pending()
    kind_of = {m.user.external_id: m.kind.value for m in members}

    def read(session: Any) -> tuple[list[Any], list[Any]]:
        accounts = list(session.execute(select(col(Identity.external_id), col(Account.id)).join(Account)).all())
        answers = session.execute(
            select(col(Identity.external_id), func.count())
            .select_from(Assignment)
            .join(Identity, col(Identity.account_id) == col(Assignment.account_id))
            .where(col(Assignment.counted).is_(True))
            .group_by(col(Identity.external_id))
        ).all()
        return accounts, list(answers)

    accounts, answers = await game.deps.db.run(read)
    counted: dict[str, int] = defaultdict(int)
    for external_id, n in answers:
        counted[kind_of.get(external_id, "other")] += int(n)
    names = [name for _, account_id in accounts for name in (book.claimable(account_id), book.pending(account_id))]
    held = await game.deps.db.run(lambda s: book.balances(s, names))
    claimable: dict[str, int] = defaultdict(int)
    pending: dict[str, int] = defaultdict(int)
    for external_id, account_id in accounts:
        kind = kind_of.get(external_id, "other")
        claimable[kind] += held[book.claimable(account_id)]
        pending[kind] += held[book.pending(account_id)]
    audit = await game.economy.audit()
    return Money(dict(claimable), dict(pending), dict(counted), audit.unbacked_points, audit.ok)


SYBIL_KINDS = frozenset(k.value for k in SYBILS)
HONEST_KINDS = frozenset({Kind.HONEST.value})
