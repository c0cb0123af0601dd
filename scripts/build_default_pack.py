"""Build the default content packs under assets/packs/ and assets/ATTRIBUTION.md, deterministically.

Sources are registry packages, needed only to rebuild (the output is committed):
  Debian: fortunes fortunes-min wordnet-base dataset-fashion-mnist
  PyPI:   scikit-learn (also the classifier that filters the bot-or-not texts)
Run: python scripts/build_default_pack.py [--gold-share 0.3] [--out assets/packs] [--only bot_or_not]
Each pack's builder lives in scripts/packs/; this file runs them and writes and checks the result.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

# Run as a script, so the repository root (for `core`) is not on the path; this folder (for `packs`) is.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from packs import BUILDERS
from packs.licences import check_licences, write_attribution

from core.content import load_pack, write_pack

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold-share", type=float, default=0.3, help="share of items used as gold")
    parser.add_argument("--out", type=Path, default=ROOT / "assets" / "packs")
    parser.add_argument("--only", choices=list(BUILDERS), default=None, help="rebuild this pack alone")
    args = parser.parse_args(argv)
    # Before anything is written: a package whose licence changed must not end up in the shipped packs.
    check_licences(args.only)
    for name, build in BUILDERS.items():
        if args.only is not None and name != args.only:
            continue
        folder = args.out / name
        # Start from an empty folder so images of a previous, larger build do not linger.
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        pack_manifest, items = build(folder, args.gold_share)
        write_pack(pack_manifest, items, folder)
        # Load it back the way an upload is loaded, so a shipped pack can never be one the app would refuse.
        report = load_pack(folder)
        if report.rejected or report.pack is None:
            raise SystemExit(f"{name}: built pack does not load cleanly: {report.rejected[:3]}")
        print(f"{name}: {report.items} items, {report.gold_items} gold, {report.label_distribution}")
    write_attribution(args.out.parent / "ATTRIBUTION.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
