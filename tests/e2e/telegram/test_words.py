"""The words players read: counts in the singular when there is one, one word ("checks") for gold items, both
accuracies labelled, the invitee's bonus explained, an empty leaderboard that does not list anybody."""

from __future__ import annotations

from tests.e2e.telegram.conftest import World


async def test_a_new_player_reads_plain_words(world: World) -> None:
    api = world.api
    una, vic = api.user("Una"), api.user("Vic")
    await world.say(una, "/start", replies=2)
    welcome = api.bot_messages(una)[-2].text
    assert "(checks 0/" in welcome and "accuracy this level –" in welcome and "gold" not in welcome.lower()
    await world.say(una, "/top")
    board = world.last(una).caption or world.last(una).text  # the card, its standings as caption
    assert "Nobody has points yet" in board and "You — 0" not in board and "1." not in board
    await world.say(una, "/profile")
    profile = world.last(una).caption
    assert "accuracy this level" in profile and "Lifetime accuracy" in profile
    assert "Rank: 1 of 1 player " in profile + " " and "1 players" not in profile
    await world.say(una, "/invite")
    invite = world.last(una).text
    assert "(they get +" in invite and "points then too)" in invite
    code = invite.split("\n")[1].rsplit("=", 1)[1]
    await world.say(vic, f"/start {code}", replies=2)
    joined = api.bot_messages(vic)[-2].text
    assert "You were invited by Una. When you reach the next level (answer the checks well), you get +" in joined
    assert "and Una is rewarded for inviting you." in joined
    await world.say(vic, "/profile")
    assert "Rank: " in world.last(vic).caption and "of 2 players" in world.last(vic).caption
    assert api.errors == []
