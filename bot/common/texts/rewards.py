"""Wallets, claims and payouts. The ledger audit is the operator's terminal report and stays in English."""

from __future__ import annotations

from bot.common.texts.i18n import N_, _
from bot.common.texts.words import count
from core.types import Audit, DevFunding, Earnings

# --- rewards: wallets, claims, payouts ---


def wallet_challenge(address: str, message: str, minutes: int) -> str:
    return _(
        '✍️ To link {address}, sign this message with that wallet ("Sign message" in your wallet app) and send '
        "/wallet <signature> within {minutes}. Signing is free and authorises no transaction.\n\n{message}"
    ).format(address=address, minutes=count(minutes, "minute"), message=message)


def wallet_linked(address: str, proven: bool) -> str:
    if proven:
        return _(
            "👛 Wallet {address} verified by your signature. Your claims will be paid there. Only you can see it."
        ).format(address=address)
    return _("👛 Wallet {address} saved. Your claims will be paid there. Only you can see it.").format(address=address)


def wallet_info(address: str | None) -> str:
    if address is None:
        return _("👛 No wallet linked yet. Send /wallet <your address> to link one.")
    return _("👛 Your payout wallet: {address} (only you can see it). Send /wallet <address> to change it.").format(
        address=address
    )


def claim_made(points: int, tokens: str) -> str:
    return _(
        "🧾 Claimed {points} for {tokens}. They are paid in the next payout batch; "
        "you'll get a message with the transaction."
    ).format(points=count(points, "point"), tokens=count(tokens, "token"))


CLAIM_STATUS = {
    "pending": N_("waiting for the next batch"),
    "batched": N_("being paid"),
    "paid": N_("paid"),
    # Only the built-in test chain is adopted after a reset (it starts empty with every run).
    "reset": N_("not paid: the test chain started over, so this test payment is gone (it was never real tokens)"),
}


def claims_list(rows: list[tuple[int, str, str, str | None]]) -> str:
    """``rows``: (points, tokens, status, explorer link or transaction hash) of the player's own claims."""
    if not rows:
        return _("🧾 No claims yet. Send /claim to turn your points into tokens.")
    lines = [_("🧾 Your claims:")]
    for points, tokens, status, where in rows:
        lines.append(
            f"• {count(points, 'point')} → {count(tokens, 'token')}: {_(CLAIM_STATUS.get(status, status))}"
            + (f" ({where})" if where else "")
        )
    return "\n".join(lines)


def claim_paid(facts: dict[str, str | int | float]) -> str:
    """A CLAIM_PAID notice, with the explorer link where one is configured."""
    where = facts.get("url") or facts.get("tx") or _("recorded on chain")
    return _("💸 Your claim was paid: {tokens}. Transaction: {where}").format(
        tokens=count(str(facts.get("amount")), "token"), where=where
    )


def wallet_changed(facts: dict[str, str | int | float]) -> str:
    """A WALLET_CHANGED notice, sent to every platform the account plays on."""
    where = str(facts.get("platform") or _("another platform")).capitalize()
    return _(
        "👛 Your payout wallet was changed to {address} (from {platform}). If that wasn't you, someone "
        "has used a link code of yours: send /wallet <your address> to set it back and keep link codes private."
    ).format(address=facts.get("address"), platform=where)


PAYOUTS_RESET = N_(
    "⚠️ The payout chain was reset or replaced: payouts recorded on the previous chain are no longer there. "
    "New payouts are paused until an operator checks it."
)


# --- wallet and claim commands ---
USAGE_WALLET = N_("Use /wallet to see your wallet, /wallet <address> to link one, or /wallet <signature> to prove it.")
USAGE_CLAIM = N_("Use /claim for all your points, or /claim <points>, e.g. /claim 500.")


def dev_funded(funded: DevFunding) -> str:
    """The embedded chain's test tokens now back the game (said once, at the start that funded them)."""
    return _(
        "🏦 The built-in test chain funded the game with test tokens (not real ones): {pools:,} points in the pools "
        "of {campaigns} and {engagement:,} for check-ins, level-ups and invites."
    ).format(pools=funded.pools, campaigns=count(funded.campaigns, "shipped campaign"), engagement=funded.engagement)


def audit_report(audit: Audit) -> str:
    """Every figure of the audit, in points and tokens, and the verdict."""
    rate = audit.units_per_point

    def row(label: str, points: int) -> str:
        return f"  {label:<26}{points:>16,} points"

    verdict = "OK: the treasury covers everything owed" if audit.ok else "FAILED: " + "; ".join(_audit_failures(audit))
    return "\n".join(
        [
            "Ledger audit",
            row("requester deposits", audit.deposits),
            row("campaign pools", audit.pools),
            row("engagement budget", audit.engagement),
            row("players, pending", audit.pending),
            row("players, claimable", audit.claimable),
            row("claims awaiting payout", audit.claims),
            row("  of them paid, confirming", audit.in_flight),
            row("owed in all", audit.owed),
            f"  {'owed in token units':<26}{audit.owed_units:>16,}",
            f"  {'treasury on chain (units)':<26}{audit.held_units:>16,}",
            f"  {'unbacked':<26}{audit.unbacked_points:>16,} points",
            row("paid out so far", audit.paid),
            row("drawn from the treasury", audit.drawn),
            f"  {'ledger entries':<26}{audit.entries:>16,}",
            f"  rate: {rate.normalize():f} token units per point",
            verdict,
        ]
    )


def _audit_failures(audit: Audit) -> list[str]:
    failures = []
    if audit.owed_units > audit.held_units:
        failures.append(f"{audit.unbacked_points} points owed are not backed by the treasury")
    if not audit.balanced:
        failures.append("the book's accounts do not sum to zero")
    if not audit.cached:
        failures.append("a cached balance differs from the sum of its entries")
    if audit.overdrawn:
        failures.append(f"{audit.overdrawn} accounts are overdrawn")
    return failures


EARNED_STATUS = {
    "pending": N_("pending"),
    "paid": N_("paid"),
    "not_agreed": N_("did not agree"),
    "no_share": N_("agreed, no share"),
}


def earnings(facts: Earnings) -> str:
    """Pending and claimable apart, then the latest settled tasks with their points."""
    balances = facts.balances
    lines = [
        _("💰 Earned in all: {earned} points · pending: {pending} · claimable: {claimable}").format(
            earned=balances.earned, pending=balances.pending, claimable=balances.claimable
        ),
        _(
            "Pending points wait out the settlement window (and check-in, level and invite rewards wait until you "
            "reach the next level); then they become claimable with /claim."
        ),
    ]
    if not facts.tasks:
        lines.append(_("No settled tasks yet: your answers pay once the crowd agrees."))
    for task in facts.tasks:
        points = f"+{task.points}" if task.points else "0"
        status = _(EARNED_STATUS.get(task.status, task.status))
        lines.append(f"#{task.task_id} {task.campaign}: {points} ({status})")
    return "\n".join(lines)
