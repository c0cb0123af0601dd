"""Comparison pack: pick the right WordNet definition of a word out of two."""

from __future__ import annotations

import random
from pathlib import Path

from core.content import PackItem, PackManifest, pick_gold
from core.types import TaskKind
from packs.common import BLOCKED, SEED, manifest

WORDNET = Path("/usr/share/wordnet")


def wordnet_definitions(count: int, rng: random.Random) -> list[tuple[str, str]]:
    """Familiar single nouns with the first sense's definition, from WordNet's index and data files."""
    candidates: list[tuple[str, int]] = []
    for line in (WORDNET / "index.noun").read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):  # the licence header
            continue
        # lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset...
        fields = line.split()
        lemma, pointers = fields[0], int(fields[3])
        tagged, offsets = int(fields[5 + pointers]), fields[6 + pointers :]
        # Senses seen at least twice in the tagged corpus keep out words nobody knows.
        if lemma.isalpha() and lemma.islower() and 4 <= len(lemma) <= 10 and tagged >= 2 and offsets:
            candidates.append((lemma, int(offsets[0])))
    # The offsets are byte positions of the synset lines in data.noun, so read it as bytes.
    data = (WORDNET / "data.noun").read_bytes()
    found: list[tuple[str, str]] = []
    for lemma, offset in rng.sample(candidates, len(candidates)):
        line = data[offset : data.index(b"\n", offset)].decode("latin-1")
        gloss = line.split(" | ", 1)[1].split(";")[0].strip()
        # A definition that names its own word gives the answer away.
        if 15 <= len(gloss) <= 120 and lemma not in gloss.lower() and not BLOCKED.search(gloss):
            found.append((lemma, gloss))
        if len(found) == count:
            break
    return found


def build(out: Path, share: float) -> tuple[PackManifest, list[PackItem]]:
    rng = random.Random(SEED + 3)
    pairs = wordnet_definitions(200, rng)
    items = []
    ids = [f"cmp-{n:04d}" for n in range(len(pairs))]
    gold = pick_gold(ids, share, seed="comparison")
    for n, (i, (word, right)) in enumerate(zip(ids, pairs, strict=True)):
        # The wrong definition is another word's, never this word's own (the offset is at least 1).
        wrong = pairs[(n + rng.randrange(1, len(pairs))) % len(pairs)][1]
        answer = rng.choice(["a", "b"])
        answers = (right, wrong) if answer == "a" else (wrong, right)
        items.append(PackItem(i, f"What does “{word}” mean?", None, answers, answer, i in gold, "wordnet-3.0"))
    m = manifest(
        "Definitions",
        TaskKind.COMPARISON,
        "Which is the right definition?",
        [("a", "A"), ("b", "B")],
        "WordNet-3.0",
        "WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.",
    )
    return m, items
