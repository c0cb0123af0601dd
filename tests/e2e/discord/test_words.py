"""The words players read on Discord, as on Telegram: counts in the singular when there is one, one word
("checks") for gold items, both accuracies labelled, the invitee's bonus explained, an empty leaderboard
that does not list anybody."""

from __future__ import annotations

from tests.e2e.discord.conftest import World


async def test_a_new_player_reads_plain_words(world: World) -> None:
    edge = world.edge
    una, vic = edge.user("una"), edge.user("vic")
    started = await edge.slash("start", user=una)
    welcome = started.text
    assert "(checks 0/" in welcome and "accuracy this level –" in welcome and "gold" not in welcome.lower()
    board = (await edge.slash("top", user=una)).text
    assert "Nobody has points yet" in board and "You — 0" not in board and "1." not in board
    profile = (await edge.slash("profile", user=una)).text
    assert "accuracy this level" in profile and "Lifetime accuracy" in profile
    assert "Rank: 1 of 1 player " in profile + " " and "1 players" not in profile
    invite = (await edge.slash("invite", user=una)).text
    assert "(they get +" in invite and "points then too)" in invite
    code = invite.split("code:")[1].split()[0]
    joined = (await edge.slash("start", {"code": code}, user=vic)).text
    assert "You were invited by Una. When you reach the next level (answer the checks well), you get +" in joined
    assert "and Una is rewarded for inviting you." in joined
    assert "of 2 players" in (await edge.slash("profile", user=vic)).text
    assert edge.violations == []
