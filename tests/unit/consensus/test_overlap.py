"""Dynamic overlap decisions and the ask-again priority."""

from __future__ import annotations

import numpy as np

from core.consensus import (
    FRESH_VALUE,
    SPLIT_CONFIDENCE,
    UNFINISHED_VALUE,
    Calibration,
    ResolutionState,
    ask_priority,
    ask_value,
    ask_values,
    resolution,
)
from core.db.tables import Item


def test_resolves_only_after_min_answers_and_target_confidence() -> None:
    confident = [0.02, 0.97, 0.01]
    assert resolution(confident, 1, 3, 7, 0.95).state is ResolutionState.OPEN
    done = resolution(confident, 3, 3, 7, 0.95)
    assert (done.state, done.label, done.confidence) == (ResolutionState.RESOLVED, 1, 0.97)
    assert resolution([0.5, 0.3, 0.2], 4, 3, 7, 0.95).state is ResolutionState.OPEN


def test_gives_up_as_ambiguous_at_max_answers_when_the_crowd_splits() -> None:
    verdict = resolution([0.55, 0.45], 7, 3, 7, 0.95)
    assert verdict.state is ResolutionState.AMBIGUOUS and verdict.label == 0


def test_a_clear_leader_at_max_answers_settles_at_its_lower_confidence() -> None:
    verdict = resolution([0.15, 0.85], 7, 3, 7, 0.95)
    assert (verdict.state, verdict.label, verdict.confidence) == (ResolutionState.RESOLVED, 1, 0.85)
    assert resolution([0.15, 0.85], 6, 3, 7, 0.95).state is ResolutionState.OPEN  # below the maximum: keep asking
    at_split = [1 - SPLIT_CONFIDENCE, SPLIT_CONFIDENCE]
    assert resolution(at_split, 7, 3, 7, 0.95).state is ResolutionState.RESOLVED
    just_below = [1.01 - SPLIT_CONFIDENCE, SPLIT_CONFIDENCE - 0.01]
    assert resolution(just_below, 7, 3, 7, 0.95).state is ResolutionState.AMBIGUOUS
    # A campaign that wants every item at its target marks everything short of it ambiguous.
    assert resolution([0.15, 0.85], 7, 3, 7, 0.95, split_confidence=0.95).state is ResolutionState.AMBIGUOUS


def test_at_max_answers_the_reported_confidence_decides_not_the_raw_posterior() -> None:
    tempered = Calibration(slope=0.4, intercept=0.0)  # 9:1 odds were right about 7 times in 10
    verdict = resolution([0.1, 0.9], 7, 3, 7, 0.95, tempered)
    assert verdict.state is ResolutionState.AMBIGUOUS and abs(verdict.confidence - 0.707) < 1e-3
    assert resolution([0.1, 0.9], 7, 3, 7, 0.95).state is ResolutionState.RESOLVED  # the raw 0.9 would settle


def test_items_settled_at_max_answers_are_right_as_often_as_they_say_and_ambiguous_ones_split() -> None:
    """A seeded crowd of 0.65-accurate players on yes/no items, seven answers each, and the exact posterior."""
    rng = np.random.default_rng(14)
    accuracy, n_items, answers = 0.65, 4000, 7
    truth = rng.integers(0, 2, n_items)
    right = rng.random((n_items, answers)) < accuracy
    votes_for_truth = right.sum(axis=1)
    log_odds = (2 * votes_for_truth - answers) * np.log(accuracy / (1 - accuracy))  # truth over the other label
    p_truth = 1 / (1 + np.exp(-log_odds))
    posteriors = np.where(truth[:, None] == 1, np.c_[1 - p_truth, p_truth], np.c_[p_truth, 1 - p_truth])
    verdicts = [resolution(p, answers, 3, answers, 0.99) for p in posteriors]
    settled = np.array([v.state is ResolutionState.RESOLVED for v in verdicts])
    correct = np.array([v.label for v in verdicts]) == truth
    assert 0.2 < settled.mean() < 0.9  # the rule does split this crowd's items
    assert correct[settled].mean() >= SPLIT_CONFIDENCE  # a settled label is right at least as often as the floor
    assert correct[~settled].mean() < SPLIT_CONFIDENCE  # an ambiguous item's leader is much less reliable


def test_ties_go_to_the_lowest_label() -> None:
    assert resolution([0.5, 0.5], 2, 1, 9, 0.5).label == 0


def test_uncertain_started_items_are_asked_first() -> None:
    posteriors = np.array([[0.5, 0.5], [0.9, 0.1], [0.5, 0.5], [0.99, 0.01], [0.6, 0.4]])
    n_answers = np.array([2, 2, 0, 4, 7])
    score = ask_priority(posteriors, n_answers, min_answers=3, max_answers=7, target_confidence=0.95)
    # The 0.9 item is short of its minimum of 3 answers: it is finished before the fresh one is begun.
    assert list(np.argsort(-score, kind="stable")) == [0, 1, 2, 3, 4]
    assert score[3] == -1.0 and score[4] == -1.0  # resolved, and at the maximum


def test_a_calibrated_campaign_stops_on_the_posterior_and_reports_the_calibrated_confidence() -> None:
    tempered = Calibration(slope=0.2, intercept=0.0)  # 99:1 odds were right about 72% of the time
    verdict = resolution([0.01, 0.99], 5, 3, 7, 0.9, tempered)
    # More answers would not change the label; how often such a label is right is what the map says.
    assert verdict.state is ResolutionState.RESOLVED and verdict.label == 1
    assert abs(verdict.confidence - 0.715) < 0.01
    undecided = resolution([0.2, 0.8], 5, 3, 7, 0.9, Calibration(slope=3.0, intercept=0.0))
    assert undecided.state is ResolutionState.OPEN and undecided.confidence > 0.95
    assert resolution([0.2, 0.8], 7, 3, 7, 0.9, tempered).state is ResolutionState.AMBIGUOUS


def test_a_started_item_is_worth_its_uncertainty_and_a_fresh_one_a_quarter() -> None:
    posteriors = np.array([[0.5, 0.5], [0.95, 0.05], [0.7, 0.3], [0.7, 0.3]])
    values = ask_values(posteriors, [4, 1, 1, 0])
    assert values[0] == 1.0  # a tie: the answer decides it
    assert abs(values[1] - 0.1) < 1e-12 and values[1] < FRESH_VALUE  # nearly decided: waits behind new work
    assert abs(values[2] - 0.6) < 1e-12 and values[2] > FRESH_VALUE  # in doubt: finished before a new item
    assert values[3] == FRESH_VALUE  # nobody answered it yet


def test_a_started_item_short_of_its_minimum_comes_before_a_fresh_one_however_sure() -> None:
    """It cannot settle (and pay its answerers) before its minimum, so it is not left behind new work."""
    sure = np.array([[0.99, 0.01], [0.99, 0.01], [0.5, 0.5]])
    values = ask_values(sure, [2, 3, 0], min_answers=3)
    assert values[0] == UNFINISHED_VALUE > FRESH_VALUE  # two sure answers, one short of the minimum
    assert values[1] < FRESH_VALUE  # at its minimum: now it waits behind new work
    assert ask_values(np.array([[0.5, 0.5]]), [2], min_answers=3)[0] == 1.0  # a tie keeps its higher value


def test_the_stored_value_comes_from_the_unnormalised_log_posterior() -> None:
    log_posterior = [np.log(2.0) + 40.0, 40.0]  # odds 2:1, shifted as the running sums are
    assert abs(ask_value(log_posterior, 5) - (1.0 - 1.0 / 3.0)) < 1e-12


def test_a_new_item_row_starts_at_the_fresh_value() -> None:
    assert Item(campaign_id=1, external_id="x").ask_value == FRESH_VALUE
