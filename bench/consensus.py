"""Consensus benchmark: accuracy on public datasets next to crowd-kit, then a 1,000,000-answer scale run.

Run: .venv/bin/python bench/consensus.py [--data-dir DIR] [--quick] [--slow]
The last line printed is one JSON object with the headline figures.

Calibration and replay are scored as the game would see them: 10% of each dataset's truth items (seeded) act
as declared gold, the only truth any fit may use, and every calibration and replay score is over the rest; the
calibration is also scored over ten such draws of gold (`ece_mean_over_gold_draws`).
crowd-kit's GLAD and MACE take most of the run's time, so they run only with --slow.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from _common import Dataset, load_dataset  # noqa: E402
from consensus_methods import DEFAULT, OURS, crowdkit_methods, crowdkit_predict  # noqa: E402
from consensus_scale import scale_run  # noqa: E402
from replay import ReplayRules, replay  # noqa: E402
from replay_model import PACKS, load, pack_report  # noqa: E402
from replay_model import summary as model_summary  # noqa: E402

from core.consensus import (  # noqa: E402
    Calibration,
    ConsensusFit,
    Gold,
    blind_log_posteriors,
    dawid_skene,
    ece_floor,
    expected_calibration_error,
    fit_calibration,
    judged_log_posteriors,
    reliability_table,
)

GOLD_SHARE, GOLD_SEED = 0.10, 0
GOLD_DRAWS = range(10)  # the seeds of the gold draws the mean ECE is taken over (GOLD_SEED's among them)
REPLAY_SEEDS = (1, 2, 3, 4, 5)
REPLAY_RULES = ReplayRules(min_answers=3, target_confidence=0.99)


def score_dataset(data: Dataset, with_crowdkit: bool, slow: bool) -> dict[str, tuple[float, float]]:
    """Accuracy and seconds per method on the answered truth items."""
    results: dict[str, tuple[float, float]] = {}
    for name, method in OURS.items():
        start = time.perf_counter()
        labels = method(data.answers).labels()
        seconds = time.perf_counter() - start
        results[name] = (float(np.mean(labels[data.truth_items] == data.truth_labels)), seconds)
    methods = crowdkit_methods(data.answers.n_answers, slow) if with_crowdkit else None
    if methods:
        import pandas as pd

        frame = pd.DataFrame(data.rows, columns=["task", "worker", "label"])
        truth = pd.Series(data.truth)
        for name, method in methods.items():
            start = time.perf_counter()
            predicted = crowdkit_predict(method, frame)
            seconds = time.perf_counter() - start
            agree = predicted.reindex(truth.index).astype(str) == truth
            results[name] = (float(agree.mean()), seconds)
    return results


def print_dataset(data: Dataset, results: dict[str, tuple[float, float]]) -> None:
    """One table per dataset."""
    a = data.answers
    print(
        f"\n== {data.name}: {a.n_answers} answers, {a.n_items} items, {a.n_workers} workers, "
        f"{a.n_classes} classes, {len(data.truth)} answered truth items"
    )
    print(f"{'method':40s} {'accuracy':>9s} {'seconds':>9s}")
    for name, (acc, seconds) in results.items():
        print(f"{name:40s} {acc:9.4f} {seconds:9.3f}")


def gold_split(data: Dataset, seed: int = GOLD_SEED) -> tuple[Gold, np.ndarray, np.ndarray]:
    """The declared gold (10% of the truth items, seeded) and the truth items scored: every other one."""
    n = len(data.truth_items)
    order = np.random.default_rng(seed).permutation(n)
    chosen, rest = order[: max(1, round(n * GOLD_SHARE))], np.sort(order[max(1, round(n * GOLD_SHARE)) :])
    gold = Gold.from_arrays(data.truth_items[chosen], data.truth_labels[chosen])
    return gold, data.truth_items[rest], data.truth_labels[rest]


@dataclass(frozen=True)
class GoldDraw:
    """One draw of declared gold: the fit that pins it, the game's log-posteriors, and the map fitted on it."""

    gold: Gold
    items: np.ndarray  # the truth items scored (every one not drawn as gold)
    truth: np.ndarray
    fit: ConsensusFit
    log_post: np.ndarray
    calibration: Calibration

    @classmethod
    def draw(cls, data: Dataset, seed: int, blind: np.ndarray) -> GoldDraw:
        """The game's confidence for this draw; gold judged on `blind` (`blind_log_posteriors`)."""
        gold, items, truth = gold_split(data, seed)
        fit = dawid_skene(data.answers, gold=gold)
        assert fit.workers is not None
        log_post = judged_log_posteriors(data.answers, fit.workers)
        return cls(gold, items, truth, fit, log_post, fit_calibration(blind, gold.items, gold.labels))

    def confidence(self) -> np.ndarray:
        return self.calibration.confidences(self.log_post[self.items])

    def right(self) -> np.ndarray:
        return np.argmax(self.log_post[self.items], axis=1) == self.truth


def calibration_report(data: Dataset) -> dict[str, object]:
    """The game's confidence (leave-one-out posterior, margin map fitted on gold) scored on the other items.

    The headline draw is `GOLD_SEED`'s; with tens of gold items one draw can sit far from the rest (on the shared
    face set, seed 0's gold is 48% right against 67% for the other items), so the ECE is also reported as its
    mean over `GOLD_DRAWS` draws, beside the mean floor."""
    blind = blind_log_posteriors(data.answers)
    draw = GoldDraw.draw(data, GOLD_SEED, blind)
    confidence, right, calibration = draw.confidence(), draw.right(), draw.calibration
    raw_right = draw.fit.labels()[draw.items] == draw.truth
    draws = [draw] + [GoldDraw.draw(data, seed, blind) for seed in GOLD_DRAWS if seed != GOLD_SEED]
    report = {
        "ece": expected_calibration_error(confidence, right),
        "ece_floor": ece_floor(confidence, seed=GOLD_SEED),
        "ece_uncalibrated": expected_calibration_error(draw.fit.confidence()[draw.items], raw_right),
        "ece_draws": float(np.mean([expected_calibration_error(d.confidence(), d.right()) for d in draws])),
        "ece_floor_draws": float(np.mean([ece_floor(d.confidence(), seed=GOLD_SEED) for d in draws])),
        "accuracy": float(right.mean()),
        "table": reliability_table(confidence, right),
        "calibration": calibration,
    }
    print(
        f"calibrated confidence on {len(draw.items)} non-gold truth items ({len(draw.gold.items)} gold): ECE "
        f"{report['ece']:.4f} (uncalibrated posterior {report['ece_uncalibrated']:.4f}), accuracy "
        f"{report['accuracy']:.4f}; map slope {calibration.slope:.3f}, intercept {calibration.intercept:.3f}; "
        f"a perfectly calibrated confidence would score {report['ece_floor']:.4f} on as many items; "
        f"over {len(draws)} gold draws: ECE {report['ece_draws']:.4f}, floor {report['ece_floor_draws']:.4f}"
    )
    print(f"  {'bin':>9s} {'items':>6s} {'confidence':>10s} {'accuracy':>9s}")
    for low, count, conf, acc in report["table"]:  # type: ignore[attr-defined]
        print(f"  {low:4.1f}-{low + 0.1:3.1f} {count:6d} {conf:10.4f} {acc:9.4f}")
    return report


def replay_report(data: Dataset) -> dict[str, float]:
    """Accuracy and share of answers when served and stopped as the game does, against the full-batch fit."""
    gold, items, truth = gold_split(data)
    full = float(np.mean(dawid_skene(data.answers, gold=gold).labels()[items] == truth))
    accuracy, share = [], []
    for seed in REPLAY_SEEDS:
        result = replay(data.answers, gold, seed, REPLAY_RULES)
        accuracy.append(float(np.mean(result.labels[items] == truth)))
        share.append(result.answers_used / data.answers.n_answers)
    out = {"full": full, "accuracy": float(np.mean(accuracy)), "share": float(np.mean(share))}
    print(
        f"replay ({len(REPLAY_SEEDS)} seeds, min {REPLAY_RULES.min_answers} answers, target "
        f"{REPLAY_RULES.target_confidence}): accuracy {out['accuracy']:.4f} with {out['share']:.1%} of the answers; "
        f"full batch {full:.4f}"
    )
    return out


def main() -> None:
    """Parse arguments, run both parts, print the tables and the JSON line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "consensus-data")
    parser.add_argument("--quick", action="store_true", help="skip crowd-kit at scale")
    parser.add_argument("--slow", action="store_true", help="also crowd-kit GLAD and MACE (most of the time)")
    parser.add_argument("--only", nargs="*", help="only these datasets (folder names)")
    args = parser.parse_args()
    has_crowdkit = crowdkit_methods(0) is not None
    if not has_crowdkit:
        print("crowd-kit is not installed: printing our methods only")
    folders = sorted(p for p in args.data_dir.iterdir() if (p / "answers.csv").exists())
    folders = [p for p in folders if not args.only or p.name in args.only]
    per_dataset, all_results, ece, floors, replays = {}, {}, {}, {}, {}
    ece_draws, floor_draws = {}, {}
    for folder in folders:
        data = load_dataset(folder)
        results = score_dataset(data, has_crowdkit, args.slow)
        print_dataset(data, results)
        calibrated = calibration_report(data)
        ece[data.name] = round(float(calibrated["ece"]), 4)  # type: ignore[arg-type]
        floors[data.name] = round(float(calibrated["ece_floor"]), 4)  # type: ignore[arg-type]
        ece_draws[data.name] = round(float(calibrated["ece_draws"]), 4)  # type: ignore[arg-type]
        floor_draws[data.name] = round(float(calibrated["ece_floor_draws"]), 4)  # type: ignore[arg-type]
        replays[data.name] = replay_report(data)
        all_results[data.name] = results
        ck = results.get("crowd-kit DawidSkene")
        per_dataset[data.name] = {
            "ours": round(results[DEFAULT][0], 4),
            "crowdkit_ds": round(ck[0], 4) if ck else None,
        }
    # Means per method; GLAD's name carries its cap, so group by the name before any parenthesis.
    means: dict[str, list[float]] = {}
    for results in all_results.values():
        for name, (acc, _) in results.items():
            means.setdefault(name.split(" (capped")[0], []).append(acc)
    print(f"\n== mean accuracy over {len(folders)} datasets")
    for name, accs in means.items():
        print(f"{name:40s} {np.mean(accs):9.4f}")
    ck_means = [float(np.mean(v)) for k, v in means.items() if k.startswith("crowd-kit")]
    summary = {
        "mean_accuracy_ours": round(float(np.mean(means[DEFAULT])), 4),
        "mean_accuracy_best_crowdkit": round(max(ck_means), 4) if ck_means else None,
        "per_dataset": per_dataset,
        "ece_per_dataset": ece,
        "max_ece": max(ece.values()) if ece else None,
        "ece_floor_per_dataset": floors,
        "ece_mean_over_gold_draws": ece_draws,
        "max_ece_mean_over_gold_draws": max(ece_draws.values()) if ece_draws else None,
        "ece_floor_mean_over_gold_draws": floor_draws,
        "replay_answers_share": round(float(np.mean([r["share"] for r in replays.values()])), 4),
        "replay_accuracy_gap": round(float(np.mean([r["full"] - r["accuracy"] for r in replays.values()])), 4),
        # The shared datasets carry no item content: the model's replay runs on the shipped packs (replay_model.py).
        **model_summary({name: pack_report(load(name), REPLAY_RULES, REPLAY_SEEDS) for name in PACKS}),
        **scale_run(args.quick or not has_crowdkit),
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
