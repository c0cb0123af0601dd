"""The consensus benchmark at scale: a 1,000,000-answer refit's time and memory beside crowd-kit's, and the
online update's time per answer."""

from __future__ import annotations

import statistics
import time
import tracemalloc
from collections.abc import Callable

import numpy as np
from _common import synthetic_crowd
from consensus_methods import crowdkit_methods, crowdkit_predict

from core.consensus import Answers, ConsensusFit, OnlinePosteriors, dawid_skene, majority_vote


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
        predicted = crowdkit_predict(methods["crowd-kit DawidSkene"], frame)
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
