"""Spam signals: each kind of bad actor is caught by its signal, honest workers keep their weight."""

from __future__ import annotations

import numpy as np

from core.consensus import Answers, Gold, SpamThresholds, dawid_skene, spam_signals


def crowd_with_bad_actors(seed: int = 0) -> tuple[Answers, np.ndarray, np.ndarray]:
    """Workers 0-5 honest (90%), 6 random, 7 always answers 0, 8 fast clicker, 9 always wrong."""
    rng = np.random.default_rng(seed)
    n_items, k = 200, 3
    truth = rng.integers(0, k, n_items)
    items = np.repeat(np.arange(n_items), 10)
    workers = np.tile(np.arange(10), n_items)
    t = truth[items]
    honest = np.where(rng.random(items.size) < 0.9, t, (t + 1) % k)
    labels = np.select(
        [workers <= 5, workers == 6, workers == 7, workers == 9],
        [honest, rng.integers(0, k, items.size), 0, (t + 1) % k],
        honest,
    )
    durations = np.where(workers == 8, 0.4, rng.uniform(3, 12, items.size))
    return Answers.from_arrays(items, workers, labels, n_items, 10, k), truth, durations


def test_each_bad_actor_is_suspended_and_honest_workers_are_not() -> None:
    answers, _truth, durations = crowd_with_bad_actors()
    posteriors = dawid_skene(answers).posteriors
    signals = spam_signals(answers, posteriors, durations)
    assert not signals.suspended[:6].any()
    assert np.all(signals.weight[:6] > 0.9)
    assert signals.suspended[6] and signals.informativeness[6] < 0.1  # random
    assert signals.suspended[7] and signals.constant_share[7] == 1.0  # constant choice
    assert signals.suspended[8] and signals.fast_share[8] == 1.0  # too fast
    assert signals.suspended[9] and signals.informativeness[9] < 0  # adversarial
    assert np.all(signals.weight[6:] == 0.0)


def test_gold_failures_suspend_past_the_threshold() -> None:
    answers, truth, _ = crowd_with_bad_actors(1)
    posteriors = dawid_skene(answers).posteriors
    gold = Gold.from_arrays(np.arange(20), (truth[:20] + 1) % 3)  # gold that everyone fails
    signals = spam_signals(answers, posteriors, gold=gold)
    assert np.all(signals.n_gold == 20) and np.all(signals.gold_failure[:6] > 0.5)
    assert signals.suspended[:6].all()
    lenient = spam_signals(answers, posteriors, gold=gold, thresholds=SpamThresholds(max_gold_failure=1.0))
    assert not lenient.suspended[:6].any()


def test_new_workers_are_not_judged_on_too_few_answers() -> None:
    answers = Answers.from_arrays([0, 1, 2], [0, 0, 0], [0, 0, 0], 3, 1, 2)
    signals = spam_signals(answers, np.full((3, 2), 0.5))
    assert not signals.suspended[0] and signals.weight[0] == 1.0


def test_a_short_unlucky_record_is_not_enough_to_suspend_but_a_long_one_is() -> None:
    """Ten answers that agree with the consensus only by chance: the point estimate says guessing, but an honest
    player of 70% has such a record now and then. Seven hundred such answers are evidence."""
    rng = np.random.default_rng(4)
    n_items, k = 800, 2
    truth = rng.integers(0, k, n_items)
    items = np.repeat(np.arange(n_items), 6)
    workers = np.tile(np.arange(6), n_items)
    labels = np.where(rng.random(items.size) < 0.9, truth[items], 1 - truth[items])
    posteriors = np.eye(k)[truth]
    # Worker 6: ten answers, five agreeing; worker 7: seven hundred answers, half agreeing.
    short, long = np.arange(10), np.arange(10, 710)
    extra_items = np.concatenate([short, long])
    extra_workers = np.concatenate([np.full(10, 6), np.full(700, 7)])
    agree = np.concatenate([np.arange(10) % 2 == 0, np.arange(700) % 2 == 0])
    extra_labels = np.where(agree, truth[extra_items], 1 - truth[extra_items])
    answers = Answers.from_arrays(
        np.concatenate([items, extra_items]),
        np.concatenate([workers, extra_workers]),
        np.concatenate([labels, extra_labels]),
        n_items,
        8,
        k,
    )
    signals = spam_signals(answers, posteriors)
    assert abs(signals.informativeness[6]) < 0.05 and abs(signals.informativeness[7]) < 0.05
    assert not signals.suspended[6] and signals.weight[6] < 0.2  # not suspended, but its vote barely counts
    assert signals.suspended[7]


def test_gold_misses_suspend_only_when_the_failure_rate_is_surely_past_the_threshold() -> None:
    answers = Answers.from_arrays(np.arange(16), np.repeat([0, 1], 8), np.zeros(16, dtype=np.int64), 16, 2, 2)
    # Worker 0 failed 5 of 8 checks (a bad day for a 70% player); worker 1 failed all 8.
    truth = np.array([1, 1, 1, 1, 1, 0, 0, 0] + [1] * 8)
    gold = Gold.from_arrays(np.arange(16), truth)
    signals = spam_signals(answers, np.full((16, 2), 0.5), gold=gold, thresholds=SpamThresholds(min_gold=6))
    assert signals.gold_failure[0] == 5 / 8 and not signals.suspended[0]
    assert signals.suspended[1]
