# pragma version 0.4.3
"""
@title chatlabel reward token
@notice ERC-20 whose minters pay a whole batch of rewards in one transaction. Each batch id is recorded
        on chain so the same batch can never be paid twice, whatever happens off chain.
"""

from ethereum.ercs import IERC20

implements: IERC20

event Transfer:
    sender: indexed(address)
    receiver: indexed(address)
    value: uint256

event Approval:
    owner: indexed(address)
    spender: indexed(address)
    value: uint256

event BatchPaid:
    batch_id: indexed(bytes32)
    count: uint256
    total: uint256

event MinterSet:
    minter: indexed(address)
    enabled: bool

event OwnershipTransferred:
    previous_owner: indexed(address)
    new_owner: indexed(address)

MAX_BATCH: constant(uint256) = 500
# One word per payment: recipient in the high 160 bits, amount in the low 96 bits (up to ~7.9e10 tokens
# at 18 decimals), so a batch costs one calldata word per recipient instead of two.
AMOUNT_BITS: constant(uint256) = 96
AMOUNT_MASK: constant(uint256) = (1 << AMOUNT_BITS) - 1

name: public(String[64])
symbol: public(String[32])
decimals: public(constant(uint8)) = 18
totalSupply: public(uint256)
balanceOf: public(HashMap[address, uint256])
allowance: public(HashMap[address, HashMap[address, uint256]])

owner: public(address)
is_minter: public(HashMap[address, bool])
paid: public(HashMap[bytes32, bool])


@deploy
def __init__(name_: String[64], symbol_: String[32]):
    self.name = name_
    self.symbol = symbol_
    self.owner = msg.sender
    self.is_minter[msg.sender] = True
    log OwnershipTransferred(previous_owner=empty(address), new_owner=msg.sender)
    log MinterSet(minter=msg.sender, enabled=True)


@external
def transfer(receiver: address, amount: uint256) -> bool:
    self._transfer(msg.sender, receiver, amount)
    return True


@external
def transferFrom(sender: address, receiver: address, amount: uint256) -> bool:
    allowed: uint256 = self.allowance[sender][msg.sender]
    # An unlimited approval is not spent down, as in most deployed tokens.
    if allowed != max_value(uint256):
        assert allowed >= amount, "insufficient allowance"
        self.allowance[sender][msg.sender] = allowed - amount
    self._transfer(sender, receiver, amount)
    return True


@external
def approve(spender: address, amount: uint256) -> bool:
    self.allowance[msg.sender][spender] = amount
    log Approval(owner=msg.sender, spender=spender, value=amount)
    return True


@external
def pay_batch(batch_id: bytes32, packed: DynArray[uint256, MAX_BATCH]):
    """
    @notice Mint every packed payment of one batch; reverts if this batch id was ever paid.
    """
    assert self.is_minter[msg.sender], "not a minter"
    assert batch_id != empty(bytes32), "empty batch id"
    assert len(packed) > 0, "empty batch"
    assert not self.paid[batch_id], "batch already paid"
    self.paid[batch_id] = True

    total: uint256 = 0
    for word: uint256 in packed:
        receiver: address = convert(word >> AMOUNT_BITS, address)
        assert receiver != empty(address), "zero recipient"
        amount: uint256 = word & AMOUNT_MASK
        # Unchecked on purpose: each amount is below 2**96 and a batch holds at most 500 of them, so
        # neither the running total nor any balance (bounded by the checked totalSupply) can overflow.
        self.balanceOf[receiver] = unsafe_add(self.balanceOf[receiver], amount)
        total = unsafe_add(total, amount)
        log Transfer(sender=empty(address), receiver=receiver, value=amount)

    self.totalSupply += total
    log BatchPaid(batch_id=batch_id, count=len(packed), total=total)


@external
def set_minter(minter: address, enabled: bool):
    assert msg.sender == self.owner, "not the owner"
    self.is_minter[minter] = enabled
    log MinterSet(minter=minter, enabled=enabled)


@external
def transfer_ownership(new_owner: address):
    assert msg.sender == self.owner, "not the owner"
    assert new_owner != empty(address), "zero owner"
    log OwnershipTransferred(previous_owner=self.owner, new_owner=new_owner)
    self.owner = new_owner


@internal
def _transfer(sender: address, receiver: address, amount: uint256):
    assert receiver != empty(address), "zero recipient"
    balance: uint256 = self.balanceOf[sender]
    assert balance >= amount, "insufficient balance"
    self.balanceOf[sender] = balance - amount
    self.balanceOf[receiver] += amount
    log Transfer(sender=sender, receiver=receiver, value=amount)
