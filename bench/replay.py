"""Replay a dataset's answers through the game's online posterior and stopping rule.

What the game does, in order: an answer adds its worker's weighted log column (the refit's predictive confusion
matrix, or the prior's for a worker no refit has seen) to the item's log-posterior; the item resolves by the game's
`resolution` (the posterior at the target after `min_answers`, reported at its calibrated confidence); a scheduled
refit relearns the matrices on the answers given so far (gold pinned), restarts open items from their leave-one-out
posteriors and refits the calibration on gold (judged blind, as the game judges it).
Serving picks the open item where an answer is worth most by the rule the game stores per item (`ask_value`: the
posterior's uncertainty, a fresh item at `FRESH_VALUE`; here through `ask_priority`, which also closes resolved
items); an item whose recorded answers run out stays with what it has. The answers are the dataset's, in a
random order per item (one seed per replay).

Run: .venv/bin/python bench/replay.py [--data-dir DIR] [--only NAME ...]; the last line printed is JSON
(`replay_answers_share`, `replay_accuracy_gap`, as bench/consensus.py reports them, and the figures per dataset).
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np

from core.consensus import (
    IDENTITY,
    Answers,
    Calibration,
    Gold,
    ResolutionState,
    WorkerModels,
    WorkerPrior,
    ask_priority,
    blind_log_posteriors,
    dawid_skene,
    fit_calibration,
    judged_log_posteriors,
    predictive_models,
    resolution,
)

REFIT_GROWTH = 1.5  # refit whenever the answers used have grown by half since the last refit
FIRST_REFIT = 200


@dataclass(frozen=True)
class ReplayRules:
    """The campaign's terms in the replay: the game's defaults, with the maximum set by the data."""

    min_answers: int = 3
    target_confidence: float = 0.95


@dataclass(frozen=True)
class ReplayResult:
    labels: np.ndarray  # label per item at the time it resolved (or at the end)
    answers_used: int


class Replay:
    """One replay's state: the used answers, log-posteriors, models and calibration of the last refit."""

    def __init__(self, answers: Answers, gold: Gold, rules: ReplayRules, seed: int) -> None:
        self.answers, self.gold, self.rules = answers, gold, rules
        self.k = answers.n_classes
        rng = np.random.default_rng(seed)
        order = rng.permutation(answers.n_answers)
        by_item = order[np.argsort(answers.items[order], kind="stable")]
        starts = np.searchsorted(answers.items[by_item], np.arange(answers.n_items + 1))
        self.queue = [by_item[starts[i] : starts[i + 1]].tolist() for i in range(answers.n_items)]
        self.next = np.zeros(answers.n_items, dtype=np.int64)
        self.used: list[int] = []
        self.models: WorkerModels | None = None
        self.calibration: Calibration = IDENTITY
        self.prior_rows = np.log(WorkerPrior().confusion(self.k)).T  # [answered label] -> log column
        self.log_post = np.zeros((answers.n_items, self.k))
        self.closed = np.zeros(answers.n_items, dtype=bool)
        self.labels = np.zeros(answers.n_items, dtype=np.int64)

    def column(self, answer: int) -> np.ndarray:
        worker, label = int(self.answers.workers[answer]), int(self.answers.labels[answer])
        if self.models is None or worker >= self.models.n_workers or self.seen[worker] == 0:
            return self.prior_rows[label]
        return np.log(np.clip(self.models.confusion[worker, :, label], 1e-6, 1.0))

    def decide(self, item: int) -> None:
        """The game's stopping rule (`resolution`), the maximum being the answers the item has in the data."""
        row = self.log_post[item]
        p = np.exp(row - row.max())
        n, most = int(self.next[item]), len(self.queue[item])
        verdict = resolution(
            p / p.sum(), n, self.rules.min_answers, most, self.rules.target_confidence, self.calibration
        )
        if verdict.state is not ResolutionState.OPEN:
            self.closed[item] = True
            self.labels[item] = verdict.label

    def refit(self) -> None:
        """Relearn the models on the answers used so far; open items restart from leave-one-out sums."""
        a = self.answers
        sub = self.evidence()
        fit = dawid_skene(sub, gold=self.gold)
        assert fit.workers is not None
        self.models = predictive_models(sub, fit.posteriors, fit.workers)
        self.seen = np.bincount(sub.workers, minlength=a.n_workers)
        log_post = judged_log_posteriors(sub, fit.workers)
        answered_gold = self.gold.items[self.next[self.gold.items] > 0]
        labels = self.gold.labels[self.next[self.gold.items] > 0]
        self.calibration = fit_calibration(blind_log_posteriors(sub), answered_gold, labels)
        open_items = np.flatnonzero(~self.closed)
        self.log_post[open_items] = log_post[open_items]
        for item in open_items.tolist():
            self.decide(item)

    def priority(self, item: int) -> float:
        p = np.exp(self.log_post[item] - self.log_post[item].max())
        p /= p.sum()
        n = np.array([self.next[item]])
        return float(ask_priority(p[None, :], n, self.rules.min_answers, 1 << 30, self.rules.target_confidence)[0])

    def run(self) -> ReplayResult:
        heap = [(-self.priority(i), i) for i in range(self.answers.n_items) if self.queue[i]]
        heapq.heapify(heap)
        self.closed[[i for i in range(self.answers.n_items) if not self.queue[i]]] = True
        next_refit = FIRST_REFIT
        while heap:
            _, item = heapq.heappop(heap)
            if self.closed[item]:
                continue
            answer = self.queue[item][self.next[item]]
            self.next[item] += 1
            self.used.append(answer)
            self.log_post[item] += self.column(answer)
            self.decide(item)
            if len(self.used) >= next_refit:
                self.refit()
                next_refit = int(len(self.used) * REFIT_GROWTH)
                heap = [(-self.priority(i), i) for i in np.flatnonzero(~self.closed).tolist()]
                heapq.heapify(heap)
            elif not self.closed[item]:
                heapq.heappush(heap, (-self.priority(item), item))
        # Settled items are final for payment, but a refit that disagrees records a label change: the
        # label a requester exports is the last fit's over every answer used.
        return ReplayResult(dawid_skene(self.evidence(), gold=self.gold).labels(), len(self.used))

    def evidence(self) -> Answers:
        """The answers a fit sees: those used so far (bench/replay_model.py adds the model's predictions)."""
        used = np.array(self.used, dtype=np.int64)
        a = self.answers
        return Answers.from_arrays(a.items[used], a.workers[used], a.labels[used], a.n_items, a.n_workers, self.k)


def replay(answers: Answers, gold: Gold, seed: int, rules: ReplayRules = ReplayRules()) -> ReplayResult:
    """Labels and answers used when the dataset's answers are served and stopped as the game does."""
    return Replay(answers, gold, rules, seed).run()


def main() -> None:
    """Replay every shared dataset as bench/consensus.py does, without its other parts; the last line is JSON."""
    import argparse
    import json
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    sys.path[:0] = [str(root), str(root / "bench")]
    from _common import load_dataset
    from consensus import replay_report

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--data-dir", type=Path, default=root.parent / "shared" / "consensus-data")
    parser.add_argument("--only", nargs="*", help="only these datasets (folder names)")
    args = parser.parse_args()
    folders = sorted(p for p in args.data_dir.iterdir() if (p / "answers.csv").exists())
    reports = {}
    for folder in [p for p in folders if not args.only or p.name in args.only]:
        print(f"== {folder.name}")
        reports[folder.name] = replay_report(load_dataset(folder))
    summary = {
        "replay_answers_share": round(float(np.mean([r["share"] for r in reports.values()])), 4),
        "replay_accuracy_gap": round(float(np.mean([r["full"] - r["accuracy"] for r in reports.values()])), 4),
        "per_dataset": {name: {k: round(v, 4) for k, v in r.items()} for name, r in reports.items()},
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
