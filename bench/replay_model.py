"""The replay with the campaign's model as one more worker, on the product's own packs with a simulated crowd.

The shared crowd datasets carry answers and truth but no item content (ids only: no text, no pictures), so a
model has nothing to learn from there. The shipped packs have content and a known answer for every item: each
item gets `MAX_ANSWERS` answers from a simulated crowd (core.simulation.crowd: honest players of mixed accuracy
and random spammers), and the replay serves and stops them as the game does (bench/replay.py), once without and
once with the model. With it, at every refit the model is trained on the items settled so far (their settled
labels, as the game knows them) and the pack's gold, predicts the open non-gold items, and its confident
predictions join the fit as one more worker's answers, whose confusion matrix Dawid-Skene learns like anyone's.
Only the crowd's answers count as used. Accuracy is scored on the non-gold items against the pack's known answers.

Run: .venv/bin/python bench/replay_model.py [--only PACK ...]; the last line printed is JSON.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from replay import Replay, ReplayRules  # noqa: E402

from core.assist import features  # noqa: E402
from core.assist.model import Features, Kind, train  # noqa: E402
from core.assist.predictions import DEFAULT_MIN_PROBABILITY, confident  # noqa: E402
from core.consensus import Answers, Gold  # noqa: E402
from core.content.folder import load_pack  # noqa: E402
from core.simulation.crowd import choose, make_crowd  # noqa: E402
from core.types import TaskKind  # noqa: E402

PACKS = {"bot_or_not": "text", "image_binary": "image", "image_category": "image"}
MAX_ANSWERS = 7  # the game's default maximum overlap
CROWD = 40  # players; 15% random spammers, the rest right 55-85% of the time
CROWD_SEED = 11


@dataclass(frozen=True)
class PackData:
    name: str
    kind: Kind
    features: Features
    answers: Answers
    gold: Gold
    scored: np.ndarray  # non-gold items
    truth: np.ndarray  # known answer index per item


def load(name: str) -> PackData:
    """A shipped pack's features, a simulated crowd's answers (seeded), its gold and its known answers."""
    report = load_pack(ROOT / "assets" / "packs" / name)
    assert report.pack is not None, report.reasons
    pack = report.pack
    keys = [c.key for c in pack.manifest.choices]
    truth = np.array([keys.index(str(item.known_answer)) for item in pack.items], dtype=np.int64)
    is_gold = np.array([item.gold for item in pack.items], dtype=bool)
    kind: Kind = "image" if pack.manifest.kind in (TaskKind.IMAGE_BINARY, TaskKind.IMAGE_CATEGORY) else "text"
    rows = (
        features.image_features([item.image for item in pack.items])
        if kind == "image"
        else features.text_features([item.text for item in pack.items])
    )
    rng = random.Random(CROWD_SEED)
    crowd = make_crowd(rng, CROWD, 0.15, 0.0, (0.55, 0.85), len(keys))
    items, workers, labels = [], [], []
    for i, right in enumerate(truth.tolist()):
        for w in rng.sample(range(CROWD), MAX_ANSWERS):
            items.append(i)
            workers.append(w)
            labels.append(choose(rng, crowd[w], right, len(keys)))
    answers = Answers.from_arrays(items, workers, labels, len(truth), CROWD, len(keys))
    gold = Gold.from_arrays(np.flatnonzero(is_gold), truth[is_gold])
    return PackData(name, kind, rows, answers, gold, np.flatnonzero(~is_gold), truth)


class ModelReplay(Replay):
    """The replay where, at every refit, the model retrains and its confident predictions become answers."""

    def __init__(self, data: PackData, rules: ReplayRules, seed: int, min_probability: float) -> None:
        super().__init__(data.answers, data.gold, rules, seed)
        self.data, self.min_probability = data, min_probability
        self.is_gold = np.zeros(data.answers.n_items, dtype=bool)
        self.is_gold[data.gold.items] = True
        self.predicted: dict[int, int] = {}  # item -> the latest confident prediction (kept once it settles)

    def refit(self) -> None:
        self.predict()
        super().refit()

    def predict(self) -> None:
        settled = np.flatnonzero(self.closed & ~self.is_gold)
        examples = np.concatenate([self.gold.items, settled])
        labels = np.concatenate([self.gold.labels, self.labels[settled]])
        model = train(self.data.kind, self.data.features[examples], labels, self.k)
        if model is None:
            return
        open_items = np.flatnonzero(~self.closed & ~self.is_gold)
        p = model.probabilities(self.data.features[open_items])
        for item in open_items.tolist():
            self.predicted.pop(item, None)
        for row, label in confident(p, self.min_probability):
            self.predicted[int(open_items[row])] = label

    def evidence(self) -> Answers:
        human = super().evidence()
        items = np.fromiter(self.predicted, np.int64, len(self.predicted))
        labels = np.fromiter(self.predicted.values(), np.int64, len(self.predicted))
        model = np.full(len(items), self.answers.n_workers, dtype=np.int64)  # the worker after the crowd
        return Answers.from_arrays(
            np.concatenate([human.items, items]),
            np.concatenate([human.workers, model]),
            np.concatenate([human.labels, labels]),
            self.answers.n_items,
            self.answers.n_workers + 1,
            self.k,
        )


def pack_report(
    data: PackData, rules: ReplayRules, seeds: tuple[int, ...], min_probability: float = DEFAULT_MIN_PROBABILITY
) -> dict[str, float]:
    """Accuracy on the non-gold items and share of the crowd's answers used, without and with the model."""
    out: dict[str, list[float]] = {"accuracy": [], "share": [], "model_accuracy": [], "model_share": []}
    n = data.answers.n_answers
    for seed in seeds:
        for prefix, run in (
            ("", Replay(data.answers, data.gold, rules, seed)),
            ("model_", ModelReplay(data, rules, seed, min_probability)),
        ):
            result = run.run()
            out[prefix + "accuracy"].append(float(np.mean(result.labels[data.scored] == data.truth[data.scored])))
            out[prefix + "share"].append(result.answers_used / n)
    report = {key: float(np.mean(values)) for key, values in out.items()}
    print(
        f"{data.name} ({data.kind}, {data.answers.n_items} items, {len(data.gold.items)} gold; {len(seeds)} seeds): "
        f"without the model accuracy {report['accuracy']:.4f} with {report['share']:.1%} of the answers; with it "
        f"{report['model_accuracy']:.4f} with {report['model_share']:.1%}"
    )
    return report


def summary(reports: dict[str, dict[str, float]]) -> dict[str, object]:
    """The headline figures over the packs (means), as bench/consensus.py reports them."""

    def mean(key: str) -> float:
        return round(float(np.mean([r[key] for r in reports.values()])), 4)

    return {
        "replay_with_model_answers_share": mean("model_share"),
        "replay_without_model_answers_share": mean("share"),
        "replay_with_model_accuracy": mean("model_accuracy"),
        "replay_without_model_accuracy": mean("accuracy"),
        "replay_model_per_pack": {name: {k: round(v, 4) for k, v in r.items()} for name, r in reports.items()},
    }


def main() -> None:
    """Every pack with content a model can read; the last line is JSON."""
    import argparse
    import json

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--only", nargs="*", help="only these packs")
    parser.add_argument("--min-probability", type=float, default=DEFAULT_MIN_PROBABILITY)
    parser.add_argument("--target", type=float, default=0.99)
    args = parser.parse_args()
    rules = ReplayRules(min_answers=3, target_confidence=args.target)
    reports = {
        name: pack_report(load(name), rules, (1, 2, 3, 4, 5), args.min_probability)
        for name in PACKS
        if not args.only or name in args.only
    }
    print(json.dumps(summary(reports)))


if __name__ == "__main__":
    main()
