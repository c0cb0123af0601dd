"""Groups: the bot joins (a community is born), moderator commands, and the quiz jobs' posting and closing.
Quizzes and their results are posted in the language most of the group's members read (`languages.of_group`).

Telegram is the authority on who administers a group: every moderator command asks it (getChatMember) and the
core mirrors the answer before acting.
"""

from __future__ import annotations

import logging
from typing import TypedDict

from telegram import ChatMember, Update
from telegram.error import TelegramError
from telegram.ext import Application

from bot.common import languages, texts, views
from bot.telegram import moderation, render
from bot.telegram.context import GameContext, chat_of, community, message_of, sender, user_ref
from core.game.game import Game
from core.settings.platforms import MAX_QUIZ_MINUTES
from core.types import CommunityRef, Quiz, QuizResult, UserRef
from core.whole_numbers import is_digits, whole_number

log = logging.getLogger("chatlabel.telegram")
PRESENT = {ChatMember.MEMBER, ChatMember.ADMINISTRATOR, ChatMember.OWNER, ChatMember.RESTRICTED}


async def bot_membership(update: Update, context: GameContext) -> None:
    """Added to a group: it becomes a community whose admins are moderators. Removed: daily quizzes stop."""
    change = update.my_chat_member
    if change is None:  # registered as a ChatMemberHandler for the bot's own membership only
        raise ValueError(f"update {update.update_id} is not a change of the bot's membership")
    was, now = change.old_chat_member.status in PRESENT, change.new_chat_member.status in PRESENT
    where = community(change.chat)
    if now and not was:
        admins = await context.bot.get_chat_administrators(change.chat.id)
        await context.game.join_community(where, [user_ref(a.user) for a in admins if not a.user.is_bot])
        await render.say(context.bot, change.chat.id, texts.community_welcome(change.chat.title or ""))
    elif was and not now:
        await context.game.leave_community(where)


async def moderator(update: Update, context: GameContext) -> CommunityRef:
    """The group, once Telegram confirmed the sender administers it (NotModerator otherwise)."""
    chat, user = chat_of(update), sender(update)
    where = community(chat)
    await context.game.check_moderator(where, user, await moderation.is_admin(context.bot, chat.id, user.external_id))
    return where


async def quiz(update: Update, context: GameContext) -> None:
    """`/quiz`: post a task every member answers for themselves."""
    where = await moderator(update, context)
    await publish(context.application, await context.game.post_quiz(where, sender(update)))


async def settings(update: Update, context: GameContext) -> None:
    """`/community`, `/community daily on|off`, `/community minutes <n>`: the group's settings."""
    where, args = await moderator(update, context), [a.lower() for a in context.args or []]
    changes = parse_settings(args)
    if changes is None:
        await render.say(context.bot, chat_of(update).id, texts.USAGE_COMMUNITY)
        return
    info = await context.game.configure_community(where, sender(update), **changes)
    hour = context.settings.telegram.daily_quiz_hour
    text = texts.community_settings(info.title, info.daily_quiz, info.quiz_minutes, hour, info.members, info.banned)
    await render.say(context.bot, chat_of(update).id, text)


class SettingsChange(TypedDict, total=False):
    """The keywords of `Game.configure_community` a `/community` command sets (none: show the settings)."""

    daily_quiz: bool
    quiz_minutes: int


def parse_settings(args: list[str]) -> SettingsChange | None:
    if not args:
        return {}
    if len(args) == 2 and args[0] == "daily" and args[1] in ("on", "off"):
        return {"daily_quiz": args[1] == "on"}
    if len(args) == 2 and args[0] == "minutes":
        return {"quiz_minutes": whole_number(args[1], 1, MAX_QUIZ_MINUTES, texts.N_("Quiz minutes"))}
    return None


async def ban(update: Update, context: GameContext) -> None:
    """`/ban` in reply to a member's message, or `/ban <user id>`."""
    await set_banned(update, context, True)


async def unban(update: Update, context: GameContext) -> None:
    """`/unban` in reply to a member's message, or `/unban <user id>`."""
    await set_banned(update, context, False)


async def set_banned(update: Update, context: GameContext, banned: bool) -> None:
    where, target = await moderator(update, context), target_of(update, context.args or [])
    if target is None:
        await render.say(context.bot, chat_of(update).id, texts.USAGE_BAN)
        return
    # Telegram's word on the target too: a demoted admin's old moderator flag must not shield them from a ban.
    target_admin = await moderation.is_admin(context.bot, chat_of(update).id, target.external_id)
    await context.game.record_moderator(where, target, target_admin)
    name = await context.game.set_banned(where, sender(update), target, banned)
    await render.say(context.bot, chat_of(update).id, texts.banned(name) if banned else texts.unbanned(name))


def target_of(update: Update, args: list[str]) -> UserRef | None:
    replied = message_of(update).reply_to_message
    if not args and replied is not None and replied.from_user is not None and not replied.from_user.is_bot:
        return user_ref(replied.from_user)
    if len(args) == 1 and is_digits(args[0]) and len(args[0]) <= 20:  # a Telegram user id fits 64 bits
        return UserRef("telegram", args[0], args[0])
    return None


async def group_only(update: Update, context: GameContext) -> None:
    """A moderator command in a private chat."""
    await render.say(context.bot, chat_of(update).id, texts.GROUP_ONLY)


# --- jobs: posting and closing quizzes ------------------------------------------------------------------------
async def publish(application: Application, posted: Quiz) -> None:
    """Send a quiz to its group and remember where, so closing can show the tallies in the same message."""
    game: Game = application.bot_data["game"]
    minutes = max(1, round((posted.closes_at - game.deps.clock.now()).total_seconds() / 60))
    with texts.speaking(await languages.of_group(game, posted.community)):  # for the whole group
        reply = views.with_footer(views.quiz(posted.prompt, posted.quiz_id), texts.quiz_footer(minutes))
    sent = await render.send(application.bot, posted.community.external_id, reply)
    await game.quiz_posted(posted.quiz_id, f"{sent.chat_id}:{sent.message_id}")


async def post_daily(application: Application) -> None:
    """Scheduled: today's quiz in every group that wants one; a group that fails doesn't stop the others."""
    for posted in await application.bot_data["game"].post_daily_quizzes("telegram"):
        try:
            await publish(application, posted)
        except TelegramError as exc:
            log.warning("daily quiz %s not posted to %s: %s", posted.quiz_id, posted.community.external_id, exc)


async def close_due(application: Application) -> None:
    """Scheduled: quizzes whose time is up show their tallies in place, without buttons."""
    for result in await application.bot_data["game"].close_due_quizzes("telegram"):
        try:
            await reveal(application, result)
        except TelegramError as exc:
            log.warning("quiz %s results not shown: %s", result.quiz_id, exc)


async def reveal(application: Application, result: QuizResult) -> None:
    if not result.message_ref:
        return  # never reached the group (the send failed); nothing to edit
    chat_id, message_id = result.message_ref.split(":")
    with texts.speaking(await languages.of_group(application.bot_data["game"], result.community)):
        question = views.quiz(result.prompt, result.quiz_id)
        text = texts.quiz_results(question.text, result)
    await render.replace(application.bot, int(chat_id), int(message_id), text, photo=question.image is not None)
