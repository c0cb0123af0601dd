"""The console's new-job form as the terms `Requesters.create_job` takes: the same terms as the API's `POST /jobs`,
numbers typed in it passed as numbers (as a JSON client sends them) and checked by the same core rules, so a bad
field is refused with the message the API gives."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

WHOLE = re.compile(r"[+-]?\d{1,18}")
DECIMAL = re.compile(r"[+-]?(\d{1,18}(\.\d*)?|\.\d+)")
# A field left empty keeps the term's default. The form says "reward per item" as the API does; the campaign
# calls it `points_per_item`.
TEXTS = ("name", "question", "instructions")
NUMBERS = {
    "min_overlap": "min_overlap",
    "max_overlap": "max_overlap",
    "target_confidence": "target_confidence",
    "gold_rate": "gold_rate",
    "points_per_item": "points_per_item",
    "level": "level",
    "min_reputation": "min_reputation",
    "onboarding_gold": "onboarding_gold",
}


def job_terms(form: Mapping[str, str]) -> tuple[str, int | str | None, dict[str, Any]]:
    """(task kind, community id or None, the other terms) from the submitted form."""
    terms: dict[str, Any] = {field: form[field] for field in TEXTS if form.get(field)}
    terms.update({term: number(form[field]) for field, term in NUMBERS.items() if form.get(field)})
    terms["choices"] = form.get("choices", "")
    if form.get("model_assist"):
        terms["model_assist"] = True  # a ticked box; an unticked one is not sent at all
    if form.get("deadline"):
        terms["deadline"] = deadline(form["deadline"])
    community = form.get("community_id")
    return form.get("kind", ""), number(community) if community else None, terms


def number(typed: str) -> Any:
    """`3` as 3 and `0.9` as 0.9; other text as typed, for the terms' check to refuse by name."""
    if WHOLE.fullmatch(typed):
        return int(typed)
    if DECIMAL.fullmatch(typed):
        return float(typed)
    return typed


def deadline(typed: str) -> datetime | str:
    """A browser's date-time field has no zone: the form asks for UTC. Text that is no date-time is left for the
    terms' check to refuse by name."""
    try:
        when = datetime.fromisoformat(typed)
    except ValueError:
        return typed
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)
