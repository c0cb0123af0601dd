"""The seam is in one place: every refusal the core can raise is a kind in `core.errors`, every fact a use case
returns to an adapter is a type in `core.types`, and a community is always a `CommunityRef` there."""

from __future__ import annotations

import dataclasses
import enum
import importlib
import inspect
import pkgutil
import types
import typing
from typing import Any, get_type_hints

import core
import core.errors
import core.types
from core.errors import GameError
from core.game.admin import CampaignAdmin
from core.game.game import Game
from core.types import CommunityRef

# Reports of scheduled jobs, read by the composition root and the scheduler, not by a chat adapter.
NOT_ADAPTER_FACTS = {"LinkFetches"}


def core_modules() -> list[types.ModuleType]:
    names = [m.name for m in pkgutil.walk_packages(core.__path__, "core.") if ".migrations" not in m.name]
    return [importlib.import_module(name) for name in names]


def subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    return found.union(*(subclasses(c) for c in found))


def fact_types(annotation: Any) -> set[type]:
    """The dataclasses and enums an annotation names, through unions, tuples, lists and dicts."""
    if isinstance(annotation, type) and (dataclasses.is_dataclass(annotation) or issubclass(annotation, enum.Enum)):
        return {annotation}
    return set().union(*(fact_types(arg) for arg in typing.get_args(annotation)))


def use_cases() -> list[tuple[str, Any]]:
    return [
        (f"{owner.__name__}.{name}", method)
        for owner in (Game, CampaignAdmin)
        for name, method in inspect.getmembers(owner, inspect.iscoroutinefunction)
        if not name.startswith("_")
    ]


def test_every_game_error_kind_is_defined_in_core_errors() -> None:
    core_modules()  # import every module, so every kind the core defines is known
    elsewhere = {
        f"{cls.__module__}.{cls.__name__}" for cls in subclasses(GameError) if cls.__module__.startswith("core.")
    }
    assert {name for name in elsewhere if not name.startswith("core.errors.")} == set()


def test_one_unknown_community() -> None:
    core_modules()
    assert [cls for cls in subclasses(GameError) if cls.__name__ == "UnknownCommunity"] == [
        core.errors.UnknownCommunity
    ]


def test_every_fact_a_use_case_returns_is_a_seam_type() -> None:
    outside = set()
    for name, method in use_cases():
        for fact in fact_types(get_type_hints(method).get("return")):
            if not fact.__module__.startswith("core.types") and fact.__name__ not in NOT_ADAPTER_FACTS:
                outside.add(f"{name} -> {fact.__module__}.{fact.__name__}")
    assert outside == set()
    assert all(getattr(core.types, name) is not None for name in core.types.__all__)


def test_a_community_is_a_community_ref_wherever_a_use_case_takes_one() -> None:
    taken = {
        f"{name}({param})": hint
        for name, method in use_cases()
        for param, hint in get_type_hints(method).items()
        if param != "return" and "community" in param and not param.endswith("_id")
    }
    assert taken  # leaderboard, campaigns.create, the community use cases
    assert {where: hint for where, hint in taken.items() if hint not in (CommunityRef, CommunityRef | None)} == {}
