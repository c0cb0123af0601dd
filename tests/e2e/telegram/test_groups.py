"""Groups: the bot joins, moderators post quizzes, members answer for themselves, tallies show only at the close."""

from __future__ import annotations

from bot.telegram.handlers import groups
from tests.e2e.telegram.conftest import World
from tests.fakes.telegram_models import Chat, StoredMessage, User


async def joined(world: World, title: str = "Labelers"):
    api = world.api
    owner, group = api.user("Olga"), api.group(title)
    api.add_bot_to_group(group, owner)
    await api.wait_until(lambda: any("community" in t for t in world.texts(group)))
    await api.settle()
    return owner, group


async def test_group_quiz_with_three_members(world: World) -> None:
    api = world.api
    owner, group = await joined(world)
    members = [api.user(name) for name in ("Ann", "Ben", "Cid")]
    api.group_message(group, owner, "/quiz")
    await api.wait_until(lambda: world.last(group).buttons)
    quiz = world.last(group)
    assert [b["text"] for b in quiz.buttons] == ["Human", "Bot"] and "results show when the quiz closes" in quiz.text
    presses = [api.press(m, quiz, pick) for m, pick in zip(members, ["Human", "Human", "Bot"], strict=True)]
    await api.wait_until(lambda: all(p.answered for p in presses))
    again = api.press(members[0], quiz, "Bot")
    await api.wait_until(lambda: again.answered)
    assert [p.text for p in presses] == [
        "Recorded: Human. Results when the quiz closes.",
        "Recorded: Human. Results when the quiz closes.",
        "Recorded: Bot. Results when the quiz closes.",
    ]
    assert again.text == "You already answered: Human."
    assert quiz.buttons and "Closed" not in quiz.text and quiz.edits == []  # nothing public while it is open
    world.clock.advance(minutes=61)
    await world.close_quiz(quiz)
    assert quiz.reply_markup is None
    assert "🔒 Closed (time's up) — 3 answers:\nHuman: 2 (67%)\nBot: 1 (33%)" in quiz.text
    assert "➡️ The crowd leans to: Human\nRight: " in quiz.text and {"Ann", "Ben"} <= set(
        quiz.text.split("Right: ")[1].split(", ")
    )
    api.group_message(group, members[0], "/top")
    await api.wait_until(lambda: (world.last(group).caption or "").startswith("🏆 Top in this community"))
    # A point per answer, and 5 more on the group's board for those who matched the consensus; the card, as on Discord.
    board = world.last(group).caption
    assert "Ann — 6" in board and "Ben — 6" in board and "Cid — 1" in board and world.last(group).photo_file_id
    assert api.errors == []


async def posted_quiz(world: World, group: Chat, owner: User) -> StoredMessage:
    world.api.group_message(group, owner, "/quiz")
    await world.api.wait_until(lambda: world.last(group).buttons)
    return world.last(group)


async def play_until_shown(world: World, player: User, item: str, limit: int = 40) -> bool:
    """`player` plays privately until they have answered "Bot" to the task showing `item` (True), or until no
    task is left for them (False: the item settled before they met it). Always "Bot", so half their checks fail
    and they stay on the first level, where the item is."""
    await world.say(player, "/start", replies=2)
    for _ in range(limit):
        task = world.last(player)
        if not any(button.get("text") == "Bot" for button in task.buttons):
            return False
        met = item in (task.text or "").split("\n")
        await world.answer(player, task, "Bot")
        if met:
            return True
    raise AssertionError(f"{item!r} was not served in {limit} tasks")


async def test_a_quiz_tallies_the_groups_answers_only(world: World) -> None:
    """Players outside the group who meet the quiz's item in private play are not counted in its tally."""
    api = world.api
    owner, group = await joined(world)
    quiz = await posted_quiz(world, group, owner)
    item = next(line for line in quiz.text.split("\n") if "text number" in line)
    presses = [api.press(api.user(name), quiz, "Human") for name in ("Ann", "Ben")]
    await api.wait_until(lambda: all(p.answered for p in presses))
    met = [await play_until_shown(world, api.user(outsider), item) for outsider in ("Cy", "Di")]
    assert any(met), "no outsider met the quiz's item in private play"
    world.clock.advance(minutes=61)
    await world.close_quiz(quiz)
    assert quiz.reply_markup is None and "— 2 answers:\nHuman: 2 (100%)\nBot: 0 (0%)" in quiz.text, quiz.text
    assert api.errors == []


async def test_a_quiz_press_keeps_a_friends_invite_usable(world: World) -> None:
    api = world.api
    owner, group = await joined(world)
    await world.say(owner, "/start", replies=2)
    await world.say(owner, "/invite")
    code = world.last(owner).text.split("\n")[1].rsplit("=", 1)[1]
    fin = api.user("Fin")
    press = api.press(fin, await posted_quiz(world, group, owner), "Human")
    await api.wait_until(lambda: press.answered)
    assert press.text.startswith("Recorded: Human")
    await world.say(fin, f"/start {code}", replies=2)
    assert "invited by Olga" in api.bot_messages(fin)[0].text and "already joined" not in api.bot_messages(fin)[0].text
    assert api.errors == []


async def test_moderator_commands_and_refusals(world: World) -> None:
    api = world.api
    owner, group = await joined(world)
    member = api.user("Max")
    for command in ("/quiz", "/community", "/ban 12345", "/unban 12345"):
        api.group_message(group, member, command)
    await api.wait_until(lambda: world.texts(group).count("Only this group's admins can do that.") == 4)
    said = api.group_message(group, member, "hello all")
    api.group_message(group, owner, "/community daily off")
    await api.wait_until(lambda: "Daily quiz: off" in world.last(group).text)
    api.group_message(group, owner, "/community minutes 15")
    await api.wait_until(lambda: "stay open: 15 min" in world.last(group).text)
    api.group_message(group, owner, "/community loud please")
    await api.wait_until(lambda: world.last(group).text.startswith("Use /community"))
    for minutes in ("²", "99999999999999999999", "0"):
        api.group_message(group, owner, f"/community minutes {minutes}")
        await api.wait_until(lambda: world.last(group).text == "Quiz minutes must be a whole number from 1 to 10080.")
        api.group_message(group, owner, "/community loud please")
        await api.wait_until(lambda: world.last(group).text.startswith("Use /community"))
    world.reply_in_group(group, owner, "/ban", said)
    await api.wait_until(lambda: world.last(group).text == "🚫 Max can no longer answer this group's tasks.")
    api.group_message(group, owner, "/quiz")
    await api.wait_until(lambda: world.last(group).buttons)
    refused = api.press(member, world.last(group), "Bot")
    await api.wait_until(lambda: refused.answered)
    assert refused.show_alert and refused.text == "You've been banned from this community's tasks."
    api.group_message(group, owner, f"/unban {member.id}")
    await api.wait_until(lambda: world.last(group).text == "✅ Max can answer this group's tasks again.")
    api.group_message(group, owner, "/ban")  # neither a reply nor an id
    await api.wait_until(lambda: world.last(group).text.startswith("Reply to the member's message"))
    await world.say(member, "/quiz")
    assert world.last(member).text == "That command works in a group I've been added to."
    assert api.errors == []


async def test_daily_quiz_and_bot_removed(world: World) -> None:
    api = world.api
    owner, group = await joined(world)
    await groups.post_daily(world.bot_application)
    assert world.last(group).buttons
    await groups.post_daily(world.bot_application)  # once a day only
    assert len([m for m in api.bot_messages(group) if m.buttons]) == 1
    api.act.remove_bot_from_group(group, owner)
    await api.settle()
    world.clock.advance(days=1)
    await groups.post_daily(world.bot_application)
    assert len([m for m in api.bot_messages(group) if m.buttons]) == 1
    assert api.errors == []
