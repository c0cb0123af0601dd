"""Deploy the payout contracts from their committed artifacts."""

from __future__ import annotations

from typing import Any

from eth_typing import HexStr
from eth_utils import keccak, to_checksum_address

from wallet import artifacts, transactions
from wallet.chain import ChainClient
from wallet.errors import ChainError
from wallet.node_errors import translated
from wallet.packing import pack_payment

# The batch id of the one payment that funds a dev treasury; never a claim batch (those hash the claim ids).
_FUNDING_BATCH = keccak(b"chatlabel.dev-treasury.v1")


def deploy(client: ChainClient, key: str | bytes, contract_name: str, *args: Any) -> str:
    """Deploy ``RewardToken`` or ``Distributor`` with constructor ``args``, wait, return its address."""
    artifact = artifacts.load(contract_name)
    factory = client.web3.eth.contract(abi=artifact.abi, bytecode=artifact.bytecode)
    data = bytes.fromhex(factory.constructor(*args).data_in_transaction.removeprefix("0x"))
    sender = transactions.account_address(key)
    with translated(f"deploying {contract_name}"):
        gas = client.web3.eth.estimate_gas({"from": sender, "data": data})
    signed = transactions.sign(
        key,
        chain_id=client.chain_id,
        nonce=client.nonce(sender, pending=True),
        to=None,
        data=data,
        gas=transactions.with_gas_margin(gas),
        fees=client.suggest_fees(),
    )
    client.broadcast(signed.raw)
    with translated(f"waiting for the {contract_name} deployment"):
        receipt = client.web3.eth.wait_for_transaction_receipt(HexStr(signed.tx_hash), timeout=client.receipt_timeout)
    if receipt["status"] != 1 or not receipt["contractAddress"]:
        raise ChainError(f"deploying {contract_name} failed in tx {signed.tx_hash}")
    return to_checksum_address(receipt["contractAddress"])


def deploy_reward_token(client: ChainClient, key: str | bytes, name: str, symbol: str) -> str:
    """A new reward token; the deployer is its owner and first minter."""
    return deploy(client, key, "RewardToken", name, symbol)


def deploy_distributor(client: ChainClient, key: str | bytes, token: str) -> str:
    """A new distributor paying in ``token``; the deployer owns it and pays. Fund it afterwards."""
    return deploy(client, key, "Distributor", to_checksum_address(token))


def deploy_treasury(client: ChainClient, key: str | bytes, name: str, symbol: str, units: int) -> str:
    """A dev chain's payout set-up: a new token, a Distributor paying it, and ``units`` minted to the Distributor.

    Returns the Distributor's address: its token balance is the treasury every payout is transferred from.
    """
    token = deploy_reward_token(client, key, name, symbol)
    distributor = deploy_distributor(client, key, token)
    if units > 0:
        minting = client.at(token)
        # The token's owner mints the treasury once, through the token's own batch payment to the Distributor.
        signed = minting.sign_pay_batch(key, _FUNDING_BATCH, [pack_payment(distributor, units)])
        minting.broadcast(signed.raw)
        with translated("waiting for the treasury funding"):
            receipt = client.web3.eth.wait_for_transaction_receipt(
                HexStr(signed.tx_hash), timeout=client.receipt_timeout
            )
        if receipt["status"] != 1:
            raise ChainError(f"funding the treasury failed in tx {signed.tx_hash}")
    return distributor
