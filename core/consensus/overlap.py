"""Dynamic overlap: when an item has enough answers, and which open items to ask about next."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from numpy.typing import ArrayLike

from core.consensus.answers import FloatArray
from core.consensus.calibration import Calibration


class ResolutionState(StrEnum):
    """Where an item stands."""

    OPEN = "open"  # keep asking
    RESOLVED = "resolved"  # confident enough after enough answers: settle it
    AMBIGUOUS = "ambiguous"  # maximum answers reached and the crowd splits on the label: mark, do not force


@dataclass(frozen=True, slots=True)
class Resolution:
    """The decision for one item; `label` is the most probable label (also reported when ambiguous)."""

    state: ResolutionState
    label: int
    confidence: float


# What "ambiguous" means to a requester: the crowd splits on the label. An item that reaches the maximum overlap
# short of the target but with a clear leader, one right at least this often by its reported (calibrated)
# confidence, settles on that leader at that lower confidence, which the export carries for the requester to
# filter on. Below it, the runner-up is too close (for a yes/no item: within a factor of three of the leader) and
# the item is ambiguous. In `chatlabel simulate` three in four ambiguous items had the true label ahead, nearly all
# of those above 0.75, while the few the leader got wrong sat below it.
SPLIT_CONFIDENCE = 0.75


def resolution(
    posterior: ArrayLike,
    n_answers: int,
    min_answers: int,
    max_answers: int,
    target_confidence: float,
    calibration: Calibration | None = None,
    split_confidence: float = SPLIT_CONFIDENCE,
) -> Resolution:
    """Resolve once the posterior reaches the target after at least `min_answers`; stop asking at `max_answers`.

    Two questions, two numbers. Whether to stop asking is whether more answers from this crowd would change the
    label, which the posterior says: its worker models judge answers they have not seen (`predictive_models`).
    How often a label like this one is right is the confidence reported, `calibration`'s when given (the
    campaign's map fitted on gold), else the posterior's own. The calibrated figure cannot be the stopping rule:
    on hard items the crowd errs together, and more of its answers cannot buy confidence its errors deny (on the
    shared dog set no item calibrates above 0.95, so a 0.99 target asked every item for every answer it had,
    for the accuracy the posterior's stop reaches with 60% of them; bench/replay.py). Ties between labels go to
    the lowest class index, so the decision is deterministic.

    At `max_answers` the item settles on its leader when the reported confidence reaches `split_confidence`, and
    is ambiguous (the crowd splits on it) below that.
    """
    p = np.asarray(posterior, dtype=np.float64)
    label = int(np.argmax(p))
    confidence = float(p[label]) if calibration is None else calibration.confidence(np.log(np.maximum(p, 1e-300)))
    if n_answers >= min_answers and float(p[label]) >= target_confidence:
        return Resolution(ResolutionState.RESOLVED, label, confidence)
    if n_answers >= max_answers:
        settled = confidence >= split_confidence
        return Resolution(ResolutionState.RESOLVED if settled else ResolutionState.AMBIGUOUS, label, confidence)
    return Resolution(ResolutionState.OPEN, label, confidence)


# What an unanswered item is worth to serving. A started item is worth its uncertainty, 1 - (p_best - p_second),
# so it goes before a fresh one unless its best label already leads by more than 0.75 (a yes/no item past 0.875):
# answers finish what is in doubt, and a nearly decided item waits behind new work. On the shared datasets'
# replay (bench/replay.py), 0.25 used as few answers as 0.1 or 0.5 at the best accuracy of the three; also
# finishing every started item to the minimum overlap first cost accuracy (0.8124 instead of 0.8251 on dog,
# 0.7856 instead of 0.8536 on bluebirds): items closed on the first answers before a refit could judge them.
FRESH_VALUE = 0.25


# A started item short of the minimum overlap cannot settle, however sure its posterior: it is worth at least
# this, more than a fresh item, so started items reach their minimum (and pay their answerers) before new ones
# are begun; otherwise every agreeing pair waits until the whole campaign has been started once.
UNFINISHED_VALUE = 0.5


def ask_values(posteriors: FloatArray, n_answers: ArrayLike, min_answers: int = 1) -> FloatArray:
    """What one more answer is worth per item, in [0, 1]: higher = ask sooner.

    An answered item is worth its uncertainty, 1 - (p_best - p_second): a near tie scores close to 1, an almost
    decided item close to 0, so the answers go where they can change the outcome; below `min_answers` it is
    worth at least `UNFINISHED_VALUE`. Items nobody answered yet score `FRESH_VALUE`. The game stores this per
    item (`Item.ask_value`) whenever the posterior changes, so serving orders by a column instead of recomputing
    posteriors.
    """
    p = np.asarray(posteriors, dtype=np.float64)
    n = np.asarray(n_answers, dtype=np.int64)
    top2 = -np.partition(-p, 1, axis=1)[:, :2] if p.shape[1] > 1 else np.c_[p, np.zeros(len(p))]
    uncertainty = 1.0 - (top2[:, 0] - top2[:, 1])
    started = np.where(n < min_answers, np.maximum(uncertainty, UNFINISHED_VALUE), uncertainty)
    return np.where(n == 0, FRESH_VALUE, started)


def ask_value(log_posterior: ArrayLike, n_answers: int, min_answers: int = 1) -> float:
    """`ask_values` for one item, from its unnormalised log-posterior (what the game stores)."""
    row = np.asarray(log_posterior, dtype=np.float64)
    p = np.exp(row - row.max())
    return float(ask_values((p / p.sum())[None, :], [n_answers], min_answers)[0])


def ask_priority(
    posteriors: FloatArray,
    n_answers: ArrayLike,
    min_answers: int,
    max_answers: int,
    target_confidence: float,
) -> FloatArray:
    """`ask_values` for open items; -1 for items that are resolved or ambiguous (nothing more to ask)."""
    p = np.asarray(posteriors, dtype=np.float64)
    n = np.asarray(n_answers, dtype=np.int64)
    confidence = p.max(axis=1)
    closed = ((n >= min_answers) & (confidence >= target_confidence)) | (n >= max_answers)
    return np.where(closed, -1.0, ask_values(p, n, min_answers))
