"""The embedded default chain: an in-process EVM, fresh in every process, with a funded treasury on start.

Nothing survives a restart, so the chain record in the database will not match the next one: `identity.py`
notices and says so, and payouts recorded on the vanished chain are reported as lost, never as paid.
"""

from __future__ import annotations

from eth_account import Account

from wallet.chain import ChainClient
from wallet.deploy import deploy_treasury

TOKEN_NAME, TOKEN_SYMBOL = "Chat Label (dev)", "CHATDEV"


def start(key: str | None, treasury_units: int) -> tuple[ChainClient, str]:
    """A chain funding the payout key (a throwaway one when none is configured), bound to a funded Distributor."""
    key = key or Account.create().key.hex()
    address = Account.from_key(key).address
    client = ChainClient.in_process(funded=[address])
    return client.at(deploy_treasury(client, key, TOKEN_NAME, TOKEN_SYMBOL, treasury_units)), key
