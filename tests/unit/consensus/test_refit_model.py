"""The refit's arithmetic: the confidence map fitted on gold, what resolves, the stored models; a capped weight loss."""

from __future__ import annotations

import dataclasses

import numpy as np

from core.consensus import ResolutionState, SpamThresholds, WorkerPrior
from core.game.refit_model import Snapshot, compute

OVERLAP = (3, 7, 0.9)


def crowd(hard_share: float, n_gold: int = 40, n_open: int = 20, seed: int = 3) -> Snapshot:
    """Five of twelve workers on each item; on a `hard_share` of the gold items everyone gives the wrong
    answer (answers that agree are not independent evidence), on the rest and on open items everyone is right."""
    rng = np.random.default_rng(seed)
    items, accounts, labels, gold = [], [], [], {}
    for item in range(n_gold + n_open):
        truth = int(rng.integers(0, 2))
        hard = item < n_gold and rng.random() < hard_share
        for account in rng.choice(12, 5, replace=False):
            items.append(item + 1)
            accounts.append(int(account) + 100)
            labels.append(1 - truth if hard else truth)
        if item < n_gold:
            gold[item + 1] = truth
    n = len(items)
    return Snapshot(
        choices=("bot", "human"),
        items=np.array(items),
        accounts=np.array(accounts),
        labels=np.array(labels),
        counted=np.ones(n, dtype=bool),
        seconds=np.full(n, 5.0),
        gold=gold,
        open_items={i + 1 for i in range(n_gold, n_gold + n_open)},
        settled={},
    )


def test_unanimous_items_resolve_at_the_confidence_gold_shows_unanimity_deserves() -> None:
    lenient = SpamThresholds(max_gold_failure=0.9)  # wrong together on hard items, not spammers
    result = compute(crowd(0.4), WorkerPrior(), lenient, OVERLAP)
    assert result.calibration is not None and result.calibration.slope < 0.5
    # Five unanimous answers: more from this crowd would not change the label, so asking stops, but such items
    # were right ~60% of the time on gold, and that is the confidence they settle with, not the posterior's.
    assert len(result.decided) == 20 and len(result.posteriors) == 20
    assert all(state is ResolutionState.RESOLVED for state, _, _ in result.decided.values())
    confidences = [confidence for _, _, confidence in result.decided.values()]
    assert max(confidences) < 0.8 and 0.5 < float(np.mean(confidences)) < 0.7


def test_the_stored_models_judge_new_answers_with_the_doubt_a_short_record_leaves() -> None:
    result = compute(crowd(0.0), WorkerPrior(), SpamThresholds(), OVERLAP)
    # Every worker agreed on every item: by maximum likelihood never wrong; the stored matrices, which judge
    # the answers before the next refit, keep a prior's worth of doubt (two right to one wrong per row).
    for row in result.workers:
        confusion = np.asarray(row.confusion)
        assert np.allclose(confusion.sum(axis=1), 1.0, atol=1e-4)
        assert 0.8 < confusion.diagonal().min() < 0.99


def test_a_campaign_whose_gold_agrees_resolves_its_unanimous_items() -> None:
    result = compute(crowd(0.0), WorkerPrior(), SpamThresholds(), OVERLAP)
    assert result.calibration is not None
    assert len(result.decided) == 20
    assert all(
        state is ResolutionState.RESOLVED and confidence >= 0.9 for state, _, confidence in result.decided.values()
    )


def test_too_little_gold_leaves_the_raw_posterior() -> None:
    result = compute(crowd(0.4, n_gold=6), WorkerPrior(), SpamThresholds(), OVERLAP, min_gold_to_calibrate=10)
    assert result.calibration is None


def test_the_soft_penalty_takes_at_most_the_daily_cap_but_a_suspension_is_not_capped() -> None:
    snap = crowd(0.0)
    # Worker 100 now gives random answers on every item (a bad hour); worker 101 fails every gold item.
    rng = np.random.default_rng(0)
    labels = snap.labels.copy()
    labels[snap.accounts == 100] = rng.integers(0, 2, int(np.sum(snap.accounts == 100)))
    gold_rows = np.isin(snap.items, list(snap.gold)) & (snap.accounts == 101)
    labels[gold_rows] = 1 - np.array([snap.gold[int(i)] for i in snap.items[gold_rows]])
    fresh = {a: (1.0, False, 0.1, False) for a in range(100, 112)}  # everyone was at full weight 2.4 hours ago
    bad_hour = dataclasses.replace(snap, labels=labels, previous=fresh)
    uncapped = compute(dataclasses.replace(bad_hour, previous={}), WorkerPrior(), SpamThresholds(), OVERLAP)
    capped = compute(bad_hour, WorkerPrior(), SpamThresholds(), OVERLAP, max_daily_weight_loss=0.5)
    before = {w.account_id: w for w in uncapped.workers}
    after = {w.account_id: w for w in capped.workers}
    assert before[100].weight < 0.5 and not before[100].suspended
    assert after[100].weight == 0.95  # 1.0 - 0.5 per day x 0.1 day
    assert after[101].suspended and after[101].weight == 0.0


def with_more_gold_answers(snap: Snapshot, rounds: int) -> Snapshot:
    """The same crowd, but every gold item answered `rounds` more times by new players who answer as the first five
    did: gold is shown to everyone and collects far more answers than a normal item."""
    gold = np.isin(snap.items, list(snap.gold))

    def more(values: np.ndarray, shift: int = 0) -> np.ndarray:
        return np.concatenate(
            [values] + [values[gold] + shift * k if shift else values[gold] for k in range(1, rounds + 1)]
        )

    return dataclasses.replace(
        snap,
        items=more(snap.items),
        accounts=more(snap.accounts, 100),
        labels=more(snap.labels),
        counted=more(snap.counted),
        seconds=more(snap.seconds),
    )


def test_gold_is_judged_on_its_first_answers_up_to_the_maximum_overlap() -> None:
    lenient = SpamThresholds(max_gold_failure=0.9)
    five = compute(crowd(0.4), WorkerPrior(), lenient, (3, 5, 0.9))
    twenty = with_more_gold_answers(crowd(0.4), 3)
    first = compute(twenty, WorkerPrior(), lenient, (3, 5, 0.9))
    every = compute(twenty, WorkerPrior(), lenient, (3, 50, 0.9))
    assert five.calibration is not None and first.calibration is not None and every.calibration is not None
    # Judged on its first five answers, gold answered twenty times calibrates as gold answered five times...
    assert abs(first.calibration.slope - five.calibration.slope) < 0.01
    # ...whereas on all twenty its margins are far wider than any five-answer item's, and the map flattens.
    assert every.calibration.slope < 0.6 * five.calibration.slope


def test_a_refit_decides_an_ambiguous_item_its_models_make_confident() -> None:
    snap = crowd(0.0)
    ambiguous = sorted(snap.open_items)
    # The open items were left ambiguous; on the last one the crowd still splits three to two.
    split = (snap.items == ambiguous[-1]) & (np.cumsum(snap.items == ambiguous[-1]) <= 2)
    labels = np.where(split, 1 - snap.labels, snap.labels)
    left = dataclasses.replace(snap, labels=labels, open_items=set(), settled=dict.fromkeys(ambiguous))
    result = compute(left, WorkerPrior(), SpamThresholds(), OVERLAP)
    assert set(result.relabelled) == set(ambiguous[:-1])
    for item, (label, confidence) in result.relabelled.items():
        assert label == int(labels[snap.items == item][0]) and confidence >= OVERLAP[2]
    # Short of the campaign's target, the unanimous items stay ambiguous too.
    stricter = compute(left, WorkerPrior(), SpamThresholds(), (3, 7, 0.999))
    assert stricter.relabelled == {}
