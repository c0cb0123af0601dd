"""Inline buttons: a player's own task (private chat) or a quiz posted to a group. State lives in the data."""

from __future__ import annotations

import asyncio

from telegram import Update

from bot.common import callbacks, texts, views
from bot.telegram import render
from bot.telegram.context import GROUP_TYPES, GameContext, chat_of, community, query_of, sender
from bot.telegram.handlers.language import chosen
from bot.telegram.tasks import is_live, show_next
from core.errors import GameError
from core.text_units import utf16_len


async def press(update: Update, context: GameContext) -> None:
    """Any button; forged or stale data gets a quiet answer and nothing is written."""
    query = query_of(update)
    decoded = callbacks.decode(query.data)
    if isinstance(decoded, callbacks.AnswerPress):
        await answer(update, context, decoded)
    elif isinstance(decoded, callbacks.QuizPress) and query.message and query.message.chat.type in GROUP_TYPES:
        await quiz_answer(update, context, decoded)
    elif isinstance(decoded, callbacks.InstructionsPress):
        await instructions(update, context, decoded)
    elif isinstance(decoded, callbacks.LanguagePress) and decoded.code in texts.LANGUAGES:
        await chosen(update, context, decoded)
    else:
        await query.answer(texts.STALE_BUTTON)


async def answer(update: Update, context: GameContext, choice: callbacks.AnswerPress) -> None:
    """The player's own task: the verdict as the press's answer, and the same message becomes the next task. A
    message that is no longer the player's live task message (a later /play posted another) answers nothing."""
    query = query_of(update)
    if not await is_live(context.game, sender(update), query.message):
        await query.answer(texts.STALE_BUTTON)
        return
    outcome = await context.game.answer(sender(update), choice.task_id, choice.choice)
    shown = await asyncio.to_thread(views.press, outcome)  # an image task's card is drawn off the event loop
    await query.answer(render.fit(shown.toast, render.ANSWER_LIMIT))
    if not outcome.repeated:
        chat_id = chat_of(update).id
        await show_next(query, context.game, sender(update), chat_id, shown, outcome.next_prompt, context.app_url)


async def quiz_answer(update: Update, context: GameContext, choice: callbacks.QuizPress) -> None:
    """A group quiz: each member's press is their own answer; only they see the confirmation."""
    here, user = community(chat_of(update)), update.effective_user
    locale = user.language_code if user is not None else None
    result = await context.game.answer_quiz(sender(update), choice.quiz_id, choice.choice, here, locale)
    await query_of(update).answer(texts.quiz_recorded(result.choice.label, result.repeated, result.counted))


async def instructions(update: Update, context: GameContext, press: callbacks.InstructionsPress) -> None:
    """ "?": the campaign's instructions as an alert when they fit one, else as a message; the task stays open.
    A task that is not the presser's, or has no instructions, gets the stale-button answer."""
    query, chat = update.callback_query, update.effective_chat
    assert query is not None and chat is not None  # a press on a message in a chat
    try:
        shown = await context.game.task_instructions(sender(update), press.task_id)
    except GameError:
        shown = ""
    text = texts.instructions(shown)
    if not shown:
        await query.answer(texts.STALE_BUTTON)
    elif utf16_len(text) <= render.ANSWER_LIMIT:
        await query.answer(text, show_alert=True)
    else:
        await query.answer()
        await render.say(context.bot, chat.id, text)
