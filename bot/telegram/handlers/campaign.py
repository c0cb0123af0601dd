"""`/campaign ...` for admins (and a community's moderators for its own campaigns): parse, call the core, render.

Packs arrive as a document with `/campaign upload <campaign>` as its caption; exports leave as a document.
"""

from __future__ import annotations

import re
from pathlib import Path

from telegram import Chat, Document, Message, Update
from telegram.constants import ChatAction
from telegram.ext import filters

from bot.common import campaign_args, campaigns, texts
from bot.common.campaign_args import Act, CampaignUsage, Export
from bot.common.progress import ChatProgress
from bot.telegram import moderation, render
from bot.telegram.context import GROUP_TYPES, GameContext, chat_of, community, message_of, sender
from core.types import CommunityRef

SEND_LIMIT = 50 * 1024 * 1024  # what a bot may send with sendDocument
UPLOAD_CAPTION = re.compile(r"^/campaign(@\w+)?\s", re.IGNORECASE)


class ForThisBot(filters.MessageFilter):
    """A caption command addressed to no bot or to this one: `/campaign@otherbot` belongs to another bot."""

    def filter(self, message: Message) -> bool:
        return not campaign_args.addressed_elsewhere(message.caption or "", message.get_bot().username)


async def command(update: Update, context: GameContext) -> None:
    """new, set, start, pause, resume, close, stats and export; `upload` belongs in a document's caption."""
    chat, parsed = chat_of(update), campaign_args.parse(message_of(update).text or "")
    if isinstance(parsed, Export):
        await export(update, context, parsed)
        return
    if isinstance(parsed, Act) and parsed.action == "upload":
        raise CampaignUsage(texts.NOT_A_PACK)
    ask = moderation.asker(context.bot, update)
    reply = await campaigns.run(context.game, sender(update), parsed, community_of(chat), ask)
    await render.send(context.bot, chat.id, reply)


async def upload(update: Update, context: GameContext) -> None:
    """A ZIP or CSV pack: checked by name and size, downloaded under a generated name, imported."""
    message = message_of(update)
    parsed = campaign_args.parse(message.caption or "")
    if not (isinstance(parsed, Act) and parsed.action == "upload") or message.document is None:
        raise CampaignUsage()
    ask = moderation.asker(context.bot, update)
    await campaigns.allowed(context.game, sender(update), parsed.campaign, "import", ask)  # before the download
    form = campaigns.pack_form(message.document.file_name, message.document.file_size)
    await context.bot.send_chat_action(message.chat_id, ChatAction.TYPING)  # the import may take a moment
    path = await download(context, message.document, campaigns.upload_path(context.settings, form))
    progress = ChatProgress(texts.IMPORTING)
    async with progress.following(await render.progress_message(context.bot, message.chat_id, progress.text())):
        reply = await campaigns.import_upload(context.game, sender(update), parsed.campaign, path, form, progress)
    await render.send(context.bot, message.chat_id, reply)


async def export(update: Update, context: GameContext, parsed: Export) -> None:
    """The results as a document, or a sentence saying the file is over Telegram's limit."""
    chat, progress = chat_of(update), ChatProgress(texts.EXPORTING)
    ask = moderation.asker(context.bot, update)
    await campaigns.allowed(context.game, sender(update), parsed.campaign, "export", ask)  # before any progress
    async with progress.following(await render.progress_message(context.bot, chat.id, progress.text())):
        result = await context.game.campaigns.export(sender(update), parsed.campaign, parsed.format, progress=progress)
    if result.bytes > SEND_LIMIT:
        await render.say(context.bot, chat.id, texts.export_too_big(result, SEND_LIMIT // 2**20))
        return
    await context.bot.send_chat_action(chat.id, ChatAction.UPLOAD_DOCUMENT)  # sending a large file takes a while
    caption = render.fit(texts.exported(result), render.CAPTION_LIMIT)
    await context.bot.send_document(chat.id, result.path, filename=result.path.name, caption=caption)


async def download(context: GameContext, document: Document, path: Path) -> Path:
    try:
        await (await context.bot.get_file(document.file_id)).download_to_drive(path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def community_of(chat: Chat) -> CommunityRef | None:
    """A campaign made in a group belongs to it, so the group's admins may run it."""
    return community(chat) if chat.type in GROUP_TYPES else None
