"""Calibrated confidence: leave-one-out posteriors and the margin map fitted on gold."""

from __future__ import annotations

import numpy as np

from core.consensus import Answers, Gold, dawid_skene
from core.consensus.calibration import (
    IDENTITY,
    Calibration,
    blind_log_posteriors,
    ece_floor,
    expected_calibration_error,
    first_answers,
    fit_calibration,
    free_fit,
    judged_log_posteriors,
    laplace_targets,
    leave_one_out_log_posteriors,
    loo_columns,
    predictive_models,
    reliability_table,
    top_margins,
)


def hard_item_crowd(
    seed: int,
    n_items: int = 1500,
    per_item: int = 5,
    n_workers: int = 40,
    hard_share: float = 0.33,
    skill: tuple[float, float] = (0.7, 0.95),
    hard_right: float = 0.35,
) -> tuple[Answers, np.ndarray]:
    """Binary items, a share of them hard: on a hard item every worker leans to the same wrong answer, so the
    answers are not independent given the class (what makes Dawid-Skene overconfident on real crowds)."""
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, 2, n_items)
    hard = rng.random(n_items) < hard_share
    skills = rng.uniform(*skill, n_workers)
    workers = np.argsort(rng.random((n_items, n_workers)), axis=1)[:, :per_item].ravel()
    items = np.repeat(np.arange(n_items), per_item)
    right = np.where(hard[items], hard_right, skills[workers])
    labels = np.where(rng.random(items.size) < right, truth[items], 1 - truth[items])
    return Answers.from_arrays(items, workers, labels, n_items, n_workers, 2), truth


def calibrated_error(seed: int) -> tuple[float, float]:
    """(ECE of the raw posterior, ECE calibrated on 10% gold), both over the other 90% of the items."""
    answers, truth = hard_item_crowd(seed)
    order = np.random.default_rng(seed + 1).permutation(answers.n_items)
    gold, rest = order[: answers.n_items // 10], order[answers.n_items // 10 :]
    fit = dawid_skene(answers)
    assert fit.workers is not None
    raw_right = fit.labels()[rest] == truth[rest]
    raw = expected_calibration_error(fit.confidence()[rest], raw_right)
    log_post = leave_one_out_log_posteriors(answers, fit.posteriors, fit.workers)
    calibration = fit_calibration(log_post, gold, truth[gold])
    right = np.argmax(log_post[rest], axis=1) == truth[rest]
    return raw, expected_calibration_error(calibration.confidences(log_post[rest]), right)


def test_gold_calibration_removes_the_overconfidence_of_correlated_errors() -> None:
    for seed in (1, 2, 3):
        raw, calibrated = calibrated_error(seed)
        assert raw > 0.1
        assert calibrated < 0.05


def test_a_single_answer_is_judged_by_the_prior_worker_once_its_own_item_is_left_out() -> None:
    answers = Answers.from_arrays([0, 0, 1], [0, 1, 1], [1, 1, 0], 2, 2, 2)
    posteriors = np.array([[0.0, 1.0], [1.0, 0.0]])
    columns = loo_columns(answers, posteriors)
    # Worker 0 answered only item 0: without it, two pseudo-answers right, one wrong per row.
    assert np.allclose(np.exp(columns[0]), [1 / 3, 2 / 3])
    # Worker 1's answer on item 0 is judged by their answer on item 1 (class 0 answered 0) plus the prior.
    assert np.allclose(np.exp(columns[1]), [1 / 4, 2 / 3])


def test_the_map_recovers_a_known_logistic_relation() -> None:
    rng = np.random.default_rng(5)
    margin = rng.uniform(0, 12, 4000)
    right = rng.random(4000) < 1 / (1 + np.exp(-(0.3 * margin - 0.5)))
    log_post = np.stack([margin, np.zeros_like(margin)], axis=1)
    labels = np.where(right, 0, 1)
    fitted = fit_calibration(log_post, np.arange(4000), labels)
    assert abs(fitted.slope - 0.3) < 0.05 and abs(fitted.intercept + 0.5) < 0.2


def test_the_map_never_changes_the_label_and_never_reports_below_chance() -> None:
    log_post = np.array([[0.0, 3.0, 1.0], [2.0, 2.0, 2.0], [9.0, 0.0, 0.0]])
    calibration = Calibration(slope=0.2, intercept=-1.0)
    confidences = calibration.confidences(log_post)
    assert np.all(confidences >= 1 / 3)
    assert confidences[2] > confidences[0] > confidences[1] == 1 / 3
    assert abs(IDENTITY.confidence([0.0, np.log(9.0)]) - 0.9) < 1e-9


def test_no_gold_means_no_correction_and_two_right_gold_items_vouch_for_three_in_four() -> None:
    log_post = np.array([[5.0, 0.0], [0.0, 4.0]])
    assert fit_calibration(log_post, [], []) == IDENTITY
    fitted = fit_calibration(log_post, [0, 1], [0, 1])
    # Laplace's rule: two right out of two is 3/4, not the identity's 0.99 at these margins.
    assert fitted.slope > 0 and np.isfinite(fitted.intercept)
    assert abs(fitted.confidences(log_post).mean() - 0.75) < 0.02


def test_reliability_table_and_error() -> None:
    confidence = [0.95, 0.95, 0.55, 0.55]
    correct = [True, True, True, False]
    assert reliability_table(confidence, correct) == [(0.5, 2, 0.55, 0.5), (0.9, 2, 0.95, 1.0)]
    assert abs(expected_calibration_error(confidence, correct) - 0.05) < 1e-12


def test_scarce_separable_gold_cannot_vouch_for_certainty() -> None:
    # Eleven gold items, the one wrong at the smallest margin: 0/1 targets make this gold separable, and the map
    # would call every wide margin certain. Platt's targets (ten right: 11/12) keep it well short of that.
    margin = np.array([1.2, 3.3, 5.4, 12.3, 12.4, 16.7, 18.1, 27.7, 29.3, 30.0, 30.0])
    log_post = np.stack([margin, np.zeros_like(margin)], axis=1)
    labels = np.where(np.arange(11) == 0, 1, 0)
    fitted = fit_calibration(log_post, np.arange(11), labels)
    widest = fitted.confidence([30.0, 0.0])
    assert 0.85 < widest < 0.97
    assert laplace_targets([True] * 10 + [False]).tolist() == [11 / 12] * 10 + [1 / 3]


def test_plentiful_gold_fits_as_with_hard_targets() -> None:
    # With 4000 gold items the targets are within 1/4000 of 0/1: the map is the plain logistic fit.
    assert np.allclose(laplace_targets([True, False] * 2000), [2001 / 2002, 1 / 2002] * 2000)


def test_predictive_models_count_every_answer_plus_the_prior_worker() -> None:
    answers = Answers.from_arrays([0, 0, 1], [0, 1, 1], [1, 1, 0], 2, 2, 2)
    posteriors = np.array([[0.0, 1.0], [1.0, 0.0]])
    fit = dawid_skene(answers)
    assert fit.workers is not None
    models = predictive_models(answers, posteriors, fit.workers)
    # Worker 0: one answer "1" on a class-1 item, plus pseudo-answers two right and one wrong per row.
    assert np.allclose(models.confusion[0], [[2 / 3, 1 / 3], [1 / 4, 3 / 4]])
    # Worker 1 also answered "0" on a class-0 item.
    assert np.allclose(models.confusion[1], [[3 / 4, 1 / 4], [1 / 4, 3 / 4]])
    columns = loo_columns(answers, posteriors)
    # Worker 1's "0" judged without its own item: the leave-one-out column is lower than the predictive one.
    assert np.allclose(np.exp(columns[2]), [2 / 3, 1 / 4])
    assert np.allclose(models.confusion[1, :, 0], [3 / 4, 1 / 4])
    assert np.allclose(models.class_prior, fit.workers.class_prior)


def test_the_error_floor_of_a_perfect_map_falls_with_the_items_scored() -> None:
    few, many = np.full(100, 0.8), np.full(10_000, 0.8)
    # One bin at 0.8: |0.8 - share right| of 100 Bernoulli(0.8) draws is about 0.03, of 10,000 about 0.003.
    assert 0.02 < ece_floor(few) < 0.05
    assert ece_floor(many) < 0.005
    assert ece_floor(few, seed=3) == ece_floor(few, seed=3)


def test_first_answers_keeps_each_items_first_answers_in_the_order_given() -> None:
    items = [0, 1, 0, 0, 1, 2, 0]
    assert first_answers(items, 2).tolist() == [True, True, True, False, True, True, False]
    assert first_answers(items, 0).tolist() == [False] * 7
    assert first_answers([], 3).tolist() == []
    # Answers that do not count towards the limit (the campaign's model) are always kept and take no place.
    counts = [True, True, False, True, True, True, True]
    assert first_answers(items, 2, counts).tolist() == [True, True, True, True, True, True, False]


def test_keep_sums_only_the_kept_answers_columns_judged_by_matrices_learned_from_all() -> None:
    answers, _ = hard_item_crowd(4, n_items=200)
    fit = dawid_skene(answers)
    assert fit.workers is not None
    full = leave_one_out_log_posteriors(answers, fit.posteriors, fit.workers)
    keep = first_answers(answers.items, 3)
    kept = leave_one_out_log_posteriors(answers, fit.posteriors, fit.workers, keep=keep)
    columns = loo_columns(answers, fit.posteriors)
    item = int(answers.items[0])
    mine = np.flatnonzero((answers.items == item) & keep)
    assert mine.size == 3
    prior = np.log(fit.workers.class_prior)
    assert np.allclose(kept[item], prior + columns[mine].sum(axis=0))
    assert np.allclose(
        leave_one_out_log_posteriors(answers, fit.posteriors, fit.workers, keep=np.ones(len(keep))), full
    )
    # Five answers judged on three: the margins a calibration sees shrink toward those of a shorter item.
    assert np.median(top_margins(kept)) < np.median(top_margins(full))


def test_free_fit_is_the_footing_of_the_judged_posteriors() -> None:
    answers, _ = hard_item_crowd(5, n_items=200)
    fit = dawid_skene(answers)
    assert fit.workers is not None
    posteriors, workers = free_fit(answers, fit.workers)
    judged = judged_log_posteriors(answers, fit.workers)
    assert np.allclose(leave_one_out_log_posteriors(answers, posteriors, workers), judged)


def sparse_crowd(seed: int) -> tuple[Answers, np.ndarray]:
    """Binary items, three in ten hard, answered by many workers of a handful of answers each: the crowd whose
    matrices a pinned gold item teaches most."""
    return hard_item_crowd(seed, 600, 5, n_workers=300, hard_share=0.3, skill=(0.6, 0.9), hard_right=0.4)


def test_gold_judged_blind_is_as_right_as_the_items_the_map_is_used_on() -> None:
    judged_gap: list[float] = []
    blind_gap: list[float] = []
    for seed in range(5):
        answers, truth = sparse_crowd(seed)
        gold = np.arange(0, answers.n_items, 4)
        rest = np.setdiff1d(np.arange(answers.n_items), gold)
        fit = dawid_skene(answers, gold=Gold.from_arrays(gold, truth[gold]))
        assert fit.workers is not None
        judged = np.argmax(judged_log_posteriors(answers, fit.workers), axis=1) == truth
        blind = np.argmax(blind_log_posteriors(answers), axis=1) == truth
        judged_gap.append(judged[gold].mean() - judged[rest].mean())
        blind_gap.append(blind[gold].mean() - blind[rest].mean())
    # Judged by the fit the game acts on, gold remembers its pinned truth and looks surer than it would be.
    assert np.mean(judged_gap) > 0.04
    # Judged blind it stands where the other items stand, so a map fitted on it is not overconfident.
    assert abs(np.mean(blind_gap)) < 0.02


def test_blind_posteriors_are_the_leave_one_out_sums_of_the_fit_from_the_vote() -> None:
    answers, _ = hard_item_crowd(6, n_items=200)
    fit = dawid_skene(answers)
    assert fit.workers is not None
    weights = np.linspace(0.2, 1.0, answers.n_workers)
    keep = first_answers(answers.items, 3)
    expected = leave_one_out_log_posteriors(answers, fit.posteriors, fit.workers, weights, keep=keep)
    assert np.allclose(blind_log_posteriors(answers, weights=weights, keep=keep), expected)
