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
    AMBIGUOUS = "ambiguous"  # maximum answers reached without confidence: mark, do not force


@dataclass(frozen=True, slots=True)
class Resolution:
    """The decision for one item; `label` is the most probable label (also reported when ambiguous)."""

    state: ResolutionState
    label: int
    confidence: float


def resolution(
    posterior: ArrayLike,
    n_answers: int,
    min_answers: int,
    max_answers: int,
    target_confidence: float,
    calibration: Calibration | None = None,
) -> Resolution:
    """Resolve once confidence reaches the target after at least `min_answers`; give up at `max_answers`.

    The confidence is `calibration`'s when given (the campaign's map fitted on gold), else the posterior's
    own. Ties between labels go to the lowest class index, so the decision is deterministic.
    """
    p = np.asarray(posterior, dtype=np.float64)
    label = int(np.argmax(p))
    confidence = float(p[label]) if calibration is None else calibration.confidence(np.log(np.maximum(p, 1e-300)))
    if n_answers >= min_answers and confidence >= target_confidence:
        return Resolution(ResolutionState.RESOLVED, label, confidence)
    if n_answers >= max_answers:
        return Resolution(ResolutionState.AMBIGUOUS, label, confidence)
    return Resolution(ResolutionState.OPEN, label, confidence)


def ask_priority(
    posteriors: FloatArray,
    n_answers: ArrayLike,
    min_answers: int,
    max_answers: int,
    target_confidence: float,
    fresh_priority: float = 0.5,
) -> FloatArray:
    """A score per item, higher = ask sooner; -1 for items that are resolved or ambiguous.

    Open items score 1 - (p_best - p_second): a near tie scores close to 1, an almost-decided item close
    to 0, so the answers go where they change the outcome. Items nobody answered yet score
    `fresh_priority`, so an uncertain started item is finished before a new one is begun, which keeps
    the number of answers per resolved item low.
    """
    p = np.asarray(posteriors, dtype=np.float64)
    n = np.asarray(n_answers, dtype=np.int64)
    top2 = -np.partition(-p, 1, axis=1)[:, :2] if p.shape[1] > 1 else np.c_[p, np.zeros(len(p))]
    confidence = top2[:, 0]
    score = 1.0 - (top2[:, 0] - top2[:, 1])
    score = np.where(n == 0, fresh_priority, score)
    closed = ((n >= min_answers) & (confidence >= target_confidence)) | (n >= max_answers)
    return np.where(closed, -1.0, score)
