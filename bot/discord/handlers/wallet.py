"""Wallet and claim commands, as on Telegram; every answer is ephemeral (a wallet is shown only to its owner)."""

from __future__ import annotations

from typing import Any

from discord import app_commands

from bot.common import rewards, texts
from bot.common.views import Reply
from bot.discord import render
from bot.discord.handlers.members import described
from bot.discord.interaction import Interaction
from bot.discord.timing import in_time
from bot.discord.users import to_user


@described("wallet")
@app_commands.describe(text=texts.OPTION_HELP["wallet"])
async def wallet(interaction: Interaction, text: app_commands.Range[str, 1, 200] | None = None) -> None:
    """No text: your own wallet. An address: link it (or get a message to sign). A signature: prove it."""
    game, user = interaction.client.game, to_user(interaction.user)
    if text is None:
        info = await in_time(interaction, game.wallet(user))
        await render.send(interaction, Reply(texts.wallet_info(info.address)))
        return
    result = await in_time(interaction, game.link_wallet(user, text))
    minutes = interaction.client.settings.rewards.nonce_ttl_minutes
    await render.send(interaction, Reply(rewards.link_reply(result, minutes)))


@described("claim")
@app_commands.describe(points=texts.OPTION_HELP["points"])
async def claim(interaction: Interaction, points: app_commands.Range[int, 1, 2**31 - 1] | None = None) -> None:
    """Turn every confirmed point (or `points` of them) into a claim paid by the next batch."""
    facts = await in_time(interaction, interaction.client.game.claim(to_user(interaction.user), points))
    await render.send(interaction, Reply(texts.claim_made(facts.points, facts.tokens)))


@described("claims")
async def claims(interaction: Interaction) -> None:
    """The player's latest claims and their payout status."""
    found = await in_time(interaction, interaction.client.game.claims(to_user(interaction.user)))
    await render.send(interaction, Reply(rewards.claims_reply(found)))


@described("earnings")
async def earnings(interaction: Interaction) -> None:
    """The player's settled tasks and their pending and claimable points."""
    found = await in_time(interaction, interaction.client.game.earnings(to_user(interaction.user)))
    await render.send(interaction, Reply(texts.earnings(found)))


COMMANDS: tuple[app_commands.Command[Any, ..., Any], ...] = (wallet, claim, claims, earnings)
