"""Build the default content packs under assets/packs/ and assets/ATTRIBUTION.md, deterministically.

Sources are registry packages, needed only to rebuild (the output is committed):
  Debian: fortunes fortunes-min wordnet-base dataset-fashion-mnist
  PyPI:   markovify faker scikit-learn
Run: python scripts/build_default_pack.py [--gold-share 0.3]
"""

from __future__ import annotations

import argparse
import gzip
import random
import re
import shutil
import sys
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.content import ChoiceSpec, PackItem, PackManifest, load_pack, pick_gold, write_pack
from core.types import TaskKind

ROOT = Path(__file__).resolve().parents[1]
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
BLOCKED = re.compile(
    r"\b(sex\w*|god|jesus|hell|damn|kill\w*|dead|death|die[sd]?|drunk\w*|beer|whisk\w*|"
    r"wom[ae]n|girl\w*|wife|gun\w*|war|nigger|fat|stupid|idiot)\b",
    re.I,
)
WORDNET = Path("/usr/share/wordnet")
FASHION = Path("/usr/share/datasets/fashion-mnist")
# Shirt and coat are left out: people confuse them with t-shirt and pullover, which would make unfair gold.
FASHION_CLASSES = {
    0: ("tshirt", "T-shirt"),
    1: ("trouser", "Trousers"),
    2: ("pullover", "Pullover"),
    3: ("dress", "Dress"),
    5: ("sandal", "Sandal"),
    7: ("sneaker", "Sneaker"),
    8: ("bag", "Bag"),
    9: ("boot", "Ankle boot"),
}
SEED = 20240601


# (package, registry, licence, what it gives, text that must appear in the package's licence statement)
SOURCES = [
    (
        "fortunes, fortunes-min",
        "Debian",
        "BSD-3-Clause (fortune-mod)",
        "human texts of the bot-or-not pack",
        "/usr/share/doc/fortunes/copyright",
        "Redistribution and use in source and binary forms",
    ),
    (
        "wordnet-base",
        "Debian",
        "WordNet 3.0 licence (permissive, notice required)",
        "definitions (comparison)",
        "/usr/share/doc/wordnet-base/copyright",
        "WordNet 3.0 Copyright 2006 by Princeton University",
    ),
    (
        "dataset-fashion-mnist",
        "Debian",
        "MIT (Expat), Copyright 2017 Zalando SE",
        "clothing images",
        "/usr/share/doc/dataset-fashion-mnist/copyright",
        "License: Expat",
    ),
    (
        "scikit-learn",
        "PyPI",
        "BSD-3-Clause; its digits data: UCI Optical Recognition of Handwritten Digits, CC BY 4.0",
        "handwritten digit images (binary and numeric packs)",
        "scikit-learn",
        "BSD",
    ),
    (
        "markovify",
        "PyPI",
        "MIT",
        "generated bot texts (its output is not covered by its licence)",
        "markovify",
        "MIT",
    ),
    (
        "Faker",
        "PyPI",
        "MIT",
        "fake names and profiles in spam texts, links on .example domains",
        "Faker",
        "MIT",
    ),
]


def licence_statement(where: str) -> str:
    from importlib import metadata

    if where.startswith("/"):
        return Path(where).read_text(encoding="utf-8", errors="replace")
    meta = metadata.metadata(where)
    return " ".join(
        [meta.get("License-Expression") or "", meta.get("License") or "", *meta.get_all("Classifier", [])]
    )


def check_licences() -> None:
    """Stop the build if any source package no longer states the licence listed for it."""
    for package, _, _, _, where, marker in SOURCES:
        if marker not in licence_statement(where):
            raise SystemExit(f"licence of {package} changed or cannot be read: {marker!r} not in {where}")


def write_attribution(path: Path) -> None:
    lines = [
        "# Attribution of the default content packs",
        "",
        "The packs under `assets/packs/` are built by `scripts/build_default_pack.py` from these packages. "
        "Their licences were checked against each package's own licence statement at build time.",
        "",
        "| package | registry | licence | used for |",
        "| --- | --- | --- | --- |",
    ]
    lines += [f"| {p} | {r} | {lic} | {use} |" for p, r, lic, use, _, _ in SOURCES]
    lines += [
        "",
        "Notices:",
        "",
        "- WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. THIS SOFTWARE AND "
        'DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES, '
        "EXPRESS OR IMPLIED.",
        "- Fashion-MNIST: Copyright (c) 2017 Zalando SE, MIT licence.",
        "- Handwritten digits: E. Alpaydin and C. Kaynak, Optical Recognition of Handwritten Digits, UCI "
        "Machine Learning Repository (CC BY 4.0); images enlarged and inverted.",
        "- fortune-mod: Copyright (c) 1991 The Regents of the University of California, BSD licence; "
        "texts filtered to short, general collections, attributions removed.",
        "- Bot texts are machine-generated; all names and links in them are fake, links use the "
        "reserved `.example` domain.",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def manifest(
    name: str, kind: TaskKind, question: str, choices: list[tuple[str, str]], licence: str, attribution: str
) -> PackManifest:
    specs = tuple(ChoiceSpec(k, v) for k, v in choices)
    return PackManifest(name, "1", kind, question, specs, licence, attribution)


def fortunes() -> list[tuple[str, str]]:
    """Short one-paragraph fortunes as (collection, text), attributions removed."""
    found: dict[str, str] = {}
    for collection in FORTUNE_FILES:
        for block in (FORTUNES / collection).read_text(encoding="latin-1").split("\n%\n"):
            lines = [ln for ln in block.splitlines() if not re.match(r"^\s*--", ln)]
            text = re.sub(r"\s+", " ", " ".join(lines)).strip()
            if 40 <= len(text) <= 200 and text.isascii() and not BLOCKED.search(text) and ":" not in text:
                found.setdefault(text, collection)
    return sorted((c, t) for t, c in found.items())


def spam(fake: object, rng: random.Random) -> str:
    """A template bot post or profile; every link points at a reserved .example domain."""
    site = f"https://{fake.domain_word()}.example/{fake.slug()}"  # type: ignore[attr-defined]
    offers = [
        "free crypto airdrop",
        "10x trading signals",
        "a work-from-home job",
        "cheap followers",
        "a giveaway of 500 USDT",
        "an exclusive NFT mint",
    ]
    offer = rng.choice(offers)
    templates = [
        f"{fake.name()}\n{fake.job()} | investor | DM open\n\nClaim {offer} today only!!! {site}",  # type: ignore[attr-defined]
        f"Hello dear, I am {fake.first_name()}. Make $5000 weekly with {offer}. Message me: {site}",  # type: ignore[attr-defined]
        f"🔥 {offer.upper()} 🔥 Only {rng.randint(3, 50)} spots left. Register now {site}",
        f"{fake.user_name()}\nFollow back 100%\n\nCongrats! You won {offer}. Verify at {site}",  # type: ignore[attr-defined]
    ]
    return rng.choice(templates)


def bot_or_not(out: Path, share: float) -> tuple[PackManifest, list[PackItem]]:
    import markovify
    from faker import Faker

    rng = random.Random(SEED)
    random.seed(SEED)  # markovify draws from the global generator
    Faker.seed(SEED)
    fake = Faker("en_US")
    corpus = fortunes()
    model = markovify.Text(" ".join(t for _, t in corpus), state_size=2)
    humans = rng.sample(corpus, 160)
    bots: list[tuple[str, str]] = []
    known = {t for _, t in corpus}
    joined = "\n".join(known)
    while len(bots) < 120:
        sentence = model.make_short_sentence(180, min_chars=40, tries=100, max_overlap_ratio=0.6)
        # A sentence lifted whole from a fortune would be a human text labelled "bot": unfair as gold.
        if sentence and sentence not in joined and sentence not in known and not BLOCKED.search(sentence):
            known.add(sentence)
            bots.append(("markovify", sentence))
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


def save(image: Image.Image, out: Path, name: str) -> Path:
    path = out / "images" / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format="PNG", optimize=True)
    return path


def digit_image(pixels: np.ndarray, size: int) -> Image.Image:
    """An 8x8 digit (0..16) as dark ink on white, smoothly enlarged."""
    gray = (255 - pixels.reshape(8, 8) * 255 / 16).astype(np.uint8)
    return Image.fromarray(gray, mode="L").resize((size, size), Image.Resampling.BICUBIC)


def image_binary(out: Path, share: float) -> tuple[PackManifest, list[PackItem]]:
    from sklearn.datasets import load_digits

    rng = random.Random(SEED + 1)
    digits = load_digits()
    sevens = [i for i, t in enumerate(digits.target) if t == 7]
    others = [i for i, t in enumerate(digits.target) if t != 7]
    picked = [(i, "yes") for i in rng.sample(sevens, 100)] + [(i, "no") for i in rng.sample(others, 100)]
    rng.shuffle(picked)
    ids = [f"ib-{n:04d}" for n in range(len(picked))]
    gold = pick_gold(ids, share, seed="image_binary")
    items = [
        PackItem(
            i, "", save(digit_image(digits.data[k], 96), out, i), (), a, i in gold, f"sklearn-digits:{k}"
        )
        for i, (k, a) in zip(ids, picked, strict=True)
    ]
    m = manifest(
        "Handwritten sevens",
        TaskKind.IMAGE_BINARY,
        "Is this a handwritten 7?",
        [("yes", "Yes"), ("no", "No")],
        "CC-BY-4.0",
        "Optical Recognition of Handwritten Digits (Alpaydin & Kaynak, UCI Machine Learning "
        "Repository), as shipped in scikit-learn.",
    )
    return m, items


def read_idx(name: str) -> np.ndarray:
    data = gzip.decompress((FASHION / name).read_bytes())
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * d : 8 + 4 * d], "big") for d in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def image_category(out: Path, share: float) -> tuple[PackManifest, list[PackItem]]:
    rng = random.Random(SEED + 2)
    images, labels = read_idx("t10k-images-idx3-ubyte.gz"), read_idx("t10k-labels-idx1-ubyte.gz")
    picked: list[tuple[int, str]] = []
    for label, (key, _) in FASHION_CLASSES.items():
        indices = [i for i, t in enumerate(labels) if t == label]
        picked += [(i, key) for i in rng.sample(indices, 30)]
    rng.shuffle(picked)
    ids = [f"ic-{n:04d}" for n in range(len(picked))]
    gold = pick_gold(ids, share, seed="image_category")
    items = []
    for i, (k, key) in zip(ids, picked, strict=True):
        image = Image.fromarray(255 - images[k], mode="L").resize((84, 84), Image.Resampling.LANCZOS)
        items.append(PackItem(i, "", save(image, out, i), (), key, i in gold, f"fashion-mnist-t10k:{k}"))
    m = manifest(
        "Clothing",
        TaskKind.IMAGE_CATEGORY,
        "What is shown in this picture?",
        list(FASHION_CLASSES.values()),
        "MIT",
        "Fashion-MNIST, Copyright 2017 Zalando SE (MIT licence).",
    )
    return m, items


def wordnet_definitions(count: int, rng: random.Random) -> list[tuple[str, str]]:
    """Familiar single nouns with the first sense's definition, from WordNet's index and data files."""
    candidates: list[tuple[str, int]] = []
    for line in (WORDNET / "index.noun").read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):
            continue
        fields = line.split()
        lemma, pointers = fields[0], int(fields[3])
        tagged, offsets = int(fields[5 + pointers]), fields[6 + pointers :]
        if lemma.isalpha() and lemma.islower() and 4 <= len(lemma) <= 10 and tagged >= 2 and offsets:
            candidates.append((lemma, int(offsets[0])))
    data = (WORDNET / "data.noun").read_bytes()
    found: list[tuple[str, str]] = []
    for lemma, offset in rng.sample(candidates, len(candidates)):
        line = data[offset : data.index(b"\n", offset)].decode("latin-1")
        gloss = line.split(" | ", 1)[1].split(";")[0].strip()
        if 15 <= len(gloss) <= 120 and lemma not in gloss.lower() and not BLOCKED.search(gloss):
            found.append((lemma, gloss))
        if len(found) == count:
            break
    return found


def comparison(out: Path, share: float) -> tuple[PackManifest, list[PackItem]]:
    rng = random.Random(SEED + 3)
    pairs = wordnet_definitions(200, rng)
    items = []
    ids = [f"cmp-{n:04d}" for n in range(len(pairs))]
    gold = pick_gold(ids, share, seed="comparison")
    for n, (i, (word, right)) in enumerate(zip(ids, pairs, strict=True)):
        wrong = pairs[(n + rng.randrange(1, len(pairs))) % len(pairs)][1]
        answer = rng.choice(["a", "b"])
        answers = (right, wrong) if answer == "a" else (wrong, right)
        items.append(
            PackItem(i, f"What does “{word}” mean?", None, answers, answer, i in gold, "wordnet-3.0")
        )
    m = manifest(
        "Definitions",
        TaskKind.COMPARISON,
        "Which is the right definition?",
        [("a", "A"), ("b", "B")],
        "WordNet-3.0",
        "WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.",
    )
    return m, items


def numeric(out: Path, share: float) -> tuple[PackManifest, list[PackItem]]:
    from sklearn.datasets import load_digits

    rng = random.Random(SEED + 4)
    digits = load_digits()
    ids = [f"num-{n:04d}" for n in range(60)]
    gold = pick_gold(ids, share, seed="numeric")
    items = []
    for i in ids:
        count = rng.randint(1, 9)
        canvas = Image.new("L", (120, 120), 255)
        for cell in rng.sample(range(9), count):
            tile = digit_image(digits.data[rng.randrange(len(digits.data))], 32)
            canvas.paste(tile, (4 + 40 * (cell % 3), 4 + 40 * (cell // 3)))
        items.append(PackItem(i, "", save(canvas, out, i), (), str(count), i in gold, "sklearn-digits"))
    m = manifest(
        "Counting digits",
        TaskKind.NUMERIC,
        "How many digits are in this picture?",
        [(str(n), str(n)) for n in range(1, 10)],
        "CC-BY-4.0",
        "Optical Recognition of Handwritten Digits (UCI), as shipped in scikit-learn.",
    )
    return m, items


BUILDERS = {
    "bot_or_not": bot_or_not,
    "image_binary": image_binary,
    "image_category": image_category,
    "comparison": comparison,
    "numeric": numeric,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold-share", type=float, default=0.3, help="share of items used as gold")
    parser.add_argument("--out", type=Path, default=ROOT / "assets" / "packs")
    args = parser.parse_args(argv)
    check_licences()
    for name, build in BUILDERS.items():
        folder = args.out / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        pack_manifest, items = build(folder, args.gold_share)
        write_pack(pack_manifest, items, folder)
        report = load_pack(folder)
        if report.rejected or report.pack is None:
            raise SystemExit(f"{name}: built pack does not load cleanly: {report.rejected[:3]}")
        print(f"{name}: {report.items} items, {report.gold_items} gold, {report.label_distribution}")
    write_attribution(args.out.parent / "ATTRIBUTION.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
