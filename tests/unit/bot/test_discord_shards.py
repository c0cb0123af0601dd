"""Discord: named shards make a sharded client; 429s that discord.py waits out are counted on /metrics."""

from __future__ import annotations

import logging
from pathlib import Path

import discord

from bot.discord.app import build_bot
from bot.discord.observe import HTTP_LOGGER, count_rate_limits
from tests.unit.test_adapter_symmetry import game, settings_with_tokens
from web.metrics import Metrics


def test_named_shards_make_a_sharded_client(tmp_path: Path) -> None:
    settings = settings_with_tokens(tmp_path)
    plain = build_bot(game(settings), settings)
    sharded = build_bot(game(settings), settings, shard_ids=(1, 3), shard_count=4)
    assert not isinstance(plain, discord.AutoShardedClient)
    assert isinstance(sharded, discord.AutoShardedClient)
    assert (sharded.shard_ids, sharded.shard_count) == ([1, 3], 4)


def test_waited_out_429s_are_counted() -> None:
    metrics = Metrics()
    count_rate_limits(metrics)
    count_rate_limits(metrics)  # once per logger, however many bots are built
    log = logging.getLogger(HTTP_LOGGER)
    log.warning("We are being rate limited. %s %s responded with 429. Retrying in %.2f seconds.", "POST", "/x", 1.0)
    log.warning(
        "We are being rate limited. %s %s responded with 429. Timeout of %.2f was too long, erroring instead.",
        "POST",
        "/x",
        99.0,
    )
    assert metrics.rate_limited.labels("discord")._value.get() == 2
    assert metrics.retries.labels("discord")._value.get() == 1
