"""Errors a user can cause. Each carries the sentence shown to them; adapters never invent wording for these."""

from __future__ import annotations


class GameError(Exception):
    """A request the game refuses; nothing was written."""

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


class UnknownTask(GameError):
    def __init__(self) -> None:
        super().__init__("That task doesn't exist (any more). Use /play for a new one.")


class NotYourTask(GameError):
    def __init__(self) -> None:
        super().__init__("That task was given to someone else; use /play to get your own.")


class InvalidChoice(GameError):
    def __init__(self) -> None:
        super().__init__("That answer isn't one of this task's choices.")


class TaskClosed(GameError):
    def __init__(self) -> None:
        super().__init__("That task has closed. Use /play for a new one.")


class AlreadyCheckedIn(GameError):
    def __init__(self, streak: int) -> None:
        super().__init__(f"You already checked in today (streak: {streak}). Come back tomorrow!")
        self.streak = streak


class ReferralError(GameError):
    """Unknown code, own code, or an account that already joined."""


class NotRegistered(GameError):
    def __init__(self) -> None:
        super().__init__("You haven't started yet: send /start first.")


class TooFast(GameError):
    def __init__(self, wait_seconds: int) -> None:
        super().__init__(f"You're answering faster than the hourly limit allows; try again in {wait_seconds} s.")


class LinkError(GameError):
    """A bad, used or expired account-link code."""


class NoTasks(GameError):
    def __init__(self) -> None:
        super().__init__("No tasks are waiting for you right now. Check back soon!")
