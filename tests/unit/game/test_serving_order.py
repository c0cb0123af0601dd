"""The order in which campaigns are offered: a share of first places proportional to each one's priority."""

from __future__ import annotations

import random
from collections import Counter

from core.game.campaign_cache import ActiveCampaign
from core.game.tasks import serving_order
from core.types import Choice, TaskKind


def campaign(campaign_id: int, priority: int) -> ActiveCampaign:
    choices = (Choice("a", "A"), Choice("b", "B"))
    return ActiveCampaign(
        campaign_id, f"c{campaign_id}", TaskKind.BOT_OR_NOT, "q", choices, 0, None, None, 7, True, priority=priority
    )


def test_each_campaign_leads_in_proportion_to_its_priority() -> None:
    rng = random.Random(1)
    campaigns = [campaign(1, 1), campaign(2, 3), campaign(3, 1)]
    first = Counter(serving_order(campaigns, [rng.random() for _ in campaigns])[0].id for _ in range(20_000))
    assert abs(first[2] / 20_000 - 0.6) < 0.02
    assert abs(first[1] / 20_000 - 0.2) < 0.02 and abs(first[3] / 20_000 - 0.2) < 0.02


def test_every_campaign_stays_in_the_order() -> None:
    campaigns = [campaign(1, 100), campaign(2, 1)]
    assert sorted(c.id for c in serving_order(campaigns, [0.5, 0.99])) == [1, 2]
    assert serving_order([], []) == []
