"""`chatlabel payouts status|recover|repay`: the operator's view and way on after a chain fault.

Each command prints what it will do; only with `--yes` does it act.
"""

from __future__ import annotations

import argparse
from typing import TextIO

from bot.common import texts
from core.game.claims import format_tokens
from wallet import recovery
from wallet.run import Run


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, help_text in texts.PAYOUT_SUBCOMMANDS.items():
        action = actions.add_parser(name, help=help_text, description=help_text)
        if name != "status":
            action.add_argument("--yes", action="store_true", help="act (without it, only show the plan)")


async def run(payout_run: Run, args: argparse.Namespace, out: TextIO) -> int:
    """Show the status or a plan, and carry the plan out with --yes."""
    decimals = payout_run.settings.rewards.token_decimals
    if args.action == "status":
        found = await recovery.status(payout_run)
        treasury = (
            texts.TREASURY_UNKNOWN if found.treasury_units is None else format_tokens(found.treasury_units, decimals)
        )
        unpaid = format_tokens(found.unpaid_units, decimals)
        print(texts.payout_status(found.chain_problem, found.claims, found.open_batches, unpaid, treasury), file=out)
        command = "repay" if found.chain_problem else "recover"
        print(texts.payout_plan(command, _lines(found.actions, decimals)), file=out)
        return 0
    if args.action == "repay":
        _record, _identity, problem = await recovery.identity.inspect(payout_run)
        if problem is None:
            print(texts.PAYOUTS_NOT_STOPPED, file=out)
            return 0
    plan = await (recovery.plan_repay if args.action == "repay" else recovery.plan_recover)(payout_run)
    print(texts.payout_plan(args.action, _lines(plan, decimals)), file=out)
    if not args.yes:
        print(texts.PAYOUTS_CONFIRM, file=out)
        return 0
    act = recovery.repay if args.action == "repay" else recovery.recover
    for step in await act(payout_run, plan):
        print(step, file=out)
    return 0


def _lines(actions: tuple[recovery.Action, ...] | list[recovery.Action], decimals: int) -> list[str]:
    return [
        texts.payout_action(a.kind.value, a.batch, a.claims, format_tokens(a.units, decimals), a.tx_hash)
        for a in actions
    ]
