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
            f"Your weight {facts.weight:.2f}, reputation {facts.reputation:.2f}.",
            f"How: {facts.formula}",
        ]
    )
