"""Settlement arithmetic: share an integer reward pool pro rata to weights, exactly."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction


def share_pool(pool: int, weights: Sequence[int | float | Fraction]) -> list[int]:
    """Split `pool` integer units pro rata to `weights` by the largest remainder method.

    Everyone first gets the floor of their exact share; the units left over (fewer than the number of
    sharers) go one each to the largest remainders. Arithmetic is exact (fractions), so the result sums
    to `pool` for any pool size, including token amounts beyond 2**63. Ties in remainder go to the larger
    weight, then to the earlier position, so the caller decides the order (e.g. by answer time).
    Raises ValueError for a negative pool or weight, or when weights sum to 0 with a pool to share.
    """
    if pool < 0:
        raise ValueError("pool must be non-negative")
    exact = [Fraction(w) for w in weights]  # Fraction(float) is exact: no rounding sneaks in here
    if any(w < 0 for w in exact):
        raise ValueError("weights must be non-negative")
    total = sum(exact, Fraction(0))
    if total == 0:
        if pool == 0:
            return [0] * len(exact)
        raise ValueError("cannot share a pool among zero total weight")
    quotas = [pool * w / total for w in exact]
    shares = [q.numerator // q.denominator for q in quotas]
    left = pool - sum(shares)
    order = sorted(range(len(exact)), key=lambda i: (-(quotas[i] - shares[i]), -exact[i], i))
    for i in order[:left]:
        shares[i] += 1
    return shares
