"""How much of an item's reward an agreeing answer earns: pure rules on the player's record.

A player's reward weight comes from a lower confidence bound (Wilson, TRUST_Z standard errors) on how often they
are right: on gold, and with the consensus of the items already settled. A bound, not the mean, because players
answer only a handful of items: a blind guesser who was lucky four times in five has a high mean but a bound
near chance. 0 at chance, full at TRUST_FULL of the way from chance to perfect.
"""

from __future__ import annotations

from typing import Any

import numpy as np

TRUST_Z, TRUST_FULL = 1.64, 0.6
# A player with no record at all (a campaign without gold, before anything settled) gets this token weight, so an
# item answered only by such players still pays them, while a proven player beside them takes nearly all. Only for
# no record: as a floor under every weight it let lucky spammers share items that honest players' short records
# (whose bound is still near chance) would otherwise win.
TRUST_UNPROVEN = 0.01


def trust(answer: Any, choices: int) -> float:
    """How much of a share an agreeing answer earns: the refit's spam weight (0 when suspended) times how far
    the lower confidence bound of the player's record is above guessing.

    Only the answers settled before this item count, so agreeing here does not vouch for itself. The weights
    are shared pro rata among the winners, so what matters is a player's weight against the others': the
    record's bound replaces the old full trust for a short gold record, which let a spammer without a record
    earn as much as the honest players beside them.
    """
    spam = 1.0
    if answer.weight is not None:
        if answer.suspended:
            return 0.0
        spam = float(answer.weight)
    record = answer.gold_recent or ""
    n = len(record) + (answer.settled or 0)
    if n == 0:
        return spam * TRUST_UNPROVEN
    lower = wilson_lower(record.count("1") + (answer.agreed or 0), n, TRUST_Z)
    chance = 1.0 / max(choices, 2)
    above = max(0.0, (lower - chance) / (1.0 - chance))
    return spam * min(1.0, above / TRUST_FULL) ** 2


def wilson_lower(right: int, n: int, z: float) -> float:
    """The Wilson score lower bound of a success rate from `right` of `n`."""
    p = right / n
    centre = p + z * z / (2 * n)
    margin = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return float((centre - margin) / (1 + z * z / n))
