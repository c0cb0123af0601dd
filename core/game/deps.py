"""What every use case needs, built once by the composition root."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from core.clock import Clock
from core.db.uow import Database
from core.settings import Level, Settings


@dataclass(frozen=True)
class GameDeps:
    db: Database
    settings: Settings
    clock: Clock
    rng: random.Random = field(default_factory=random.Random)

    @property
    def ladder(self) -> tuple[Level, ...]:
        return self.settings.levels.ladder
