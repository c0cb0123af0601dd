"""The campaign commands over `game.campaigns`, the same on every platform: a parsed command in, a neutral
`Reply` out. Moving files (downloading an upload, sending an export) is each adapter's own part."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from bot.common import texts
from bot.common.campaign_args import Act, CampaignUsage, Command, Fund, Gold, New, Review, Set
from bot.common.views import Reply
from core.errors import GameError
from core.game.admin.access import Action
from core.game.game import Game
from core.settings import Settings
from core.types import CommunityRef, PackForm, UserRef, WorkProgress

# Telegram bots may download at most 20 MB (getFile); Discord uses the same cap so both accept the same packs.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
STATUS_CHANGES = ("start", "pause", "resume", "close")
PACK_FORMS: dict[str, PackForm] = {".zip": "zip", ".csv": "url_csv"}
# The adapter's question to its platform: does the caller administer this community? None: not ours to ask.
Ask = Callable[[CommunityRef], Awaitable[bool | None]]


async def confirm_rights(
    game: Game, user: UserRef, campaign: int | str | None, community: CommunityRef | None, ask: Ask
) -> None:
    """Before a campaign command: when the core's word from the platform is stale, ask it again and record it."""
    where = await game.campaigns.to_confirm(user, campaign, community)
    if where is not None and (answer := await ask(where)) is not None:
        await game.record_moderator(where, user, answer)


async def allowed(game: Game, user: UserRef, campaign: int | str, action: Action, ask: Ask) -> None:
    """Refuse an import or an export before anything is downloaded or shown."""
    await confirm_rights(game, user, campaign, None, ask)
    await game.campaigns.check(user, campaign, action)


async def run(game: Game, user: UserRef, command: Command, community: CommunityRef | None, ask: Ask) -> Reply:
    """new, set, fund, gold, start/pause/resume/close and stats; `community` is where a `new` campaign belongs."""
    admin = game.campaigns
    if isinstance(command, New):
        await confirm_rights(game, user, None, community, ask)
    elif isinstance(command, Set | Act | Review | Gold):
        await confirm_rights(game, user, command.campaign, None, ask)
    if isinstance(command, New):
        made = await admin.create(
            user,
            name=command.name,
            kind=command.kind,
            question=command.question,
            choices=command.choices,
            community=community,
        )
        return Reply(texts.campaign_info(made))
    if isinstance(command, Set):
        # Any name may come from chat: the core refuses a term that cannot be set, with the list of those that can.
        term: dict[str, Any] = {command.field: command.value}
        return Reply(texts.campaign_info(await admin.update(user, command.campaign, **term)))
    if isinstance(command, Gold) and command.answer is None:
        return Reply(texts.gold_changed(await admin.retire_gold(user, command.campaign, command.item)))
    if isinstance(command, Gold) and command.answer is not None:
        changed = await admin.correct_gold(user, command.campaign, command.item, command.answer)
        return Reply(texts.gold_changed(changed))
    if isinstance(command, Act) and command.action == "stats":
        stats = await admin.stats(user, command.campaign)
        from bot.common.cards.campaign_chart import campaign_chart  # matplotlib loads only when a chart is drawn

        chart = await asyncio.to_thread(campaign_chart, stats)  # drawing keeps off the loop
        return Reply(texts.campaign_stats(stats), image=chart)
    if isinstance(command, Fund):
        return Reply(texts.funded(await game.economy.fund(user, command.campaign, command.tokens)))
    if isinstance(command, Act) and command.action == "appeals":
        waiting = await admin.appeals(user, command.campaign)
        return Reply(texts.appeals_list(str(command.campaign), waiting))
    if isinstance(command, Review):
        decided = await admin.review(user, command.campaign, command.player, command.reinstate)
        return Reply(texts.appeal_reviewed(decided))
    if isinstance(command, Act) and command.action in STATUS_CHANGES:
        return Reply(texts.campaign_info(await getattr(admin, command.action)(user, command.campaign)))
    raise CampaignUsage()


def pack_form(file_name: str | None, size: int | None) -> PackForm:
    """Refuse what can't be a pack before anything is downloaded: the wrong type or too large."""
    form = PACK_FORMS.get(Path(file_name or "").suffix.lower())
    if form is None:
        raise GameError(texts.PACK_FORMS)
    if size is None or size > MAX_UPLOAD_BYTES:
        raise GameError(texts.upload_too_big(size or 0, MAX_UPLOAD_BYTES))
    return form


def upload_path(settings: Settings, form: PackForm) -> Path:
    """Where an upload is saved: a generated name (never the sender's) under data_dir/uploads."""
    folder = settings.data_dir / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{secrets.token_hex(12)}{'.zip' if form == 'zip' else '.csv'}"


async def import_upload(
    game: Game, user: UserRef, campaign: int | str, path: Path, form: PackForm, progress: WorkProgress | None = None
) -> Reply:
    """Import the downloaded pack; the file is removed whatever happens (the core keeps its own clean copy)."""
    try:
        result = await game.campaigns.import_pack(user, campaign, path, form=form, progress=progress)
        return Reply(texts.pack_imported(result))
    finally:
        path.unlink(missing_ok=True)
