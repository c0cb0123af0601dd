"""The command menus Telegram shows: what each kind of user can run, and nothing they cannot.

Members see the game's commands in private chats and /top and /help in groups; group admins also see the
moderator commands; the game's admins (settings `admins.telegram`) also see /campaign. A group's own
moderators may run /campaign for their community too; the core checks every call, the menu only guides.
"""

from __future__ import annotations

import logging

from telegram import (
    BotCommand,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    MenuButtonWebApp,
    WebAppInfo,
)
from telegram.error import TelegramError
from telegram.ext import Application

from bot.common import texts

log = logging.getLogger("chatlabel.telegram")
ADMIN_ONLY = frozenset({"campaign"})
GROUP_MEMBER_COMMANDS = frozenset({"top"})


def commands(pairs: tuple[tuple[str, str], ...] | list[tuple[str, str]]) -> list[BotCommand]:
    return [BotCommand(name, line[:256]) for name, line in pairs]


async def publish_commands(application: Application) -> None:
    """The menus in English for everyone, and in each other language for users whose Telegram app uses it."""
    for language in texts.LANGUAGES:
        with texts.speaking(language):
            await publish_menus(application, None if language == texts.DEFAULT_LANGUAGE else language)
    app_url = application.bot_data["settings"].mini_app.public_url
    if app_url:  # the menu button beside the message field opens the Mini App, in every private chat
        await bot_menu_button(application, app_url)


async def publish_menus(application: Application, language_code: str | None) -> None:
    bot, help_line = application.bot, ("help", texts.HELP_LINE)
    members = [pair for pair in texts.COMMANDS if pair[0] not in ADMIN_ONLY]
    campaign = [pair for pair in texts.COMMANDS if pair[0] in ADMIN_ONLY]
    in_groups = [pair for pair in texts.GROUP_COMMANDS if pair[0] in GROUP_MEMBER_COMMANDS]
    said = {"language_code": language_code}
    await bot.set_my_commands(commands(members), scope=BotCommandScopeAllPrivateChats(), **said)
    await bot.set_my_commands(commands([*in_groups, help_line]), scope=BotCommandScopeAllGroupChats(), **said)
    group_admins = [*texts.GROUP_COMMANDS, *campaign, help_line]
    await bot.set_my_commands(commands(group_admins), scope=BotCommandScopeAllChatAdministrators(), **said)
    for admin in application.bot_data["settings"].admins.telegram:
        try:
            await bot.set_my_commands(commands([*members, *campaign]), scope=BotCommandScopeChat(int(admin)), **said)
        except TelegramError as exc:  # an admin who never opened a chat with the bot: "chat not found"
            log.info("no private command menu for admin %s yet: %s", admin, exc)


async def bot_menu_button(application: Application, app_url: str) -> None:
    await application.bot.set_chat_menu_button(menu_button=MenuButtonWebApp(texts.MINI_APP_MENU, WebAppInfo(app_url)))
