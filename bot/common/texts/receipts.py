"""/why: the receipt of a settled answer."""

from __future__ import annotations

from bot.common.texts.i18n import N_, _
from bot.common.texts.words import count
from core.types import (
    ReceiptFacts,
)

# --- /why: the receipt of a settled answer ---
USAGE_WHY = N_("Use /why <task number>, e.g. /why 42.")
WHY_OPTION = N_("the task number")


def why(facts: ReceiptFacts) -> str:
    if facts.label is None:
        decided = _("No consensus was reached ({confidence:.0%} at most), so nobody was paid for it.").format(
            confidence=facts.confidence
        )
    else:
        decided = _("The crowd decided: {label} ({confidence:.0%} sure).").format(
            label=facts.label, confidence=facts.confidence
        )
    verdict = _("✅ You agreed: earned {points}.") if facts.agreed else _("❌ You differed: earned {points}.")
    return "\n".join(
        [
            _("🧾 Task {task}: you answered {answer}.").format(task=facts.task_id, answer=facts.answer),
            decided,
            verdict.format(points=count(facts.earned, "point")),
            standing(facts),
            _("How: {how}").format(how=how(facts)),
        ]
    )


def standing(facts: ReceiptFacts) -> str:
    """A weight too small to print as a number is said in words: a newcomer's share grows with their checks."""
    if facts.weight < 0.005:
        return _(
            "Your share is still small: it grows as your checks prove you right ({done} of {needed} done). "
            "Reputation {reputation:.2f}."
        ).format(done=facts.checks_done, needed=facts.checks_needed, reputation=facts.reputation)
    return _("Your weight {weight:.2f}, reputation {reputation:.2f}.").format(
        weight=facts.weight, reputation=facts.reputation
    )


def how(facts: ReceiptFacts) -> str:
    if facts.label is None:
        return _("no consensus at the maximum number of answers: nobody is paid for this item")
    if not facts.agreed:
        return _("your answer {answer} differs from the consensus {label}: 0").format(
            answer=facts.answer, label=facts.label
        )
    if facts.reward == 0:
        return _("the campaign's pool could not pay this item, so it paid nobody")
    if facts.weight < 0.005:
        return _(
            "{reward} points shared by reputation × weight among those who agreed; "
            "your weight is still too small for a whole point: {earned}"
        ).format(reward=facts.reward, earned=facts.earned)
    return _(
        "{reward} × {reputation:.2f} × {weight:.2f} / {total:.2f} "
        "(your reputation × weight / winners' total) = {earned}"
    ).format(
        reward=facts.reward,
        reputation=facts.reputation,
        weight=facts.weight,
        total=facts.winners_weight,
        earned=facts.earned,
    )
