"""Campaign pools: admins fund them from the treasury, settlement pays from them, an empty one stops its
campaign, closing refunds it, and moderators' economic terms are capped."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from core.clock import FixedClock
from core.db.book_tables import BookEntry
from core.db.tables import Notice
from core.errors import InvalidCampaign
from core.game import book
from core.game.game import Game
from core.game.money.funding import NotFunder, NoTreasury, TreasuryShort
from core.game.money.treasury import BadAmount, FixedTreasury
from core.types import CommunityRef, UserRef
from tests.integration.admin.conftest import ADMIN, make_moderator, text_campaign, text_rows, write_text_pack
from tests.integration.admin.played import play
from tests.support import user

MODERATOR = user(5)
TOKEN = 10**18  # base units per token (18 decimals); the shipped rate is 0.01 token per point


def tokens(amount: str) -> int:
    return int(Decimal(amount) * TOKEN)


async def entries(game: Game) -> list[BookEntry]:
    return list(await game.deps.db.transaction(lambda s: s.scalars(select(BookEntry).order_by(BookEntry.id))))


async def balance(game: Game, name: str) -> int:
    return await game.deps.db.transaction(lambda s: book.abalance(s, name))


async def paid_campaign(game: Game, tmp_path: Path, items: int = 6, **terms: object) -> int:
    values = {"points_per_item": 10, "min_overlap": 2, "max_overlap": 3, "gold_rate": 0, "target_confidence": 0.75}
    campaign = await text_campaign(game, **{**values, **terms})
    rows = [{**row, "gold": False} for row in text_rows(items)]
    await game.campaigns.import_pack(ADMIN, campaign, write_text_pack(tmp_path / "pack", rows))
    return campaign


async def test_only_admins_fund_and_never_beyond_the_treasury(admin_game: Game, tmp_path: Path) -> None:
    campaign = await paid_campaign(admin_game, tmp_path)
    with pytest.raises(NoTreasury):
        await admin_game.economy.fund(ADMIN, campaign, "1")
    admin_game.economy.treasury = FixedTreasury(tokens("100"))  # 10,000 points at 0.01 token per point
    await make_moderator(admin_game, MODERATOR)
    with pytest.raises(NotFunder):
        await admin_game.economy.fund(MODERATOR, campaign, "1")
    with pytest.raises(BadAmount, match=r"0\.01 tokens per point .*fund 0\.01 or 0\.02"):
        await admin_game.economy.fund(ADMIN, campaign, "0.015")
    with pytest.raises(BadAmount):
        await admin_game.economy.fund(ADMIN, campaign, "-3")
    assert await entries(admin_game) == []  # refusals move nothing

    funded = await admin_game.economy.fund(ADMIN, campaign, "60")
    assert (funded.points, funded.balance, funded.tokens) == (6000, 6000, "60")
    with pytest.raises(TreasuryShort, match="4000 points"):
        await admin_game.economy.fund(ADMIN, campaign, "41")  # 6000 are promised already
    await admin_game.economy.fund(ADMIN, campaign, "40")
    assert await balance(admin_game, book.pool(campaign)) == 10_000
    audit = await admin_game.economy.audit()
    assert (audit.pools, audit.owed, audit.drawn, audit.unbacked_points, audit.ok) == (10_000, 10_000, 10_000, 0, True)


async def test_settlement_pays_from_the_pool_and_an_empty_pool_stops_the_campaign(
    admin_game: Game, tmp_path: Path, clock: FixedClock
) -> None:
    await admin_game.start(ADMIN)  # the admin plays too, so the pool-empty notice reaches them
    campaign = await paid_campaign(admin_game, tmp_path)
    with pytest.raises(InvalidCampaign, match="pool holds 0"):
        await admin_game.campaigns.start(ADMIN, campaign)  # a paid campaign needs a funded pool to start
    admin_game.economy.treasury = FixedTreasury(tokens("100"))
    await admin_game.economy.fund(ADMIN, campaign, "0.25")  # 25 points: two items of 10
    await admin_game.campaigns.start(ADMIN, campaign)

    await play(admin_game, clock, 1, None)
    await play(admin_game, clock, 2, None)  # each of their answers settles an item

    assert await balance(admin_game, book.pool(campaign)) == 5
    settled = [e for e in await entries(admin_game) if e.reason == "settlement"]
    assert sum(e.amount for e in settled) == 20 and {e.debit for e in settled} == {book.pool(campaign)}
    assert (await admin_game.campaigns.stats(ADMIN, campaign)).status.value == "paused"
    notices = await admin_game.deps.db.transaction(lambda s: s.scalars(select(Notice)))
    assert [(n.kind, n.facts["campaign"]) for n in notices.all()] == [("pool_empty", "Bots 2026")]
    with pytest.raises(InvalidCampaign, match="pool holds 5"):
        await admin_game.campaigns.resume(ADMIN, campaign)
    audit = await admin_game.economy.audit()
    assert (audit.pools, audit.pending, audit.owed, audit.ok) == (5, 20, 25, True)
    # Funding it so the pool pays the next item resumes it; once its admin pauses it by hand, funding doesn't.
    await admin_game.economy.fund(ADMIN, campaign, "0.05")
    assert (await admin_game.campaigns.stats(ADMIN, campaign)).status.value == "active"
    await admin_game.campaigns.pause(ADMIN, campaign)
    await admin_game.economy.fund(ADMIN, campaign, "0.1")
    assert (await admin_game.campaigns.stats(ADMIN, campaign)).status.value == "paused"


async def test_closing_returns_what_the_pool_holds(admin_game: Game, tmp_path: Path) -> None:
    campaign = await paid_campaign(admin_game, tmp_path)
    admin_game.economy.treasury = FixedTreasury(tokens("10"))
    await admin_game.economy.fund(ADMIN, campaign, "3")
    await admin_game.campaigns.close(ADMIN, campaign)
    assert await balance(admin_game, book.pool(campaign)) == 0
    audit = await admin_game.economy.audit()
    assert (audit.owed, audit.drawn, audit.ok) == (0, 0, True)
    assert [e.reason for e in await entries(admin_game)] == ["fund", "refund"]


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        ({"points_per_item": 1_000_000_000}, "points_per_item: at most 100"),
        ({"min_overlap": 1, "max_overlap": 1}, "min_overlap: at least 2"),
        ({"target_confidence": 0.51}, "target_confidence: at least 0.8"),
        ({"gold_rate": 0}, "gold_rate: at least 0.1"),
    ],
)
async def test_a_moderator_cannot_set_terms_past_the_caps(admin_game: Game, terms: dict, message: str) -> None:
    await make_moderator(admin_game, MODERATOR)
    community = CommunityRef("telegram", "-100", "Chat -100")  # where make_moderator made them an admin
    base = {"points_per_item": 10, "min_overlap": 2, "max_overlap": 5, "target_confidence": 0.9, "gold_rate": 0.2}
    values = {"name": "mine", "kind": "bot_or_not", "question": "q", "choices": "human,bot", **{**base, **terms}}
    with pytest.raises(InvalidCampaign, match=message):
        await admin_game.campaigns.create(MODERATOR, community=community, **values)
    made = await admin_game.campaigns.create(MODERATOR, community=community, **{**values, **base})
    with pytest.raises(InvalidCampaign, match=message):
        await admin_game.campaigns.update(MODERATOR, made.campaign_id, **terms)
    free = {**values, **terms, "points_per_item": 0, "name": "free"}  # unpaid campaigns are not capped
    if "points_per_item" not in terms:
        await admin_game.campaigns.create(MODERATOR, community=community, **free)


async def two_players_settle(game: Game, tmp_path: Path, clock: FixedClock) -> int:
    """A funded two-item campaign that two players answer through: their shares are pending."""
    campaign = await paid_campaign(game, tmp_path, items=2)
    game.economy.treasury = FixedTreasury(tokens("1"))
    await game.economy.fund(ADMIN, campaign, "0.2")
    await game.campaigns.start(ADMIN, campaign)
    await play(game, clock, 1, None)
    await play(game, clock, 2, None)
    return campaign


async def test_points_stay_pending_through_the_settlement_window(
    admin_game: Game, tmp_path: Path, clock: FixedClock
) -> None:
    await two_players_settle(admin_game, tmp_path, clock)
    before = [await admin_game.economy.balances(user(n)) for n in (1, 2)]
    earned = sum(b.earned for b in before)
    assert earned > 0 and all(b.pending == b.earned and b.claimable == 0 for b in before)
    assert await admin_game.economy.release_pending() == 0
    clock.advance(hours=24, seconds=30)
    assert await admin_game.economy.release_pending() == earned
    assert await admin_game.economy.release_pending() == 0  # each entry is released once
    after = [await admin_game.economy.balances(user(n)) for n in (1, 2)]
    assert all(b.pending == 0 and b.claimable == b.earned for b in after)
    assert (await admin_game.economy.audit()).ok


async def test_engagement_rewards_share_one_daily_budget_and_vest_behind_proven_work(
    database_url: str, tmp_path: Path, clock: FixedClock
) -> None:
    from app import open_game
    from tests.support import fund_pools, make_settings

    settings = make_settings(tmp_path, database_url, rewards_engagement_points_per_day="12", checkin_base_points="5")
    async with open_game(settings, clock=clock, packs=[]) as game:
        await fund_pools(game, points=0, engagement=1000)
        players = [UserRef("telegram", str(100 + n), f"Farm {n}") for n in range(3)]
        for who in players:
            await game.start(who)
        paid = [(await game.check_in(who)).points for who in players]
        assert paid == [5, 5, 0]  # the third would pass the day's 12 points: every account farms one budget
        clock.advance(days=1)
        paid = [(await game.check_in(who)).points for who in players]
        assert sum(paid) <= 12
        await game.economy.release_pending()
        first = await game.economy.balances(players[0])
        assert first.claimable == 0 and first.pending == first.earned > 0  # nothing vests before a promotion
        audit = await game.economy.audit()
        assert audit.ok and audit.engagement + audit.pending == 1000


async def test_the_prompt_shows_what_agreeing_may_earn_and_the_outcome_says_pending(
    admin_game: Game, tmp_path: Path, clock: FixedClock
) -> None:
    from bot.common import texts

    campaign = await paid_campaign(admin_game, tmp_path)
    admin_game.economy.treasury = FixedTreasury(tokens("1"))
    await admin_game.economy.fund(ADMIN, campaign, "0.5")
    await admin_game.campaigns.start(ADMIN, campaign)
    prompt = (await admin_game.start(user(1))).prompt
    assert prompt is not None and prompt.reward == 10
    assert "you share 10 points with the others who agree" in texts.prompt(prompt)
    clock.advance(seconds=3)
    outcome = await admin_game.answer(user(1), prompt.task_id, "bot")
    assert outcome.pending and outcome.points == 0
    assert "⏳ pending: paid when the crowd agrees" in texts.verdict(outcome)


async def test_settled_answers_are_told_in_one_grouped_notice_and_listed_in_earnings(
    admin_game: Game, tmp_path: Path, clock: FixedClock
) -> None:
    campaign = await paid_campaign(admin_game, tmp_path)
    admin_game.economy.treasury = FixedTreasury(tokens("1"))
    await admin_game.economy.fund(ADMIN, campaign, "1")
    await admin_game.campaigns.start(ADMIN, campaign)
    await play(admin_game, clock, 1, None)
    await play(admin_game, clock, 2, "bot")  # agrees on the bot items only

    assert await admin_game.queue_settled_notices() == 2
    assert await admin_game.queue_settled_notices() == 0  # at most one per settled_minutes
    found = await admin_game.deps.db.transaction(lambda s: s.scalars(select(Notice).order_by(Notice.id)))
    # The bot items settled (both said bot); the human ones wait for a third answer.
    assert [(n.kind, n.facts["settled"], n.facts["agreed"]) for n in found.all()] == [("answers_settled", 3, 3)] * 2
    one = await admin_game.earnings(user(1))
    assert len(one.tasks) == 3 and {t.status for t in one.tasks} <= {"pending", "no_share"}
    assert sum(t.points for t in one.tasks) == one.balances.pending == one.balances.earned > 0
    clock.advance(hours=25)
    await admin_game.economy.release_pending()
    paid = [t for t in (await admin_game.earnings(user(1))).tasks if t.points]
    assert paid and all(t.status == "paid" for t in paid)


async def test_the_terminal_lists_earnings(admin_game: Game) -> None:
    import io

    from bot.console.play import ConsoleGame

    out = io.StringIO()
    console = ConsoleGame(admin_game, UserRef("console", "ann", "Ann"), out=out)
    await admin_game.start(console.user)
    await console.handle("e")
    assert out.getvalue().startswith("💰 Earned in all: 0 points · pending: 0 · claimable: 0")


async def test_a_suspended_players_pending_share_goes_back_to_the_pool(
    admin_game: Game, tmp_path: Path, clock: FixedClock
) -> None:
    """A refit that suspends a spammer corrects their pending points: the share returns to the campaign's pool."""
    from sqlalchemy import insert

    from core.db.consensus_tables import CampaignWorker
    from core.game.players import require

    campaign = await two_players_settle(admin_game, tmp_path, clock)
    spammer = await admin_game.economy.balances(user(2))
    pool_before = await balance(admin_game, book.pool(campaign))
    assert spammer.pending > 0

    async def suspend(session) -> None:  # what the refit writes when a spam rule fires
        account = await require(session, user(2))
        values = {"confusion": [], "weight": 0.0, "suspended": True, "reason": "random", "updated_at": clock.now()}
        await session.execute(insert(CampaignWorker).values(campaign_id=campaign, account_id=account.id, **values))

    await admin_game.deps.db.transaction(suspend)
    clock.advance(hours=25)
    released = await admin_game.economy.release_pending()
    after = await admin_game.economy.balances(user(2))
    assert (after.pending, after.claimable) == (0, 0)
    assert await balance(admin_game, book.pool(campaign)) == pool_before + spammer.pending
    assert released == (await admin_game.economy.balances(user(1))).claimable > 0
    assert (await admin_game.economy.audit()).ok


async def test_the_check_before_a_payout_fails_and_tells_the_admins_when_the_treasury_falls_short(
    admin_game: Game, tmp_path: Path
) -> None:
    await admin_game.start(ADMIN)
    campaign = await paid_campaign(admin_game, tmp_path)
    treasury = FixedTreasury(tokens("10"))
    admin_game.economy.treasury = treasury
    await admin_game.economy.fund(ADMIN, campaign, "10")
    assert (await admin_game.economy.before_payout()).ok
    treasury.units -= tokens("0.01")  # the chain now holds a point less than is promised
    failed = await admin_game.economy.before_payout()
    assert not failed.ok and failed.unbacked_points == 1
    notices = await admin_game.deps.db.transaction(lambda s: s.scalars(select(Notice)))
    assert [(n.kind, n.facts["unbacked"]) for n in notices.all()] == [("audit_failed", 1)]
