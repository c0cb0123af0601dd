"""A refit's corrections reach pending points, in the refit's own transaction: a label change moves the item's
pending shares from the answers that no longer agree to those that now do, through the pool; a suspension takes
the player's pending shares back; released points are never taken back; a player who lost pending points gets one
grouped notice. On SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.common import texts
from core.clock import FixedClock
from core.db.book_tables import BookEntry
from core.db.tables import Assignment, Campaign, Identity, Notice
from core.game import book, refit, refit_read
from core.game.campaign_cache import info
from core.game.game import Game
from core.game.refit_model import RefitResult, WorkerRow
from core.types import Notice as NoticeFacts
from core.types import NoticeKind, UserRef
from tests.integration.economy.harness import ADMIN, reputation, started_bot_campaign
from tests.support import user

ITEMS = 12
P1, P2, P3 = user(1), user(2), user(3)


async def played(
    game: Game, clock: FixedClock, tmp_path: Path, pool: str = "2", wrong: int = 1
) -> tuple[int, list[int]]:
    """A campaign of 12 items at 10 points: P3 answers first, "human" on the first `wrong` items and "bot" on the
    others, then P1 and P2 say "bot" everywhere. Those first items settle "bot" without P3; returns (campaign,
    those items)."""
    campaign_id = await started_bot_campaign(game, tmp_path, ITEMS, max_overlap=3, target_confidence=0.6, pool=pool)
    disagreed: list[int] = []
    for who in (P3, P1, P2):
        prompt = (await game.start(who)).prompt
        while prompt is not None:
            clock.advance(seconds=3)
            if who == P3 and len(disagreed) < wrong:
                disagreed.append(prompt.task_id)
            choice = "human" if prompt.task_id in disagreed else "bot"
            prompt = (await game.answer(who, prompt.task_id, choice)).next_prompt
    return campaign_id, [await item_of_task(game, task) for task in disagreed]


async def item_of_task(game: Game, task_id: int | None) -> int:
    query = select(Assignment.item_id).where(Assignment.id == task_id)
    return int(await game.deps.db.run(lambda s: s.execute(query).scalar_one()))


async def relabel(game: Game, campaign_id: int, items: list[int], label: str | None, *suspend: UserRef) -> None:
    """What a refit writes (`refit.write`) when its fit relabels `items` and suspends `suspend`."""

    def work(session: Session) -> None:
        campaign = info(session.execute(select(Campaign).where(Campaign.id == campaign_id)).scalar_one())
        snap = refit_read.read(session, campaign, game.deps.clock.now())
        assert snap is not None
        workers = [WorkerRow(account_of(session, who), [[0.5, 0.5], [0.5, 0.5]], 0.0, True, "spam") for who in suspend]
        changed = {item: (campaign.index(label), 0.9) for item in items} if label else {}
        refit.write(session, game.deps, campaign, snap, RefitResult(workers, {}, {}, changed))

    await game.deps.db.run(work)


def account_of(session: Session, who: UserRef) -> int:
    query = select(Identity.account_id).where(Identity.external_id == who.external_id)
    return int(session.execute(query).scalar_one())


async def shares_of_item(game: Game, item_id: int) -> dict[str, tuple[int, str]]:
    """What /earnings shows each player for their answer on the item: (points, status), by display name."""
    on_item = await tasks_on(game, item_id)
    found = {}
    for who in (P1, P2, P3):
        tasks = (await game.earnings(who, limit=ITEMS)).tasks
        found[who.display_name] = next((t.points, t.status) for t in tasks if t.task_id in on_item)
    return found


async def tasks_on(game: Game, item_id: int) -> set[int]:
    query = select(Assignment.id).where(Assignment.item_id == item_id)
    return set(await game.deps.db.run(lambda s: s.execute(query).scalars().all()))


async def entries(game: Game, reason: str) -> list[BookEntry]:
    query = select(BookEntry).where(BookEntry.reason == reason).order_by(BookEntry.id)
    return list(await game.deps.db.run(lambda s: s.execute(query).scalars().all()))


async def pool_of(game: Game, campaign_id: int) -> int:
    return await game.deps.db.run(lambda s: book.balance(s, book.pool(campaign_id)))


async def corrected_notices(game: Game) -> list[Notice]:
    query = select(Notice).where(Notice.kind == NoticeKind.PENDING_CORRECTED.value).order_by(Notice.id)
    return list(await game.deps.db.run(lambda s: s.execute(query).scalars().all()))


async def test_a_label_change_moves_the_items_pending_shares_to_the_answers_that_now_agree(
    game: Game, clock: FixedClock, tmp_path: Path
) -> None:
    campaign, [item] = await played(game, clock, tmp_path)
    assert await shares_of_item(game, item) == {
        "Player 1": (10, "pending"),  # P2 answered it with no record yet beside P1's: P1 takes the share
        "Player 2": (0, "no_share"),
        "Player 3": (0, "not_agreed"),
    }
    before = {who: await game.economy.balances(who) for who in (P1, P3)}
    pool = await pool_of(game, campaign)
    assert await game.queue_settled_notices() == 3  # the settled notices; nothing corrected yet
    standing = {who: await reputation(game, who) for who in (P1, P2, P3)}

    await relabel(game, campaign, [item], "human")

    # Reputation follows the label: P1 and P2 give back the point their "bot" gained, P3's "human" gains one.
    for who, move in ((P1, -1), (P2, -1), (P3, 1)):
        score, settled, agreed = standing[who]
        assert await reputation(game, who) == (score + move, settled, agreed + move)

    assert await shares_of_item(game, item) == {
        "Player 1": (0, "not_agreed"),
        "Player 2": (0, "not_agreed"),
        "Player 3": (10, "pending"),
    }
    after = {who: await game.economy.balances(who) for who in (P1, P3)}
    assert (after[P1].earned, after[P1].pending) == (before[P1].earned - 10, before[P1].pending - 10)
    assert (after[P3].earned, after[P3].pending) == (before[P3].earned + 10, before[P3].pending + 10)
    assert await pool_of(game, campaign) == pool  # 10 back from P1, 10 out to P3
    [back] = await entries(game, "relabel")
    assert (back.debit, back.credit, back.amount) == (book.pending(back.account_id), book.pool(campaign), 10)
    paid = [e for e in await entries(game, "settlement") if e.ref.startswith(f"item:{item}/")]
    assert [(e.debit, e.amount) for e in paid] == [(book.pool(campaign), 10)]
    assert (await game.economy.audit()).ok

    # P1, whose pending points went down, gets one grouped notice; P3, who gained, gets none.
    assert await game.queue_settled_notices() == 1
    [notice] = await corrected_notices(game)
    assert notice.facts == {"answers": 1, "points": 10, "relabelled": 1, "suspended": 0}
    words = texts.notice(NoticeFacts(notice.id, notice.account_id, NoticeKind(notice.kind), notice.facts, ()))
    assert words.startswith("🔁 −10 pending points on 1 settled answer") and "claimable are yours to keep" in words

    # The next refit suspends P1: the rest of their pending points go back at once, told after the notice gap.
    clock.advance(minutes=1)
    await relabel(game, campaign, [], None, P1)
    assert (await game.economy.balances(P1)).pending == 0
    assert await game.queue_settled_notices() == 0  # one notice per settled_minutes
    clock.advance(minutes=29)
    assert await game.queue_settled_notices() == 1
    latest = (await corrected_notices(game))[-1]
    assert latest.facts == {"answers": 9, "points": after[P1].pending, "relabelled": 0, "suspended": 9}

    # Flipped back, the item pays P1's side again from the pool, and P3's share goes back: each change once.
    pool = await pool_of(game, campaign)
    await relabel(game, campaign, [item], "bot")
    assert {who: await reputation(game, who) for who in (P1, P2, P3)} == standing  # each point moved back
    shares = await shares_of_item(game, item)
    assert shares["Player 3"] == (0, "not_agreed") and shares["Player 1"] == (0, "no_share")  # P1 is suspended
    assert await pool_of(game, campaign) == pool + 10
    audit = await game.economy.audit()
    assert audit.ok and audit.pools + audit.pending == 200


async def test_released_points_are_never_taken_back_and_a_short_pool_pays_nothing_and_pauses(
    game: Game, clock: FixedClock, tmp_path: Path
) -> None:
    from core.types import CampaignStatus

    # 110 points: what the items pay (100; the first ones settle before any record vouches for a player) leaves
    # one item's reward in the pool.
    campaign, items = await played(game, clock, tmp_path, pool="1.1", wrong=2)
    assert await pool_of(game, campaign) == 10
    clock.advance(hours=25)
    await game.economy.release_pending()
    kept = await game.economy.balances(P1)
    assert kept.pending == 0 and kept.claimable > 0

    await relabel(game, campaign, items, "human")

    assert await game.economy.balances(P1) == kept  # released points stay the player's
    first, second = [await shares_of_item(game, item) for item in items]
    assert first["Player 1"][1] == "paid" and first["Player 3"] == (10, "pending")
    # The pool held one item's reward: the second item's new share is not paid in part, and the campaign stops.
    assert second["Player 3"] == (0, "no_share")
    assert await pool_of(game, campaign) == 0
    assert (await game.campaigns.stats(ADMIN, campaign)).status is CampaignStatus.PAUSED
    assert await entries(game, "relabel") == []  # nothing pending was left to take back
    assert await game.queue_settled_notices() == 0 or await corrected_notices(game) == []
    assert (await game.economy.audit()).ok
