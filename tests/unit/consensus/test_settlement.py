"""Settlement arithmetic: exact integer shares, no dust, deterministic ties."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.consensus import share_pool

weights = st.lists(st.floats(0, 1e6, allow_nan=False) | st.integers(0, 10**9), min_size=1, max_size=30)


@given(pool=st.integers(0, 10**24), ws=weights)
def test_shares_sum_to_the_pool_and_stay_within_one_unit_of_the_exact_share(pool: int, ws: list) -> None:
    if sum(Fraction(w) for w in ws) == 0:
        return
    shares = share_pool(pool, ws)
    assert sum(shares) == pool
    total = sum(Fraction(w) for w in ws)
    for share, w in zip(shares, ws, strict=True):
        exact = pool * Fraction(w) / total
        assert share >= 0 and abs(share - exact) < 1
        if w == 0:
            assert share == 0


def test_ties_are_broken_by_weight_then_position() -> None:
    assert share_pool(2, [1, 1, 1]) == [1, 1, 0]
    assert share_pool(1, [1, 2, 1]) == [0, 1, 0]
    assert share_pool(10, [1, 1, 1]) == [4, 3, 3]


def test_token_sized_pools_are_exact() -> None:
    pool = 10**21 + 7  # beyond 64-bit integers and float precision
    shares = share_pool(pool, [0.1, 0.2, 0.3])
    assert sum(shares) == pool


def test_invalid_inputs() -> None:
    assert share_pool(0, [0, 0]) == [0, 0]
    with pytest.raises(ValueError):
        share_pool(5, [0, 0])
    with pytest.raises(ValueError):
        share_pool(5, [-1, 2])
    with pytest.raises(ValueError):
        share_pool(-1, [1])
