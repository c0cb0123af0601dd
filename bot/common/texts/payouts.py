"""The operator's payout commands (`chatlabel payouts ...`): what is at risk and what a command will do.

The commands are the operator's terminal and stay in English; the alerts are chat notices, in the admin's language.
"""

from __future__ import annotations

from bot.common.texts.i18n import N_, _

# --- payouts: operator commands ---

PAYOUT_SUBCOMMANDS: dict[str, str] = {
    "status": "what is paid, waiting and at risk, and what `recover` or `repay` would do",
    "recover": "rebroadcast stored payouts a reorg dropped; sign anew batches provably not on chain",
    "repay": "after a replaced or rewound chain: pay again, on the new chain, exactly the claims it lacks",
}

PAYOUT_ACTIONS = {
    "rebroadcast": "rebroadcast its stored transaction {tx} (its nonce is still free)",
    "resign": "sign it anew under the same batch id (its nonce was taken; it is not on chain)",
    "repay": "pay it anew on this chain under the same batch id (this chain does not hold it)",
}


def payout_status(problem: str | None, claims: dict[str, int], open_batches: int, unpaid: str, treasury: str) -> str:
    head = f"⛔ Payouts stopped: {problem}" if problem else "✅ Payouts run on the recorded chain."
    counts = ", ".join(f"{state} {count}" for state, count in sorted(claims.items())) or "none"
    return f"{head}\nClaims: {counts}. Open batches: {open_batches}.\nUnpaid: {unpaid} tokens. Treasury: {treasury}."


def payout_action(kind: str, batch: int, claims: int, tokens: str, tx: str | None) -> str:
    return f"  batch {batch} ({claims} claims, {tokens} tokens): " + PAYOUT_ACTIONS[kind].format(tx=tx or "")


def payout_plan(command: str, lines: list[str]) -> str:
    if not lines:
        return f"Nothing for `{command}` to do."
    return f"`{command}` will:\n" + "\n".join(lines)


PAYOUTS_CONFIRM = "Nothing was changed. Run again with --yes to do it."
PAYOUTS_NOT_STOPPED = "The chain is the recorded one: nothing to repay. See `chatlabel payouts recover` instead."
PAYOUTS_OFF = "Payouts are off (no payout key, CHATLABEL_PAYOUT_KEY): nothing to do."
TREASURY_UNKNOWN = "unknown (not readable)"
PAYOUTS_BUSY = "The payout service is in the middle of a step; run the command again in a moment."

PAYOUT_ALERTS = {
    "batch_refused": N_("a payout batch was refused by the check before paying"),
    "batch_retried": N_("a payout batch is signed anew (none of its transactions is on chain)"),
    "batch_split": N_("a payout batch was too big for a block and was split"),
    "batch_vanished": N_("a confirmed payout is no longer on chain (a deep reorg); it was resent"),
    "chain_reset": N_("payouts stopped: the chain is not the one they were recorded on"),
}


def payout_alert(facts: dict[str, str | int | float]) -> str:
    """A PAYOUT_ALERT notice, for the chat admins."""
    what = _(PAYOUT_ALERTS.get(str(facts.get("event")), str(facts.get("event"))))
    batch = " " + _("(batch {batch})").format(batch=facts.get("batch")) if facts.get("batch") else ""
    return _("⚠️ Payouts: {what}{batch}. {detail}\nSee `chatlabel payouts status`.").format(
        what=what, batch=batch, detail=facts.get("detail", "")
    )
