"""Notices: what the outbox tells a player (or an admin) later, outside any reply, in the recipient's language."""

from __future__ import annotations

from collections.abc import Mapping

from bot.common.texts.appeals import appeal_decided
from bot.common.texts.i18n import _, ngettext
from bot.common.texts.payouts import payout_alert
from bot.common.texts.rewards import claim_paid, wallet_changed
from bot.common.texts.words import count
from core.types import Notice, NoticeKind

__all__ = ["answers_settled", "identity_linked", "notice", "pending_corrected", "platform_name"]


def platform_name(facts: Mapping[str, str | int | float]) -> str:
    return str(facts.get("platform") or _("another platform")).capitalize()


def identity_linked(facts: dict[str, str | int | float]) -> str:
    return _(
        "🔗 A {platform} account was just linked to yours with one of your link codes. If that wasn't you, someone "
        "has your code: whoever holds one can play and claim as you. Keep link codes private."
    ).format(platform=platform_name(facts))


def notice(item: Notice) -> str:
    facts = item.facts
    if item.kind is NoticeKind.REFERRAL_REWARD:
        points = count(int(facts.get("points", 0)), "point")
        return _("🤝 {invitee} reached the next level: +{points} for inviting them!").format(
            invitee=facts.get("invitee"), points=points
        )
    if item.kind is NoticeKind.STREAK_REMINDER:
        return _("🔥 Your streak ends today unless you /checkin ({days} so far)!").format(
            days=count(int(facts.get("streak", 0)), "day")
        )
    if item.kind is NoticeKind.CLAIM_PAID:
        return claim_paid(facts)
    if item.kind is NoticeKind.PAYOUT_ALERT:
        return payout_alert(facts)
    if item.kind is NoticeKind.WALLET_CHANGED:
        return wallet_changed(facts)
    if item.kind is NoticeKind.IDENTITY_LINKED:
        return identity_linked(facts)
    if item.kind is NoticeKind.TASK_UNDELIVERABLE:
        return _("⚠️ Item {item} of campaign {campaign} could not be shown in chat and was withdrawn: {reason}").format(
            item=facts.get("item"), campaign=facts.get("campaign"), reason=facts.get("reason")
        )
    if item.kind is NoticeKind.LEVEL_UP:
        return _("🎉 You reached {level}!").format(level=facts.get("title"))
    if item.kind is NoticeKind.AUDIT_FAILED:
        return _(
            "🚨 Ledger audit failed: {unbacked} of {owed} points owed are not backed by the treasury. "
            "Payouts are stopped until it is funded; see `chatlabel ledger audit`."
        ).format(unbacked=facts.get("unbacked"), owed=facts.get("owed"))
    if item.kind is NoticeKind.ANSWERS_SETTLED:
        return answers_settled(facts)
    if item.kind is NoticeKind.PENDING_CORRECTED:
        return pending_corrected(facts)
    if item.kind is NoticeKind.POOL_EMPTY:
        return _(
            "⏸ Campaign {campaign}: pool empty ({pool} points left, {per_item} per item): fund it or close it. "
            "It is paused until then."
        ).format(campaign=facts.get("campaign"), pool=facts.get("pool"), per_item=facts.get("points_per_item"))
    if item.kind is NoticeKind.APPEAL_DECIDED:
        return appeal_decided(str(facts.get("campaign")), str(facts.get("outcome")))
    if item.kind is NoticeKind.SUSPENDED:
        return _(
            "⏸ Your answers in “{campaign}” are paused: {reason}. They no longer count and you are not served its "
            "tasks. If you think this is a mistake, send /appeal {campaign_id} and a moderator will review your "
            "known-answer record."
        ).format(campaign=facts.get("campaign"), reason=facts.get("reason"), campaign_id=facts.get("campaign_id"))
    return _("📉 You are back to {level}.").format(level=facts.get("title"))


def answers_settled(facts: Mapping[str, str | int | float]) -> str:
    agreed, settled, points = facts.get("agreed", 0), int(facts.get("settled", 0)), int(facts.get("points", 0))
    return ngettext(
        "🧮 +{points}: {agreed} of your {settled} settled answer agreed with the crowd. "
        "They stay pending for the settlement window, then become claimable. See /earnings.",
        "🧮 +{points}: {agreed} of your {settled} settled answers agreed with the crowd. "
        "They stay pending for the settlement window, then become claimable. See /earnings.",
        settled,
    ).format(points=count(points, "point"), agreed=agreed, settled=settled)


def pending_corrected(facts: Mapping[str, str | int | float]) -> str:
    """Pending points a refit took back: why, and that released points stay the player's."""
    points, answers = int(facts.get("points", 0)), int(facts.get("answers", 0))
    why = []
    if facts.get("relabelled"):
        why.append(
            _("the crowd's answer changed on {tasks} you had agreed on").format(
                tasks=count(int(facts["relabelled"]), "task")
            )
        )
    if facts.get("suspended"):
        why.append(_("your answers in a campaign were paused, so they no longer share its rewards"))
    return _(
        "🔁 −{points} pending points on {answers}: a review of the answers found that {why}. Those points went "
        "back to the campaign's pool. Points already claimable are yours to keep. See /earnings."
    ).format(
        points=points,
        answers=count(answers, "settled answer"),
        why=(" " + _("and") + " ").join(why) or _("they no longer agree"),
    )
