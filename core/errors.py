"""Errors a user can cause. Each carries the sentence shown to them; adapters never invent wording for these."""

from __future__ import annotations

from core.sentences import N_
from core.types import Rejection


class GameError(Exception):
    """A request the game refuses; nothing was written.

    `user_message` may name `{values}`: the adapters translate the sentence as written (`template`) and fill it
    in after, so a refusal reads in the player's language; `user_message` is the English, filled in."""

    def __init__(self, user_message: str, **values: str | int) -> None:
        self.template, self.values = user_message, values
        self.user_message = user_message.format(**values) if values else user_message
        super().__init__(self.user_message)


class UnknownTask(GameError):
    def __init__(self) -> None:
        super().__init__(N_("That task doesn't exist (any more). Use /play for a new one."))


class NotYourTask(GameError):
    def __init__(self) -> None:
        super().__init__(N_("That task was given to someone else; use /play to get your own."))


class InvalidChoice(GameError):
    def __init__(self) -> None:
        super().__init__(N_("That answer isn't one of this task's choices."))


class TaskClosed(GameError):
    def __init__(self) -> None:
        super().__init__(N_("That task has closed. Use /play for a new one."))


class BadLanguage(GameError):
    def __init__(self, given: str) -> None:
        super().__init__(N_("There is no language {given}. Send /language to see the choices."), given=repr(given[:16]))


class AlreadyCheckedIn(GameError):
    def __init__(self, streak: int) -> None:
        super().__init__(N_("You already checked in today (streak: {streak}). Come back tomorrow!"), streak=streak)
        self.streak = streak


class ReferralError(GameError):
    """Unknown code, own code, or an account that already joined."""


class NotRegistered(GameError):
    def __init__(self) -> None:
        super().__init__(N_("You haven't started yet: send /start first."))


class TooFast(GameError):
    def __init__(self, wait_seconds: int) -> None:
        super().__init__(
            N_("You're answering faster than the hourly limit allows; try again in {seconds} s."), seconds=wait_seconds
        )


class LinkError(GameError):
    """A bad, used or expired account-link code."""


class NoTasks(GameError):
    def __init__(self) -> None:
        super().__init__(N_("No tasks are waiting for you right now. Check back soon!"))


# Communities and their quizzes


class NotModerator(GameError):
    def __init__(self) -> None:
        super().__init__(N_("Only this group's admins can do that."))


class UnknownCommunity(GameError):
    def __init__(self) -> None:
        super().__init__(N_("That community isn't known to the game yet: add the bot to the group or server first."))


class Banned(GameError):
    def __init__(self) -> None:
        super().__init__(N_("You've been banned from this community's tasks."))


class CannotBanModerator(GameError):
    def __init__(self) -> None:
        super().__init__(N_("Moderators can't be banned; remove their admin rights first."))


class NoQuiz(GameError):
    def __init__(self) -> None:
        super().__init__(N_("There's no quiz to post right now; every open item has been asked here already."))


# Campaigns, as their admins run them


class NotAllowed(GameError):
    """`what` is a phrase marked N_ where it is written ("create campaigns"), so it is translated with the rest."""

    def __init__(self, what: str = N_("manage campaigns")) -> None:
        super().__init__(N_("Only the game's admins (or this community's moderators) may {what}."), what=what)


class UnknownCampaign(GameError):
    def __init__(self, ref: int | str) -> None:
        super().__init__(N_("There is no campaign {ref}."), ref=repr(ref))


class InvalidCampaign(GameError):
    """A value an admin gave is out of range or inconsistent; the message names the field."""


class NameTaken(GameError):
    def __init__(self, name: str) -> None:
        super().__init__(N_("A campaign named {name} already exists; choose another name."), name=repr(name))


# What cannot be done to a campaign in its status, as WrongStatus says it (apart from the status words, which a
# translation may say differently: "paused" the state is not "paused" the deed).
CANNOT_BE = {
    "started": N_("be started"),
    "paused": N_("be paused"),
    "resumed": N_("be resumed"),
    "closed": N_("be closed"),
    "changed": N_("be changed"),
    "funded": N_("be funded"),
    "given new items": N_("be given new items"),
}


class WrongStatus(GameError):
    def __init__(self, name: str, status: str, action: str) -> None:
        super().__init__(
            N_("Campaign {name} is {status}, so it can't {action}."),
            name=repr(name),
            status=status,
            action=CANNOT_BE.get(action, f"be {action}"),
        )
        self.status = status


class PackRejected(GameError):
    """The whole import was refused; `rejected` lists every reason, the message the first ones."""

    def __init__(self, rejected: tuple[Rejection, ...]) -> None:
        # The reasons are the loaders' own words (file, row, field), shown as they are in every language.
        shown = "; ".join(f"{r.where}: {r.reason}" for r in rejected[:3])
        if len(rejected) > 3:
            super().__init__(
                N_("Nothing was imported: {shown} (and {more} more)."), shown=shown, more=len(rejected) - 3
            )
        else:
            super().__init__(N_("Nothing was imported: {shown}."), shown=shown)
        self.rejected = rejected


class UnknownFormat(GameError):
    def __init__(self, given: str, allowed: list[str]) -> None:
        super().__init__(
            N_("There is no export format {given}; choose one of {allowed}."),
            given=repr(given),
            allowed=", ".join(allowed),
        )


# Rewards: receipts, wallets and claims


class NotSettled(GameError):
    """The task exists and is the player's, but nothing was decided for it yet (or never will be)."""


class WalletError(GameError):
    """A wallet could not be linked (bad address, bad or replayed signature, expired message)."""


class ClaimError(GameError):
    """A claim the game refuses (no wallet, too small, too large, too soon); nothing was written."""


class NotSuspended(GameError):
    def __init__(self) -> None:
        super().__init__(N_("You are not paused from that campaign: there is nothing to appeal."))


class NoAppeal(GameError):
    def __init__(self) -> None:
        super().__init__(N_("That player has no appeal waiting in this campaign."))


class NotAWholeNumber(GameError):
    """A typed number that is not ASCII digits, or out of the bounds its use allows; the message states the rule."""

    def __init__(self, what: str, low: int, high: int) -> None:
        super().__init__(N_("{what} must be a whole number from {low} to {high}."), what=what, low=low, high=high)
        self.low, self.high = low, high


class BadAmount(GameError):
    """A token amount that is not a positive whole number of points at the configured rate."""


class NotFunder(GameError):
    def __init__(self) -> None:
        super().__init__(N_("Only the game's admins may fund pools; moderators run campaigns from what admins fund."))


class TreasuryShort(GameError):
    """Funding would promise more than the treasury holds; nothing moved."""


class NoTreasury(GameError):
    def __init__(self) -> None:
        super().__init__(N_("Pools can't be funded here: no treasury is connected (payouts are not enabled)."))


# Requesters: clients posting jobs through the API


class RequesterError(GameError):
    """A requester name taken or unknown, or a bad list of scopes; the message says which."""


class BadApiKey(GameError):
    def __init__(self) -> None:
        super().__init__("The API key is missing, malformed, unknown or revoked.")


class MissingScope(GameError):
    def __init__(self, scope: str) -> None:
        super().__init__(f"This API key lacks the {scope!r} scope.")
        self.scope = scope


class UnknownJob(GameError):
    """No job of this id among the caller's own (another requester's job is not told apart from none)."""

    def __init__(self, job_id: int | str) -> None:
        super().__init__(f"There is no job {job_id!r} among yours.")


class IdempotencyConflict(GameError):
    """The `Idempotency-Key` was used before for a different request, or (`running`) that request still runs."""

    def __init__(self, user_message: str, *, running: bool) -> None:
        super().__init__(user_message)
        self.running = running


class DepositShort(GameError):
    """The requester's deposit holds less than the job's funding asked for; nothing moved."""
