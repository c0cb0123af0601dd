"""Which items of a campaign look wrong: those players set aside as broken, and gold that honest players fail.

"Honest" players are judged on the campaign's *other* gold items, so a wrong gold item cannot make the people
who answer it correctly look dishonest.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.db.campaign_tables import TaskFlag
from core.db.results import id_column
from core.db.tables import Assignment, Item
from core.types import REPORT, SKIP, GoldHealth

# A player is honest here with at least HONEST_MIN_GOLD other gold answers, HONEST_ACCURACY of them right; a gold
# item is suspect once SUSPECT_MIN_ANSWERS honest answers exist and fewer than SUSPECT_PASS_RATE of them pass.
HONEST_MIN_GOLD = 3
HONEST_ACCURACY = 0.7
SUSPECT_MIN_ANSWERS = 3
SUSPECT_PASS_RATE = 0.5
REPORTED_SHOWN = 5


async def set_aside(session: AsyncSession, campaign_id: int) -> tuple[int, int, tuple[tuple[str, int], ...]]:
    """Skips, reports, and the most reported items (external id, reports)."""
    rows = await session.execute(
        select(col(TaskFlag.kind), col(Item.external_id), func.count())
        .join(Item, col(Item.id) == col(TaskFlag.item_id))
        .where(col(Item.campaign_id) == campaign_id)
        .group_by(col(TaskFlag.kind), col(Item.external_id))
    )
    skips = reports = 0
    reported: list[tuple[str, int]] = []
    for kind, external_id, count in rows:
        if kind == SKIP:
            skips += int(count)
        elif kind == REPORT:
            reports += int(count)
            reported.append((str(external_id), int(count)))
    reported.sort(key=lambda pair: (-pair[1], pair[0]))
    return skips, reports, tuple(reported[:REPORTED_SHOWN])


async def gold_health(session: AsyncSession, campaign_id: int) -> tuple[GoldHealth, ...]:
    """Every active gold item's pass rate, overall and among honest players; suspect ones first."""
    rows = (
        await session.execute(
            select(
                id_column(Item.id),
                col(Item.external_id),
                col(Item.known_answer),
                col(Assignment.account_id),
                col(Assignment.correct),
            )
            .join(Assignment, col(Assignment.item_id) == col(Item.id))
            .where(
                col(Item.campaign_id) == campaign_id,
                col(Item.gold).is_(True),
                col(Item.status) == "open",
                col(Assignment.gold).is_(True),
                col(Assignment.counted).is_(True),
            )
        )
    ).all()
    per_player: dict[int, list[tuple[int, bool]]] = defaultdict(list)
    for item_id, _, _, account_id, correct in rows:
        per_player[account_id].append((item_id, bool(correct)))
    facts: dict[int, list] = {}
    for item_id, external_id, known, account_id, correct in rows:
        entry = facts.setdefault(item_id, [external_id, known, 0, 0, 0, 0])
        entry[2] += 1
        entry[3] += bool(correct)
        others = [right for other, right in per_player[account_id] if other != item_id]
        if len(others) >= HONEST_MIN_GOLD and sum(others) / len(others) >= HONEST_ACCURACY:
            entry[4] += 1
            entry[5] += bool(correct)
    health = [
        GoldHealth(
            external_id=str(external_id),
            known_answer=str(known),
            answers=answers,
            passed=passed,
            honest_answers=honest,
            honest_passed=honest_passed,
            suspect=honest >= SUSPECT_MIN_ANSWERS and honest_passed / honest < SUSPECT_PASS_RATE,
        )
        for external_id, known, answers, passed, honest, honest_passed in facts.values()
    ]
    health.sort(key=lambda g: (not g.suspect, g.passed / g.answers if g.answers else 1.0, g.external_id))
    return tuple(health)
