"""The economic terms a community's moderator may set on a paid campaign, capped by `[rewards]` (admins are not)."""

from __future__ import annotations

from core.errors import InvalidCampaign
from core.game.admin.terms import Terms
from core.settings import Settings


def check_moderator_terms(terms: Terms, settings: Settings) -> None:
    """InvalidCampaign naming the first term over its cap; free campaigns (0 points per item) are not capped."""
    if terms.points_per_item == 0:
        return
    rules = settings.rewards
    gold_rate = settings.tasks.gold_rate if terms.gold_rate is None else terms.gold_rate
    if terms.points_per_item > rules.max_points_per_item:
        raise InvalidCampaign(f"points_per_item: at most {rules.max_points_per_item} on a community campaign")
    if terms.min_overlap < rules.min_overlap:
        raise InvalidCampaign(f"min_overlap: at least {rules.min_overlap} on a paid campaign")
    if terms.target_confidence < rules.min_target_confidence:
        raise InvalidCampaign(f"target_confidence: at least {rules.min_target_confidence} on a paid campaign")
    if gold_rate < rules.min_gold_rate:
        raise InvalidCampaign(f"gold_rate: at least {rules.min_gold_rate} on a paid campaign")
