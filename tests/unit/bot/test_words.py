"""The wording players and admins meet: numbers agree with their nouns, levels count from 1, empty boards
say only that they are empty, the invitee bonus is explained, the two accuracies are told apart."""

from __future__ import annotations

from datetime import date

from bot.common import texts, views
from core.types import CheckIn, Invite, Leaderboard, Profile, Progress, Standing, Welcome

PROGRESS = Progress(0, "bot_or_not", "Bot spotter", "Image checker", 1, 5, 1.0, 0.8)


def test_count_agrees_with_the_number() -> None:
    assert texts.count(1, "point") == "1 point" and texts.count(2, "point") == "2 points"
    assert texts.count("1", "token") == "1 token" and texts.count("1.5", "token") == "1.5 tokens"
    assert texts.count(0, "player") == "0 players"


def test_singular_amounts_read_naturally() -> None:
    assert "Streak: 1 day. +1 point." in texts.check_in(CheckIn(date(2026, 1, 5), 1, 1, 2))
    assert texts.claim_made(1, "1").startswith("🧾 Claimed 1 point for 1 token.")
    assert "paid: 1 token." in texts.claim_paid({"amount": "1"})
    profile = Profile("Ann", PROGRESS, 1, 0.5, 1, 3, 10, 1, 1)
    shown = texts.profile(profile)
    assert "of 1 player " in shown and "Lifetime accuracy: 50% on 1 check" in shown and "Streak: 1 day" in shown
    assert "accuracy this level 100%" in texts.progress_line(PROGRESS)


def test_an_empty_board_says_only_that() -> None:
    you = Standing(1, "Ann", 0, "Bot spotter")
    shown = texts.leaderboard(Leaderboard("all", None, (), you))
    assert "Nobody has points yet" in shown and "You — 0" not in shown
    ranked = texts.leaderboard(
        Leaderboard("all", None, (Standing(1, "Bo", 5, "Bot spotter"),), Standing(7, "Ann", 0, "x"))
    )
    assert ranked.endswith("7. You — 0")


def test_the_invitee_bonus_is_explained() -> None:
    welcome = Welcome(1, True, "Alice", "code", PROGRESS, None, invitee_points=20)
    line = texts.welcome(welcome)
    assert "invited by Alice" in line and "you get +20 points" in line and "next level" in line
    invite = texts.invite(Invite("code", 0, 0, 100, 20), "https://t.me/bot?start=ref_code")
    assert "+100 points when they reach the next level (they get +20 points then too)" in invite


def test_a_footer_follows_the_buttons_when_a_long_text_comes_in_parts() -> None:
    long = views.Reply("x" * 5000, parts=("first", "second", "❓ question"))
    shown = views.pieces(views.with_footer(long, "🗳 footer"), 4096)
    assert [p.text for p in shown] == ["first", "second", "❓ question\n\n🗳 footer"]
    short = views.with_footer(views.Reply("❓ question"), "🗳 footer")
    assert views.pieces(short, 4096) == [views.Reply("❓ question\n\n🗳 footer")]


def test_a_test_chain_reset_is_told_in_plain_words() -> None:
    shown = texts.claims_list([(100, "1", "reset", None)])
    assert "100 points → 1 token: not paid: the test chain started over" in shown and "never real" in shown


def test_the_shipped_level_titles_are_read_in_the_players_language_and_an_operators_own_as_written() -> None:
    custom = Progress(0, "bot_or_not", "Грандмастер", "Image checker", 1, 5, 1.0, 0.8)
    board = Leaderboard("all", None, (Standing(1, "Bo", 5, "Bot spotter"),), None)
    with texts.speaking("ru"):
        assert "Ловец ботов" in texts.progress_line(PROGRESS) and "Проверяющий картинок" in texts.progress_line(
            PROGRESS
        )
        assert "(Ловец ботов)" in texts.leaderboard(board)
        assert "Грандмастер" in texts.progress_line(custom)
    with texts.speaking("es"):
        assert "Cazabots" in texts.progress_line(PROGRESS)
    assert "Bot spotter" in texts.progress_line(PROGRESS)
