"""Helpers of the payout review tests: anvil calls, a service with an event recorder, stored rows."""

from __future__ import annotations

import argparse
import io

from eth_account.signers.local import LocalAccount
from sqlalchemy import select

from bot.console import payouts as console_payouts
from core.db.reward_tables import BatchTx, PayoutBatch
from core.game.claim_state import PayoutEvent
from core.game.game import Game
from wallet import transactions
from wallet.chain import ChainClient
from wallet.run import FaultPoint
from wallet.service import PayoutService

GWEI = 10**9


def rpc(chain: ChainClient, method: str, *params: object) -> object:
    answer = chain.web3.provider.make_request(method, list(params))
    assert "error" not in answer, answer
    return answer.get("result")


def service(game: Game, chain: ChainClient, key: bytes, events: list[PayoutEvent] | None = None) -> PayoutService:
    async def record(_session: object, event: PayoutEvent) -> None:
        if events is not None:
            events.append(event)

    sink = {"on_event": record} if events is not None else {}
    built = PayoutService.build(game.deps.db, game.deps.settings, client=chain, key=key, **sink)
    assert built is not None
    return built


async def stored_txs(game: Game) -> list[BatchTx]:
    return list(await game.deps.db.transaction(lambda s: s.scalars(select(BatchTx).order_by(BatchTx.id))))


async def batches(game: Game) -> list[PayoutBatch]:
    return list(await game.deps.db.transaction(lambda s: s.scalars(select(PayoutBatch).order_by(PayoutBatch.id))))


def cancel(chain: ChainClient, key: LocalAccount, nonce: int) -> str:
    """What an operator's wallet does to a stuck payout: a 0-value self-transfer with the same nonce."""
    fees = transactions.Fees(max_fee_per_gas=300 * GWEI, max_priority_fee_per_gas=100 * GWEI)
    signed = transactions.sign(
        key.key, chain_id=chain.chain_id, nonce=nonce, to=key.address, data=b"", gas=21_000, fees=fees
    )
    chain.broadcast(signed.raw)
    return signed.tx_hash


def command(action: str, yes: bool = False) -> argparse.Namespace:
    return argparse.Namespace(action=action, yes=yes)


async def operator(payouts: PayoutService, action: str, yes: bool = False) -> str:
    """`chatlabel payouts ACTION [--yes]`, through the console adapter the command line uses."""
    out = io.StringIO()
    assert await console_payouts.run(payouts.run, command(action, yes), out) == 0
    return out.getvalue()


class Stop(Exception):
    """The worker stops between storing a payout and sending it."""


def stop_at(step: str) -> FaultPoint:
    def point(name: str) -> None:
        if name == step:
            raise Stop(name)

    return point
