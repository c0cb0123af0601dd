"""The one HTTP app: health, readiness (the database must answer) and the Prometheus figures; the worker rules."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from core.clock import FixedClock
from core.db.engine import build_engine
from core.db.uow import Database
from core.errors import GameError
from core.game import notices
from core.game.game import Game
from core.logs import JsonFormatter
from core.redaction import Redactor
from core.types import NoticeKind
from runtime.workers import Plan, refusal, shards_of
from tests.e2e.test_service_secrets import closed_port
from tests.support import make_settings, user
from web import health
from web import metrics as metrics_routes
from web.app import build_app
from web.metrics import Metrics, game_use_cases


async def get(app: object, path: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://chatlabel") as client:
        return await client.get(path)


def samples(body: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(body)
        for s in family.samples
    }


async def test_ready_while_the_database_answers(game: Game) -> None:
    app = build_app(health.routes(game.deps.db))
    assert (await get(app, "/healthz")).text == "ok\n"
    ready = await get(app, "/readyz")
    assert (ready.status_code, ready.text) == (200, "ready\n")


@pytest.mark.postgres
async def test_not_ready_when_the_database_is_unreachable() -> None:
    db = Database(build_engine(f"postgresql+asyncpg://postgres:pw-never-shown@127.0.0.1:{closed_port()}/chatlabel"))
    try:
        app = build_app(health.routes(db))
        assert (await get(app, "/healthz")).status_code == 200  # alive, only not ready
        ready = await get(app, "/readyz")
        assert (ready.status_code, ready.text) == (503, "database unreachable\n")
        assert "pw-never-shown" not in ready.text
    finally:
        await db.dispose()


async def test_metrics_count_use_cases_notices_and_the_pool(game: Game, clock: FixedClock) -> None:
    metrics = Metrics()
    metrics.instrument(game, game_use_cases(game))
    metrics.instrument(game.campaigns, game_use_cases(game.campaigns), prefix="campaigns.")
    await game.campaigns.close_expired()
    welcome = await game.start(user(1))
    prompt = welcome.prompt
    clock.advance(seconds=5)
    await game.answer(user(1), prompt.task_id, prompt.choices[0].key)
    with pytest.raises(GameError):
        await game.answer(user(1), 10**9, "nonsense")  # a refusal is counted by its kind
    account = welcome.account_id
    await game.deps.db.transaction(
        lambda s: notices.queue(s, account, NoticeKind.STREAK_REMINDER, {"streak": 2}, clock.now())
    )
    metrics.update("telegram", "press")
    body = (await get(build_app(metrics_routes.routes(metrics, game.deps.db)), "/metrics")).text
    found = samples(body)
    assert found[("chatlabel_use_case_seconds_count", (("use_case", "answer"),))] == 2
    assert found[("chatlabel_use_case_seconds_count", (("use_case", "start"),))] == 1
    assert found[("chatlabel_use_case_seconds_count", (("use_case", "campaigns.close_expired"),))] == 1
    [(error, count)] = [(k[1], v) for k, v in found.items() if k[0] == "chatlabel_use_case_errors_total"]
    assert dict(error)["use_case"] == "answer" and count == 1
    assert found[("chatlabel_updates_total", (("kind", "press"), ("platform", "telegram"), ("worker", "0")))] == 1
    assert found[("chatlabel_notice_queue_depth", ())] == 1
    assert found[("chatlabel_payout_batches", (("state", "assigned"),))] == 0
    assert found[("chatlabel_db_pool_connections_open", ())] >= 1


def test_several_workers_need_postgresql_and_the_webhook(tmp_path: Path) -> None:
    sqlite = make_settings(tmp_path, f"sqlite+aiosqlite:///{tmp_path / 'one.db'}")
    assert "needs PostgreSQL" in (refusal(sqlite, Plan(2)) or "")
    assert refusal(sqlite, Plan(1)) is None
    polling = make_settings(tmp_path, "postgresql+asyncpg://postgres@127.0.0.1/x", telegram_webhook_url='""')
    polling = polling.model_copy(update={"secrets": polling.secrets.model_copy(update={"telegram_token": "1:x"})})
    assert "webhook mode" in (refusal(polling, Plan(2)) or "")


def test_discord_shards_are_dealt_out_to_the_workers() -> None:
    assert shards_of(Plan(1), 0) == (None, None)  # one process, discord.py decides
    assert [shards_of(Plan(2), i) for i in (0, 1)] == [((0,), 2), ((1,), 2)]
    assert [shards_of(Plan(2, shard_count=5), i) for i in (0, 1)] == [((0, 2, 4), 5), ((1, 3), 5)]
    assert shards_of(Plan(3, shard_ids=(4, 5), shard_count=6), 2) == ((), 6)  # more workers than shards


def test_json_log_lines_mask_secrets_in_every_field() -> None:
    secret = 'pa"ss\\word-0123456789'
    formatter = JsonFormatter(Redactor([secret]))
    try:
        raise RuntimeError(f"cannot connect with {secret}")
    except RuntimeError:
        record = logging.LogRecord("chatlabel", logging.ERROR, __file__, 1, "login %s failed", (secret,), None)
        import sys

        record.exc_info = sys.exc_info()
    line = formatter.format(record)
    parsed = json.loads(line)
    assert parsed["message"] == "login *** failed" and parsed["level"] == "ERROR"
    assert "cannot connect with ***" in parsed["traceback"] and secret not in line
    assert json.dumps(secret)[1:-1] not in line
