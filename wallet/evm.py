"""The in-process EVM behind the embedded chain and the tests: eth-tester on py-evm, funded at genesis."""

from __future__ import annotations

from collections.abc import Iterable

from eth_utils import to_canonical_address
from web3 import Web3
from web3.providers.eth_tester import EthereumTesterProvider


def in_process_web3(funded: Iterable[str], balance_wei: int) -> Web3:
    """A fresh chain whose genesis gives each address in ``funded`` ``balance_wei``."""
    from eth_tester import EthereumTester, PyEVMBackend  # only the embedded chain needs py-evm

    state = PyEVMBackend.generate_genesis_state(num_accounts=1)
    for address in funded:
        state[to_canonical_address(address)] = {
            "balance": balance_wei,
            "nonce": 0,
            "code": b"",
            "storage": {},
        }
    return Web3(EthereumTesterProvider(EthereumTester(PyEVMBackend(genesis_state=state))))
