"""The one client through which the product reaches a chain: the embedded in-process EVM or a node by URL.

Calls are synchronous; an async caller runs them in a worker thread (``asyncio.to_thread``). The client never
sends a payout it has not first returned to the caller as a signed transaction, so the caller can store it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from eth_typing import ChecksumAddress, HexStr
from eth_utils import keccak, to_checksum_address
from web3 import Web3
from web3.contract import Contract
from web3.exceptions import BadFunctionCallOutput, TransactionNotFound
from web3.providers import HTTPProvider
from web3.types import BlockIdentifier

from wallet import artifacts, evm, transactions
from wallet.chain_types import Broadcast, ChainIdentity, Receipt
from wallet.errors import (
    BatchAlreadyPaid,
    BatchTooBig,
    ChainError,
    ChainReset,
    ChainUnavailable,
    TransactionReverted,
)
from wallet.node_errors import ALREADY_KNOWN, matches, message_of, nonce_used, translated
from wallet.transactions import Fees, SignedTx

DEFAULT_PRIORITY_FEE = 1_000_000_000  # 1 gwei, when the node cannot suggest one


class ChainClient:
    def __init__(self, w3: Web3, contract: str | None = None, receipt_timeout: float = 30.0) -> None:
        self._w3 = w3
        self._contract = to_checksum_address(contract) if contract else None
        self._receipt_timeout = receipt_timeout
        self._chain_id: int | None = None

    @classmethod
    def in_process(cls, funded: Iterable[str] = (), balance_wei: int = 10**24) -> ChainClient:
        """A fresh embedded EVM whose genesis funds ``funded`` (e.g. the payout key's address)."""
        return cls(evm.in_process_web3(funded, balance_wei))

    @classmethod
    def from_url(cls, url: str, timeout: float = 10.0, contract: str | None = None) -> ChainClient:
        """A node over JSON-RPC. No automatic retries: the caller's schedule is the retry loop."""
        provider = HTTPProvider(url, request_kwargs={"timeout": timeout}, exception_retry_configuration=None)
        return cls(Web3(provider), contract=contract)

    def at(self, contract: str) -> ChainClient:
        """The same connection bound to the payout contract at ``contract``."""
        client = ChainClient(self._w3, contract, self._receipt_timeout)
        client._chain_id = self._chain_id
        return client

    @property
    def receipt_timeout(self) -> float:
        return self._receipt_timeout

    @property
    def web3(self) -> Web3:
        return self._w3

    @property
    def contract(self) -> ChecksumAddress:
        if self._contract is None:
            raise ChainError("no payout contract is bound; use .at(address)")
        return self._contract

    @property
    def chain_id(self) -> int:
        if self._chain_id is None:
            with translated("reading the chain id"):
                self._chain_id = int(self._w3.eth.chain_id)
        return self._chain_id

    def chain_identity(self) -> ChainIdentity:
        """Chain id, genesis hash and the bound contract's code hash, to store and compare on start-up."""
        with translated("reading the chain identity"):
            # Read afresh, not from the cache: the node behind the URL may have been replaced.
            self._chain_id = int(self._w3.eth.chain_id)
            genesis = self._w3.eth.get_block(0)
            code = self._w3.eth.get_code(self._contract) if self._contract else b""
        return ChainIdentity(
            chain_id=self._chain_id,
            genesis_hash="0x" + bytes(genesis["hash"]).hex(),
            contract_code_hash="0x" + keccak(bytes(code)).hex() if code else None,
        )

    def check_identity(self, expected: ChainIdentity) -> None:
        """Raise :class:`ChainReset` if this is not the chain (or contract) ``expected`` was recorded on."""
        actual = self.chain_identity()
        if actual != expected:
            raise ChainReset(f"chain identity changed: recorded {expected}, found {actual}")

    def is_batch_paid(self, batch_id: bytes, block: BlockIdentifier = "latest") -> bool:
        """Whether the bound contract has recorded ``batch_id`` as paid (in the latest block, or ``block``)."""
        with translated("reading a batch's paid flag"):
            return bool(self._payout_contract().functions.paid(batch_id).call(block_identifier=block))

    def payout_token(self) -> ChecksumAddress:
        """The ERC-20 the bound Distributor pays in; refuses a contract that is not a Distributor.

        A RewardToken has ``pay_batch`` too, but it mints: paying through it would create value from nowhere.
        """
        distributor = self._w3.eth.contract(address=self.contract, abi=artifacts.load("Distributor").abi)
        try:
            with translated("reading the Distributor's token"):
                token = distributor.functions.token().call()
        except ChainUnavailable:
            raise
        except (ChainError, BadFunctionCallOutput):
            raise ChainError(
                f"[chain] contract {self.contract} is not a Distributor (no token() on it)",
                user_message=(
                    "The configured payout contract is not a Distributor. Set [chain] contract to the Distributor's"
                    " address and fund it with the reward token; a RewardToken that mints is refused."
                ),
            ) from None
        return to_checksum_address(token)

    def treasury_balance(self, block: BlockIdentifier = "latest") -> int:
        """The treasury: the bound Distributor's balance of its token, in base units, at the latest block (or
        ``block``: the audit reads it beside the batches' paid flags at one block).

        Latest, not ``confirmations`` deep: it is checked before a batch is sent, and a batch sent now spends
        from the latest state.
        """
        token = self._w3.eth.contract(address=self.payout_token(), abi=artifacts.load("RewardToken").abi)
        with translated("reading the treasury balance"):
            return int(token.functions.balanceOf(self.contract).call(block_identifier=block))

    def suggest_fees(self, cap: int | None = None) -> Fees:
        """Fees that land within a few blocks: twice the latest base fee plus the node's suggested tip.

        With ``cap`` (wei per gas) the max fee never passes it, and :class:`FeeCapExceeded` is raised while the
        base fee alone is above it.
        """
        with translated("reading fees"):
            base_fee = self.base_fee()
            try:
                tip = int(self._w3.eth.max_priority_fee)
            except Exception:  # not every node implements eth_maxPriorityFeePerGas
                tip = DEFAULT_PRIORITY_FEE
        if cap is not None:
            return transactions.capped_fees(base_fee, tip, cap)
        return Fees(max_fee_per_gas=2 * base_fee + tip, max_priority_fee_per_gas=tip)

    def block_number(self) -> int:
        with translated("reading the block number"):
            return int(self._w3.eth.block_number)

    def block_gas_limit(self) -> int:
        with translated("reading the block gas limit"):
            return int(self._w3.eth.get_block("latest")["gasLimit"])

    def base_fee(self) -> int:
        with translated("reading the base fee"):
            return int(self._w3.eth.get_block("latest").get("baseFeePerGas", 0))

    def nonce(self, address: str, pending: bool = False, depth: int = 1) -> int:
        """Transactions mined from ``address``; with ``pending``, also those waiting in the node's pool.

        ``depth`` counts only blocks at least that many deep (1: the latest block), to ask what a reorg of
        fewer blocks cannot undo.
        """
        with translated("reading a nonce"):
            block: BlockIdentifier = "pending" if pending else "latest"
            if depth > 1 and not pending:
                block = max(int(self._w3.eth.block_number) - depth + 1, 0)
            return int(self._w3.eth.get_transaction_count(to_checksum_address(address), block))

    def sign_pay_batch(
        self,
        key: str | bytes,
        batch_id: bytes,
        packed: Sequence[int],
        *,
        nonce: int | None = None,
        fees: Fees | None = None,
        gas: int | None = None,
        fee_cap: int | None = None,
    ) -> SignedTx:
        """Sign ``pay_batch(batch_id, packed)`` without sending it. Store the result, then :meth:`broadcast`.

        Without ``gas`` the call is simulated first, so an already-paid batch raises
        :class:`BatchAlreadyPaid` here instead of costing a reverted transaction.
        """
        sender = transactions.account_address(key)
        data = self._pay_batch_data(batch_id, packed)
        if gas is None:
            if self.is_batch_paid(batch_id):
                raise BatchAlreadyPaid(f"batch 0x{batch_id.hex()} is already paid")
            gas = self._payout_gas(sender, data)
        return transactions.sign(
            key,
            chain_id=self.chain_id,
            nonce=self.nonce(sender, pending=True) if nonce is None else nonce,
            to=self.contract,
            data=data,
            gas=gas,
            fees=fees or self.suggest_fees(fee_cap),
        )

    def estimate_pay_batch(self, key: str | bytes, batch_id: bytes, packed: Sequence[int]) -> int:
        """The gas ``pay_batch`` would be given (the estimate plus its margin)."""
        try:
            return self._payout_gas(transactions.account_address(key), self._pay_batch_data(batch_id, packed))
        except TransactionReverted as exc:
            # Every refusal of pay_batch carries a reason; a bare revert is running out of the gas a block allows.
            if exc.__cause__ is not None and message_of(exc.__cause__) == "execution reverted":
                raise BatchTooBig(f"the batch does not fit in a block: {exc}") from exc
            raise

    def broadcast(self, raw: bytes) -> Broadcast:
        """Send a stored signed transaction; safe to repeat after a crash, a timeout or a reorg."""
        try:
            with translated("broadcasting"):
                self._w3.eth.send_raw_transaction(raw)
        except ChainError as exc:
            cause = exc.__cause__ or exc
            if matches(cause, ALREADY_KNOWN):
                return Broadcast.ALREADY_KNOWN
            if nonce_used(cause):
                return Broadcast.NONCE_USED
            raise
        return Broadcast.SENT

    def receipt(self, tx_hash: str) -> Receipt | None:
        """The receipt of a mined transaction on the current chain, or None if it is pending or unknown."""
        with translated("reading a receipt"):
            try:
                found = self._w3.eth.get_transaction_receipt(HexStr(tx_hash))
            except TransactionNotFound:
                return None
            if found is None or found.get("blockNumber") is None:
                return None
            latest = int(self._w3.eth.block_number)
        return Receipt(
            tx_hash=tx_hash,
            succeeded=found["status"] == 1,
            block_number=int(found["blockNumber"]),
            block_hash="0x" + bytes(found["blockHash"]).hex(),
            confirmations=latest - int(found["blockNumber"]) + 1,
            gas_used=int(found["gasUsed"]),
        )

    def is_known(self, tx_hash: str) -> bool:
        """Whether the node has the transaction at all (in its pool or mined); if not, rebroadcast it."""
        with translated("looking up a transaction"):
            try:
                return self._w3.eth.get_transaction(HexStr(tx_hash)) is not None
            except TransactionNotFound:
                return False

    def bump_fees(self, stored: SignedTx | bytes, key: str | bytes, cap: int) -> SignedTx:
        """A replacement of ``stored``: same nonce, call and gas; both fee fields raised at least 12.5%.

        Raises :class:`FeeCapExceeded` above ``cap`` (wei per gas). The result is not sent: store it, then
        broadcast it; either the original or the replacement will be mined, never both.
        """
        original = transactions.decode(stored) if isinstance(stored, bytes) else stored
        if transactions.account_address(key) != original.sender:
            raise ChainError("the replacement must be signed by the original sender")
        data, _value = transactions.unsigned_fields(original)
        fees = transactions.bumped_fees(original.fees, self.base_fee(), cap)
        return transactions.sign(
            key,
            chain_id=original.chain_id,
            nonce=original.nonce,
            to=original.to,
            data=data,
            gas=original.gas,
            fees=fees,
        )

    def _pay_batch_data(self, batch_id: bytes, packed: Sequence[int]) -> bytes:
        encoded = self._payout_contract().encode_abi("pay_batch", args=[batch_id, list(packed)])
        return bytes.fromhex(encoded.removeprefix("0x"))

    def _payout_gas(self, sender: str, data: bytes) -> int:
        with translated("estimating the payout's gas"):
            estimate = self._w3.eth.estimate_gas({"from": sender, "to": self.contract, "data": data})
        return transactions.with_gas_margin(estimate)

    def _payout_contract(self) -> Contract:
        # Both contracts share pay_batch and paid, so the token's ABI serves either.
        return self._w3.eth.contract(address=self.contract, abi=artifacts.load("RewardToken").abi)
