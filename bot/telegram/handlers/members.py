"""Members in their private chat: parse, call the core, render."""

from __future__ import annotations

import asyncio

from telegram import Update

from bot.common import texts, views
from bot.common.cards import leaderboard_card, profile_card
from bot.telegram import render
from bot.telegram.context import GameContext, chat_of, community, message_of, sender
from bot.telegram.tasks import send_task
from core.errors import ReferralError
from core.types import BoardScope
from core.whole_numbers import INT32_MAX, whole_number


async def start(update: Update, context: GameContext) -> None:
    """Welcome (through an invite link `/start ref_<code>` too) and the first task."""
    chat, payload = chat_of(update), (context.args or [""])[0]
    code = payload if payload.lower().startswith("ref_") else None  # other deep-link payloads are not invites
    locale = update.effective_user.language_code if update.effective_user else None
    try:
        welcome = await context.game.start(sender(update), code, locale)
    except ReferralError as exc:
        await render.say(context.bot, chat.id, texts.refusal(exc))
        welcome = await context.game.start(sender(update), locale=locale)
    await render.say(context.bot, chat.id, texts.welcome(welcome))
    await send_task(context.bot, context.game, sender(update), chat.id, welcome.prompt, context.app_url)


async def play(update: Update, context: GameContext) -> None:
    """The open task, or a new one."""
    user = sender(update)
    await send_task(
        context.bot, context.game, user, chat_of(update).id, await context.game.next_task(user), context.app_url
    )


async def checkin(update: Update, context: GameContext) -> None:
    """Today's check-in and the streak."""
    facts = await context.game.check_in(sender(update))
    await render.say(context.bot, chat_of(update).id, texts.check_in(facts))


async def profile(update: Update, context: GameContext) -> None:
    """The profile card: level, progress, streak, accuracy, points, rank."""
    facts = await context.game.profile(sender(update))
    card = await asyncio.to_thread(profile_card, facts)  # drawing takes a few ms; keep the loop free
    await render.send(context.bot, chat_of(update).id, views.Reply(texts.profile(facts), image=card))


async def top(update: Update, context: GameContext) -> None:
    """The leaderboard of all time, or of this week with `/top week`; in a group, the group's own."""
    args = [a.lower() for a in context.args or []]
    if args not in ([], ["week"]):
        await render.say(context.bot, chat_of(update).id, texts.USAGE_TOP)
        return
    chat = chat_of(update)
    scope: BoardScope = "week" if args else ("all" if chat.type == chat.PRIVATE else "community")
    where = community(chat) if scope == "community" else None
    board = await context.game.leaderboard(sender(update), scope=scope, community=where)
    card = await asyncio.to_thread(leaderboard_card, board)
    await render.send(context.bot, chat.id, views.Reply(texts.leaderboard(board), image=card))


async def invite(update: Update, context: GameContext) -> None:
    """The player's invite link (a deep link that starts the bot with their code)."""
    facts = await context.game.invite(sender(update))
    link = context.deep_link(f"ref_{facts.code}")
    await render.say(context.bot, chat_of(update).id, texts.invite(facts, link))


async def link(update: Update, context: GameContext) -> None:
    """`/link` gives a one-time code; `/link <code>` uses one from the other platform."""
    chat, args = chat_of(update), context.args or []
    if len(args) > 1:
        await render.say(context.bot, chat.id, texts.USAGE_LINK)
    elif args:
        linked = await context.game.link(sender(update), args[0])
        await render.say(context.bot, chat.id, texts.linked(linked.platforms))
    else:
        code = await context.game.create_link_code(sender(update))
        await render.say(context.bot, chat.id, texts.link_code(code.code, context.settings.link.code_ttl_minutes))


async def why(update: Update, context: GameContext) -> None:
    """`/why <task>`: the receipt of one of the player's settled answers."""
    chat, args = chat_of(update), context.args or []
    if len(args) != 1 or not args[0].isdigit():  # any digits ("²" too) get the rule from the parser
        await render.say(context.bot, chat.id, texts.USAGE_WHY)
        return
    facts = await context.game.why(sender(update), whole_number(args[0], 1, INT32_MAX, texts.N_("A task number")))
    await render.say(context.bot, chat.id, texts.why(facts))


async def appeal(update: Update, context: GameContext) -> None:
    """`/appeal <campaign>`: ask a campaign's moderators to review the player's suspension."""
    chat, args = chat_of(update), context.args or []
    if len(args) != 1 or not args[0].isdigit():
        await render.say(context.bot, chat.id, texts.USAGE_APPEAL)
        return
    facts = await context.game.appeal(sender(update), int(args[0]))
    await render.say(context.bot, chat.id, texts.appeal_sent(facts))


async def help_command(update: Update, context: GameContext) -> None:
    """Every command with one line; in a group, the group's commands."""
    chat = chat_of(update)
    lines = texts.help_text() if chat.type == chat.PRIVATE else texts.group_help_text()
    await render.say(context.bot, chat.id, lines)


async def private_only(update: Update, context: GameContext) -> None:
    """A member command sent in a group: point to the private chat instead of answering in public."""
    await message_of(update).reply_text(texts.private_only(context.deep_link()))


async def unknown(update: Update, context: GameContext) -> None:
    """A command we don't have, plain text or a document that isn't a pack: a short hint, nothing written."""
    message = message_of(update)
    if message.document is not None:
        hint = texts.NOT_A_PACK
    else:
        hint = texts.UNKNOWN_COMMAND if (message.text or "").startswith("/") else texts.PLAIN_TEXT
    await message.reply_text(hint)
