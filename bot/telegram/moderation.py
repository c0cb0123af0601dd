"""Who administers a group, as Telegram says it (getChatMember), for the core to mirror before moderator commands."""

from __future__ import annotations

from telegram import Bot, ChatMember, Update
from telegram.error import BadRequest, Forbidden

from bot.common.campaigns import Ask
from core.types import CommunityRef

ADMINS = {ChatMember.ADMINISTRATOR, ChatMember.OWNER}


async def is_admin(bot: Bot, chat_id: int | str, user_id: int | str) -> bool:
    """Telegram's current word; someone it doesn't know in the chat (or a chat the bot left) administers nothing."""
    try:
        member = await bot.get_chat_member(chat_id, int(user_id))
    except (BadRequest, Forbidden):
        return False
    return member.status in ADMINS


def asker(bot: Bot, update: Update) -> Ask:
    """How a campaign command asks about its sender; another platform's community is not Telegram's to answer."""
    assert update.effective_user is not None
    user_id = update.effective_user.id

    async def ask(where: CommunityRef) -> bool | None:
        return await is_admin(bot, where.external_id, user_id) if where.platform == "telegram" else None

    return ask
