"""Online posteriors: one answer at a time equals the batch posterior for fixed worker models."""

from __future__ import annotations

import numpy as np

from core.consensus import Answers, Gold, OnlinePosteriors, WorkerPrior, dawid_skene
from core.consensus.em import e_step
from core.consensus.grouping import group_answers
from tests.unit.consensus.crowd import generated_crowd


def test_online_equals_batch_posteriors_for_fixed_models() -> None:
    answers, _ = generated_crowd(21, n_items=120, n_workers=12)
    models = dawid_skene(answers).workers
    assert models is not None
    online = OnlinePosteriors(models, answers.n_items)
    for item, worker, label in zip(answers.items, answers.workers, answers.labels, strict=True):
        online.add(int(item), int(worker), int(label))
    batch_t, _ = e_step(group_answers(answers), models, None)
    np.testing.assert_allclose(online.posteriors(), batch_t.T, atol=1e-12)
    np.testing.assert_allclose(online.posterior(7), batch_t[:, 7], atol=1e-12)
    assert online.n_answers(7) == int(np.sum(answers.items == 7))


def test_batch_form_equals_one_by_one() -> None:
    answers, _ = generated_crowd(22, n_items=50, n_workers=8)
    models = dawid_skene(answers).workers
    assert models is not None
    one_by_one = OnlinePosteriors(models, 10)  # grows on demand past its starting capacity
    for item, worker, label in zip(answers.items, answers.workers, answers.labels, strict=True):
        one_by_one.add(int(item), int(worker), int(label))
    batch = OnlinePosteriors.from_answers(models, answers)
    np.testing.assert_allclose(one_by_one.posteriors()[:50], batch.posteriors(), atol=1e-12)
    np.testing.assert_array_equal(one_by_one.answer_counts()[:50], batch.answer_counts())


def test_unknown_workers_are_judged_by_the_prior() -> None:
    answers, _ = generated_crowd(23, n_items=40, n_workers=6)
    models = dawid_skene(answers).workers
    assert models is not None
    prior = WorkerPrior(correct=4.0, wrong=1.0)
    online = OnlinePosteriors(models, 40, prior)
    online.add(39, worker=100, label=2)
    expected = models.class_prior * prior.confusion(3)[:, 2]
    np.testing.assert_allclose(online.posterior(39), expected / expected.sum())


def test_gold_pins_the_online_posterior() -> None:
    answers, _ = generated_crowd(24, n_items=30)
    models = dawid_skene(answers).workers
    assert models is not None
    online = OnlinePosteriors.from_answers(models, answers, gold=Gold.from_arrays([5], [1]))
    online.add(5, 0, 0)
    np.testing.assert_array_equal(online.posterior(5), [0.0, 1.0, 0.0])
    assert online.posteriors()[5, 1] == 1.0


def test_refit_while_answers_arrive() -> None:
    """The refit learns from a snapshot; answers that arrive meanwhile are served by the old models and
    are not lost when the new models take over."""
    answers, _ = generated_crowd(25, n_items=150, n_workers=12)
    cut = answers.n_answers * 2 // 3
    snapshot = Answers(answers.items[:cut], answers.workers[:cut], answers.labels[:cut], 150, 12, answers.n_classes)
    old_models = dawid_skene(snapshot).workers
    assert old_models is not None
    live = OnlinePosteriors.from_answers(old_models, snapshot)
    new_models = dawid_skene(snapshot, warm_start=old_models).workers  # the scheduled refit
    assert new_models is not None
    for i in range(cut, answers.n_answers):  # answers keep arriving during the refit
        live.add(int(answers.items[i]), int(answers.workers[i]), int(answers.labels[i]))
    swapped = OnlinePosteriors.from_answers(new_models, answers)
    np.testing.assert_array_equal(swapped.answer_counts(), live.answer_counts())
    batch_t, _ = e_step(group_answers(answers), new_models, None)
    np.testing.assert_allclose(swapped.posteriors(), batch_t.T, atol=1e-12)
