"""`chatlabel requester add|list|revoke`: the operator manages who may post jobs through the API."""

from __future__ import annotations

import argparse
from typing import TextIO

from bot.common import texts
from core.errors import GameError
from core.game.game import Game


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, help_text in texts.REQUESTER_SUBCOMMANDS.items():
        action = actions.add_parser(name, help=help_text, description=help_text)
        if name != "list":
            action.add_argument("name", help="the requester's name")
        if name == "add":
            action.add_argument("--scopes", default="", help="jobs:read jobs:write money:write (default: all)")


async def run(game: Game, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        if args.action == "add":
            issued = await game.requesters.add(args.name, args.scopes)
            print(texts.requester_added(issued.requester, issued.key), file=out)
        elif args.action == "revoke":
            print(texts.requester_revoked(await game.requesters.revoke(args.name)), file=out)
        else:
            print(texts.requester_lines(await game.requesters.list()), file=out)
    except GameError as exc:
        print(f"chatlabel: {exc.user_message}", file=err)
        return 1
    return 0
