"""The Mini App's calls over HTTP on a real game (SQLite and PostgreSQL): init data checked on every call, answers
only to the caller's own served task, the same anti-abuse as in chat, and cards that give nothing away."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from core.clock import FixedClock
from core.errors import NotRegistered
from core.game.game import Game
from core.types import TaskKind, UserRef
from tests.fakes import telegram_web_app
from tests.integration.web.mini_app_support import Player, client_for
from tests.support import user

CARD_KEYS = {"task_id", "kind", "question", "text", "image", "answers", "choices", "swipe", "campaign", "progress"}


def as_user(player: Player) -> UserRef:
    """The chat identity of the same Telegram user."""
    return UserRef("telegram", str(player.user_id), player.name)


async def test_opening_the_app_joins_the_game_as_the_chat_account(game: Game, clock: FixedClock) -> None:
    async with client_for(game) as client:
        ada = Player(client, clock, 4242)
        opened = await ada.post("start")
        assert opened.status_code == 200, opened.text
        card = opened.json()["card"]
        assert set(card) == CARD_KEYS  # no known answer, no gold flag, no file name
        assert card["swipe"] is True and [c["key"] for c in card["choices"]] == ["human", "bot"]
        assert opened.headers["cache-control"] == "no-store"
    # The same account as in chat: the core knows the Telegram id.
    assert (await game.next_task(as_user(ada))).task_id == card["task_id"]


@pytest.mark.parametrize(
    "overrides",
    [
        {"token": "987654321:another-bot"},  # signed for another bot
        {"auth_date": 0},  # long expired
    ],
)
async def test_forged_or_expired_init_data_is_refused_and_nothing_is_written(
    game: Game, clock: FixedClock, overrides: dict
) -> None:
    async with client_for(game) as client:
        mallory = Player(client, clock, 666)
        for call in (mallory.post("start", **overrides), mallory.get("profile", **overrides)):
            refused = await call
            assert refused.status_code == 401
            assert "open it again" in refused.json()["error"]
    with pytest.raises(NotRegistered):
        await game.profile(as_user(mallory))


async def test_init_data_expires_after_the_configured_window(game: Game, clock: FixedClock) -> None:
    async with client_for(game, max_age=60) as client:
        ada = Player(client, clock, 4242)
        assert (await ada.post("start")).status_code == 200
        clock.advance(seconds=61)
        assert (await ada.get("card")).status_code == 401
        ada.auth_date = clock.now().timestamp()  # Telegram signs afresh when the app is reopened
        assert (await ada.get("card")).status_code == 200


async def test_missing_or_tampered_init_data_is_refused(game: Game, clock: FixedClock) -> None:
    async with client_for(game) as client:
        assert (await client.post("/app/api/start", json={})).status_code == 401
        ada = Player(client, clock, 4242)
        headers = ada.headers()
        headers["authorization"] = headers["authorization"].replace("4242", "4243")  # someone else's id
        assert (await client.post("/app/api/start", json={}, headers=headers)).status_code == 401
        assert (await client.get("/app/api/profile", headers={"authorization": "Bearer x"})).status_code == 401
    with pytest.raises(NotRegistered):
        await game.profile(user(3243))


async def test_a_task_served_to_someone_else_cannot_be_answered(game: Game, clock: FixedClock) -> None:
    async with client_for(game) as client:
        ada, bob = Player(client, clock, 4242, "Ada"), Player(client, clock, 5151, "Bob")
        adas = (await ada.post("start")).json()["card"]
        await bob.post("start")
        clock.advance(seconds=5)
        refused = await bob.answer(adas["task_id"], "human")
        assert (refused.status_code, refused.json()["kind"]) == (409, "NotYourTask")
        assert (await bob.get(f"image/{adas['task_id']}")).status_code == 409
        # Ada's task is untouched: her own answer is the first and counts.
        mine = (await ada.answer(adas["task_id"], "human")).json()
        assert (mine["repeated"], mine["counted"]) == (False, True)


async def test_answering_twice_records_once(game: Game, clock: FixedClock) -> None:
    async with client_for(game) as client:
        ada = Player(client, clock, 4242)
        card = (await ada.post("start")).json()["card"]
        clock.advance(seconds=5)
        first = (await ada.answer(card["task_id"], "bot")).json()
        again = (await ada.answer(card["task_id"], "human")).json()
        assert first["repeated"] is False and first["next"]["task_id"] != card["task_id"]
        assert (again["repeated"], again["points"], again["next"]) == (True, 0, None)
        profile = (await ada.get("profile")).json()
        assert profile["answers"] == 1
        assert card["progress"]["level"] == 1  # a new player is on "Level 1", as on the profile card


async def test_too_fast_answers_are_recorded_but_not_counted(game: Game, clock: FixedClock) -> None:
    """The server times the answer itself, from when it served the card; the client sends no time."""
    async with client_for(game) as client:
        ada = Player(client, clock, 4242)
        card = (await ada.post("start")).json()["card"]
        clock.advance(seconds=0.2)
        fast = (await ada.post("answer", {"task_id": card["task_id"], "choice": "human", "seconds": 60})).json()
        assert (fast["counted"], fast["points"]) == (False, 0)
        assert "too quick to count" in fast["message"]


async def test_the_hourly_cap_holds_in_the_app(tmp_path: Path, database_url: str, clock: FixedClock) -> None:
    from app import open_game
    from tests.support import make_settings, text_pack

    settings = make_settings(tmp_path, database_url, tasks_max_answers_per_hour="2")
    async with open_game(settings, clock=clock, packs=[text_pack()]) as capped, client_for(capped) as client:
        ada = Player(client, clock, 4242)
        card = (await ada.post("start")).json()["card"]
        for _ in range(2):
            clock.advance(seconds=5)
            card = (await ada.answer(card["task_id"], "human")).json()["next"]
        clock.advance(seconds=5)
        capped_answer = await ada.answer(card["task_id"], "human")
        assert (capped_answer.status_code, capped_answer.json()["kind"]) == (409, "TooFast")


async def test_not_sure_passes_on_the_task_for_good(game: Game, clock: FixedClock) -> None:
    async with client_for(game) as client:
        ada = Player(client, clock, 4242)
        card = (await ada.post("start")).json()["card"]
        clock.advance(seconds=5)
        other = (await ada.post("skip", {"task_id": card["task_id"]})).json()["card"]
        assert other["task_id"] != card["task_id"]
        # Once the new card is answered, the one passed on does not come back.
        clock.advance(seconds=5)
        after = (await ada.answer(other["task_id"], "human")).json()["next"]
        assert after["task_id"] != card["task_id"]
        other = after
        # Reopening the app serves the new card, not the one passed on.
        assert (await ada.get("card")).json()["card"]["task_id"] == other["task_id"]
        bob = Player(client, clock, 5151, "Bob")
        await bob.post("start")
        refused = await bob.post("skip", {"task_id": other["task_id"]})
        assert (refused.status_code, refused.json()["kind"]) == (409, "NotYourTask")


@pytest.mark.parametrize(
    "body",
    [
        {"task_id": "abc", "choice": "human"},
        {"task_id": True, "choice": "human"},
        {"choice": "human"},
        {"task_id": 1, "choice": "x" * 65},
        {"task_id": 1, "choice": 3},
        [1, 2],
    ],
)
async def test_malformed_answers_get_a_sentence_and_change_nothing(game: Game, clock: FixedClock, body: object) -> None:
    async with client_for(game) as client:
        ada = Player(client, clock, 4242)
        card = (await ada.post("start")).json()["card"]
        bad = await client.post("/app/api/answer", json=body, headers=ada.headers())
        assert bad.status_code == 400 and bad.json()["error"]
        not_json = await client.post("/app/api/answer", content=b"{", headers=ada.headers())
        assert not_json.status_code == 400
        assert (await ada.get("card")).json()["card"]["task_id"] == card["task_id"]


async def test_check_in_profile_leaderboard_and_invite(game: Game, clock: FixedClock) -> None:
    async with client_for(game) as client:
        ada = Player(client, clock, 4242)
        await ada.post("start")
        assert (await ada.get("profile")).json()["checked_in"] is False
        checked = (await ada.post("check-in")).json()
        assert checked["streak"] == 1 and checked["points"] > 0
        again = await ada.post("check-in")
        assert (again.status_code, again.json()["kind"]) == (409, "AlreadyCheckedIn")
        profile = (await ada.get("profile")).json()
        assert (profile["checked_in"], profile["points"], profile["rank"]) == (True, checked["points"], 1)
        board = (await ada.get("leaderboard")).json()
        assert board["rows"][0] == {"rank": 1, "name": "Ada", "points": checked["points"], "level": "Bot spotter"}
        invite = (await ada.get("invite")).json()
        assert invite["link"].startswith("https://t.me/chatlabel_bot?start=")
        # A friend opening the app from that link joins as Ada's invitee.
        code = invite["link"].rsplit("=", 1)[1]
        bob = Player(client, clock, 5151, "Bob")
        assert (await bob.post("start", start_param=code)).status_code == 200
        assert (await ada.get("invite")).json()["invited"] == 1
        # Reopening an old invite link later does not stop the app from opening.
        assert (await bob.post("start", start_param=code)).status_code == 200


async def test_the_page_and_its_assets_are_served_without_init_data(game: Game) -> None:
    async with client_for(game) as client:
        page = await client.get("/app/")
        assert page.status_code == 200 and 'src="static/telegram-web-app-standin.js"' in page.text
        assert "https://" not in page.text  # nothing from the network but Telegram's script in production
        assert "default-src 'self'" in page.headers["content-security-policy"]
        for asset in ("app.js", "app.css", "telegram-web-app-standin.js"):
            assert (await client.get(f"/app/static/{asset}")).status_code == 200


async def test_a_task_picture_is_served_to_its_player_only(
    tmp_path: Path, database_url: str, clock: FixedClock
) -> None:
    from app import open_game
    from core.content import load_pack
    from tests.support import make_settings

    images = load_pack(Path(__file__).resolve().parents[3] / "assets" / "packs" / "image_binary").pack
    assert images is not None
    # Served at level 0 for the test: the same pictures under the first level's kind.
    pack = replace(images, manifest=replace(images.manifest, kind=TaskKind.BOT_OR_NOT, name="sevens"))
    settings = make_settings(tmp_path, database_url)
    async with open_game(settings, clock=clock, packs=[pack]) as pictured, client_for(pictured) as client:
        ada = Player(client, clock, 4242)
        card = (await ada.post("start")).json()["card"]
        assert card["image"] == f"api/image/{card['task_id']}"
        picture = await ada.get(f"image/{card['task_id']}")
        assert picture.status_code == 200 and picture.content.startswith(b"\x89PNG")
        assert "private" in picture.headers["cache-control"]
        assert (await client.get(f"/app/api/image/{card['task_id']}")).status_code == 401


def test_the_signer_is_telegrams_recipe() -> None:
    from web.mini_app.init_data import secret_key, validate

    data = telegram_web_app.init_data(7, auth_date=1000)
    assert validate(data, secret_key(telegram_web_app.TOKEN), now=1000, max_age_seconds=10).id == 7


async def test_the_service_mounts_the_app_with_the_bots_token(game: Game, clock: FixedClock, tmp_path: Path) -> None:
    """What `chatlabel run` mounts: init data signed with the configured token opens the app; the invite link
    waits until the bot knows its own name."""
    import httpx

    from app import _mini_app_routes
    from bot.telegram.app import build_application
    from core.settings import load_settings
    from web.app import build_app

    settings = load_settings(
        env={
            "CHATLABEL_DATA_DIR": str(tmp_path),
            "CHATLABEL_DATABASE_URL": "sqlite+aiosqlite:///unused.db",
            "TELEGRAM_TOKEN": telegram_web_app.TOKEN,
        }
    )
    app = build_app(_mini_app_routes(game, settings, build_application(game, settings)))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://chatlabel") as client:
        page = await client.get("/app/")
        assert 'src="https://telegram.org/js/telegram-web-app.js"' in page.text  # Telegram's own, in production
        assert "script-src 'self' https://telegram.org;" in page.headers["content-security-policy"]
        ada = Player(client, clock, 4242)
        assert (await ada.post("start")).status_code == 200
        assert (await ada.get("invite")).json()["link"] is None


async def test_answers_awaiting_the_crowd_show_as_pending(game: Game, clock: FixedClock) -> None:
    async with client_for(game) as client:
        ada = Player(client, clock, 4242)
        card = (await ada.post("start")).json()["card"]
        assert (await ada.get("profile")).json()["pending"] == 0
        # Twenty answers, not ten: after each level's first checks the serving draw makes half the tasks checks, and
        # ten answers were all checks under some orders of the draws.
        for _ in range(20):
            clock.advance(seconds=5)
            card = (await ada.answer(card["task_id"], "human")).json()["next"]
        profile = (await ada.get("profile")).json()
        # Checks (gold) are known and never wait; the rest wait for other players' answers.
        assert 0 < profile["pending"] < profile["answers"] == 20


async def test_an_oversized_body_is_refused_unread(game: Game, clock: FixedClock) -> None:
    async with client_for(game) as client:
        ada = Player(client, clock, 4242)
        card = (await ada.post("start")).json()["card"]
        body = {"task_id": card["task_id"], "choice": "human", "padding": "x" * 100_000}
        assert (await ada.post("answer", body)).status_code == 400
        assert (await ada.get("card")).json()["card"]["task_id"] == card["task_id"]
