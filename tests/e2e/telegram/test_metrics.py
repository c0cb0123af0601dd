"""What the Telegram side records for /metrics, against the fake Bot API: updates, calls, 429s and retries."""

from __future__ import annotations

from pathlib import Path

from bot.telegram.app import build_application
from bot.telegram.service import running
from tests.e2e.telegram.conftest import open_world
from tests.fakes.telegram_api import FakeTelegramApi
from tests.fakes.telegram_models import RateLimits
from web.metrics import Metrics


def value(metric: object, *labels: str) -> float:
    return metric.labels(*labels)._value.get()  # type: ignore[attr-defined]


async def test_updates_calls_and_429s_are_counted(tmp_path: Path) -> None:
    async with FakeTelegramApi(limits=RateLimits(enabled=True)) as api:
        url = f"sqlite+aiosqlite:///{tmp_path / 'chatlabel.db'}"
        async with open_world(api, url, tmp_path) as world:
            metrics = Metrics()
            application = build_application(world.game, world.settings, token=api.token, metrics=metrics)
            async with running(application, world.settings):
                bob = api.user("Bob")
                api.private_message(bob, "/start")  # welcome and first task: two messages in one second
                await api.wait_until(lambda: len(api.bot_messages(bob)) == 2, timeout=10)
                task = api.bot_messages(bob)[1]
                api.press(bob, task, task.buttons[0]["callback_data"])
                await api.wait_until(lambda: len(api.bot_messages(bob)) >= 3 or bool(task.edits), timeout=10)
                await api.settle()
    limited = [r.error.code for r in api.errors]
    assert limited and set(limited) == {429}
    assert value(metrics.updates, "telegram", "command", "0") == 1
    assert value(metrics.updates, "telegram", "press", "0") == 1
    # Every 429 was waited out and the call made again.
    assert value(metrics.rate_limited, "telegram") == len(limited) == value(metrics.retries, "telegram")
    sent = [r for r in api.requests if r.method == "sendMessage"]
    calls = metrics.platform_call_seconds.labels("telegram", "sendMessage")
    assert calls._sum.get() > 0  # type: ignore[attr-defined]
    histogram = {
        s.name: s.value
        for s in metrics.platform_call_seconds.collect()[0].samples
        if s.labels.get("method") == "sendMessage"
    }
    assert histogram["chatlabel_platform_call_seconds_count"] == len(sent)
