"""Wallet and claims in the private chat: parse, call the core, render (a wallet is shown only to its owner)."""

from __future__ import annotations

from telegram import Update

from bot.common import rewards, texts
from bot.telegram import render
from bot.telegram.context import GameContext, chat_of, sender


async def wallet(update: Update, context: GameContext) -> None:
    """`/wallet` shows your own wallet; `/wallet <address>` links one; `/wallet <signature>` proves it."""
    args = context.args or []
    if len(args) > 1:
        text = texts.USAGE_WALLET
    elif args:
        result = await context.game.link_wallet(sender(update), args[0])
        text = rewards.link_reply(result, context.settings.rewards.nonce_ttl_minutes)
    else:
        text = texts.wallet_info((await context.game.wallet(sender(update))).address)
    await render.say(context.bot, chat_of(update).id, text)


async def claim(update: Update, context: GameContext) -> None:
    """`/claim` claims every confirmed point, `/claim <points>` some of them."""
    facts = await context.game.claim(sender(update), rewards.claim_points(context.args or []))
    await render.say(context.bot, chat_of(update).id, texts.claim_made(facts.points, facts.tokens))


async def claims(update: Update, context: GameContext) -> None:
    """The player's latest claims and their payout status."""
    text = rewards.claims_reply(await context.game.claims(sender(update)))
    await render.say(context.bot, chat_of(update).id, text)


async def earnings(update: Update, context: GameContext) -> None:
    """The player's settled tasks and their pending and claimable points."""
    text = texts.earnings(await context.game.earnings(sender(update)))
    await render.say(context.bot, chat_of(update).id, text)
