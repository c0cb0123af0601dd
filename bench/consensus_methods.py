"""The aggregators the consensus benchmark compares: ours, and crowd-kit's with their defaults when installed."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

from core.consensus import (
    Answers,
    ConsensusFit,
    agreement_weights,
    dawid_skene,
    majority_vote,
    one_coin_dawid_skene,
    weighted_vote,
)

DEFAULT = "ours dawid_skene (default)"
OURS: dict[str, Callable[[Answers], ConsensusFit]] = {
    DEFAULT: dawid_skene,
    "ours one_coin_dawid_skene": one_coin_dawid_skene,
    "ours weighted_vote (agreement)": lambda a: weighted_vote(a, agreement_weights(a, majority_vote(a).posteriors)),
    "ours majority_vote": majority_vote,
}
GLAD_CAP_ANSWERS = 50_000  # GLAD took ~35 s per iteration on the 92k-answer set: capped above this
GLAD_CAP_ITER = 5


def crowdkit_methods(n_answers: int, slow: bool = False) -> dict[str, object] | None:
    """crowd-kit's aggregators with their defaults, or None when crowd-kit is not installed; GLAD and MACE
    only when `slow`."""
    try:
        from crowdkit.aggregation import GLAD, MACE, DawidSkene, MajorityVote, Wawa
    except ImportError:
        return None
    glad = (
        ("GLAD", GLAD())
        if n_answers <= GLAD_CAP_ANSWERS
        else (f"GLAD (capped {GLAD_CAP_ITER} it)", GLAD(n_iter=GLAD_CAP_ITER))
    )
    fast = {
        "crowd-kit MajorityVote": MajorityVote(),
        "crowd-kit Wawa": Wawa(),
        "crowd-kit DawidSkene": DawidSkene(n_iter=100),
    }
    return {**fast, f"crowd-kit {glad[0]}": glad[1], "crowd-kit MACE": MACE()} if slow else fast


def crowdkit_predict(method: object, frame: Any) -> Any:
    """One crowd-kit aggregator's labels for the answers in ``frame`` (task, worker, label), its warnings hushed."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return method.fit_predict(frame)  # type: ignore[attr-defined]
