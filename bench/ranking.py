"""How long a comparison campaign's ranking takes (what /campaign stats and the ranking endpoint pay), and how
well it recovers known strengths: synthetic arenas of known log-strengths, seeded.

Usage: python -m bench.ranking [--systems 20] [--pairs 200000] [--seeds 5]. Last line: JSON.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter

import numpy as np

from core.consensus.ranking import CENTRE, SCALE, Pair, PairOutcome, rank_counted
from core.game.admin.ranking import BOOTSTRAP


def arena(systems: int, pairs: int, seed: int) -> tuple[Counter[Pair], dict[str, float]]:
    """Pairs of distinct systems with verdicts drawn from Bradley-Terry, 5% of them both-bad. No ties: ties drawn
    apart from the strengths are outside the model (they pull every rating toward the mean), and coverage of the
    true strengths is only defined where the model holds."""
    rng = np.random.default_rng(seed)
    strength = {f"s{i:02d}": float(x) for i, x in enumerate(np.linspace(1.5, -1.5, systems))}
    names = list(strength)
    a = rng.integers(0, systems, pairs)
    b = (a + rng.integers(1, systems, pairs)) % systems
    gap = np.array([strength[names[j]] - strength[names[i]] for i, j in zip(a, b, strict=True)])
    won = rng.random(pairs) < 1 / (1 + np.exp(gap))
    bad = rng.random(pairs) < 0.05
    counted: Counter[Pair] = Counter()
    for i, j, w, r in zip(a, b, won, bad, strict=True):
        outcome = PairOutcome.BOTH_BAD if r else PairOutcome.A if w else PairOutcome.B
        counted[(names[i], names[j], outcome)] += 1
    return counted, strength


def main() -> None:
    """Time the ranking and check its order and interval coverage against the known strengths."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--systems", type=int, default=20)
    parser.add_argument("--pairs", type=int, default=200_000)
    parser.add_argument("--seeds", type=int, default=5)
    args = parser.parse_args()
    seconds, covered, checked, rank_corr = [], 0, 0, []
    for seed in range(args.seeds):
        counted, strength = arena(args.systems, args.pairs, seed)
        started = time.perf_counter()
        ratings = rank_counted(counted, BOOTSTRAP, seed)
        seconds.append(time.perf_counter() - started)
        truth = {s: CENTRE + SCALE * (x - np.mean(list(strength.values()))) for s, x in strength.items()}
        covered += sum(r.low <= truth[r.system] <= r.high for r in ratings)
        checked += len(ratings)
        found = [r.system for r in ratings]
        expected = sorted(strength, key=lambda s: -strength[s])
        rank_corr.append(float(np.corrcoef([found.index(s) for s in expected], range(len(expected)))[0, 1]))
        print(f"seed {seed}: {seconds[-1] * 1000:.1f} ms, order {found == expected}")
    summary = {
        "systems": args.systems,
        "pairs": args.pairs,
        "bootstrap": BOOTSTRAP,
        "ranking_ms_median": round(float(np.median(seconds)) * 1000, 1),
        "ranking_ms_max": round(float(np.max(seconds)) * 1000, 1),
        "interval_coverage": round(covered / checked, 3),
        "rank_correlation_min": round(min(rank_corr), 4),
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
