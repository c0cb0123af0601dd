# pragma version 0.4.3
"""
@title chatlabel distributor
@notice Pays batches of rewards from its own balance of an existing ERC-20, for communities that reward in
        a token they already have. Same guard as the reward token: a batch id is paid at most once.
"""

from ethereum.ercs import IERC20

event BatchPaid:
    batch_id: indexed(bytes32)
    count: uint256
    total: uint256

event PayerSet:
    payer: indexed(address)
    enabled: bool

event OwnershipTransferred:
    previous_owner: indexed(address)
    new_owner: indexed(address)

MAX_BATCH: constant(uint256) = 500
# Same packing as RewardToken.pay_batch: recipient in the high 160 bits, amount in the low 96 bits.
AMOUNT_BITS: constant(uint256) = 96
AMOUNT_MASK: constant(uint256) = (1 << AMOUNT_BITS) - 1

token: public(immutable(IERC20))
owner: public(address)
is_payer: public(HashMap[address, bool])
paid: public(HashMap[bytes32, bool])


@deploy
def __init__(token_: IERC20):
    token = token_
    self.owner = msg.sender
    self.is_payer[msg.sender] = True
    log OwnershipTransferred(previous_owner=empty(address), new_owner=msg.sender)
    log PayerSet(payer=msg.sender, enabled=True)


@external
def pay_batch(batch_id: bytes32, packed: DynArray[uint256, MAX_BATCH]):
    """
    @notice Transfer every packed payment of one batch from this contract's balance; reverts if this batch
            id was ever paid or the balance does not cover the whole batch.
    """
    assert self.is_payer[msg.sender], "not a payer"
    assert batch_id != empty(bytes32), "empty batch id"
    assert len(packed) > 0, "empty batch"
    assert not self.paid[batch_id], "batch already paid"
    # Recorded before the external calls, so a re-entering token cannot pay the same batch twice.
    self.paid[batch_id] = True

    total: uint256 = 0
    for word: uint256 in packed:
        receiver: address = convert(word >> AMOUNT_BITS, address)
        assert receiver != empty(address), "zero recipient"
        amount: uint256 = word & AMOUNT_MASK
        total = unsafe_add(total, amount)  # at most 500 amounts below 2**96: cannot overflow
        # default_return_value: some deployed tokens return nothing from transfer().
        assert extcall token.transfer(receiver, amount, default_return_value=True), "transfer failed"

    log BatchPaid(batch_id=batch_id, count=len(packed), total=total)


@external
def withdraw(receiver: address, amount: uint256):
    """
    @notice Return unspent funds; only the owner.
    """
    assert msg.sender == self.owner, "not the owner"
    assert extcall token.transfer(receiver, amount, default_return_value=True), "transfer failed"


@external
def set_payer(payer: address, enabled: bool):
    assert msg.sender == self.owner, "not the owner"
    self.is_payer[payer] = enabled
    log PayerSet(payer=payer, enabled=enabled)


@external
def transfer_ownership(new_owner: address):
    assert msg.sender == self.owner, "not the owner"
    assert new_owner != empty(address), "zero owner"
    log OwnershipTransferred(previous_owner=self.owner, new_owner=new_owner)
    self.owner = new_owner
