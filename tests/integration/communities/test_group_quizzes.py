"""Communities and group quizzes through the Game facade, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from app import open_game
from core.clock import FixedClock
from core.errors import Banned, CannotBanModerator, NoQuiz, NotModerator, ReferralError, TaskClosed
from core.game.game import Game
from core.types import CommunityRef, QuizClose, UserRef
from tests.support import make_settings, text_pack, user

GROUP = CommunityRef("telegram", "-1001", "Labelers")


async def test_group_quiz_each_member_answers_for_themselves(game: Game, clock: FixedClock) -> None:
    admin, members = user(1), [user(2), user(3), user(4)]
    info = await game.join_community(GROUP, [admin])
    assert info.moderators == 1 and info.daily_quiz
    quiz = await game.post_quiz(GROUP, admin)
    clock.advance(seconds=5)
    picks = ["human", "human", "bot"]
    for member, pick in zip(members, picks, strict=True):
        answered = await game.answer_quiz(member, quiz.quiz_id, pick)
        assert answered.counted and not answered.repeated and answered.points == 1
    again = await game.answer_quiz(members[0], quiz.quiz_id, "bot")
    assert again.repeated and again.choice.key == "human"
    assert await game.close_due_quizzes("telegram") == []  # still open: tallies stay hidden
    clock.advance(minutes=61)
    [result] = await game.close_due_quizzes("telegram")
    assert {c.key: n for c, n in result.tallies} == {"human": 2, "bot": 1}
    # The group's answers moved the item's posterior: it leans to human, and the two who said so were right.
    assert result.reason is QuizClose.TIME_UP and result.answer is not None and result.answer.key == "human"
    assert result.right == ("Player 2", "Player 3") and not result.settled
    with pytest.raises(TaskClosed):
        await game.answer_quiz(user(5), quiz.quiz_id, "bot")
    board = await game.leaderboard(members[0], scope="community", community=CommunityRef("telegram", "-1001"))
    # One point per counted answer, and points.quiz_right (5) for matching the consensus, on the group's board.
    assert [row.points for row in board.rows] == [6, 6, 1]


async def test_moderators_ban_and_settings(game: Game) -> None:
    admin, member = user(1), user(2)
    await game.join_community(GROUP, [admin])
    with pytest.raises(NotModerator):
        await game.check_moderator(GROUP, member, is_admin=False)
    with pytest.raises(NotModerator):
        await game.post_quiz(GROUP, member)
    await game.check_moderator(GROUP, admin, is_admin=True)
    assert await game.set_banned(GROUP, admin, member, True) == "Player 2"
    quiz = await game.post_quiz(GROUP, admin)
    with pytest.raises(Banned):
        await game.answer_quiz(member, quiz.quiz_id, "bot")
    with pytest.raises(CannotBanModerator):
        await game.set_banned(GROUP, admin, admin, True)
    await game.set_banned(GROUP, admin, member, False)
    assert not (await game.answer_quiz(member, quiz.quiz_id, "bot")).repeated
    info = await game.configure_community(GROUP, admin, daily_quiz=False, quiz_minutes=15)
    assert not info.daily_quiz and info.quiz_minutes == 15 and info.quizzes == 1


async def test_daily_quiz_once_per_day_and_only_where_wanted(game: Game, clock: FixedClock) -> None:
    admin = user(1)
    other = CommunityRef("telegram", "-1002", "Quiet")
    await game.join_community(GROUP, [admin])
    await game.join_community(other, [admin])
    await game.configure_community(other, admin, daily_quiz=False)
    [quiz] = await game.post_daily_quizzes("telegram")
    assert quiz.community == GROUP
    assert await game.post_daily_quizzes("telegram") == []
    await game.leave_community(GROUP)
    clock.advance(days=1)
    assert await game.post_daily_quizzes("telegram") == []


async def test_unknown_player_in_a_group_gets_an_account(game: Game, clock: FixedClock) -> None:
    admin = user(1)
    await game.join_community(GROUP, [admin])
    quiz = await game.post_quiz(GROUP, admin)
    stranger = UserRef("telegram", "777", "Stranger")
    clock.advance(seconds=3)
    await game.answer_quiz(stranger, quiz.quiz_id, "human")
    profile = await game.profile(stranger)
    assert profile.answers == 1 and profile.points == 1


async def test_each_platform_opens_quizzes_for_its_own_quiz_minutes(
    database_url: str, tmp_path: Path, clock: FixedClock
) -> None:
    settings = make_settings(tmp_path, database_url, telegram_quiz_minutes="45", discord_quiz_minutes="20")
    server, group, admin = CommunityRef("discord", "42", "Server"), GROUP, user(1)
    server_admin = UserRef("discord", "1", "Admin")  # a server is moderated from Discord, where it can be asked
    async with open_game(settings, clock=clock, packs=[text_pack("spot-the-bot")]) as game:
        assert (await game.join_community(server, [server_admin])).quiz_minutes == 20
        assert (await game.join_community(group, [admin])).quiz_minutes == 45
        quiz = await game.post_quiz(server, server_admin)
        assert quiz.closes_at == clock.now() + timedelta(minutes=20)


async def play_until(game: Game, clock: FixedClock, who: UserRef, text: str) -> None:
    """Privately answer tasks until the item showing `text` has been answered (or is no longer served)."""
    prompt = (await game.start(who)).prompt
    for _ in range(60):
        assert prompt is not None
        clock.advance(seconds=3)
        outcome = await game.answer(who, prompt.task_id, "human")
        if prompt.text == text or outcome.next_prompt is None:
            return
        prompt = outcome.next_prompt


async def test_a_quiz_tallies_the_groups_answers_only_and_says_why_it_closed_early(
    game: Game, clock: FixedClock
) -> None:
    admin = user(1)
    await game.join_community(GROUP, [admin])
    quiz = await game.post_quiz(GROUP, admin)
    clock.advance(seconds=5)
    await game.answer_quiz(user(2), quiz.quiz_id, "human")
    await game.answer_quiz(user(3), quiz.quiz_id, "human")
    # Players outside the group meet the same item in private play and settle it.
    for outsider in range(20, 25):
        await play_until(game, clock, user(outsider), quiz.prompt.text)
    [result] = await game.close_due_quizzes("telegram")
    assert {c.key: n for c, n in result.tallies} == {"human": 2, "bot": 0}
    assert result.reason is QuizClose.SETTLED and result.settled and result.answer is not None
    assert result.answer.key == "human" and result.right == ("Player 2", "Player 3")


async def test_a_quiz_asks_what_no_member_has_answered(database_url: str, tmp_path: Path, clock: FixedClock) -> None:
    settings = make_settings(tmp_path, database_url)
    async with open_game(settings, clock=clock, packs=[text_pack("few", items=4, gold_every=100)]) as game:
        admin = user(1)
        await game.join_community(GROUP, [admin])
        prompt = await game.next_task(admin)
        answered = set()
        for _ in range(3):
            answered.add(prompt.text)
            clock.advance(seconds=3)
            prompt = (await game.answer(admin, prompt.task_id, "human")).next_prompt
        quiz = await game.post_quiz(GROUP, admin)
        assert quiz.prompt.text not in answered
        with pytest.raises(NoQuiz):
            await game.post_quiz(GROUP, admin)


async def test_a_quiz_press_keeps_a_friends_invite_usable(game: Game, clock: FixedClock) -> None:
    admin, friend = user(1), user(2)
    welcome = await game.start(admin)
    await game.join_community(GROUP, [admin])
    quiz = await game.post_quiz(GROUP, admin)
    clock.advance(seconds=3)
    await game.answer_quiz(friend, quiz.quiz_id, "human")
    joined = await game.start(friend, welcome.referral_code)
    assert joined.invited_by == admin.display_name and joined.prompt is not None and joined.new
    with pytest.raises(ReferralError):  # now they have played privately, a second invite can't count
        await game.start(friend, welcome.referral_code)
