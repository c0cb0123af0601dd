"""`/campaign ...` as typed in chat -> one small command object; both adapters build the same objects.

Telegram parses the text with `parse`; Discord's typed options go through the same constructors (`new`,
`ref`, `export`), so a campaign, a kind, choices and a format are read the same way everywhere. Pure: no I/O.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from typing import Literal

from bot.common import texts
from core.errors import GameError
from core.types import ExportFormat, TaskKind
from core.whole_numbers import INT32_MAX, is_digits, whole_number

Action = Literal["upload", "start", "pause", "resume", "close", "stats", "appeals"]
ACTIONS: tuple[Action, ...] = ("upload", "start", "pause", "resume", "close", "stats", "appeals")
DECISIONS = ("reinstate", "uphold")
FORMATS = tuple(f.value for f in ExportFormat)
# The command itself, possibly addressed to a bot in a group ("/campaign@chatlabel_bot").
COMMAND = re.compile(r"^/campaign(@\w+)?(\s+|$)", re.IGNORECASE)


class CampaignUsage(GameError):
    """The command could not be read; the message shows how it is written."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(texts.USAGE_CAMPAIGN if message is None else message)  # read now: the player's language


@dataclass(frozen=True, slots=True)
class New:
    name: str
    kind: TaskKind
    question: str
    choices: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Set:
    campaign: int | str
    field: str
    value: str


@dataclass(frozen=True, slots=True)
class Act:
    action: Action
    campaign: int | str


@dataclass(frozen=True, slots=True)
class Export:
    campaign: int | str
    format: ExportFormat


@dataclass(frozen=True, slots=True)
class Fund:
    """Admins move tokens from the treasury into a campaign's pool; the amount is read exactly by the core."""

    campaign: int | str
    tokens: str


@dataclass(frozen=True, slots=True)
class Review:
    campaign: int | str
    player: int
    reinstate: bool


@dataclass(frozen=True, slots=True)
class Gold:
    """`gold <campaign> retire <item>` or `gold <campaign> answer <item> <key>`: items by their external id."""

    campaign: int | str
    item: str
    answer: str | None  # None: retire the item


Command = New | Set | Act | Export | Fund | Review | Gold


def parse(text: str) -> Command:
    """The words after `/campaign` (the command itself may still be in front); quotes group words."""
    try:
        words = shlex.split(COMMAND.sub("", text.strip(), count=1))
    except ValueError:  # an unclosed quote
        raise CampaignUsage() from None
    action, rest = (words[0].lower(), words[1:]) if words else ("", [])
    if action == "new" and len(rest) >= 4:  # labels may hold spaces: the choices are the rest of the line
        return new(rest[0], rest[1], rest[2], " ".join(rest[3:]))
    if action == "set" and len(rest) >= 3:
        return Set(ref(rest[0]), rest[1].lower(), " ".join(rest[2:]))
    if action in ACTIONS and len(rest) == 1:
        return Act(action, ref(rest[0]))
    if action == "export" and len(rest) == 2:
        return export(rest[0], rest[1])
    if action == "fund" and len(rest) == 2:
        return Fund(ref(rest[0]), rest[1])
    if action == "review" and len(rest) == 3:
        return review(rest[0], rest[1], rest[2])
    if action == "gold" and len(rest) == 3 and rest[1].lower() == "retire":
        return Gold(ref(rest[0]), rest[2], None)
    if action == "gold" and len(rest) == 4 and rest[1].lower() == "answer":
        return Gold(ref(rest[0]), rest[2], rest[3])
    raise CampaignUsage()


def addressed_elsewhere(text: str, bot_username: str | None) -> bool:
    """`/campaign@otherbot ...`: meant for another bot in the same group, so not ours to act on."""
    match = COMMAND.match(text.strip())
    addressee = match.group(1) if match else None
    return addressee is not None and addressee[1:].lower() != (bot_username or "").lower()


def ref(text: str) -> int | str:
    """A campaign by number or by name."""
    text = text.strip()
    if not text:
        raise CampaignUsage()
    return whole_number(text, 1, INT32_MAX, texts.N_("A campaign number")) if is_digits(text) else text


def new(name: str, kind: str, question: str, choices: str) -> New:
    try:
        task_kind = TaskKind(kind.strip().lower())
    except ValueError:
        raise CampaignUsage(texts.unknown_kind(kind)) from None
    return New(name.strip(), task_kind, question.strip(), parse_choices(choices))


def parse_choices(text: str) -> tuple[tuple[str, str], ...]:
    """`yes=Yes,no=No` -> (("yes", "Yes"), ("no", "No")); the core checks the keys themselves."""
    pairs = [part.split("=", 1) for part in text.split(",") if part.strip()]
    if len(pairs) < 2 or any(len(pair) != 2 or not pair[0].strip() or not pair[1].strip() for pair in pairs):
        raise CampaignUsage(texts.bad_choices(text))
    return tuple((key.strip(), label.strip()) for key, label in pairs)


def review(campaign: str, player: str, decision: str) -> Review:
    if not player.strip().isdigit() or decision.strip().lower() not in DECISIONS:
        raise CampaignUsage()
    return Review(ref(campaign), int(player), decision.strip().lower() == "reinstate")


def export(campaign: str, fmt: str) -> Export:
    try:
        return Export(ref(campaign), ExportFormat(fmt.strip().lower()))
    except ValueError:
        raise CampaignUsage(texts.bad_export_format(FORMATS)) from None
