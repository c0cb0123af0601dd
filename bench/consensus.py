"""Consensus benchmark: accuracy on public datasets next to crowd-kit, then a 1,000,000-answer scale run.

Run: .venv/bin/python bench/consensus.py [--data-dir DIR] [--quick]
The last line printed is one JSON object with the headline figures.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from _common import Dataset, load_dataset, synthetic_crowd  # noqa: E402

from core.consensus import (  # noqa: E402
    Answers,
    ConsensusFit,
    OnlinePosteriors,
    agreement_weights,
    dawid_skene,
    majority_vote,
    one_coin_dawid_skene,
    weighted_vote,
)

DEFAULT = "ours dawid_skene (default)"
OURS: dict[str, Callable[[Answers], ConsensusFit]] = {
    DEFAULT: dawid_skene,
    "ours one_coin_dawid_skene": one_coin_dawid_skene,
    "ours weighted_vote (agreement)": lambda a: weighted_vote(a, agreement_weights(a, majority_vote(a).posteriors)),
    "ours majority_vote": majority_vote,
}
GLAD_CAP_ANSWERS = 50_000  # GLAD took ~35 s per iteration on the 92k-answer set: capped above this
GLAD_CAP_ITER = 5


def crowdkit_methods(n_answers: int) -> dict[str, object] | None:
    """crowd-kit's aggregators with their defaults, or None when crowd-kit is not installed."""
    try:
        from crowdkit.aggregation import GLAD, MACE, DawidSkene, MajorityVote, Wawa
    except ImportError:
        return None
    glad = (
        ("GLAD", GLAD())
        if n_answers <= GLAD_CAP_ANSWERS
        else (f"GLAD (capped {GLAD_CAP_ITER} it)", GLAD(n_iter=GLAD_CAP_ITER))
    )
    return {
        "crowd-kit MajorityVote": MajorityVote(),
        "crowd-kit Wawa": Wawa(),
        "crowd-kit DawidSkene": DawidSkene(n_iter=100),
        f"crowd-kit {glad[0]}": glad[1],
        "crowd-kit MACE": MACE(),
    }


def score_dataset(data: Dataset, with_crowdkit: bool) -> dict[str, tuple[float, float]]:
    """Accuracy and seconds per method on the answered truth items."""
    results: dict[str, tuple[float, float]] = {}
    for name, method in OURS.items():
        start = time.perf_counter()
        labels = method(data.answers).labels()
        seconds = time.perf_counter() - start
        results[name] = (float(np.mean(labels[data.truth_items] == data.truth_labels)), seconds)
    methods = crowdkit_methods(data.answers.n_answers) if with_crowdkit else None
    if methods:
        import pandas as pd

        frame = pd.DataFrame(data.rows, columns=["task", "worker", "label"])
        truth = pd.Series(data.truth)
        for name, method in methods.items():
            start = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                predicted = method.fit_predict(frame)  # type: ignore[attr-defined]
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


def peak_extra_mb(run: Callable[[], object]) -> float:
    """Peak memory allocated during `run` above what was allocated before it (tracemalloc, which
    sees numpy's buffers)."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    base, _ = tracemalloc.get_traced_memory()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return (peak - base) / 2**20


def online_update_us(fit: ConsensusFit, answers: Answers, n: int = 200_000) -> tuple[float, float]:
    """Median microseconds of one `add` and of one `posterior` read, each call timed on its own."""
    assert fit.workers is not None
    online = OnlinePosteriors(fit.workers, answers.n_items)
    items, workers, labels = (x[:n].tolist() for x in (answers.items, answers.workers, answers.labels))
    clock = time.perf_counter_ns
    add_ns, read_ns = [], []
    for item, worker, label in zip(items, workers, labels, strict=True):
        t0 = clock()
        online.add(item, worker, label)
        t1 = clock()
        online.posterior(item)
        t2 = clock()
        add_ns.append(t1 - t0)
        read_ns.append(t2 - t1)
    return statistics.median(add_ns) / 1e3, statistics.median(read_ns) / 1e3


def scale_run(quick: bool) -> dict[str, float]:
    """Refit time and memory at 1,000,000 answers, next to crowd-kit's DawidSkene; online update time."""
    crowd = synthetic_crowd()
    a = crowd.answers
    print(
        f"\n== scale: {a.n_answers} answers, {a.n_items} items, {a.n_workers} workers, 2-5 choices per item "
        f"(5 labels), 20% spammers, 5% colluders, seed 7"
    )
    times, fit = [], None
    for _ in range(3):
        start = time.perf_counter()
        fit = dawid_skene(a)
        times.append(time.perf_counter() - start)
    assert fit is not None
    refit = statistics.median(times)
    extra = peak_extra_mb(lambda: dawid_skene(a))
    accuracy = float(np.mean(fit.labels() == crowd.truth))
    mv_accuracy = float(np.mean(majority_vote(a).labels() == crowd.truth))
    print(f"ours dawid_skene refit: median {refit:.3f} s of {len(times)} runs ({fit.n_iter} EM iterations)")
    print(f"ours peak memory above the loaded data: {extra:.1f} MB (tracemalloc)")
    print(f"ours accuracy {accuracy:.4f} (majority vote {mv_accuracy:.4f})")
    ck_seconds, ck_accuracy = float("nan"), float("nan")
    methods = None if quick else crowdkit_methods(0)
    if methods:
        import pandas as pd

        frame = pd.DataFrame({"task": a.items, "worker": a.workers, "label": a.labels})
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            predicted = methods["crowd-kit DawidSkene"].fit_predict(frame)  # type: ignore[attr-defined]
        ck_seconds = time.perf_counter() - start
        ck_accuracy = float(np.mean(predicted.reindex(range(a.n_items)).to_numpy() == crowd.truth))
        print(f"crowd-kit DawidSkene: {ck_seconds:.1f} s (one run), accuracy {ck_accuracy:.4f}")
        print(f"speed-up: {ck_seconds / refit:.0f}x")
    else:
        print("crowd-kit DawidSkene at scale: skipped (--quick or crowd-kit not installed)")
    add_us, read_us = online_update_us(fit, a)
    print(f"online update: median {add_us:.2f} us per answer (add), {read_us:.2f} us per posterior read")
    return {
        "scale_refit_s": round(refit, 4),
        "scale_crowdkit_ds_s": None if np.isnan(ck_seconds) else round(ck_seconds, 2),
        "scale_extra_mb": round(extra, 1),
        "online_update_us": round(add_us, 2),
        "online_posterior_us": round(read_us, 2),
        "scale_accuracy_ours": round(accuracy, 4),
        "scale_accuracy_crowdkit_ds": None if np.isnan(ck_accuracy) else round(ck_accuracy, 4),
    }


def main() -> None:
    """Parse arguments, run both parts, print the tables and the JSON line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "consensus-data")
    parser.add_argument("--quick", action="store_true", help="skip crowd-kit at scale")
    args = parser.parse_args()
    has_crowdkit = crowdkit_methods(0) is not None
    if not has_crowdkit:
        print("crowd-kit is not installed: printing our methods only")
    folders = sorted(p for p in args.data_dir.iterdir() if (p / "answers.csv").exists())
    per_dataset, all_results = {}, {}
    for folder in folders:
        data = load_dataset(folder)
        results = score_dataset(data, has_crowdkit)
        print_dataset(data, results)
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
        **scale_run(args.quick or not has_crowdkit),
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
