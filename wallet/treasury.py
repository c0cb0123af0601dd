"""The treasury on chain, as the core's `Treasury` protocol reads it: the payout contract's token balance."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from web3.types import BlockIdentifier

from wallet import artifacts
from wallet.chain import ChainClient


class ChainTreasury:
    """`balance_units()` for the core; the one place that knows how the chain holds the treasury."""

    def __init__(self, client: ChainClient) -> None:
        self.client = client

    async def balance_units(self) -> int:
        return int(await asyncio.to_thread(read_treasury, self.client))

    async def read(self, batch_ids: Sequence[str]) -> tuple[int, frozenset[str]]:
        return await asyncio.to_thread(read_at_one_block, self.client, batch_ids)


def read_at_one_block(client: ChainClient, batch_ids: Sequence[str]) -> tuple[int, frozenset[str]]:
    """The balance and the batches paid, at the latest block as of now: a batch mined between two reads of
    "latest" would otherwise count both as paid and as still held."""
    block = client.block_number()
    paid = frozenset(b for b in batch_ids if client.is_batch_paid(bytes.fromhex(b.removeprefix("0x")), block))
    return read_treasury(client, block), paid


def read_treasury(client: ChainClient, block: BlockIdentifier = "latest") -> int:
    """The Distributor's own token balance (`treasury_balance`), or, on a client without it, the payout
    contract's balance of the token read with the ERC-20 `balanceOf`."""
    read: Any = getattr(client, "treasury_balance", None)
    if read is not None:
        return int(read(block))
    token = client.web3.eth.contract(address=client.contract, abi=artifacts.load("RewardToken").abi)
    return int(token.functions.balanceOf(client.contract).call(block_identifier=block))
