"""`chatlabel ledger ...`: the book against the treasury (`audit`), and funding the engagement reserve."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from bot.common import texts
from core.errors import GameError
from core.game.game import Game
from core.types import UserRef


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as", dest="admin", default=None, help="the console admin name (default: login name)")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("audit", help="check that the treasury on chain covers everything owed; print every figure")
    engagement = actions.add_parser("fund-engagement", help="move tokens from the treasury to the engagement reserve")
    engagement.add_argument("tokens", help="how many tokens, e.g. 100 (whole points at [rewards] tokens_per_point)")


async def run(game: Game, args: argparse.Namespace, admin: str, out: TextIO | None = None) -> int:
    """0 when the audit passes (or the funding went in); 1 otherwise."""
    out = out or sys.stdout
    try:
        if args.action == "audit":
            audit = await game.economy.audit()
            print(texts.audit_report(audit), file=out)
            return 0 if audit.ok else 1
        funded = await game.economy.fund_engagement(UserRef("console", admin, admin), args.tokens)
        print(texts.funded(funded), file=out)
        return 0
    except GameError as exc:
        print(exc.user_message, file=out)
        return 1
