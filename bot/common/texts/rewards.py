"""Wallets, claims and payouts."""

from __future__ import annotations

from bot.common.texts.words import count
from core.types import Audit, DevFunding, Earnings

# --- rewards: wallets, claims, payouts ---


def wallet_challenge(address: str, message: str, minutes: int) -> str:
    return (
        f'✍️ To link {address}, sign this message with that wallet ("Sign message" in your wallet app) and send '
        f"/wallet <signature> within {minutes} minutes. Signing is free and authorises no transaction.\n\n{message}"
    )


def wallet_linked(address: str, proven: bool) -> str:
    how = "verified by your signature" if proven else "saved"
    return f"👛 Wallet {address} {how}. Your claims will be paid there. Only you can see it."


def wallet_info(address: str | None) -> str:
    if address is None:
        return "👛 No wallet linked yet. Send /wallet <your address> to link one."
    return f"👛 Your payout wallet: {address} (only you can see it). Send /wallet <address> to change it."


def claim_made(points: int, tokens: str) -> str:
    return (
        f"🧾 Claimed {count(points, 'point')} for {count(tokens, 'token')}. They are paid in the next payout batch; "
        "you'll get a message with the transaction."
    )


CLAIM_STATUS = {
    "pending": "waiting for the next batch",
    "batched": "being paid",
    "paid": "paid",
    # Only the built-in test chain is adopted after a reset (it starts empty with every run).
    "reset": "not paid: the test chain started over, so this test payment is gone (it was never real tokens)",
}


def claims_list(rows: list[tuple[int, str, str, str | None]]) -> str:
    """``rows``: (points, tokens, status, explorer link or transaction hash) of the player's own claims."""
    if not rows:
        return "🧾 No claims yet. Send /claim to turn your points into tokens."
    lines = ["🧾 Your claims:"]
    for points, tokens, status, where in rows:
        lines.append(
            f"• {count(points, 'point')} → {count(tokens, 'token')}: {CLAIM_STATUS.get(status, status)}"
            + (f" ({where})" if where else "")
        )
    return "\n".join(lines)


def claim_paid(facts: dict[str, str | int | float]) -> str:
    """A CLAIM_PAID notice, with the explorer link where one is configured."""
    where = facts.get("url") or facts.get("tx") or "recorded on chain"
    return f"💸 Your claim was paid: {count(str(facts.get('amount')), 'token')}. Transaction: {where}"


def wallet_changed(facts: dict[str, str | int | float]) -> str:
    """A WALLET_CHANGED notice, sent to every platform the account plays on."""
    where = str(facts.get("platform") or "another platform").capitalize()
    return (
        f"👛 Your payout wallet was changed to {facts.get('address')} (from {where}). If that wasn't you, someone "
        "has used a link code of yours: send /wallet <your address> to set it back and keep link codes private."
    )


PAYOUTS_RESET = (
    "⚠️ The payout chain was reset or replaced: payouts recorded on the previous chain are no longer there. "
    "New payouts are paused until an operator checks it."
)


# --- wallet and claim commands ---
USAGE_WALLET = "Use /wallet to see your wallet, /wallet <address> to link one, or /wallet <signature> to prove it."
USAGE_CLAIM = "Use /claim for all your points, or /claim <points>, e.g. /claim 500."


def dev_funded(funded: DevFunding) -> str:
    """The embedded chain's test tokens now back the game (said once, at the start that funded them)."""
    return (
        f"🏦 The built-in test chain funded the game with test tokens (not real ones): {funded.pools:,} points in "
        f"the pools of {count(funded.campaigns, 'shipped campaign')} and {funded.engagement:,} for check-ins, "
        "level-ups and invites."
    )


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
    "pending": "pending",
    "paid": "paid",
    "not_agreed": "did not agree",
    "no_share": "agreed, no share",
}


def earnings(facts: Earnings) -> str:
    """Pending and claimable apart, then the latest settled tasks with their points."""
    balances = facts.balances
    lines = [
        f"💰 Earned in all: {balances.earned} points · pending: {balances.pending} · claimable: {balances.claimable}",
        "Pending points wait out the settlement window (and check-in, level and invite rewards wait until you "
        "reach the next level); then they become claimable with /claim.",
    ]
    if not facts.tasks:
        lines.append("No settled tasks yet: your answers pay once the crowd agrees.")
    for task in facts.tasks:
        points = f"+{task.points}" if task.points else "0"
        lines.append(f"#{task.task_id} {task.campaign}: {points} ({EARNED_STATUS.get(task.status, task.status)})")
    return "\n".join(lines)
