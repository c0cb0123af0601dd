"""Levels, referrals, check-ins, leaderboards and linked identities, on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core.clock import FixedClock
from core.db.tables import Account, LedgerEntry
from core.errors import AlreadyCheckedIn, LinkError, ReferralError
from core.game.game import Game
from core.types import NoticeKind, Outcome, UserRef
from tests.integration.game.test_play import known_answer
from tests.support import user


async def play(
    game: Game,
    clock: FixedClock,
    who: UserRef,
    *,
    right: bool,
    until_level_change: bool = True,
    limit: int = 200,
) -> list[Outcome]:
    prompt = (await game.start(who)).prompt
    outcomes: list[Outcome] = []
    while prompt is not None and len(outcomes) < limit:
        clock.advance(seconds=3)
        truth = known_answer(game, prompt)
        choice = truth if right else ("bot" if truth == "human" else "human")
        outcome = await game.answer(who, prompt.task_id, choice)
        outcomes.append(outcome)
        if until_level_change and outcome.level_change:
            break
        prompt = outcome.next_prompt
    return outcomes


async def test_right_answers_on_gold_promote(game: Game, clock: FixedClock) -> None:
    outcomes = await play(game, clock, user(1), right=True)
    change = outcomes[-1].level_change
    assert change and change.promoted and change.new_title == "Image checker"
    golds = [o for o in outcomes if o.gold is not None]
    assert len(golds) == 5 and all(o.gold.correct for o in golds)
    before = outcomes[-2].progress
    assert before.gold_answered == 4 and before.fraction == pytest.approx(0.8)
    assert outcomes[-1].progress.level == 1 and outcomes[-1].progress.gold_answered == 0
    assert outcomes[-1].points == 1 + 50
    assert outcomes[-1].next_prompt and outcomes[-1].next_prompt.kind == "image_binary"


async def test_wrong_answers_at_a_level_demote(game: Game, clock: FixedClock) -> None:
    await play(game, clock, user(1), right=True)
    outcomes = await play(game, clock, user(1), right=False)
    change = outcomes[-1].level_change
    assert change and not change.promoted and change.new_level == 0
    assert outcomes[-1].points == 1  # the answer point, no bonus for coming back down
    again = await play(game, clock, user(1), right=True)
    assert again[-1].level_change and again[-1].level_change.promoted
    assert again[-1].points == 1  # the level-up bonus is paid once per level


async def test_inviter_is_paid_only_when_the_invitee_graduates(game: Game, clock: FixedClock) -> None:
    inviter = await game.start(user(1))
    await game.start(user(2), referral_code=f"ref_{inviter.referral_code.lower()}")
    assert (await game.profile(user(1))).points == 0
    await play(game, clock, user(2), right=False, until_level_change=False, limit=4)
    assert (await game.profile(user(1))).points == 0
    await play(game, clock, user(2), right=True)
    assert (await game.profile(user(1))).points == 100
    invite = await game.invite(user(1))
    assert (invite.invited, invite.rewarded) == (1, 1)
    notices = await game.pending_notices("telegram")
    assert [(n.kind, n.recipients[0].external_id) for n in notices] == [(NoticeKind.REFERRAL_REWARD, "1001")]
    await game.mark_delivered([n.notice_id for n in notices])
    assert await game.pending_notices("telegram") == []


async def test_bad_invite_codes_are_refused_and_create_nobody(game: Game) -> None:
    me = await game.start(user(1))
    with pytest.raises(ReferralError):
        await game.start(user(1), referral_code=me.referral_code)  # own code, already joined
    with pytest.raises(ReferralError):
        await game.start(user(2), referral_code="NOPE2345")
    with pytest.raises(ReferralError):
        await game.start(user(2), referral_code="../../etc")
    players = await game.deps.db.transaction(lambda s: s.scalar(select(func.count()).select_from(Account)))
    assert players == 1


async def test_check_in_streaks(game: Game, clock: FixedClock) -> None:
    await game.start(user(1))
    first = await game.check_in(user(1))
    assert (first.streak, first.points, first.next_points) == (1, 5, 10)
    with pytest.raises(AlreadyCheckedIn):
        await game.check_in(user(1))
    clock.advance(days=1)
    assert (await game.check_in(user(1))).streak == 2
    clock.advance(days=2)  # one missed day is within the default grace
    assert (await game.check_in(user(1))).streak == 3
    clock.advance(days=3)
    broken = await game.check_in(user(1))
    assert (broken.streak, broken.points) == (1, 5)
    for _ in range(15):
        clock.advance(days=1)
        last = await game.check_in(user(1))
    assert last.streak == 16 and last.points == 50  # capped


async def test_streak_reminders_go_out_once_on_the_last_day(game: Game, clock: FixedClock) -> None:
    await game.start(user(1))
    await game.check_in(user(1))
    clock.advance(days=1)
    assert await game.queue_streak_reminders() == 0
    clock.advance(days=1)
    assert await game.queue_streak_reminders() == 1
    await game.queue_streak_reminders()
    notices = await game.pending_notices("telegram")
    assert [n.kind for n in notices] == [NoticeKind.STREAK_REMINDER]


async def test_the_cached_gold_window_matches_the_answers(game: Game, clock: FixedClock) -> None:
    from core.game import tasks

    await play(game, clock, user(1), right=True)
    await play(game, clock, user(1), right=False, until_level_change=False, limit=6)

    async def compare(session):
        account = await session.scalar(select(Account))
        return tasks.recent_gold(account, game.deps), await tasks.recent_gold_from_answers(session, account, game.deps)

    cached, truth = await game.deps.db.transaction(compare)
    assert cached == truth and len(truth) > 0


async def test_ledger_is_the_truth_behind_points(game: Game, clock: FixedClock) -> None:
    await play(game, clock, user(1), right=True)
    await game.check_in(user(1))
    profile = await game.profile(user(1))
    total = await game.deps.db.transaction(lambda s: s.scalar(select(func.sum(LedgerEntry.amount))))
    assert profile.points == total > 0


async def test_leaderboards_and_profile(game: Game, clock: FixedClock) -> None:
    await play(game, clock, user(1), right=True)
    await game.start(user(2))
    await game.check_in(user(2))
    board = await game.leaderboard(user(2))
    assert [row.display_name for row in board.rows] == ["Player 1", "Player 2"]
    assert board.you and board.you.rank == 2 and board.you.points == 5
    week = await game.leaderboard(scope="week")
    assert [row.points for row in week.rows] == [board.rows[0].points, 5]
    clock.advance(days=8)
    assert (await game.leaderboard(scope="week")).rows == ()
    profile = await game.profile(user(1))
    assert profile.rank == 1 and profile.players == 2 and profile.accuracy == 1.0
    assert profile.progress.level_title == "Image checker"


async def test_linking_a_second_platform(game: Game, clock: FixedClock) -> None:
    await play(game, clock, user(1), right=True)
    code = await game.create_link_code(user(1))
    discord = UserRef("discord", "555", "Player one on Discord")
    linked = await game.link(discord, code.code.lower())
    assert linked.platforms == ("discord", "telegram")
    assert (await game.profile(discord)).points == (await game.profile(user(1))).points
    with pytest.raises(LinkError):
        await game.link(UserRef("discord", "556", "x"), code.code)  # single use
    other = await game.create_link_code(user(1))
    clock.advance(minutes=16)
    with pytest.raises(LinkError):
        await game.link(UserRef("discord", "557", "y"), other.code)  # expired
