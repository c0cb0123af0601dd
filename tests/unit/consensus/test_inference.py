"""Batch truth inference: properties of votes and Dawid-Skene, gold pinning, warm starts."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from core.consensus import (
    Answers,
    Gold,
    WorkerPrior,
    dawid_skene,
    majority_vote,
    one_coin_dawid_skene,
    weighted_vote,
)
from tests.unit.consensus.crowd import generated_crowd

METHODS = [majority_vote, dawid_skene, one_coin_dawid_skene]


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    label=st.integers(0, 3),
    n_voters=st.integers(1, 6),
)
def test_unanimous_answers_always_win(seed: int, label: int, n_voters: int) -> None:
    answers, _ = generated_crowd(seed, n_items=30, n_workers=10, n_classes=4)
    # Item 0 is replaced by a unanimous vote of `n_voters` workers.
    keep = answers.items != 0
    items = np.r_[answers.items[keep], np.zeros(n_voters, dtype=np.int64)]
    workers = np.r_[answers.workers[keep], np.arange(n_voters)]
    labels = np.r_[answers.labels[keep], np.full(n_voters, label)]
    unanimous = Answers.from_arrays(items, workers, labels, 30, 10, 4)
    assert majority_vote(unanimous).labels()[0] == label
    if n_voters < 3:
        return  # one or two voters: Dawid-Skene may rightly weigh a worker's record or the class prior more
    # Smoothing keeps a small sample from teaching the fit that a better-than-chance worker (as all
    # generated ones are) is adversarial; then three or more unanimous voters must carry the item.
    smoothed = WorkerPrior(strength=1.0)
    assert dawid_skene(unanimous, prior=smoothed).labels()[0] == label
    assert one_coin_dawid_skene(unanimous, prior=smoothed).labels()[0] == label


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), perm_seed=st.integers(0, 10_000))
def test_relabelling_classes_permutes_the_result(seed: int, perm_seed: int) -> None:
    answers, _ = generated_crowd(seed, n_classes=4)
    perm = np.random.default_rng(perm_seed).permutation(4)
    relabelled = Answers.from_arrays(answers.items, answers.workers, perm[answers.labels], 60, 12, 4)
    for method in METHODS:
        before = method(answers).posteriors
        after = method(relabelled).posteriors
        np.testing.assert_allclose(after[:, perm], before, atol=1e-6, err_msg=method.__name__)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_adding_a_perfect_worker_never_lowers_accuracy(seed: int) -> None:
    answers, truth = generated_crowd(seed)
    perfect = answers.n_workers
    items = np.r_[answers.items, np.arange(answers.n_items)]
    workers = np.r_[answers.workers, np.full(answers.n_items, perfect)]
    labels = np.r_[answers.labels, truth]
    better = Answers.from_arrays(items, workers, labels, answers.n_items, perfect + 1, answers.n_classes)
    for method in (dawid_skene, one_coin_dawid_skene):
        before = np.mean(method(answers).labels() == truth)
        after = np.mean(method(better).labels() == truth)
        assert after >= before, method.__name__


def test_dawid_skene_recovers_truth_and_worker_quality() -> None:
    answers, truth = generated_crowd(3, n_items=400, n_workers=15, per_item=5)
    fit = dawid_skene(answers)
    assert np.mean(fit.labels() == truth) > np.mean(majority_vote(answers).labels() == truth) - 0.01
    assert fit.workers is not None and fit.converged
    np.testing.assert_allclose(fit.workers.confusion.sum(axis=2), 1.0)
    np.testing.assert_allclose(fit.posteriors.sum(axis=1), 1.0)


def test_gold_items_are_pinned_and_inform_worker_models() -> None:
    answers, truth = generated_crowd(5, n_items=80)
    gold = Gold.from_arrays([0, 1, 2], (truth[:3] + 1) % 3)  # deliberately not what the crowd says
    for method in (dawid_skene, one_coin_dawid_skene):
        fit = method(answers, gold=gold)
        np.testing.assert_array_equal(fit.posteriors[:3], np.eye(3)[gold.labels])
    assert np.all(majority_vote(answers, gold=gold).labels()[:3] == gold.labels)


def test_warm_start_from_a_converged_fit_stays_there() -> None:
    answers, _ = generated_crowd(11, n_items=200)
    cold = dawid_skene(answers)
    warm = dawid_skene(answers, warm_start=cold.workers)
    np.testing.assert_array_equal(warm.labels(), cold.labels())
    assert warm.n_iter <= cold.n_iter


def test_warm_start_gives_new_workers_the_prior() -> None:
    answers, _ = generated_crowd(12, n_items=100, n_workers=10)
    old = dawid_skene(answers).workers
    assert old is not None
    prior = WorkerPrior(correct=9.0, wrong=1.0)
    grown = old.extended(14, prior)
    np.testing.assert_allclose(grown.confusion[:10], old.confusion)
    np.testing.assert_allclose(grown.confusion[12], prior.confusion(3))
    # A fit over more workers accepts the smaller warm start.
    more = Answers.from_arrays(answers.items, answers.workers, answers.labels, 100, 14, 3)
    fit = dawid_skene(more, warm_start=old, prior=prior)
    assert fit.workers is not None and fit.workers.n_workers == 14


def test_weighted_vote_follows_the_heavier_side() -> None:
    answers = Answers.from_arrays([0, 0, 0], [0, 1, 2], [1, 1, 0], 1, 3, 2)
    assert majority_vote(answers).labels()[0] == 1
    assert weighted_vote(answers, [0.2, 0.2, 1.0]).labels()[0] == 0


def test_items_without_answers_get_no_invented_evidence() -> None:
    answers = Answers.from_arrays([0, 0, 1], [0, 1, 0], [1, 1, 0], n_items=3, n_workers=2, n_classes=2)
    np.testing.assert_allclose(majority_vote(answers).posteriors[2], [0.5, 0.5])
    fit = dawid_skene(answers)
    assert fit.workers is not None
    np.testing.assert_allclose(fit.posteriors[2], fit.workers.class_prior)
