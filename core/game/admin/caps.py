"""The economic terms a community's moderator may set on a paid campaign, capped by `[rewards]` (admins are not)."""

from __future__ import annotations

from core.errors import InvalidCampaign
from core.game.admin.terms import Terms
from core.sentences import N_
from core.settings import Settings


def check_moderator_terms(terms: Terms, settings: Settings) -> None:
    """InvalidCampaign naming the first term over its cap; free campaigns (0 points per item) are not capped."""
    if terms.points_per_item == 0:
        return
    rules = settings.rewards
    gold_rate = settings.tasks.gold_rate if terms.gold_rate is None else terms.gold_rate
    if terms.points_per_item > rules.max_points_per_item:
        raise InvalidCampaign(
            N_("points_per_item: at most {cap} on a community campaign"), cap=rules.max_points_per_item
        )
    if terms.min_overlap < rules.min_overlap:
        raise InvalidCampaign(
            N_("{field}: at least {floor} on a paid campaign"), field="min_overlap", floor=rules.min_overlap
        )
    if terms.target_confidence < rules.min_target_confidence:
        raise InvalidCampaign(
            N_("{field}: at least {floor} on a paid campaign"),
            field="target_confidence",
            floor=str(rules.min_target_confidence),
        )
    if gold_rate < rules.min_gold_rate:
        raise InvalidCampaign(
            N_("{field}: at least {floor} on a paid campaign"), field="gold_rate", floor=str(rules.min_gold_rate)
        )
