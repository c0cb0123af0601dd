"""The treasury on chain, as the core's `Treasury` protocol reads it: the payout contract's token balance."""

from __future__ import annotations

import asyncio
from typing import Any

from wallet import artifacts
from wallet.chain import ChainClient


class ChainTreasury:
    """`balance_units()` for the core; the one place that knows how the chain holds the treasury."""

    def __init__(self, client: ChainClient) -> None:
        self.client = client

    async def balance_units(self) -> int:
        return int(await asyncio.to_thread(read_treasury, self.client))


def read_treasury(client: ChainClient) -> int:
    """The Distributor's own token balance (`treasury_balance`), or, on a client without it, the payout
    contract's balance of the token read with the ERC-20 `balanceOf`."""
    read: Any = getattr(client, "treasury_balance", None)
    if read is not None:
        return int(read())
    token = client.web3.eth.contract(address=client.contract, abi=artifacts.load("RewardToken").abi)
    return int(token.functions.balanceOf(client.contract).call())
