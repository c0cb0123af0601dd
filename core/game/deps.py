"""What every use case needs, built once by the composition root."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from core.clock import Clock
from core.db.uow import Database
from core.game.campaign_cache import CampaignCache
from core.settings import Level, Settings


@dataclass(frozen=True)
class GameDeps:
    db: Database
    settings: Settings
    clock: Clock
    rng: random.Random = field(default_factory=random.Random)
    campaigns: CampaignCache = field(default_factory=CampaignCache)
    open_days: set[str] = field(default_factory=set)  # engagement days this process knows are open (`payroll`)

    @property
    def ladder(self) -> tuple[Level, ...]:
        return self.settings.levels.ladder
