"""Shared by both platforms' e2e tests: a community's own campaign as the only one running."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import update
from sqlalchemy.orm import Session

from core.db.tables import Campaign
from core.game.game import Game
from core.types import CommunityRef, UserRef
from tests.integration.admin.conftest import text_rows, write_text_pack


async def community_campaign(game: Game, admin: UserRef, chat_id: int | str, folder: Path) -> None:
    """`admin` (a configured admin) runs a level-0 campaign of the chat's community; the shipped packs pause."""

    def pause_the_rest(session: Session) -> None:
        session.execute(update(Campaign).values(status="paused"))

    await game.deps.db.run(pause_the_rest)
    await game.campaigns.create(
        admin, name="Ours", kind="bot_or_not", question="Human or bot?", choices="human=Human,bot=Bot",
        community=CommunityRef(admin.platform, str(chat_id)), level=1,
    )  # fmt: skip
    await game.campaigns.import_pack(admin, "Ours", write_text_pack(folder / "pack", text_rows(8)))
    await game.campaigns.start(admin, "Ours")
