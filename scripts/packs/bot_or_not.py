"""Bot or not: human texts from the Debian fortune collections; bot texts made from other fortunes.

Gold answers only measure a player if the bots are close to the humans. A bot text here is written by a word
n-gram model (packs.word_chain) trained on the fortunes that are not shown as human texts, so it speaks their
words, rhythm and punctuation; it exists nowhere in the corpus. Then the texts are made alike where a reader
would not be judging sense: each human text is paired with a bot text of the same number of sentences and about
its length, and the bot texts a held-out stylometric classifier (packs.stylometry) catches are dropped.
What is left is told apart by meaning going astray at a seam, which a careful reader catches often, not always.
How hard that makes the pack, and how it was measured, is written down in assets/packs/README.md.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from core.content import PackItem, PackManifest, pick_gold
from core.types import TaskKind
from packs.common import BLOCKED, SEED, manifest
from packs.stylometry import bot_likelihood
from packs.word_chain import WordChain

FORTUNES = Path("/usr/share/games/fortunes")
# Collections of general wit and wisdom; the political, religious, ethnic and adult ones are left out.
FORTUNE_FILES = (
    "fortunes",
    "computers",
    "education",
    "food",
    "humorists",
    "kids",
    "pets",
    "platitudes",
    "science",
    "wisdom",
    "work",
)
HUMANS = BOTS = 160
# The machine writer: three words of context (fluent, drifting at the seams), sometimes four (subtler).
ORDERS = (4, 4, 5)
CANDIDATES = 2400
# Candidates the held-out classifier gives at least this chance of being a bot are dropped as too easy.
TOO_EASY = 0.5


def fortunes() -> list[tuple[str, str]]:
    """Short one-paragraph fortunes as (collection, text), attributions removed."""
    found: dict[str, str] = {}
    for collection in FORTUNE_FILES:
        for block in (FORTUNES / collection).read_text(encoding="latin-1").split("\n%\n"):
            lines = [ln for ln in block.splitlines() if not re.match(r"^\s*--", ln)]
            text = re.sub(r"\s+", " ", " ".join(lines)).strip()
            # Colons mostly introduce dialogue, "Q: A:" jokes and quoted sources, which lose sense on one line.
            # A missing final stop would mark a text as human, since the bots always end on one.
            ended = re.search(r"[.!?]\"?$", text) is not None
            if 40 <= len(text) <= 200 and text.isascii() and not BLOCKED.search(text) and ":" not in text and ended:
                found.setdefault(text, collection)
    # Sorted so the sample below does not depend on the order the files were read in.
    return sorted((c, t) for t, c in found.items())


def everything_written() -> str:
    """Every fortune file whole, lower-cased, on one line: what a bot text must not repeat, so that no real
    quotation (from a collection left out, or cut off by the filters above) is ever marked as a bot's."""
    files = sorted(p for p in FORTUNES.iterdir() if p.is_file() and "." not in p.name)
    return " ".join(re.sub(r"\s+", " ", p.read_text(encoding="latin-1")).lower() for p in files)


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s]


def shape(text: str) -> tuple[int, int]:
    """What a bot text must share with the human text it stands beside: the sentences (1, 2, or 3 and more) and
    the length within 40 characters."""
    return min(len(sentences(text)), 3), len(text) // 40


def candidates(sources: list[str], rng: random.Random) -> list[str]:
    """CANDIDATES distinct new texts from the sources' n-gram models, shown-safe and of the pack's lengths."""
    chains = {order: WordChain(sources, order) for order in set(ORDERS)}
    written = everything_written()
    made: dict[str, None] = {}
    while len(made) < CANDIDATES:
        text = chains[rng.choice(ORDERS)].write(rng)
        if text and 40 <= len(text) <= 200 and not BLOCKED.search(text) and text.lower() not in written:
            made.setdefault(text)
    return list(made)


def hard_ones(pool: list[str], humans: list[str]) -> list[str]:
    """The candidates a stylometric classifier does not catch. Two halves, each judged by a model trained on the
    other half against human fortunes, so no candidate is judged by a model that saw it."""
    kept = []
    half = len(pool) // 2
    for judged, trained in ((pool[:half], pool[half:]), (pool[half:], pool[:half])):
        texts = trained + humans
        chances = bot_likelihood(texts, [True] * len(trained) + [False] * len(humans), judged)
        kept += [text for text, chance in zip(judged, chances, strict=True) if chance < TOO_EASY]
    return kept


def paired(humans: list[str], pool: list[str], rng: random.Random) -> list[str]:
    """For each human text a bot text of its shape (the nearest length among the same sentences when none is)."""
    left = rng.sample(pool, len(pool))
    chosen = []
    for human in humans:
        sentences_of, length = shape(human)
        same = [t for t in left if shape(t)[0] == sentences_of] or left
        bot = min(same, key=lambda t: (abs(shape(t)[1] - length), abs(len(t) - len(human))))
        left.remove(bot)
        chosen.append(bot)
    return chosen


def build(out: Path, share: float) -> tuple[PackManifest, list[PackItem]]:
    rng = random.Random(SEED)
    corpus = fortunes()
    humans = rng.sample(corpus, HUMANS)
    shown = {text for _, text in humans}
    # Bots learn only from fortunes not shown as human texts, so no human item gives a bot item away.
    sources = sorted(text for _, text in corpus if text not in shown)
    pool = hard_ones(candidates(sources, rng), sources)
    made = paired([text for _, text in humans], pool, rng)
    rows = [(f"fortunes:{c}", t, "human") for c, t in humans] + [("word-chain", t, "bot") for t in made]
    rng.shuffle(rows)
    ids = [f"bon-{n:04d}" for n in range(len(rows))]
    gold = pick_gold(ids, share, seed="bot_or_not")
    items = [PackItem(i, t, None, (), a, i in gold, s) for i, (s, t, a) in zip(ids, rows, strict=True)]
    m = manifest(
        "Bot or not",
        TaskKind.BOT_OR_NOT,
        "Was this written by a human or by a bot?",
        [("human", "Human"), ("bot", "Bot")],
        "BSD-3-Clause (human texts and the fortunes the bot texts are learnt from)",
        "Human texts: Debian fortune collections (fortune-mod). Bot texts: written by a word n-gram model "
        "trained on other fortunes. See assets/ATTRIBUTION.md.",
    )
    return m, items
