"""Refusals of admin use cases; each carries the sentence shown to the admin. Nothing was written."""

from __future__ import annotations

from core.content.pack import Rejection
from core.errors import GameError


class NotAllowed(GameError):
    def __init__(self, what: str = "manage campaigns") -> None:
        super().__init__(f"Only the game's admins (or this community's moderators) may {what}.")


class UnknownCampaign(GameError):
    def __init__(self, ref: int | str) -> None:
        super().__init__(f"There is no campaign {ref!r}.")


class UnknownCommunity(GameError):
    def __init__(self) -> None:
        super().__init__("That community isn't known to the game yet; add the bot to it first.")


class InvalidCampaign(GameError):
    """A value an admin gave is out of range or inconsistent; the message names the field."""


class NameTaken(GameError):
    def __init__(self, name: str) -> None:
        super().__init__(f"A campaign named {name!r} already exists; choose another name.")


class WrongStatus(GameError):
    def __init__(self, name: str, status: str, action: str) -> None:
        super().__init__(f"Campaign {name!r} is {status}, so it can't be {action}.")
        self.status = status


class PackRejected(GameError):
    """The whole import was refused; `rejected` lists every reason, the message the first ones."""

    def __init__(self, rejected: tuple[Rejection, ...]) -> None:
        shown = "; ".join(f"{r.where}: {r.reason}" for r in rejected[:3])
        more = f" (and {len(rejected) - 3} more)" if len(rejected) > 3 else ""
        super().__init__(f"Nothing was imported: {shown}{more}.")
        self.rejected = rejected


class UnknownFormat(GameError):
    def __init__(self, given: str, allowed: list[str]) -> None:
        super().__init__(f"There is no export format {given!r}; choose one of {', '.join(allowed)}.")
