"""`chatlabel requester add|list|revoke|deposit`: the operator manages who may post jobs through the API, and
credits what they paid to their deposits."""

from __future__ import annotations

import argparse
from typing import TextIO

from bot.common import texts
from core.errors import GameError
from core.game.game import Game
from core.game.money.treasury import points_as_tokens


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, help_text in texts.REQUESTER_SUBCOMMANDS.items():
        action = actions.add_parser(name, help=help_text, description=help_text)
        if name != "list":
            action.add_argument("name", help="the requester's name")
        if name == "add":
            action.add_argument("--scopes", default="", help="jobs:read jobs:write money:write (default: all)")
        if name == "deposit":
            action.add_argument("tokens", help="how many tokens, e.g. 250 or 12.5")


async def run(game: Game, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        if args.action == "add":
            issued = await game.requesters.add(args.name, args.scopes)
            print(texts.requester_added(issued.requester, issued.key), file=out)
        elif args.action == "deposit":
            print(await _deposit(game, args.name, args.tokens), file=out)
        elif args.action == "revoke":
            print(texts.requester_revoked(await game.requesters.revoke(args.name)), file=out)
        else:
            print(texts.requester_lines(await game.requesters.list()), file=out)
    except GameError as exc:
        print(f"chatlabel: {exc.user_message}", file=err)
        return 1
    return 0


async def _deposit(game: Game, name: str, tokens: str) -> str:
    done = await game.requesters.deposit(name, tokens, game.economy.treasury)
    rules = game.deps.settings.rewards
    credited, holds = points_as_tokens(done.points, rules), points_as_tokens(done.deposit, rules)
    return texts.requester_deposited(done.requester, done.points, done.deposit, credited, holds)
