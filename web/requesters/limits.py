"""Per-key rate limits: a token bucket per requester, in this worker process (each worker allows the rate)."""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable

MAX_BUCKETS = 100_000  # the least recently seen keys are forgotten first (a forgotten bucket starts full)


class RateLimiter:
    def __init__(self, per_minute: int, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.clock = clock
        self.buckets: OrderedDict[int, tuple[float, float]] = OrderedDict()

    def take(self, key: int) -> float:
        """0 when the call may go ahead, else the seconds to wait before the next one will."""
        now = self.clock()
        tokens, last = self.buckets.pop(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        wait = 0.0
        if tokens >= 1.0:
            tokens -= 1.0
        else:
            wait = (1.0 - tokens) / self.rate
        self.buckets[key] = (tokens, now)
        if len(self.buckets) > MAX_BUCKETS:
            self.buckets.popitem(last=False)
        return wait


def retry_after(wait: float) -> str:
    return str(max(1, math.ceil(wait)))
