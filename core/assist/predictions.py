"""Which of the model's predictions become answers: only those it is sure enough of.

An unsure prediction is left out rather than recorded weakly: the item then has only the crowd's evidence, its
posterior stays uncertain, and serving (which asks where the posterior is least decided) sends it more players.
A confident prediction is one worker's answer, weighed by the confusion matrix the refit learns for the model
on items the crowd also answered, so the stopping rule needs fewer answers only when the model has earned it.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

# On the packs' replay (bench/replay_model.py) 0.8 saved as many answers as 0.6 or 0.7 at no cost in accuracy.
DEFAULT_MIN_PROBABILITY = 0.8


def confident(probabilities: np.ndarray, min_probability: float) -> Iterator[tuple[int, int]]:
    """(row, choice index) for each row whose most probable choice reaches `min_probability`."""
    best = np.argmax(probabilities, axis=1)
    sure = probabilities[np.arange(len(best)), best] >= min_probability
    for row in np.flatnonzero(sure).tolist():
        yield row, int(best[row])
