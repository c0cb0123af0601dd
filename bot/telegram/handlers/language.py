"""The player's language: which one each update is answered in, and /language to choose it."""

from __future__ import annotations

from telegram import Update

from bot.common import callbacks, languages, texts, views
from bot.telegram import render
from bot.telegram.context import GameContext, sender, user_ref


async def speak(update: Update, context: GameContext) -> None:
    """Before every handler (and in the same task): the sender's chosen language, else their Telegram app's."""
    user = update.effective_user
    chosen = await context.game.language(user_ref(user)) if user is not None and not user.is_bot else None
    texts.use(chosen, user.language_code if user is not None else None)


async def language(update: Update, context: GameContext) -> None:
    """`/language` lists the languages as buttons; `/language <code>` chooses one."""
    chat, args = update.effective_chat, context.args or []
    assert chat is not None  # registered for commands, which come from a chat
    if len(args) > 1:
        await render.say(context.bot, chat.id, texts.USAGE_LANGUAGE)
    elif args:
        await render.say(context.bot, chat.id, await languages.choose(context.game, sender(update), args[0]))
    else:
        await render.send(context.bot, chat.id, views.language_choices())


async def chosen(update: Update, context: GameContext, press: callbacks.LanguagePress) -> None:
    """A language button: the list becomes the confirmation, in the language just chosen."""
    query = update.callback_query
    assert query is not None  # called for button presses only
    said = await languages.choose(context.game, sender(update), press.code)
    await query.answer()
    await render.replace_pressed(query, said)
