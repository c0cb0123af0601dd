"""The chat's moderation holds in the Mini App too: a community ban withdraws the card in hand and records
nothing, and a player the refit suspended from a campaign is served none of its cards."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlmodel import col

from app import open_game
from core.clock import FixedClock
from core.db.tables import Assignment, LedgerEntry
from core.types import CommunityRef
from tests.integration.admin.conftest import ADMIN, text_campaign, text_rows, write_text_pack
from tests.integration.web.mini_app_support import Player, client_for
from tests.support import make_settings, text_pack, user

GROUP = CommunityRef("telegram", "-100", "Labelers")


async def test_a_ban_withdraws_the_card_in_hand_and_records_nothing(
    tmp_path: Path, database_url: str, clock: FixedClock
) -> None:
    settings = make_settings(tmp_path / "data", database_url, admins_telegram='["1"]')
    async with open_game(settings, clock=clock, packs=[]) as game, client_for(game) as client:
        await game.join_community(GROUP, [ADMIN])
        await text_campaign(game, "Ours", community=GROUP, level=1)
        await game.campaigns.import_pack(ADMIN, "Ours", write_text_pack(tmp_path / "pack", text_rows(6)))
        await game.campaigns.start(ADMIN, "Ours")
        member = user(2)  # Telegram user 1002, in the app as in the group
        mia = Player(client, clock, int(member.external_id), "Mia")
        await mia.post("start")
        await game.set_banned(GROUP, ADMIN, member, False)  # a member of the group, in good standing
        card = (await mia.get("card")).json()["card"]
        assert card is not None and card["campaign"] == "Ours"

        await game.set_banned(GROUP, ADMIN, member, True)
        clock.advance(seconds=5)
        refused = await mia.answer(card["task_id"], "human")
        assert (refused.status_code, refused.json()["kind"]) == (409, "UnknownTask")
        after = (await mia.get("card")).json()
        assert after["card"] is None and after["message"]
        skipped = await mia.post("skip", {"task_id": card["task_id"]})
        assert (skipped.status_code, skipped.json()["kind"]) == (409, "UnknownTask")

        def recorded(session: Any) -> tuple[int, int]:
            answered = session.scalar(select(func.count()).where(col(Assignment.answered_at).is_not(None)))
            return int(answered or 0), int(session.scalar(select(func.count()).select_from(LedgerEntry)) or 0)

        assert await game.deps.db.run(recorded) == (0, 0)
        assert (await mia.get("profile")).json()["answers"] == 0


async def test_a_suspended_player_is_served_none_of_the_campaigns_cards(
    tmp_path: Path, database_url: str, clock: FixedClock
) -> None:
    settings = make_settings(tmp_path, database_url, tasks_gold_rate="1")
    packs = [text_pack("checks", items=20, gold_every=2)]
    async with open_game(settings, clock=clock, packs=packs) as game, client_for(game) as client:
        sam = Player(client, clock, 4242, "Sam")
        card = (await sam.post("start")).json()["card"]
        for _ in range(6):  # every check answered wrong
            clock.advance(seconds=5)
            known = "human" if int(card["text"].rsplit(" ", 1)[1]) % 2 == 0 else "bot"
            played = (await sam.answer(card["task_id"], "bot" if known == "human" else "human")).json()
            assert played["counted"] and played["correct"] is False
            card = played["next"]
        assert card is not None  # still served before the refit looks at the record
        await game.refit()
        after = (await sam.get("card")).json()
        assert after["card"] is None and after["message"]
        # Another player in good standing is still served the same campaign.
        ann = Player(client, clock, 5151, "Ann")
        assert (await ann.post("start")).json()["card"]["campaign"] == card["campaign"]
