"""/appeal: a paused player asks for a review; `/campaign appeals` and `/campaign review` for the reviewers."""

from __future__ import annotations

from bot.common.texts.i18n import N_, _
from core.types import AppealFacts

USAGE_APPEAL = N_("Use /appeal <campaign number>: the number is in the message that told you your answers were paused.")
APPEAL_OPTION = N_("the campaign's number, from the message that paused you")


def appeal_sent(facts: AppealFacts) -> str:
    return _(
        "📨 Your appeal for “{campaign}” is with its moderators. They will see why you were paused ({reason}) and "
        "your known-answer checks: {record}. You will get a message when they decide."
    ).format(campaign=facts.campaign, reason=facts.reason, record=_record(facts))


def appeals_list(campaign: str, appeals: list[AppealFacts]) -> str:
    if not appeals:
        return _("No appeals are waiting in “{campaign}”.").format(campaign=campaign)
    lines = [
        _("Appeals waiting in “{campaign}” (reply /campaign review <campaign> <player> reinstate|uphold):").format(
            campaign=campaign
        )
    ]
    lines += [
        _("• player {id} {player}: {reason}; known-answer checks {record}").format(
            id=a.account_id, player=a.player, reason=a.reason, record=_record(a)
        )
        for a in appeals
    ]
    return "\n".join(lines)


def appeal_reviewed(facts: AppealFacts) -> str:
    if facts.status == "reinstated":
        done = _("✅ Player {id} {player} in “{campaign}” reinstated: their answers count again. They have been told.")
    else:
        done = _("✅ Player {id} {player} in “{campaign}” stays paused. They have been told.")
    return done.format(id=facts.account_id, player=facts.player, campaign=facts.campaign)


def appeal_decided(campaign: str, outcome: str) -> str:
    if outcome == "reinstated":
        return _("✅ A moderator reviewed your appeal: your answers in “{campaign}” count again. Welcome back!").format(
            campaign=campaign
        )
    return _("A moderator reviewed your appeal and your answers in “{campaign}” stay paused.").format(campaign=campaign)


def _record(facts: AppealFacts) -> str:
    if facts.gold_total == 0:
        return _("none answered yet")
    return _("{right} of {total} right").format(right=facts.gold_right, total=facts.gold_total)
