"""A task Discord refuses to post (its picture is past the upload limit): skipped for good, its admins told."""

from __future__ import annotations

import os
from pathlib import Path

from PIL import Image
from sqlalchemy import select, update

from bot.common import texts
from core import paths
from core.clock import FixedClock
from core.db.tables import Account, Campaign, Item
from tests.e2e.discord.conftest import running, settings_for
from tests.e2e.discord.test_play import task_of
from tests.fakes.discord_edge import DiscordEdge
from tests.fakes.discord_limits import ATTACHMENT_LIMIT


async def test_a_refused_task_is_withdrawn_reported_and_never_served_again(
    tmp_path: Path, sqlite_url: str, clock: FixedClock, discord_edge: DiscordEdge
) -> None:
    edge = discord_edge
    ada, pia = edge.user("ada"), edge.user("pia")
    big = tmp_path / "data" / "big.png"
    big.parent.mkdir(parents=True, exist_ok=True)
    Image.frombytes("RGB", (2000, 1800), os.urandom(2000 * 1800 * 3)).save(big, compress_level=0)
    assert big.stat().st_size > ATTACHMENT_LIMIT
    async with running(settings_for(tmp_path, sqlite_url, admins_discord=f'["{ada.id}"]'), clock, edge) as world:
        await edge.slash("start", user=ada)
        await edge.slash("start", user=pia)

        async def two_picture_items(session) -> int:  # type: ignore[no-untyped-def]
            images = await session.scalar(select(Campaign.id).where(Campaign.name == "images"))
            ids = list(await session.scalars(select(Item.id).where(Item.campaign_id == images).order_by(Item.id)))
            heavy, fine = ids[0], ids[1]
            await session.execute(update(Item).where(Item.id.not_in((heavy, fine))).values(status="withdrawn"))
            # The heavy one is served first: an answer is worth more on it (a split item beats a fresh one).
            await session.execute(
                update(Item)
                .where(Item.id == heavy)
                .values(gold=False, answers=2, ask_value=1.0, image=paths.stored_path(big))
            )
            await session.execute(update(Item).where(Item.id == fine).values(gold=False, answers=1))
            await session.execute(update(Account).values(level=1))
            return heavy

        heavy = await world.game.deps.db.transaction(two_picture_items)
        world.game.deps.campaigns.invalidate()
        # The task card carries even the heavy picture well under the limit, so Discord's refusal of the
        # upload is injected: what is tested is how a refused task is handled.
        edge.world.refused_uploads = 1
        played = await edge.slash("play", user=pia)
        shown = task_of(played)
        assert shown.embeds and shown.attachments and all(len(d) < ATTACHMENT_LIMIT for d in shown.attachments.values())
        buttons = list(shown.custom_ids)
        again = task_of(await edge.slash("play", user=pia))
        assert again.custom_ids == buttons  # the same, deliverable task; the heavy one never again
        assert shown.custom_ids == []  # the message it replaces is no longer a task
        status = await world.game.deps.db.transaction(lambda s: s.scalar(select(Item.status).where(Item.id == heavy)))
        assert status == "withdrawn"
        await world.bot.notifier.deliver()
        [told] = [m for m in edge.dm_messages(ada) if "could not be shown in chat" in (m.content or "")]
        assert "40005" in told.content
        assert texts.APOLOGY not in played.text
        assert [v["code"] for v in edge.violations] == [40005]
