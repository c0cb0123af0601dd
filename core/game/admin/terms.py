"""Checking a campaign's terms as a whole, whether they come typed from code or as text from a chat command."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Annotated, Any, Self

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from core.content.manifest import CHOICE_KEY, MAX_CHOICES
from core.content.pack import ChoiceSpec
from core.errors import InvalidCampaign
from core.game.admin.term_problems import Problem, first_problem
from core.sentences import N_
from core.settings import Level
from core.types import Choice, TaskKind, level_number
from core.whole_numbers import INT32_MAX, INT64_MAX, whole_number

Fraction = Annotated[float, Field(ge=0.0, le=1.0)]
Overlap = Annotated[int, Field(ge=1, le=100)]
# Fields an admin may change after creation; `kind` is fixed, items were checked against it.
SETTABLE = (
    "name",
    "question",
    "choices",
    "level",
    "min_overlap",
    "max_overlap",
    "gold_rate",
    "target_confidence",
    "points_per_item",
    "deadline",
    "instructions",
    "gold_feedback",
    "community_id",
    "priority",
    "min_reputation",
    "onboarding_gold",
    "model_assist",
)
NULLABLE = frozenset({"gold_rate", "deadline", "community_id", "min_reputation"})
# Whole-number fields as typed in chat, with the bounds their columns hold.
WHOLE = {
    "level": (1, 1000),
    "min_overlap": (1, 100),
    "max_overlap": (1, 100),
    "reward_pool": (0, INT64_MAX),
    "points_per_item": (0, INT32_MAX),
    "community_id": (1, INT32_MAX),
    "priority": (1, 100),
    "onboarding_gold": (0, 100),
}


class Terms(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: Annotated[str, Field(min_length=1, max_length=80)]
    kind: TaskKind
    question: Annotated[str, Field(min_length=1, max_length=300)]
    choices: tuple[tuple[str, str], ...]
    level: Annotated[int, Field(ge=0, le=1000)]
    min_overlap: Overlap
    max_overlap: Overlap
    gold_rate: Fraction | None = None
    target_confidence: Annotated[float, Field(gt=0.5, le=1.0)] = 0.9
    reward_pool: Annotated[int, Field(ge=0, le=INT64_MAX)] = 0
    points_per_item: Annotated[int, Field(ge=0, le=INT32_MAX)] = 0
    deadline: AwareDatetime | None = None
    instructions: Annotated[str, Field(max_length=2000)] = ""
    gold_feedback: bool = True
    community_id: Annotated[int, Field(ge=1, le=INT32_MAX)] | None = None
    # Serving weight against the other campaigns a player may get (see core.game.tasks).
    priority: Annotated[int, Field(ge=1, le=100)] = 1
    # Who may work on it beyond community and level (see core.game.eligibility): the reputation a player needs
    # in the campaign's community (the public one when it has none), and how many of its gold items a player
    # must answer right, all of them, before being served its other items.
    min_reputation: Annotated[float, Field(ge=0.0, le=1_000_000.0)] | None = None
    onboarding_gold: Annotated[int, Field(ge=0, le=100)] = 0
    # A model trained on the campaign's settled items and gold answers its open items as one more worker, weighed
    # by what the refit learns of it (core.assist); categorical text and image tasks only.
    model_assist: bool = False

    @field_validator("choices", mode="before")
    @classmethod
    def _parse_choices(cls, value: Any) -> Any:
        """`yes=Yes, no=No` from a chat command; pairs or {key: label} from code."""
        if isinstance(value, str):
            value = [part.split("=", 1) if "=" in part else (part, part) for part in value.split(",") if part.strip()]
        if isinstance(value, Mapping):
            value = list(value.items())
        if isinstance(value, Sequence):
            return tuple(_pair(choice) for choice in value)
        return value

    @model_validator(mode="after")
    def _coherent(self) -> Self:
        if self.min_overlap > self.max_overlap:
            raise Problem(
                N_("min_overlap ({low}) must not exceed max_overlap ({high})"),
                low=self.min_overlap,
                high=self.max_overlap,
            )
        keys = [key.strip() for key, _ in self.choices]
        if len(self.choices) > MAX_CHOICES:
            raise Problem(N_("at most {n} choices"), n=MAX_CHOICES)
        bad = [key for key in keys if not CHOICE_KEY.fullmatch(key)]
        if bad:
            raise Problem(N_("choice key {key} must be lower-case letters, digits, _ or -, up to 16"), key=repr(bad[0]))
        if len(set(keys)) != len(keys):
            raise Problem(N_("choice keys must be unique"))
        if any(not label.strip() or len(label) > 64 for _, label in self.choices):
            raise Problem(N_("every choice needs a label of 1 to 64 characters"))
        if self.kind is not TaskKind.NUMERIC and len(keys) < 2:
            raise Problem(N_("a campaign needs at least two choices"))
        if self.model_assist and self.kind is TaskKind.NUMERIC:
            raise Problem(N_("model_assist is for tasks with choices, not numeric ones"))
        self.choices = tuple((key.strip(), label.strip()) for key, label in self.choices)
        return self


def checked(values: Mapping[str, Any], ladder: Sequence[Level], now: datetime, *, deadline_changed: bool) -> Terms:
    """The validated terms, or InvalidCampaign naming the first bad field."""
    try:
        terms = Terms.model_validate(dict(values))
    except ValidationError as exc:
        raise first_problem(exc) from None
    if terms.level >= len(ladder):
        raise InvalidCampaign(N_("level must be between 1 and {top}"), top=len(ladder))
    rung = ladder[terms.level]
    if terms.kind not in rung.kinds:
        raise InvalidCampaign(
            N_("level {level} ({title}) doesn't serve {kind} tasks"),
            level=level_number(terms.level),
            title=rung.title,
            kind=terms.kind.value,
        )
    if deadline_changed and terms.deadline is not None and terms.deadline <= now:
        raise InvalidCampaign(N_("the deadline must be in the future"))
    return terms


def parse_changes(changes: Mapping[str, Any]) -> dict[str, Any]:
    """Text values from chat commands: 'none' clears a nullable field; the rest is parsed by the model."""
    unknown = sorted(set(changes) - set(SETTABLE))
    if unknown:
        raise InvalidCampaign(
            N_("{field} can't be set; settable: {settable}"), field=repr(unknown[0]), settable=", ".join(SETTABLE)
        )
    parsed = {}
    for key, value in changes.items():
        if key in NULLABLE and isinstance(value, str) and value.strip().lower() in ("", "none", "-"):
            value = None
        elif key == "level" and value is not None:
            value = whole_number(str(value), *WHOLE[key], key) - 1  # typed as players count, stored as a rung
        elif key in WHOLE and isinstance(value, str):
            value = whole_number(value, *WHOLE[key], key)
        parsed[key] = value
    return parsed


def default_level(ladder: Sequence[Level], kind: TaskKind, community: bool) -> int:
    """The first rung serving the kind; a community's campaign prefers a community-only rung."""
    preferred = [i for i, rung in enumerate(ladder) if kind in rung.kinds and rung.community_only == community]
    fallback = [i for i, rung in enumerate(ladder) if kind in rung.kinds]
    found = preferred or fallback
    if not found:
        raise InvalidCampaign(N_("no level of the ladder serves {kind} tasks"), kind=kind.value)
    return found[0]


def _pair(choice: Any) -> Any:
    if isinstance(choice, Choice | ChoiceSpec):
        return (choice.key, choice.label)
    return tuple(choice) if isinstance(choice, Sequence) and not isinstance(choice, str) else (choice, choice)
