"""Requester deposits on chain: the reference travels as 8 bytes appended to the ERC-20 `transfer` (or
`transferFrom`) calldata sent to the token, with the treasury (the payout contract) as the receiver. The token
ignores the extra bytes; the watcher reads the token's Transfer logs to the treasury in confirmed blocks and
each log's transaction input for the suffix."""

from __future__ import annotations

import asyncio
from typing import Any

from eth_utils import to_checksum_address

from core.game.requesters.chain_deposits import Credited, Transfer
from core.game.requesters.facade import Requesters
from wallet import artifacts
from wallet.chain import ChainClient
from wallet.node_errors import translated

REFERENCE_BYTES = 8
# Selector -> the length of its arguments: a suffix is what follows exactly that much calldata.
SELECTORS = {bytes.fromhex("a9059cbb"): 64, bytes.fromhex("23b872dd"): 96}  # transfer, transferFrom
MAX_BLOCKS = 2000  # blocks read per run: nodes cap the range of one log query


def with_reference(calldata: bytes, reference: str) -> bytes:
    """The transfer's calldata carrying `reference` (16 hex digits), as a requester's wallet sends it."""
    return calldata + bytes.fromhex(reference)


def reference_of(calldata: bytes) -> str | None:
    """The reference a transfer's calldata carries, or None (plain transfer, or a call we do not know)."""
    arguments = SELECTORS.get(calldata[:4])
    if arguments is None or len(calldata) != 4 + arguments + REFERENCE_BYTES:
        return None
    return calldata[-REFERENCE_BYTES:].hex()


def window(head: int, cursor: int | None, confirmations: int) -> tuple[int, int] | None:
    """The blocks to read now: after the cursor, up to the newest with `confirmations` (the head counts as
    one), at most MAX_BLOCKS; None when no new block is confirmed."""
    last = head - confirmations + 1
    first = 0 if cursor is None else cursor + 1
    if last < first:
        return None
    return first, min(last, first + MAX_BLOCKS - 1)


def transfers(client: ChainClient, token: str, treasury: str, first: int, last: int) -> list[Transfer]:
    contract: Any = client.web3.eth.contract(address=to_checksum_address(token), abi=artifacts.load("RewardToken").abi)
    with translated("reading transfers to the treasury"):
        logs = contract.events.Transfer().get_logs(
            from_block=first, to_block=last, argument_filters={"receiver": to_checksum_address(treasury)}
        )
        found = []
        for log in logs:
            tx = client.web3.eth.get_transaction(log["transactionHash"])
            found.append(
                Transfer(
                    tx_hash="0x" + bytes(log["transactionHash"]).hex().removeprefix("0x"),
                    log_index=int(log["logIndex"]),
                    block=int(log["blockNumber"]),
                    units=int(log["args"]["value"]),
                    reference=reference_of(bytes(tx["input"])),
                )
            )
    return found


async def watch(requesters: Requesters, client: ChainClient, confirmations: int) -> list[Credited]:
    """Scheduled: credit the deposits of newly confirmed blocks (the payout contract's token, to it)."""
    cursor = await requesters.deposit_cursor()

    def read() -> tuple[list[Transfer], int] | None:
        span = window(client.block_number(), cursor, confirmations)
        if span is None:
            return None
        return transfers(client, client.payout_token(), client.contract, *span), span[1]

    found = await asyncio.to_thread(read)
    if found is None:
        return []
    return await requesters.credit_chain_deposits(*found)
