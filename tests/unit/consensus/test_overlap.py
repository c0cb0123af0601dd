"""Dynamic overlap decisions and the ask-again priority."""

from __future__ import annotations

import numpy as np

from core.consensus import Calibration, ResolutionState, ask_priority, resolution


def test_resolves_only_after_min_answers_and_target_confidence() -> None:
    confident = [0.02, 0.97, 0.01]
    assert resolution(confident, 1, 3, 7, 0.95).state is ResolutionState.OPEN
    done = resolution(confident, 3, 3, 7, 0.95)
    assert (done.state, done.label, done.confidence) == (ResolutionState.RESOLVED, 1, 0.97)
    assert resolution([0.5, 0.3, 0.2], 4, 3, 7, 0.95).state is ResolutionState.OPEN


def test_gives_up_as_ambiguous_at_max_answers() -> None:
    verdict = resolution([0.55, 0.45], 7, 3, 7, 0.95)
    assert verdict.state is ResolutionState.AMBIGUOUS and verdict.label == 0


def test_ties_go_to_the_lowest_label() -> None:
    assert resolution([0.5, 0.5], 2, 1, 9, 0.5).label == 0


def test_uncertain_started_items_are_asked_first() -> None:
    posteriors = np.array([[0.5, 0.5], [0.9, 0.1], [0.5, 0.5], [0.99, 0.01], [0.6, 0.4]])
    n_answers = np.array([2, 2, 0, 4, 7])
    score = ask_priority(posteriors, n_answers, min_answers=3, max_answers=7, target_confidence=0.95)
    assert list(np.argsort(-score, kind="stable")) == [0, 2, 1, 3, 4]
    assert score[3] == -1.0 and score[4] == -1.0  # resolved, and at the maximum


def test_a_calibrated_campaign_resolves_on_the_calibrated_confidence() -> None:
    tempered = Calibration(slope=0.2, intercept=0.0)  # 99:1 odds were right about 72% of the time
    verdict = resolution([0.01, 0.99], 5, 3, 7, 0.9, tempered)
    assert verdict.state is ResolutionState.OPEN and abs(verdict.confidence - 0.715) < 0.01
    assert resolution([0.01, 0.99], 5, 3, 7, 0.9).state is ResolutionState.RESOLVED
