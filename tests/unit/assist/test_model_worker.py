"""The model as one more worker in the refit: a good one earns weight and settles items sooner; a random one
earns none and changes no label."""

from __future__ import annotations

import dataclasses

import numpy as np

from core.consensus import SpamThresholds, WorkerPrior
from core.game.refit_model import MODEL_ACCOUNT, Snapshot, compute

OVERLAP = (3, 7, 0.95)


def crowd(seed: int = 5, n_items: int = 240, n_gold: int = 30, n_settled: int = 60) -> tuple[Snapshot, np.ndarray]:
    """Three answers per item from twenty players right 75% of the time; the first items are gold, the next
    settled (with the crowd's majority), the rest open."""
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, 2, n_items)
    items, accounts, labels = [], [], []
    for item in range(n_items):
        for account in rng.choice(20, 3, replace=False):
            items.append(item + 1)
            accounts.append(int(account) + 1)
            labels.append(int(truth[item]) if rng.random() < 0.75 else 1 - int(truth[item]))
    items_a, labels_a = np.array(items), np.array(labels)
    majority = {i: int(np.mean(labels_a[items_a == i]) > 0.5) for i in range(1, n_items + 1)}
    choices = ("bot", "human")
    snap = Snapshot(
        choices=choices,
        items=items_a,
        accounts=np.array(accounts),
        labels=labels_a,
        counted=np.ones(len(items), dtype=bool),
        seconds=np.full(len(items), 6.0),
        gold={i + 1: int(truth[i]) for i in range(n_gold)},
        open_items={i + 1 for i in range(n_gold + n_settled, n_items)},
        settled={i + 1: choices[majority[i + 1]] for i in range(n_gold, n_gold + n_settled)},
    )
    return snap, truth


def with_model(snap: Snapshot, said: dict[int, int]) -> Snapshot:
    """What core.assist.worker.with_model reads from the database: the model's answers appended."""
    items = np.array(sorted(said))
    n = len(items)
    return dataclasses.replace(
        snap,
        items=np.concatenate([snap.items, items]),
        accounts=np.concatenate([snap.accounts, np.full(n, MODEL_ACCOUNT)]),
        labels=np.concatenate([snap.labels, [said[i] for i in items]]),
        counted=np.concatenate([snap.counted, np.ones(n, dtype=bool)]),
        seconds=np.concatenate([snap.seconds, np.full(n, np.inf)]),
    )


def model_row(result):  # type: ignore[no-untyped-def]
    return next(w for w in result.workers if w.account_id == MODEL_ACCOUNT)


def non_gold(snap: Snapshot) -> list[int]:
    return sorted(set(snap.items.tolist()) - set(snap.gold))


def run(snap: Snapshot):  # type: ignore[no-untyped-def]
    return compute(snap, WorkerPrior(), SpamThresholds(), OVERLAP)


def test_a_good_model_earns_weight_and_settles_open_items_with_fewer_answers() -> None:
    snap, truth = crowd()
    rng = np.random.default_rng(1)
    said = {i: int(truth[i - 1]) if rng.random() < 0.95 else 1 - int(truth[i - 1]) for i in non_gold(snap)}
    without, with_it = run(snap), run(with_model(snap, said))
    row = model_row(with_it)
    assert min(row.confusion[0][0], row.confusion[1][1]) > 0.85  # learned from the crowd, not told
    assert row.weight == 1.0 and not row.suspended
    # Three answers each: the crowd alone rarely reaches 0.95; with the model most open items settle now, rightly.
    assert len(with_it.decided) > len(without.decided) + 60
    right = [label == truth[item - 1] for item, (_, label, _) in with_it.decided.items()]
    assert np.mean(right) > 0.9
    # The overlap the stopping rule and the compare-and-set see is the crowd's: three answers, not four.
    assert {answers for answers, _ in with_it.posteriors.values()} == {3}


def test_a_random_model_earns_no_weight_and_changes_no_label() -> None:
    snap, _ = crowd()
    rng = np.random.default_rng(2)
    said = {i: int(rng.integers(0, 2)) for i in non_gold(snap)}
    without, with_it = run(snap), run(with_model(snap, said))
    row = model_row(with_it)
    # Its columns are close to flat: what it says moves an item's log odds by little.
    log_ratio = np.abs(np.log(np.array(row.confusion)[:, 0] / np.array(row.confusion)[:, 1]))
    assert log_ratio.max() < 0.35
    assert {i: label for i, (label, _) in with_it.relabelled.items()} == {
        i: label for i, (label, _) in without.relabelled.items()
    }
    # Where both settle an open item they agree; it settles only items the crowd alone left within its nudge of
    # the target, and holds back only items at the margin of the target.
    both = set(with_it.decided) & set(without.decided)
    assert all(with_it.decided[i][1] == without.decided[i][1] for i in both)
    target_margin = np.log(OVERLAP[2] / (1 - OVERLAP[2]))
    for item in set(with_it.decided) - both:
        before = without.posteriors[item][1]
        assert abs(before[0] - before[1]) > target_margin - 0.35  # the flatness bound above
    assert len(both) >= 0.9 * len(without.decided)
    for item, (_, before) in without.posteriors.items():
        assert np.argmax(with_it.posteriors[item][1]) == np.argmax(before) or abs(before[0] - before[1]) < 0.35
