"""Bot or not: human texts from the Debian fortune collections; bot texts made from other fortunes.

The bots are fluent on purpose. Gibberish from a Markov chain, or spam with links, is told apart at a glance, so
gold answers on it measured nothing. Here a bot text is a fortune that is not in the pack, rewritten the way a
text generator goes wrong: one noun swapped for another the corpus uses in the same place ("the stakes are so
small" -> "the days are so small"), or the first sentence of one two-sentence fortune followed by the second of
another. The grammar stays right; a careful reader catches the meaning going astray, but not every time.
How hard that makes the pack, and how it was measured, is written down in assets/packs/README.md.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from pathlib import Path

from core.content import PackItem, PackManifest, pick_gold
from core.types import TaskKind
from packs.common import BLOCKED, SEED, manifest

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
HUMANS, SWAPS, RECOMBINED = 160, 60, 100
DETERMINERS = frozenset({"the", "a", "an", "your", "my"})
# Words after a determiner that are not nouns, or that make a swap ungrammatical.
NOT_NOUNS = frozenset(
    [
        "this",
        "that",
        "these",
        "those",
        "some",
        "any",
        "no",
        "every",
        "each",
        "all",
        "one",
        "other",
        "another",
        "more",
        "most",
        "much",
        "many",
        "few",
        "less",
        "own",
        "such",
        "same",
        "very",
        "just",
        "only",
        "also",
        "not",
        "first",
        "last",
        "best",
        "next",
        "little",
        "great",
        "good",
        "new",
        "old",
    ]
)
# What may follow a noun in the phrases nouns are learnt from.
AFTER_NOUN = frozenset({"is", "are", "was", "of", "and", "to", "in", "that", "with", "for", "on", "at"})


def fortunes() -> list[tuple[str, str]]:
    """Short one-paragraph fortunes as (collection, text), attributions removed."""
    found: dict[str, str] = {}
    for collection in FORTUNE_FILES:
        for block in (FORTUNES / collection).read_text(encoding="latin-1").split("\n%\n"):
            lines = [ln for ln in block.splitlines() if not re.match(r"^\s*--", ln)]
            text = re.sub(r"\s+", " ", " ".join(lines)).strip()
            # Colons mostly introduce dialogue, "Q: A:" jokes and quoted sources, which lose sense on one line.
            if 40 <= len(text) <= 200 and text.isascii() and not BLOCKED.search(text) and ":" not in text:
                found.setdefault(text, collection)
    # Sorted so the sample below does not depend on the order the files were read in.
    return sorted((c, t) for t, c in found.items())


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s]


def nouns_of(texts: list[str]) -> tuple[list[str], list[str]]:
    """Words the corpus uses as nouns (after a determiner, before a verb, preposition or punctuation), at least
    twice; as (singular, plural) so a swap keeps the verb agreeing."""
    seen: Counter[str] = Counter()
    for text in texts:
        words = re.findall(r"[A-Za-z']+|[.,;!?]", text)
        for i in range(len(words) - 1):
            word, after = words[i + 1], words[i + 2] if i + 2 < len(words) else "."
            shaped = word.isalpha() and word.islower() and len(word) >= 4 and not word.endswith(("ly", "ing"))
            placed = words[i].lower() in DETERMINERS and (not after.isalpha() or after.lower() in AFTER_NOUN)
            if shaped and placed and word not in NOT_NOUNS:
                seen[word] += 1
    nouns = sorted(word for word, count in seen.items() if count >= 2)
    plural = [w for w in nouns if w.endswith("s") and not w.endswith("ss")]
    return [w for w in nouns if w not in plural], plural


def swapped(text: str, singular: list[str], plural: list[str], rng: random.Random) -> str | None:
    """The text with one noun (after a determiner) replaced by another of the same number."""
    words = text.split(" ")
    spots = []
    for i in range(1, len(words)):
        core = words[i].strip(".,;!?\"'")
        if words[i - 1].lower() in DETERMINERS and (core in singular or core in plural):
            spots.append(i)
    if not spots:
        return None
    i = rng.choice(spots)
    core = words[i].strip(".,;!?\"'")
    new = rng.choice(plural if core in plural else singular)
    article = words[i - 1].lower()
    if new == core or (article == "a" and new[0] in "aeiou") or (article == "an" and new[0] not in "aeiou"):
        return None
    words[i] = words[i].replace(core, new, 1)
    return " ".join(words)


def recombined(two: list[str], rng: random.Random) -> str | None:
    """The first sentence of one two-sentence fortune and the second of another that shares a word with it, so
    the two halves seem to be about the same thing."""
    first = rng.choice(two)
    opening = sentences(first)[0]
    topic = content_words(opening)
    for second in rng.sample(two, len(two)):
        closing = sentences(second)[1]
        if second != first and topic & content_words(closing):
            text = f"{opening} {closing}"
            return text if 40 <= len(text) <= 200 else None
    return None


def content_words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]{5,}", text)} - COMMON


# Long words too common to make two sentences seem to share a topic.
COMMON = frozenset(
    [
        "there",
        "their",
        "about",
        "which",
        "would",
        "could",
        "should",
        "other",
        "these",
        "those",
        "never",
        "always",
        "every",
        "thing",
        "things",
        "being",
        "where",
        "after",
        "before",
        "people",
    ]
)


def bots(sources: list[str], known: set[str], rng: random.Random) -> list[tuple[str, str]]:
    """SWAPS swapped and RECOMBINED recombined texts as (how, text); never a text that exists as a fortune."""
    singular, plural = nouns_of(sources)
    made: list[tuple[str, str]] = []
    for text in rng.sample(sources, len(sources)):
        if len(made) == SWAPS:
            break
        bot = swapped(text, singular, plural, rng)
        if bot and bot not in known and not BLOCKED.search(bot):
            known.add(bot)
            made.append(("noun-swap", bot))
    two = [text for text in sources if len(sentences(text)) == 2]
    while len(made) < SWAPS + RECOMBINED:
        bot = recombined(two, rng)
        if bot and bot not in known and not BLOCKED.search(bot):
            known.add(bot)
            made.append(("recombined", bot))
    return made


def build(out: Path, share: float) -> tuple[PackManifest, list[PackItem]]:
    rng = random.Random(SEED)
    corpus = fortunes()
    # As many two-sentence texts among the humans as among the bots' sources, so the shape gives nothing away.
    two = [pair for pair in corpus if len(sentences(pair[1])) == 2]
    one = [pair for pair in corpus if len(sentences(pair[1])) != 2]
    two_sentences = HUMANS * RECOMBINED // (SWAPS + RECOMBINED)
    humans = rng.sample(two, two_sentences) + rng.sample(one, HUMANS - two_sentences)
    shown = {text for _, text in humans}
    # Bots are made only from fortunes not shown as human texts, so no pair of items gives the other away.
    sources = sorted(text for _, text in corpus if text not in shown)
    made = bots(sources, {text for _, text in corpus}, rng)
    rows = [(f"fortunes:{c}", t, "human") for c, t in humans] + [(how, t, "bot") for how, t in made]
    rng.shuffle(rows)
    ids = [f"bon-{n:04d}" for n in range(len(rows))]
    gold = pick_gold(ids, share, seed="bot_or_not")
    items = [PackItem(i, t, None, (), a, i in gold, s) for i, (s, t, a) in zip(ids, rows, strict=True)]
    m = manifest(
        "Bot or not",
        TaskKind.BOT_OR_NOT,
        "Was this written by a human or by a bot?",
        [("human", "Human"), ("bot", "Bot")],
        "BSD-3-Clause (human texts and the fortunes the bot texts are made from)",
        "Human texts: Debian fortune collections (fortune-mod). Bot texts: other fortunes with a noun swapped "
        "or sentences recombined. See assets/ATTRIBUTION.md.",
    )
    return m, items
