"""How separable the bot-or-not pack is: a stylometric classifier's accuracy, and blind samples for a reader.

    python scripts/measure_bot_or_not.py                      # the classifier's cross-validated accuracy
    python scripts/measure_bot_or_not.py --sample 40 --seed 7  # print 40 texts, numbered, without their answers
    python scripts/measure_bot_or_not.py --sample 40 --seed 7 --guesses "h b h ..."  # score those guesses
Needs scikit-learn (the `content` extra).
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

# Run as a script: this folder (for `packs`) is on the path.
from packs.stylometry import held_out_accuracy

PACK = Path(__file__).resolve().parents[1] / "assets" / "packs" / "bot_or_not" / "items.jsonl"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pack", type=Path, default=PACK)
    parser.add_argument("--sample", type=int, default=0, help="draw this many items for a person to judge")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--guesses", default=None, help="h/b per sampled item, in order, separated by spaces")
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in args.pack.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not args.sample:
        texts, answers = [r["text"] for r in rows], [r["known_answer"] for r in rows]
        accuracy = held_out_accuracy(texts, answers)
        print(f"stylometric classifier, held out (5-fold): {accuracy:.3f} on {len(rows)} items")
        return 0
    sample = random.Random(args.seed).sample(rows, args.sample)
    if args.guesses is None:
        for n, row in enumerate(sample):
            print(n, row["text"].replace("\n", " / "))
        return 0
    guesses = ["human" if g == "h" else "bot" for g in args.guesses.split()]
    if len(guesses) != len(sample):
        raise SystemExit(f"give {len(sample)} guesses, got {len(guesses)}")
    right = sum(g == row["known_answer"] for g, row in zip(guesses, sample, strict=True))
    print(f"{right}/{len(sample)} right ({right / len(sample):.0%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
