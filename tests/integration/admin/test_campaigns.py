"""Creating campaigns, changing their terms and statuses, and who may do it; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.common import texts
from core.clock import FixedClock
from core.db.campaign_tables import CampaignEvent
from core.db.tables import Campaign
from core.errors import (
    GameError,
    InvalidCampaign,
    NameTaken,
    NotAllowed,
    NoTasks,
    NotAWholeNumber,
    UnknownCampaign,
    UnknownCommunity,
    WrongStatus,
)
from core.game.game import Game
from core.types import CampaignStatus, Choice, CommunityRef, TaskKind, UserRef
from tests.integration.admin.conftest import (
    ADMIN,
    STRANGER,
    campaign_row,
    count,
    make_moderator,
    text_campaign,
    text_rows,
    write_text_pack,
)
from tests.support import user


async def test_an_admin_creates_a_draft_campaign_with_its_terms(admin_game: Game, clock: FixedClock) -> None:
    deadline = clock.now() + timedelta(days=30)
    info = await admin_game.campaigns.create(
        ADMIN,
        name="Bots 2026",
        kind=TaskKind.BOT_OR_NOT,
        question="Human or bot?",
        choices=[("human", "Human"), ("bot", "Bot")],
        min_overlap=2,
        max_overlap=5,
        gold_rate=0.25,
        points_per_item=3,
        deadline=deadline,
        instructions="Look at the wording.",
    )
    assert info.status is CampaignStatus.DRAFT and info.level == 0 and info.items == 0
    assert info.choices == (Choice("human", "Human"), Choice("bot", "Bot"))
    assert (info.min_overlap, info.max_overlap, info.gold_rate) == (2, 5, 0.25)
    # The pool is funded from the treasury (`fund`), never set as a term: it starts empty.
    assert (info.reward_pool, info.points_per_item, info.deadline) == (0, 3, deadline)
    assert info.created_by == "telegram:1" and info.community_id is None
    row = await campaign_row(admin_game, "Bots 2026")
    assert row.status == "draft" and row.instructions == "Look at the wording."


async def test_console_admins_come_from_config_too(admin_game: Game) -> None:
    info = await admin_game.campaigns.create(
        UserRef("console", "root", "root"), name="c", kind="bot_or_not", question="q", choices="human,bot"
    )
    assert info.choices == (Choice("human", "human"), Choice("bot", "bot"))


async def test_strangers_are_refused_and_nothing_is_written(admin_game: Game) -> None:
    await admin_game.start(STRANGER)
    with pytest.raises(NotAllowed) as refused:
        await admin_game.campaigns.create(STRANGER, name="x", kind="bot_or_not", question="q", choices="human,bot")
    assert "admins" in refused.value.user_message
    # The same external id on another platform is someone else.
    with pytest.raises(NotAllowed):
        await admin_game.campaigns.create(
            UserRef("discord", "1", "Not the admin"), name="x", kind="bot_or_not", question="q", choices="a,b"
        )
    assert await count(admin_game, Campaign) == 0
    campaign = await text_campaign(admin_game)
    for call in (
        admin_game.campaigns.update(STRANGER, campaign, gold_rate=0.5),
        admin_game.campaigns.start(STRANGER, campaign),
        admin_game.campaigns.pause(STRANGER, campaign),
        admin_game.campaigns.resume(STRANGER, campaign),
        admin_game.campaigns.close(STRANGER, campaign),
        admin_game.campaigns.stats(STRANGER, campaign),
        admin_game.campaigns.export(STRANGER, campaign, "csv"),
        admin_game.campaigns.import_pack(STRANGER, campaign, Path("/nonexistent")),
    ):
        with pytest.raises(NotAllowed):
            await call
    row = await campaign_row(admin_game, "Bots 2026")
    assert row.status == "draft" and row.gold_rate is None


async def test_moderators_run_their_own_communitys_campaigns_only(admin_game: Game, tmp_path: Path) -> None:
    mod, other = user(1), user(2)
    community = await make_moderator(admin_game, mod, chat="-100")
    other_community = await make_moderator(admin_game, other, chat="-200")
    info = await admin_game.campaigns.create(
        mod,
        name="Ours",
        kind="bot_or_not",
        question="q",
        choices="human,bot",
        community=CommunityRef("telegram", "-100"),
    )
    assert info.community_id == community and info.level == 3  # the community-only rung serves bot_or_not
    await admin_game.campaigns.update(mod, "Ours", gold_rate="0.3")
    pack = write_text_pack(tmp_path / "pack", text_rows(4))
    assert (await admin_game.campaigns.import_pack(mod, "Ours", pack)).items == 4
    assert (await admin_game.campaigns.start(mod, "Ours")).status is CampaignStatus.ACTIVE
    assert (await admin_game.campaigns.stats(mod, "Ours")).items == 4
    # A moderator of another community, and a moderator acting outside their community, are refused.
    with pytest.raises(NotAllowed):
        await admin_game.campaigns.pause(other, "Ours")
    with pytest.raises(NotAllowed):
        await admin_game.campaigns.create(other, name="Theirs", kind="bot_or_not", question="q", choices="a,b",
                                          community=CommunityRef("telegram", "-100"))  # fmt: skip
    with pytest.raises(NotAllowed):
        await admin_game.campaigns.create(mod, name="Global", kind="bot_or_not", question="q", choices="a,b")
    with pytest.raises(NotAllowed):
        await admin_game.campaigns.update(mod, "Ours", community_id=other_community)
    # Admins may run any community's campaign and move it.
    moved = await admin_game.campaigns.update(ADMIN, "Ours", community_id=str(other_community))
    assert moved.community_id == other_community
    with pytest.raises(NotAllowed):
        await admin_game.campaigns.pause(mod, "Ours")
    assert (await admin_game.campaigns.pause(other, "Ours")).status is CampaignStatus.PAUSED


async def test_unknown_campaigns_and_communities(admin_game: Game) -> None:
    with pytest.raises(UnknownCampaign):
        await admin_game.campaigns.start(ADMIN, "nope")
    with pytest.raises(UnknownCampaign):
        await admin_game.campaigns.stats(ADMIN, 999)
    with pytest.raises(UnknownCommunity):
        await admin_game.campaigns.create(
            ADMIN, name="x", kind="bot_or_not", question="q", choices="a,b", community=CommunityRef("telegram", "-999")
        )


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        ({"min_overlap": 5, "max_overlap": 3}, "min_overlap (5) must not exceed max_overlap (3)"),
        ({"gold_rate": 1.5}, "gold_rate"),
        ({"target_confidence": 0.3}, "target_confidence"),
        ({"reward_pool": 10**9}, "'reward_pool' can't be set"),
        ({"choices": "Yes Please,no"}, "choice key"),
        ({"choices": "human"}, "at least two choices"),
        ({"choices": "a,a"}, "unique"),
        ({"level": 2}, "level 2 (Image checker) doesn't serve bot_or_not"),  # levels count from 1, as players'
        ({"level": 99}, "level must be between 1 and"),
        ({"kind": "poetry"}, "isn't a task kind"),
        ({"name": ""}, "name"),
        ({"colour": "red"}, "'colour' can't be set"),
    ],
)
async def test_bad_values_are_refused_with_the_field_named(admin_game: Game, terms: dict, message: str) -> None:
    values = {"name": "x", "kind": "bot_or_not", "question": "q", "choices": "human,bot", **terms}
    with pytest.raises(InvalidCampaign) as refused:
        await admin_game.campaigns.create(ADMIN, **values)
    assert message in refused.value.user_message
    assert await count(admin_game, Campaign) == 0


async def test_deadlines_must_be_ahead_and_names_unique(admin_game: Game, clock: FixedClock) -> None:
    with pytest.raises(InvalidCampaign, match="future"):
        await text_campaign(admin_game, deadline=clock.now() - timedelta(minutes=1))
    await text_campaign(admin_game, name="One")
    with pytest.raises(NameTaken):
        await text_campaign(admin_game, name="One")
    await text_campaign(admin_game, name="Two")
    with pytest.raises(NameTaken):
        await admin_game.campaigns.update(ADMIN, "Two", name="One")


async def test_update_parses_chat_text_and_checks_the_whole(admin_game: Game, clock: FixedClock) -> None:
    campaign = await text_campaign(admin_game)
    info = await admin_game.campaigns.update(
        ADMIN,
        campaign,
        gold_rate="0.3",
        min_overlap="4",
        max_overlap="9",
        deadline=(clock.now() + timedelta(days=2)).isoformat(),
        gold_feedback="false",
        choices="human=A human,bot=A bot,unsure=Can't tell",
    )
    assert (info.gold_rate, info.min_overlap, info.max_overlap, info.gold_feedback) == (0.3, 4, 9, False)
    assert info.deadline == clock.now() + timedelta(days=2) and len(info.choices) == 3
    assert (await admin_game.campaigns.update(ADMIN, campaign, gold_rate="none", deadline="none")).gold_rate is None
    with pytest.raises(InvalidCampaign, match="min_overlap"):
        await admin_game.campaigns.update(ADMIN, campaign, min_overlap=10)  # above max_overlap 9
    with pytest.raises(InvalidCampaign):
        await admin_game.campaigns.update(ADMIN, campaign, kind="numeric")
    row = await campaign_row(admin_game, "Bots 2026")
    assert row.min_overlap == 4 and row.kind == "bot_or_not"


async def test_choices_must_keep_the_answers_items_use(admin_game: Game, tmp_path: Path) -> None:
    campaign = await text_campaign(admin_game)
    await admin_game.campaigns.import_pack(ADMIN, campaign, write_text_pack(tmp_path / "p", text_rows(4)))
    with pytest.raises(InvalidCampaign, match="items already use bot"):
        await admin_game.campaigns.update(ADMIN, campaign, choices="human=Human,robot=Robot")
    info = await admin_game.campaigns.update(ADMIN, campaign, choices="human=Person,bot=Machine")
    assert info.choices[1] == Choice("bot", "Machine")


async def test_statuses_move_draft_active_paused_closed(admin_game: Game, tmp_path: Path, clock: FixedClock) -> None:
    campaign = await text_campaign(admin_game)
    with pytest.raises(InvalidCampaign, match="no items yet"):
        await admin_game.campaigns.start(ADMIN, campaign)
    await admin_game.campaigns.import_pack(ADMIN, campaign, write_text_pack(tmp_path / "p", text_rows(6)))
    with pytest.raises(WrongStatus):
        await admin_game.campaigns.pause(ADMIN, campaign)
    assert (await admin_game.start(user(1))).prompt is None  # a draft is not served
    with pytest.raises(NoTasks):
        await admin_game.next_task(user(1))
    assert (await admin_game.campaigns.start(ADMIN, campaign)).status is CampaignStatus.ACTIVE
    assert (await admin_game.next_task(user(1))).campaign == "Bots 2026"
    with pytest.raises(WrongStatus, match="is active, so it can't be started"):
        await admin_game.campaigns.start(ADMIN, campaign)
    assert (await admin_game.campaigns.pause(ADMIN, campaign)).status is CampaignStatus.PAUSED
    with pytest.raises(WrongStatus):
        await admin_game.campaigns.pause(ADMIN, campaign)
    assert (await admin_game.campaigns.resume(ADMIN, campaign)).status is CampaignStatus.ACTIVE
    assert (await admin_game.campaigns.close(ADMIN, campaign)).status is CampaignStatus.CLOSED
    for call in (
        admin_game.campaigns.resume(ADMIN, campaign),
        admin_game.campaigns.close(ADMIN, campaign),
        admin_game.campaigns.update(ADMIN, campaign, gold_rate=0.1),
        admin_game.campaigns.import_pack(ADMIN, campaign, tmp_path / "p"),
    ):
        with pytest.raises(WrongStatus):
            await call
    actions = await admin_game.deps.db.transaction(
        lambda s: s.scalars(select(CampaignEvent.action).order_by(CampaignEvent.id))
    )
    assert list(actions) == ["create", "import", "start", "pause", "resume", "close"]


async def test_passing_deadlines_close_campaigns(admin_game: Game, tmp_path: Path, clock: FixedClock) -> None:
    soon = await text_campaign(admin_game, name="Soon", deadline=clock.now() + timedelta(hours=1))
    await text_campaign(admin_game, name="Later", deadline=clock.now() + timedelta(days=3))
    await text_campaign(admin_game, name="Never")
    await admin_game.campaigns.import_pack(ADMIN, soon, write_text_pack(tmp_path / "p", text_rows(3)))
    await admin_game.campaigns.start(ADMIN, soon)
    assert await admin_game.campaigns.close_expired() == []
    clock.advance(hours=2)
    closed = await admin_game.campaigns.close_expired()
    assert [c.name for c in closed] == ["Soon"] and closed[0].status is CampaignStatus.CLOSED
    assert await admin_game.campaigns.close_expired() == []
    with pytest.raises(GameError):
        await admin_game.campaigns.resume(ADMIN, soon)
    clock.advance(days=3)
    assert sorted(c.name for c in await admin_game.campaigns.close_expired()) == ["Later"]
    assert (await campaign_row(admin_game, "Never")).status == "draft"


async def test_a_paused_campaign_past_its_deadline_needs_a_new_one(admin_game: Game, clock: FixedClock) -> None:
    campaign = await text_campaign(admin_game, deadline=clock.now() + timedelta(hours=1))
    clock.advance(hours=2)
    with pytest.raises(InvalidCampaign):
        await admin_game.campaigns.update(ADMIN, campaign, deadline=(clock.now() - timedelta(hours=1)).isoformat())
    info = await admin_game.campaigns.update(ADMIN, campaign, deadline=(clock.now() + timedelta(days=1)).isoformat())
    assert info.deadline == clock.now() + timedelta(days=1)
    # Changing another field is fine while the (future) deadline stays as it is.
    assert (await admin_game.campaigns.update(ADMIN, campaign, instructions="Be careful")).instructions


async def test_admins_count_levels_from_one_as_players_read_them(admin_game: Game) -> None:
    """A player's card says "Level 1" for the first rung, so `level 1` in a campaign's terms means that rung."""
    values = {"kind": "bot_or_not", "question": "q", "choices": "human,bot"}
    info = await admin_game.campaigns.create(ADMIN, name="First", level=1, **values)
    assert info.level == 0 and "level 1," in texts.campaign_info(info)
    moved = await admin_game.campaigns.update(ADMIN, info.campaign_id, level="1")
    assert moved.level == 0
    with pytest.raises(NotAWholeNumber, match="from 1 to"):
        await admin_game.campaigns.update(ADMIN, info.campaign_id, level="0")
