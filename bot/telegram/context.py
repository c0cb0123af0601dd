"""The handlers' context: the game and settings handed over by the caller, and Telegram -> core identities."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from telegram import CallbackQuery, Chat, Message, Update, User
from telegram.ext import CallbackContext, ExtBot

from core.game.game import Game
from core.settings import Settings
from core.types import CommunityRef, UserRef

GROUP_TYPES = (Chat.GROUP, Chat.SUPERGROUP)


class GameContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """`context.game` as in the examples: the caller opened the game and put it in `bot_data`."""

    @property
    def game(self) -> Game:
        return self.application.bot_data["game"]

    @property
    def settings(self) -> Settings:
        return self.application.bot_data["settings"]

    @property
    def app_url(self) -> str | None:
        """The Mini App's public address, when one is configured."""
        return self.settings.mini_app.public_url or None

    def deep_link(self, payload: str = "") -> str:
        """A link that opens the private chat with the bot (and sends /start <payload>)."""
        return deep_link(self.bot.username, payload)


def deep_link(username: str, payload: str = "") -> str:
    return f"https://t.me/{username}" + (f"?start={payload}" if payload else "")


def invite_links(bot: ExtBot) -> Callable[[str], str | None]:
    """Invite links for the Mini App, which serves before the bot knows its own name (None until it does)."""

    def link(code: str) -> str | None:
        try:
            return deep_link(bot.username, code)
        except RuntimeError:  # not initialised yet (getMe not answered)
            return None

    return link


def user_ref(user: User) -> UserRef:
    return UserRef("telegram", str(user.id), user.full_name or user.username or str(user.id))


def sender(update: Update) -> UserRef:
    assert update.effective_user is not None  # handlers are registered for updates that have a sender
    return user_ref(update.effective_user)


def chat_of(update: Update) -> Chat:
    """The chat of a command, message or press: every handler given the game is registered for such updates."""
    if update.effective_chat is None:
        raise ValueError(f"update {update.update_id} has no chat")
    return update.effective_chat


def message_of(update: Update) -> Message:
    """The message of a command or upload (the handlers' filters pass only updates that carry one)."""
    if update.effective_message is None:
        raise ValueError(f"update {update.update_id} has no message")
    return update.effective_message


def query_of(update: Update) -> CallbackQuery:
    """The button press of a callback-query update (the only updates the press handler receives)."""
    if update.callback_query is None:
        raise ValueError(f"update {update.update_id} is not a button press")
    return update.callback_query


def community(chat: Chat) -> CommunityRef:
    return CommunityRef("telegram", str(chat.id), chat.title or "")
