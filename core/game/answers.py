"""Answering a task: checks, recording once, points, gold accuracy, level changes, the next task.

The answer path is the product's hottest: after the player's lock, one statement finds the player and their task,
and the player's caches (recent gold results, hourly count, points) move in one UPDATE. Its locks follow
`core.game.money.payroll`'s order: the player, the item, then (when the answer settles it) the pool, reputation,
pending points and accounts, and today's budget last.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Select, and_, bindparam, select, update
from sqlalchemy.engine import Connection
from sqlmodel import col

from core.consensus import ResolutionState
from core.db.consensus_tables import CampaignWorker
from core.db.tables import Account, Assignment, Campaign, Identity, Item
from core.db.uow import Tx, connection
from core.errors import InvalidChoice, NotRegistered, NotYourTask, TaskClosed, TooFast, UnknownTask
from core.game import graduation, item_results, levels, settlement, tasks
from core.game.campaign_cache import ActiveCampaign
from core.game.deps import GameDeps
from core.game.money import payroll
from core.game.money.payroll import Budget, Payroll
from core.types import Choice, GoldFeedback, LevelChange, Outcome, UserRef

SETTLED_OR_OPEN = frozenset({"open", "resolved", "ambiguous"})


@dataclass
class Player:
    """The answering player's row, as the use case changes it."""

    id: int
    display_name: str
    level: int
    level_since: datetime
    best_level: int
    invited_by: int | None
    referral_rewarded: bool
    gold_recent: str
    hour_started: datetime | None
    hour_answers: int


async def answer(deps: GameDeps, user: UserRef, task_id: int, choice_key: str) -> Outcome:
    def work(conn: Connection, budget: Budget) -> Outcome:
        now = deps.clock.now()
        pay = Payroll(now, budget)
        payroll.lock_player(conn, user.platform, user.external_id)
        row = (
            conn.execute(_lookup(), {"platform": user.platform, "external_id": user.external_id, "task": task_id})
        ).first()
        if row is None:
            raise NotRegistered()
        player, campaign = _checked(conn, deps, row)
        if campaign is None:  # the campaign was paused or closed
            if row.answered_at is not None:
                return _repeat(deps, player, row, campaign)
            raise TaskClosed()
        choice = campaign.choice(choice_key)
        if choice is None:
            raise InvalidChoice()
        if row.answered_at is not None:
            return _repeat(deps, player, row, campaign)
        # Items others settled meanwhile still take the answer (see _score); a withdrawn item or a paused or
        # closed campaign does not.
        if row.campaign_status != "active" or row.item_status not in SETTLED_OR_OPEN:
            raise TaskClosed()
        _count_in_hour(deps, player, now)
        counted = (now - row.shown_at).total_seconds() >= deps.settings.tasks.min_answer_seconds
        correct = (choice.key == row.known_answer) if row.gold else None
        recorded = conn.execute(
            _record(), {"task": task_id, "now": now, "choice": choice.key, "counted": counted, "correct": correct}
        )
        if recorded.rowcount == 0:  # a concurrent press won; it counted, this one is the repeat
            return _repeat(deps, player, row, campaign)
        points, pending = _score(conn, deps, pay, player, row, campaign, counted, correct, choice.key)
        change, bonus = _maybe_change_level(conn, deps, pay, player, row.gold and counted, now)
        progress = tasks.progress_of(deps, player)
        feedback = None
        if row.gold and counted and campaign.gold_feedback:
            feedback = GoldFeedback(bool(correct), campaign.choice(row.known_answer) or choice)
        next_prompt = tasks.assign_new(conn, deps, player, now, progress)
        pay.apply(conn)
        return Outcome(
            task_id=task_id,
            choice=choice,
            counted=counted,
            repeated=False,
            points=points + bonus,
            progress=progress,
            level_change=change,
            gold=feedback,
            next_prompt=next_prompt,
            pending=pending,
        )

    return await payroll.paying(deps, lambda budget: deps.db.run_on_connection(lambda conn: work(conn, budget)))


def _checked(session: Tx, deps: GameDeps, row: Any) -> tuple[Player, ActiveCampaign | None]:
    if row.task_id is None:
        raise UnknownTask()
    if row.owner != row.account_id:
        raise NotYourTask()
    player = Player(
        row.account_id,
        row.display_name,
        row.level,
        row.level_since,
        row.best_level,
        row.invited_by,
        row.referral_rewarded,
        row.gold_recent,
        row.hour_started,
        row.hour_answers,
    )
    campaigns = deps.campaigns.active(session)
    if row.campaign_id not in campaigns and row.campaign_status == "active":
        deps.campaigns.invalidate()  # started since this process last looked
        campaigns = deps.campaigns.active(session)
    return player, campaigns.get(row.campaign_id)


def _count_in_hour(deps: GameDeps, player: Player, now: datetime) -> None:
    """At most `max_answers_per_hour` per one-hour window that starts with the first answer in it."""
    limit = deps.settings.tasks.max_answers_per_hour
    if player.hour_started is None or now - player.hour_started >= timedelta(hours=1):
        player.hour_started, player.hour_answers = now, 0
    if player.hour_answers >= limit:
        raise TooFast(max(1, int((player.hour_started + timedelta(hours=1) - now).total_seconds())))
    player.hour_answers += 1


def _score(
    session: Tx,
    deps: GameDeps,
    pay: Payroll,
    player: Player,
    row: Any,
    campaign: ActiveCampaign,
    counted: bool,
    correct: bool | None,
    choice_key: str,
) -> tuple[int, bool]:
    """Count the answer on the item, pay its points, and move the player's caches (in `pay`, applied at the end);
    also whether the answer waits for the crowd (its item, which pays, is still open)."""
    wanted = deps.settings.points.answer if counted else 0
    points = pay.draw(session, player.id, wanted, "answer", str(row.task_id), campaign.community_id)
    settled, pending = 0, False
    if counted and row.gold:
        # Gold items are known: they measure the player, not the crowd, and never settle.
        connection(session).execute(_count_item(), {"item": row.item_id})
        window = deps.ladder[player.level].window
        player.gold_recent = ("1" if correct else "0") + player.gold_recent[: window - 1]
    elif counted and row.item_status == "open":
        # An item others settled while this task was on screen still takes the answer, but its outcome is final.
        prior = (deps.settings.consensus.prior_correct, deps.settings.consensus.prior_wrong)
        column = settlement.likelihood(
            len(campaign.choices), campaign.index(choice_key), row, player.gold_recent, prior
        )
        decided = settlement.update_item(session, row.item_id, column, campaign)
        if decided is None:
            pass  # settled by another answer meanwhile: its outcome is final, nothing waits for the crowd
        elif decided.state is not ResolutionState.OPEN:
            # Settlement moves everyone's points itself, the answering player's included.
            settled = settlement.settle(session, row.item_id, campaign, decided, pay.now, pay).get(player.id, 0)
        else:
            pending = campaign.points_per_item > 0
    elif not row.gold:
        # Not counted, or on an item already settled: no consensus moves, but a settled item's results show it.
        item_results.after_answer(session, row.item_id)
    pay.set(
        player.id, gold_recent=player.gold_recent, hour_started=player.hour_started, hour_answers=player.hour_answers
    )
    return points + settled, pending


def _maybe_change_level(
    session: Tx, deps: GameDeps, pay: Payroll, player: Player, gold_counted: bool, now: datetime
) -> tuple[LevelChange | None, int]:
    if not gold_counted:
        return None, 0
    new_level = levels.next_level(deps.ladder, player.level, tasks.recent_gold(player, deps))
    if new_level == player.level:
        return None, 0
    return graduation.change_level(session, deps, pay, player, new_level, now)


def _repeat(deps: GameDeps, player: Player, row: Any, campaign: ActiveCampaign | None) -> Outcome:
    """A second press: nothing changes; the reply says what the first press recorded."""
    recorded = (campaign.choice(row.answer) if campaign else None) or Choice(row.answer or "", row.answer or "")
    return Outcome(
        task_id=row.task_id,
        choice=recorded,
        counted=bool(row.counted),
        repeated=True,
        points=0,
        progress=tasks.progress_of(deps, player),
        level_change=None,
        gold=None,
        next_prompt=None,
    )


@cache
def _lookup() -> Select:
    """The player (by identity) and, when it exists, the task with its item and campaign status."""
    return (
        select(
            col(Account.id).label("account_id"),
            col(Account.display_name),
            col(Account.level),
            col(Account.level_since),
            col(Account.best_level),
            col(Account.invited_by),
            col(Account.referral_rewarded),
            col(Account.gold_recent),
            col(Account.hour_started),
            col(Account.hour_answers),
            col(Assignment.id).label("task_id"),
            col(Assignment.account_id).label("owner"),
            col(Assignment.shown_at),
            col(Assignment.answered_at),
            col(Assignment.choice).label("answer"),
            col(Assignment.counted),
            col(Assignment.gold),
            col(Item.id).label("item_id"),
            col(Item.status).label("item_status"),
            col(Item.known_answer),
            col(Item.campaign_id),
            col(CampaignWorker.confusion),
            col(CampaignWorker.weight),
            col(CampaignWorker.suspended),
            col(Campaign.status).label("campaign_status"),
        )
        .select_from(Identity)
        .join(Account, col(Account.id) == col(Identity.account_id))
        .outerjoin(Assignment, col(Assignment.id) == bindparam("task"))
        .outerjoin(Item, col(Item.id) == col(Assignment.item_id))
        .outerjoin(
            CampaignWorker,
            and_(
                col(CampaignWorker.campaign_id) == col(Item.campaign_id),
                col(CampaignWorker.account_id) == col(Account.id),
            ),
        )
        .outerjoin(Campaign, col(Campaign.id) == col(Item.campaign_id))
        .where(col(Identity.platform) == bindparam("platform"), col(Identity.external_id) == bindparam("external_id"))
    )


@cache
def _record() -> Any:
    return (
        update(Assignment)
        .where(and_(col(Assignment.id) == bindparam("task"), col(Assignment.answered_at).is_(None)))
        .values(
            answered_at=bindparam("now"),
            choice=bindparam("choice"),
            counted=bindparam("counted"),
            correct=bindparam("correct"),
        )
    )


@cache
def _count_item() -> Any:
    return update(Item).where(col(Item.id) == bindparam("item")).values(answers=col(Item.answers) + 1)
