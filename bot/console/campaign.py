"""`chatlabel campaign ...`: the admin use cases from a terminal, with progress bars for imports and exports.

The caller is a console identity (`--as NAME`, default the login name); only names listed in `[admins] console`
may run these, exactly as the chat commands check Telegram and Discord admins.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO, get_args

from bot.common import texts
from core.errors import GameError
from core.game.game import Game
from core.types import ExportFormat, PackForm, UserRef

ACTIONS = ("new", "set", "import", "start", "pause", "resume", "close", "stats", "export", "fund", "appeals", "review")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as", dest="admin", default=None, help="the console admin name (default: login name)")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    new = actions.add_parser("new", help="create a draft campaign")
    new.add_argument("name")
    new.add_argument("--kind", required=True, help=texts.CAMPAIGN_KINDS)
    new.add_argument("--question", required=True)
    new.add_argument("--choices", required=True, help='"key=Label,key=Label" or "a,b,c"')
    setter = actions.add_parser("set", help="change one term: overlap, gold rate, reward, deadline, ...")
    setter.add_argument("name")
    setter.add_argument("field")
    setter.add_argument("value")
    load = actions.add_parser("import", help="import a pack: a folder, a ZIP, class folders or a CSV of image links")
    load.add_argument("name")
    load.add_argument("source", type=Path)
    load.add_argument("--form", choices=get_args(PackForm), default=None)
    fund = actions.add_parser("fund", help="move tokens from the treasury into a campaign's pool (admins)")
    fund.add_argument("name")
    fund.add_argument("tokens", help="how many tokens, e.g. 25 or 12.5 (whole points at [rewards] tokens_per_point)")
    for status in ("start", "pause", "resume", "close", "stats"):
        actions.add_parser(status, help=f"{status} a campaign").add_argument("name")
    actions.add_parser("appeals", help=texts.CAMPAIGN_SUBCOMMANDS["appeals"]).add_argument("name")
    review = actions.add_parser("review", help=texts.CAMPAIGN_SUBCOMMANDS["review"])
    review.add_argument("name")
    review.add_argument("player", type=int, help=texts.OPTION_HELP["player"])
    review.add_argument("decision", choices=["reinstate", "uphold"], help=texts.OPTION_HELP["decision"])
    gold = actions.add_parser("gold", help="retire a check, or correct its known answer with --answer")
    gold.add_argument("name")
    gold.add_argument("item", help="the check's id, as stats list it")
    gold.add_argument("--answer", default=None, help="the corrected known answer (a choice key)")
    out = actions.add_parser("export", help="write the results")
    out.add_argument("name")
    out.add_argument("format", choices=[f.value for f in ExportFormat])
    out.add_argument("--out", type=Path, default=None, help="file to write (default: under the data dir)")


class ProgressBar:
    """`progress(done, total)` callbacks drawn as one self-updating line on stderr."""

    def __init__(self, label: str, stream: TextIO | None = None, width: int = 30) -> None:
        self.label, self.stream, self.width = label, stream or sys.stderr, width

    def __call__(self, done: int, total: int) -> None:
        share = done / total if total else 1.0
        filled = round(share * self.width)
        bar = "█" * filled + "·" * (self.width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {share:4.0%} {done:,}/{total:,}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


async def run(game: Game, args: argparse.Namespace, admin: str, out: TextIO | None = None) -> int:
    user = UserRef("console", admin, admin)
    out = out or sys.stdout
    try:
        print(await _act(game, args, user), file=out)
    except GameError as exc:
        print(exc.user_message, file=out)
        return 1
    return 0


async def _act(game: Game, args: argparse.Namespace, user: UserRef) -> str:
    admin = game.campaigns
    if args.action == "new":
        info = await admin.create(user, name=args.name, kind=args.kind, question=args.question, choices=args.choices)
        return texts.campaign_info(info)
    if args.action == "set":
        return texts.campaign_info(await admin.update(user, args.name, **{args.field: args.value}))
    if args.action == "gold" and args.answer is None:
        return texts.gold_changed(await admin.retire_gold(user, args.name, args.item))
    if args.action == "gold":
        return texts.gold_changed(await admin.correct_gold(user, args.name, args.item, args.answer))
    if args.action == "import":
        form: PackForm = args.form or ("zip" if args.source.suffix.lower() == ".zip" else "folder")
        result = await admin.import_pack(user, args.name, args.source, form=form, progress=ProgressBar("import"))
        return texts.pack_imported(result)
    if args.action == "fund":
        return texts.funded(await game.economy.fund(user, args.name, args.tokens))
    if args.action == "stats":
        return texts.campaign_stats(await admin.stats(user, args.name))
    if args.action == "appeals":
        return texts.appeals_list(args.name, await admin.appeals(user, args.name))
    if args.action == "review":
        return texts.appeal_reviewed(await admin.review(user, args.name, args.player, args.decision == "reinstate"))
    if args.action == "export":
        written = await admin.export(user, args.name, args.format, dest=args.out, progress=ProgressBar("export"))
        return texts.export_written(written)
    change: Any = getattr(admin, args.action)
    return texts.campaign_info(await change(user, args.name))
