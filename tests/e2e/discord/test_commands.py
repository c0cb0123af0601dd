"""Discord's own words: /help in slash syntax, /invite with a link that adds the bot, the admin menu hidden."""

from __future__ import annotations

from tests.e2e.discord.conftest import World


async def test_help_speaks_discord_syntax(world: World) -> None:
    helped = await world.edge.slash("help", user=world.edge.user("ann"))
    text = helped.text
    assert "/why task:<number>" in text and "/top scope:week" in text and "/claim points:<points>" in text
    assert "/why <task number>" not in text and "group" not in text.lower()
    assert "/levelrole" in text and "/quizchannel" in text
    assert world.edge.violations == []


async def test_invite_gives_a_link_that_adds_the_bot(world: World) -> None:
    edge = world.edge
    bob = edge.user("bob")
    await edge.slash("start", user=bob)
    invited = await edge.slash("invite", user=bob)
    link = f"https://discord.com/oauth2/authorize?client_id={edge.world.application_id}"
    assert link in invited.text and "/start code:" in invited.text
    assert edge.violations == []


async def test_campaign_is_not_in_members_command_menu(world: World) -> None:
    registered = [command for commands in world.edge.commands.values() for command in commands]
    campaign = next(c for c in registered if c["name"] == "campaign")
    assert int(campaign["default_member_permissions"]) == 1 << 5  # Manage Server
    play = next(c for c in registered if c["name"] == "play")
    assert play.get("default_member_permissions") is None
    descriptions = " ".join(c["description"] for c in registered)
    assert "group" not in descriptions.lower() and "add 'week'" not in descriptions
    top = next(c for c in registered if c["name"] == "top")
    assert "scope:week" in top["description"] and all(len(c["description"]) <= 100 for c in registered)


async def test_the_task_number_after_an_answer_is_what_why_takes(world: World) -> None:
    edge = world.edge
    gus = edge.user("gus")
    first = (await edge.slash("start", user=gus)).followups[-1]
    pressed = await edge.press(first, first.custom_ids[0], user=gus)
    number = (pressed.original.content or "").split("task #", 1)[1].split()[0]
    why = await edge.slash("why", {"task": int(number)}, user=gus)
    assert "check with a known answer" in why.text or "isn't settled yet" in why.text, why.text
    assert edge.violations == []
