"""The synthetic crowd: kinds of players, how each answers, and how long each takes."""

from __future__ import annotations

import random
from dataclasses import dataclass
from enum import StrEnum

from core.types import UserRef


class Kind(StrEnum):
    HONEST = "honest"  # right with their own accuracy, drawn from a range
    RANDOM = "random spammer"  # a uniformly random choice
    CONSTANT = "constant bot"  # always the same choice
    FAST = "fast clicker"  # random, and faster than anyone can read
    COLLUDER = "colluder"  # all agree on the same wrong answer
    SYBIL = "sybil"  # a farmed account: only checks in and invites the next one of the farm
    SYBIL_ANSWERER = "sybil answerer"  # a farmed account that also answers at random


BAD = frozenset({Kind.RANDOM, Kind.CONSTANT, Kind.FAST, Kind.COLLUDER})
SYBILS = frozenset({Kind.SYBIL, Kind.SYBIL_ANSWERER})


def make_farm(checkers: int, answerers: int) -> list[Member]:
    """A sybil farm: accounts that check in and invite each other, a few of them answering at random."""
    kinds = [Kind.SYBIL] * checkers + [Kind.SYBIL_ANSWERER] * answerers
    return [Member(UserRef("console", f"farm-{i}", f"{kind.value} {i}"), kind, 0.0, 0) for i, kind in enumerate(kinds)]


@dataclass(frozen=True)
class Member:
    user: UserRef
    kind: Kind
    accuracy: float  # honest players only
    constant: int  # the constant bot's choice


def make_crowd(
    rng: random.Random, users: int, spammers: float, colluders: float, accuracy: tuple[float, float], choices: int
) -> list[Member]:
    """Spammers are split between random spammers (half), constant bots and fast clickers (a quarter each)."""
    n_spam = round(users * spammers)
    n_fast = n_spam // 4
    n_constant = n_spam // 4
    kinds = (
        [Kind.RANDOM] * (n_spam - n_fast - n_constant)
        + [Kind.CONSTANT] * n_constant
        + [Kind.FAST] * n_fast
        + [Kind.COLLUDER] * round(users * colluders)
    )
    kinds += [Kind.HONEST] * max(0, users - len(kinds))
    rng.shuffle(kinds)
    return [
        Member(
            UserRef("console", f"sim-{i}", f"{kind.value} {i}"),
            kind,
            rng.uniform(*accuracy),
            rng.randrange(choices),
        )
        for i, kind in enumerate(kinds)
    ]


def choose(rng: random.Random, member: Member, truth: int, choices: int) -> int:
    """The index of the choice this member gives to an item whose true choice is `truth`."""
    if member.kind is Kind.HONEST:
        if rng.random() < member.accuracy:
            return truth
        return rng.choice([c for c in range(choices) if c != truth])
    if member.kind is Kind.CONSTANT:
        return member.constant
    if member.kind is Kind.COLLUDER:
        return (truth + 1) % choices  # the agreed wrong answer: the next choice after the true one
    return rng.randrange(choices)


def seconds(rng: random.Random, member: Member, min_seconds: float) -> float:
    """Thinking time before the press: fast clickers stay under the counted minimum."""
    if member.kind is Kind.FAST:
        return rng.uniform(0.2, min_seconds * 0.8)
    if member.kind is Kind.HONEST:
        return rng.uniform(3.0, 15.0)
    return rng.uniform(min_seconds + 0.5, 5.0)
