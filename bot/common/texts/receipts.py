"""/why: the receipt of a settled answer."""

from __future__ import annotations

from bot.common.texts.words import count
from core.types import (
    ReceiptFacts,
)

# --- /why: the receipt of a settled answer ---
USAGE_WHY = "Use /why <task number>, e.g. /why 42."
WHY_OPTION = "the task number"


def why(facts: ReceiptFacts) -> str:
    if facts.label is None:
        decided = f"No consensus was reached ({facts.confidence:.0%} at most), so nobody was paid for it."
    else:
        decided = f"The crowd decided: {facts.label} ({facts.confidence:.0%} sure)."
    verdict = "✅ You agreed" if facts.agreed else "❌ You differed"
    return "\n".join(
        [
            f"🧾 Task {facts.task_id}: you answered {facts.answer}.",
            decided,
            f"{verdict}: earned {count(facts.earned, 'point')}.",
            standing(facts),
            f"How: {how(facts)}",
        ]
    )


def standing(facts: ReceiptFacts) -> str:
    """A weight too small to print as a number is said in words: a newcomer's share grows with their checks."""
    if facts.weight < 0.005:
        return (
            f"Your share is still small: it grows as your checks prove you right "
            f"({facts.checks_done} of {facts.checks_needed} done). Reputation {facts.reputation:.2f}."
        )
    return f"Your weight {facts.weight:.2f}, reputation {facts.reputation:.2f}."


def how(facts: ReceiptFacts) -> str:
    if facts.label is None:
        return "no consensus at the maximum number of answers: nobody is paid for this item"
    if not facts.agreed:
        return f"your answer {facts.answer} differs from the consensus {facts.label}: 0"
    if facts.reward == 0:
        return "the campaign's pool could not pay this item, so it paid nobody"
    if facts.weight < 0.005:
        return (
            f"{facts.reward} points shared by reputation × weight among those who agreed; "
            f"your weight is still too small for a whole point: {facts.earned}"
        )
    return (
        f"{facts.reward} × {facts.reputation:.2f} × {facts.weight:.2f} / {facts.winners_weight:.2f} "
        f"(your reputation × weight / winners' total) = {facts.earned}"
    )
