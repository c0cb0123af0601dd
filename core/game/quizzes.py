"""Group quizzes: one item posted to a community, answered by each member for themselves.

Each press is that member's own Assignment of the item (so consensus sees ordinary answers) and a
GroupQuizAnswer (so the tallies are the group's own); they are revealed only when the quiz closes, so nobody
follows the crowd. At close, members who match the item's consensus earn points on the group's leaderboard.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import exists, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from sqlmodel import col

from core.consensus import ResolutionState
from core.db.community_tables import CommunityOptions, GroupQuiz, GroupQuizAnswer
from core.db.results import id_column, rows_changed, stored_id
from core.db.tables import Account, Assignment, Campaign, Community, Item, Membership
from core.errors import Banned, InvalidChoice, NoQuiz, TaskClosed, UnknownTask
from core.game import communities, item_results, quiz_results, settlement, streaks
from core.game.deps import GameDeps
from core.game.money import payroll
from core.types import Choice, CommunityRef, Platform, Quiz, QuizAnswer, QuizResult, UserRef, platform_of


async def post(deps: GameDeps, ref: CommunityRef, by: UserRef) -> Quiz:
    """A moderator's /quiz: pick an item for the group and open it for `quiz_minutes`."""

    async def work(session: AsyncSession) -> Quiz:
        community = await communities.require_moderator(session, deps, ref, by)
        quiz = await _open(session, deps, community, None)
        if quiz is None:
            raise NoQuiz()
        return quiz

    return await deps.db.transaction(work)


async def post_daily(deps: GameDeps, platform: Platform) -> list[Quiz]:
    """Scheduled: today's quiz for every active community that wants one; at most one per community and day."""
    day = streaks.game_day(deps.clock.now(), deps.settings.checkin.day_starts_at_hour)

    async def due(session: AsyncSession) -> list[int]:
        already = select(col(GroupQuiz.community_id)).where(col(GroupQuiz.daily_day) == day)
        rows = await session.scalars(
            select(id_column(Community.id))
            .join(CommunityOptions, col(CommunityOptions.community_id) == col(Community.id))
            .where(
                col(Community.platform) == platform,
                col(CommunityOptions.active).is_(True),
                col(CommunityOptions.daily_quiz).is_(True),
                col(Community.id).not_in(already),
            )
        )
        return list(rows)

    posted = []
    for community_id in await deps.db.transaction(due):
        # One transaction per community: a group with nothing left to ask must not stop the others.
        async def work(session: AsyncSession, community_id: int = community_id) -> Quiz | None:
            community = await session.get(Community, community_id)
            return await _open(session, deps, community, day) if community else None

        quiz = await deps.db.transaction(work)
        if quiz is not None:
            posted.append(quiz)
    return posted


async def posted(deps: GameDeps, quiz_id: int, message_ref: str) -> None:
    """Where the platform shows the quiz, so closing can reveal the tallies in place."""

    async def work(session: AsyncSession) -> None:
        await session.execute(
            update(GroupQuiz).where(col(GroupQuiz.id) == quiz_id).values(message_ref=message_ref[:64])
        )

    await deps.db.transaction(work)


async def answer(
    deps: GameDeps,
    user: UserRef,
    quiz_id: int,
    choice_key: str,
    where: CommunityRef | None = None,
    locale: str | None = None,
) -> QuizAnswer:
    """`where`: the chat the press came from; a quiz's buttons only count in the community it was posted to.
    `locale`: the member's platform language, kept for a member the game meets here first."""

    async def work(session: AsyncSession, budget: payroll.Budget | None) -> QuizAnswer:
        now = deps.clock.now()
        pay = payroll.Payroll(now, budget)  # the budget, when answers pay, last (see payroll)
        row = (
            await session.execute(
                select(GroupQuiz, Item, Campaign)
                .join(Item, col(Item.id) == col(GroupQuiz.item_id))
                .join(Campaign, col(Campaign.id) == col(Item.campaign_id))
                .where(col(GroupQuiz.id) == quiz_id)
                # The item's row first (PostgreSQL; SQLite has one writer): an answer that read it open while
                # another settled it would count on it afterwards, beyond its receipts.
                .with_for_update(of=Item, key_share=True)
            )
        ).first()
        if row is None:
            raise UnknownTask()
        quiz, item, campaign = row
        if where is not None:
            here = await communities.lookup(session, where)
            if here is None or here.id != quiz.community_id:
                raise UnknownTask()
        choice = next((Choice(k, label) for k, label in campaign.choices if k == choice_key), None)
        if choice is None:
            raise InvalidChoice()
        account = await communities.ensure_account(session, deps, user, locale)
        account_id = stored_id(account)
        member = await communities.membership(session, quiz.community_id, account_id)
        if member.banned:
            raise Banned()
        assignment = await session.scalar(
            select(Assignment).where(col(Assignment.item_id) == item.id, col(Assignment.account_id) == account_id)
        )
        if assignment is not None and assignment.answered_at is not None:
            recorded = next((Choice(k, label) for k, label in campaign.choices if k == assignment.choice), choice)
            if quiz.closed_at is None:  # their earlier answer stands, given here too
                await _record_here(session, quiz_id, account_id, recorded.key, now)
            return QuizAnswer(quiz_id, recorded, True, assignment.counted, 0, quiz.closes_at)
        if quiz.closed_at is not None or quiz.closes_at <= now or item.status != "open" or campaign.status != "active":
            raise TaskClosed()
        if assignment is None:
            assignment = await _assign(session, account_id, item, campaign, quiz.posted_at)
        counted = (now - assignment.shown_at).total_seconds() >= deps.settings.tasks.min_answer_seconds
        done = await session.execute(
            update(Assignment)
            .where(col(Assignment.id) == assignment.id, col(Assignment.answered_at).is_(None))
            .values(answered_at=now, choice=choice.key, counted=counted, correct=None)
        )
        if rows_changed(done) == 0:  # a concurrent press of the same member won
            return QuizAnswer(quiz_id, choice, True, counted, 0, quiz.closes_at)
        await _record_here(session, quiz_id, account_id, choice.key, now)
        points = 0
        if counted:
            await session.run_sync(
                _into_consensus, deps, pay, stored_id(item), stored_id(campaign), account, choice.key
            )
            points = await session.run_sync(
                pay.draw, account_id, deps.settings.points.answer, "answer", str(assignment.id), quiz.community_id
            )
            await session.run_sync(pay.apply)
        else:  # not counted: should another transaction have settled the item meanwhile, its results show it
            await session.run_sync(item_results.after_answer, stored_id(item))
        return QuizAnswer(quiz_id, choice, False, counted, points, quiz.closes_at)

    if not deps.settings.points.answer:
        return await deps.db.transaction(lambda session: work(session, None))
    return await payroll.paying(deps, lambda budget: deps.db.transaction(lambda session: work(session, budget)))


async def close_due(deps: GameDeps, platform: Platform) -> list[QuizResult]:
    """Scheduled: close quizzes whose time is up (or whose item resolved) and return their tallies."""

    async def work(session: AsyncSession) -> list[QuizResult]:
        now = deps.clock.now()
        rows = (
            await session.execute(
                select(GroupQuiz, Item, Campaign, Community)
                .join(Item, col(Item.id) == col(GroupQuiz.item_id))
                .join(Campaign, col(Campaign.id) == col(Item.campaign_id))
                .join(Community, col(Community.id) == col(GroupQuiz.community_id))
                .where(col(GroupQuiz.closed_at).is_(None), col(Community.platform) == platform)
                .where(
                    (col(GroupQuiz.closes_at) <= now)
                    | (col(Item.status) != "open")
                    | (col(Campaign.status) != "active")
                )
            )
        ).all()
        results = []
        for quiz, item, campaign, community in rows:
            quiz.closed_at = now
            results.append(await quiz_results.close(session, deps, quiz, item, campaign, community, now))
        return results

    return await deps.db.transaction(work)


async def _record_here(session: AsyncSession, quiz_id: int, account_id: int, choice: str, now: datetime) -> None:
    already = await session.get(GroupQuizAnswer, (quiz_id, account_id))
    if already is None:
        session.add(GroupQuizAnswer(quiz_id=quiz_id, account_id=account_id, choice=choice, answered_at=now))
        await session.flush()


async def _open(session: AsyncSession, deps: GameDeps, community: Community, daily_day) -> Quiz | None:
    item_campaign = await _pick(session, community.id)
    if item_campaign is None:
        return None
    item, campaign = item_campaign
    options = await communities.options_of(session, deps, community)
    now = deps.clock.now()
    closes_at = now + timedelta(minutes=options.quiz_minutes)
    quiz_id = await session.scalar(
        insert(GroupQuiz)
        .values(community_id=community.id, item_id=item.id, daily_day=daily_day, posted_at=now, closes_at=closes_at)
        .returning(col(GroupQuiz.id))
    )
    ref = CommunityRef(platform_of(community.platform), community.external_id, community.title)
    return Quiz(int(quiz_id or 0), ref, quiz_results.prompt_of(deps, int(quiz_id or 0), item, campaign), closes_at)


async def _pick(session: AsyncSession, community_id: int | None) -> tuple[Item, Campaign] | None:
    """The community's own campaigns first, then public first-level ones; never an item asked here before, nor
    one a member of the group has answered.

    Gold items are left out: everyone in the group sees the revealed tallies, which would give their answer away.
    """
    asked = select(col(GroupQuiz.item_id)).where(col(GroupQuiz.community_id) == community_id)
    members = select(col(Membership.account_id)).where(col(Membership.community_id) == community_id)
    # An item a member already answered (privately or in another group) would only repeat their answer.
    answered_here = exists().where(
        col(Assignment.item_id) == col(Item.id),
        col(Assignment.account_id).in_(members),
        col(Assignment.answered_at).is_not(None),
    )
    for scope in (
        col(Campaign.community_id) == community_id,
        col(Campaign.community_id).is_(None) & (col(Campaign.level) == 0),
    ):
        row = (
            await session.execute(
                select(Item, Campaign)
                .join(Campaign, col(Campaign.id) == col(Item.campaign_id))
                .where(scope, col(Campaign.status) == "active", col(Item.status) == "open", col(Item.gold).is_(False))
                .where(col(Item.answers) < col(Campaign.max_overlap), col(Item.id).not_in(asked), ~answered_here)
                .order_by(col(Item.answers).desc(), col(Item.id))
                .limit(1)
            )
        ).first()
        if row is not None:
            return row[0], row[1]
    return None


async def _assign(
    session: AsyncSession, account_id: int, item: Item, campaign: Campaign, shown_at: datetime
) -> Assignment:
    assignment = Assignment(
        item_id=stored_id(item),
        account_id=account_id,
        level=campaign.level,
        gold=False,
        shown_at=shown_at,
        counted=False,
    )
    session.add(assignment)
    await session.flush()
    return assignment


@dataclass(frozen=True, slots=True)
class _Answer:
    """A quiz press as the posterior update reads an answer: no fitted confusion, trusted by gold record."""

    confusion: None = None
    suspended: bool = False
    weight: float = 1.0


def _into_consensus(
    session: Session,
    deps: GameDeps,
    pay: payroll.Payroll,
    item_id: int,
    campaign_id: int,
    account: Account,
    choice: str,
) -> None:
    """A group answer moves the item's posterior like a private one, and may settle (and pay) the item."""
    campaign = deps.campaigns.active(session).get(campaign_id)
    if campaign is None:  # started since this process last looked
        deps.campaigns.invalidate()
        campaign = deps.campaigns.active(session)[campaign_id]
    prior = (deps.settings.consensus.prior_correct, deps.settings.consensus.prior_wrong)
    column = settlement.likelihood(len(campaign.choices), campaign.index(choice), _Answer(), account.gold_recent, prior)
    decided = settlement.update_item(session, item_id, column, campaign)
    if decided is not None and decided.state is not ResolutionState.OPEN:
        settlement.settle(session, item_id, campaign, decided, pay.now, pay)
