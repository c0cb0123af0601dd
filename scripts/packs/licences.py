"""The source packages, the check that their licences still say what we list, and assets/ATTRIBUTION.md."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path
from typing import NamedTuple


class Source(NamedTuple):
    package: str
    registry: str
    licence: str
    use: str
    # A Debian copyright file (absolute path) or a PyPI distribution name whose metadata states the licence.
    where: str
    # Text that must appear in that statement for the listed licence to still hold.
    marker: str


SOURCES = [
    Source(
        "fortunes, fortunes-min",
        "Debian",
        "BSD-3-Clause (fortune-mod)",
        "texts of the bot-or-not pack (human ones as written; bot ones by a model learnt from them)",
        "/usr/share/doc/fortunes/copyright",
        "Redistribution and use in source and binary forms",
    ),
    Source(
        "wordnet-base",
        "Debian",
        "WordNet 3.0 licence (permissive, notice required)",
        "definitions (comparison)",
        "/usr/share/doc/wordnet-base/copyright",
        "WordNet 3.0 Copyright 2006 by Princeton University",
    ),
    Source(
        "dataset-fashion-mnist",
        "Debian",
        "MIT (Expat), Copyright 2017 Zalando SE",
        "clothing images",
        "/usr/share/doc/dataset-fashion-mnist/copyright",
        "License: Expat",
    ),
    Source(
        "scikit-learn",
        "PyPI",
        "BSD-3-Clause; its digits data: UCI Optical Recognition of Handwritten Digits, CC BY 4.0",
        "handwritten digit images (binary and numeric packs)",
        "scikit-learn",
        "BSD",
    ),
]

NOTICES = [
    "- WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. THIS SOFTWARE AND "
    'DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES, '
    "EXPRESS OR IMPLIED.",
    "- Fashion-MNIST: Copyright (c) 2017 Zalando SE, MIT licence.",
    "- Handwritten digits: E. Alpaydin and C. Kaynak, Optical Recognition of Handwritten Digits, UCI "
    "Machine Learning Repository (CC BY 4.0); images enlarged and inverted.",
    "- fortune-mod: Copyright (c) 1991 The Regents of the University of California, BSD licence; "
    "texts filtered to short, general collections, attributions removed.",
    "- Bot texts are written by the build with a word n-gram model trained on fortunes; none repeats a "
    "fortune, and they are not quotations.",
]


def licence_statement(where: str) -> str:
    if where.startswith("/"):
        return Path(where).read_text(encoding="utf-8", errors="replace")
    # Newer wheels state the licence in License-Expression, older ones in License or the classifiers.
    meta = metadata.metadata(where)
    return " ".join([meta.get("License-Expression") or "", meta.get("License") or "", *meta.get_all("Classifier", [])])


# The packages each pack is built from, so building one pack needs only its own (see --only).
PACK_SOURCES = {"bot_or_not": ("fortunes, fortunes-min",)}


def check_licences(only: str | None = None) -> None:
    """Stop the build if any source package (of the `only` pack, when given) no longer states its licence."""
    wanted = PACK_SOURCES.get(only or "")
    for source in SOURCES:
        if wanted is not None and source.package not in wanted:
            continue
        if source.marker not in licence_statement(source.where):
            raise SystemExit(
                f"licence of {source.package} changed or cannot be read: {source.marker!r} not in {source.where}"
            )


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
    lines += [f"| {s.package} | {s.registry} | {s.licence} | {s.use} |" for s in SOURCES]
    lines += ["", "Notices:", "", *NOTICES]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
