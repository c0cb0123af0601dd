"""/appeal: a paused player asks for a review; `/campaign appeals` and `/campaign review` for the reviewers."""

from __future__ import annotations

from core.types import AppealFacts

USAGE_APPEAL = "Use /appeal <campaign number>: the number is in the message that told you your answers were paused."
APPEAL_OPTION = "the campaign's number, from the message that paused you"


def appeal_sent(facts: AppealFacts) -> str:
    return (
        f"📨 Your appeal for “{facts.campaign}” is with its moderators. They will see why you were paused "
        f"({facts.reason}) and your known-answer checks: {_record(facts)}. You will get a message when they decide."
    )


def appeals_list(campaign: str, appeals: list[AppealFacts]) -> str:
    if not appeals:
        return f"No appeals are waiting in “{campaign}”."
    lines = [f"Appeals waiting in “{campaign}” (reply /campaign review <campaign> <player> reinstate|uphold):"]
    lines += [f"• player {a.account_id} {a.player}: {a.reason}; known-answer checks {_record(a)}" for a in appeals]
    return "\n".join(lines)


def appeal_reviewed(facts: AppealFacts) -> str:
    done = "reinstated: their answers count again" if facts.status == "reinstated" else "stays paused"
    return f"✅ Player {facts.account_id} {facts.player} in “{facts.campaign}” {done}. They have been told."


def appeal_decided(campaign: str, outcome: str) -> str:
    if outcome == "reinstated":
        return f"✅ A moderator reviewed your appeal: your answers in “{campaign}” count again. Welcome back!"
    return f"A moderator reviewed your appeal and your answers in “{campaign}” stay paused."


def _record(facts: AppealFacts) -> str:
    if facts.gold_total == 0:
        return "none answered yet"
    return f"{facts.gold_right} of {facts.gold_total} right"
