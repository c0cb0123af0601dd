"""The task-pack format as plain facts: what a loader returns and what the game core imports."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from core.types import Rejection, TaskKind


@dataclass(frozen=True, slots=True)
class ChoiceSpec:
    key: str
    label: str


@dataclass(frozen=True, slots=True)
class PackManifest:
    name: str
    version: str
    kind: TaskKind
    question: str
    choices: tuple[ChoiceSpec, ...]
    licence: str
    attribution: str

    @property
    def choice_keys(self) -> frozenset[str]:
        return frozenset(choice.key for choice in self.choices)


@dataclass(frozen=True, slots=True)
class PackItem:
    external_id: str
    text: str
    image: Path | None
    answers: tuple[str, ...]
    known_answer: str | None
    gold: bool
    source: str
    # An image that is fetched when first needed (URL packs); `image` stays None until then.
    url: str | None = None
    # A comparison's two systems (who wrote answer A, who wrote answer B): ranked, never shown to players.
    systems: tuple[str, str] | None = None


@dataclass(frozen=True, slots=True)
class Pack:
    manifest: PackManifest
    root: Path
    items: tuple[PackItem, ...]


@dataclass(frozen=True, slots=True)
class ImportReport:
    """The outcome of one import; `pack` is None when nothing was imported."""

    pack: Pack | None
    rejected: tuple[Rejection, ...]

    @property
    def ok(self) -> bool:
        return self.pack is not None

    @property
    def items(self) -> int:
        return len(self.pack.items) if self.pack else 0

    @property
    def gold_items(self) -> int:
        return sum(1 for item in self.pack.items if item.gold) if self.pack else 0

    @property
    def label_distribution(self) -> dict[str, int]:
        """Known answers by count, most common first; items without one are counted under ''."""
        if self.pack is None:
            return {}
        counts = Counter(item.known_answer or "" for item in self.pack.items)
        return dict(counts.most_common())

    def reasons(self) -> list[str]:
        return [rejection.reason for rejection in self.rejected]


def failed(where: str, reason: str, *earlier: Rejection) -> ImportReport:
    """A report for an import that produced nothing."""
    return ImportReport(pack=None, rejected=(*earlier, Rejection(where, reason)))
