"""Bot or not: human texts from the Debian fortune collections, bot texts from markovify and Faker templates."""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import TYPE_CHECKING

from core.content import PackItem, PackManifest, pick_gold
from core.types import TaskKind
from packs.common import BLOCKED, SEED, manifest

if TYPE_CHECKING:
    from faker import Faker

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
OFFERS = [
    "free crypto airdrop",
    "10x trading signals",
    "a work-from-home job",
    "cheap followers",
    "a giveaway of 500 USDT",
    "an exclusive NFT mint",
]


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


def spam(fake: Faker, rng: random.Random) -> str:
    """A template bot post or profile; every link points at a reserved .example domain."""
    # Every template is filled before one is chosen, so Faker's draws are the same whichever wins.
    site = f"https://{fake.domain_word()}.example/{fake.slug()}"
    offer = rng.choice(OFFERS)
    templates = [
        f"{fake.name()}\n{fake.job()} | investor | DM open\n\nClaim {offer} today only!!! {site}",
        f"Hello dear, I am {fake.first_name()}. Make $5000 weekly with {offer}. Message me: {site}",
        f"🔥 {offer.upper()} 🔥 Only {rng.randint(3, 50)} spots left. Register now {site}",
        f"{fake.user_name()}\nFollow back 100%\n\nCongrats! You won {offer}. Verify at {site}",
    ]
    return rng.choice(templates)


def markov_bots(corpus: list[tuple[str, str]], count: int) -> list[tuple[str, str]]:
    """Generated sentences as ("markovify", text), none of them a copy of a human text."""
    import markovify  # heavy; imported only when this pack is built

    model = markovify.Text(" ".join(t for _, t in corpus), state_size=2)
    known = {t for _, t in corpus}
    joined = "\n".join(known)
    bots: list[tuple[str, str]] = []
    while len(bots) < count:
        sentence = model.make_short_sentence(180, min_chars=40, tries=100, max_overlap_ratio=0.6)
        # A sentence lifted whole from a fortune would be a human text labelled "bot": unfair as gold.
        if sentence and sentence not in joined and sentence not in known and not BLOCKED.search(sentence):
            known.add(sentence)
            bots.append(("markovify", sentence))
    return bots


def build(out: Path, share: float) -> tuple[PackManifest, list[PackItem]]:
    from faker import Faker

    rng = random.Random(SEED)
    random.seed(SEED)  # markovify draws from the global generator
    Faker.seed(SEED)
    fake = Faker("en_US")
    corpus = fortunes()
    # The human sample is drawn before any bot text: the draws from rng must keep this order.
    humans = rng.sample(corpus, 160)
    bots = markov_bots(corpus, 120)
    bots += [("faker-template", spam(fake, rng)) for _ in range(40)]
    rows = [(f"fortunes:{c}", t, "human") for c, t in humans] + [(s, t, "bot") for s, t in bots]
    rng.shuffle(rows)
    ids = [f"bon-{n:04d}" for n in range(len(rows))]
    gold = pick_gold(ids, share, seed="bot_or_not")
    items = [PackItem(i, t, None, (), a, i in gold, s) for i, (s, t, a) in zip(ids, rows, strict=True)]
    m = manifest(
        "Bot or not",
        TaskKind.BOT_OR_NOT,
        "Was this written by a human or by a bot?",
        [("human", "Human"), ("bot", "Bot")],
        "BSD-3-Clause (human texts); generated texts: CC0-1.0",
        "Human texts: Debian fortune collections (fortune-mod). Bot texts generated with markovify "
        "and Faker. See assets/ATTRIBUTION.md.",
    )
    return m, items
