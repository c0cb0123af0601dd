"""Closing a group quiz: the group's own tallies, the item's consensus so far and who in the group matched it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core import paths
from core.db.community_tables import GroupQuiz, GroupQuizAnswer
from core.db.results import stored_id
from core.db.tables import Account, Assignment, Campaign, Community, Item
from core.game import ledger, levels
from core.game.deps import GameDeps
from core.types import Choice, CommunityRef, Prompt, QuizClose, QuizResult, TaskKind, platform_of


async def close(
    session: AsyncSession,
    deps: GameDeps,
    quiz: GroupQuiz,
    item: Item,
    campaign: Campaign,
    community: Community,
    now: datetime,
) -> QuizResult:
    """The group's own tallies, the item's consensus so far and who matched it (paid on the group's board)."""
    rows = (
        await session.execute(
            select(
                col(GroupQuizAnswer.account_id),
                col(GroupQuizAnswer.choice),
                col(Account.display_name),
                col(Assignment.counted),
            )
            .join(Account, col(Account.id) == col(GroupQuizAnswer.account_id))
            .join(
                Assignment,
                (col(Assignment.account_id) == col(GroupQuizAnswer.account_id)) & (col(Assignment.item_id) == item.id),
            )
            .where(col(GroupQuizAnswer.quiz_id) == quiz.id)
            .order_by(col(GroupQuizAnswer.answered_at), col(GroupQuizAnswer.account_id))
        )
    ).all()
    prompt = prompt_of(deps, stored_id(quiz), item, campaign)
    tallies = tuple((c, sum(1 for row in rows if row.choice == c.key)) for c in prompt.choices)
    answer = consensus(prompt.choices, item)
    right = [row for row in rows if answer is not None and row.choice == answer.key]
    for row in right:
        if row.counted:
            await ledger.credit(
                session, row.account_id, deps.settings.points.quiz_right, "quiz_right", str(quiz.id), now, community.id
            )
    ref = CommunityRef(platform_of(community.platform), community.external_id, community.title)
    return QuizResult(
        stored_id(quiz),
        ref,
        quiz.message_ref,
        prompt,
        tallies,
        reason=_why_closed(quiz, item, campaign),
        answer=answer,
        settled=item.status == "resolved",
        right=tuple(row.display_name for row in right),
    )


def consensus(choices: tuple[Choice, ...], item: Item) -> Choice | None:
    """The settled label, else the posterior's single leading choice; None while answers have not told apart."""
    if item.status == "resolved":
        return next((c for c in choices if c.key == item.label), None)
    posterior = item.log_posterior or []
    if len(posterior) != len(choices) or item.answers == 0:
        return None
    best = max(posterior)
    if sum(1 for value in posterior if value == best) != 1:
        return None
    return choices[posterior.index(best)]


def _why_closed(quiz: GroupQuiz, item: Item, campaign: Campaign) -> QuizClose:
    if campaign.status != "active":
        return QuizClose.CAMPAIGN_STOPPED
    if item.status != "open" and quiz.closed_at is not None and quiz.closed_at < quiz.closes_at:
        return QuizClose.SETTLED
    return QuizClose.TIME_UP


def prompt_of(deps: GameDeps, quiz_id: int, item: Item, campaign: Campaign) -> Prompt:
    """The same prompt a player gets privately; its progress is the campaign level's starting point."""
    return Prompt(
        task_id=quiz_id,
        kind=TaskKind(campaign.kind),
        question=campaign.question,
        text=item.text,
        image=paths.resolve(item.image),
        choices=tuple(Choice(key, label) for key, label in campaign.choices),
        progress=levels.progress(deps.ladder, campaign.level, []),
        campaign=campaign.name,
        answers=tuple(item.answers_shown),
    )
