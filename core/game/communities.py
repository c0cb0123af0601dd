"""Communities: a group becomes one when the bot is added; its admins are moderators; members can be banned.

The chat platform is the authority on who administers a group, so the adapter asks it and passes the answer to
`check_moderator` (or `record_moderator`), which mirrors it into `Membership.moderator` with the time it was
asked; a moderator use case trusts that mirror only while it is fresh (see `core.game.moderation`).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Integer, cast, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.db.community_tables import CommunityOptions, GroupQuiz
from core.db.results import stored_id
from core.db.tables import Account, Assignment, Campaign, Community, Identity, Item, Membership
from core.errors import CannotBanModerator, NotModerator, UnknownCommunity
from core.game import codes, moderation
from core.game.deps import GameDeps
from core.game.players import find
from core.settings import Settings
from core.types import CommunityInfo, CommunityRef, UserRef


async def join(deps: GameDeps, ref: CommunityRef, moderators: Sequence[UserRef]) -> CommunityInfo:
    """The bot was added: create (or reactivate) the community and make the group's admins its moderators."""

    async def work(session: AsyncSession) -> CommunityInfo:
        community = await upsert(session, ref)
        (await options_of(session, deps, community)).active = True
        for user in moderators:
            account = await ensure_account(session, deps, user)
            row = await membership(session, stored_id(community), stored_id(account))
            row.moderator, row.moderator_checked_at = True, deps.clock.now()
        await session.flush()
        return await _info(session, deps, community)

    return await deps.db.transaction(work)


async def leave(deps: GameDeps, ref: CommunityRef) -> None:
    """The bot was removed: keep the history, stop the daily quiz."""

    async def work(session: AsyncSession) -> None:
        community = await lookup(session, ref)
        if community is not None:
            (await options_of(session, deps, community)).active = False

    await deps.db.transaction(work)


async def check_moderator(deps: GameDeps, ref: CommunityRef, user: UserRef, is_admin: bool) -> None:
    """Record what the platform says about `user` and refuse non-admins (NotModerator)."""
    await record_moderator(deps, ref, user, is_admin)
    if not is_admin:
        raise NotModerator()  # after the commit: a demoted admin's flag is cleared, not kept by a rollback


async def record_moderator(deps: GameDeps, ref: CommunityRef, user: UserRef, is_admin: bool) -> None:
    """Mirror the platform's word on `user`: an admin becomes (or stays) a moderator, anyone else stops being one."""

    async def work(session: AsyncSession) -> None:
        community = await upsert(session, ref)
        account = await ensure_account(session, deps, user) if is_admin else await find(session, user)
        if account is None:
            return
        row: Membership | None
        if is_admin:
            row = await membership(session, stored_id(community), stored_id(account))
            row.banned = False
        else:
            row = await session.get(Membership, (community.id, account.id))
            if row is None:
                return
        row.moderator, row.moderator_checked_at = is_admin, deps.clock.now()

    await deps.db.transaction(work)


async def set_banned(deps: GameDeps, ref: CommunityRef, by: UserRef, target: UserRef, banned: bool) -> str:
    """Ban (or unban) `target` from the community's tasks and quizzes; returns the name shown for them."""

    async def work(session: AsyncSession) -> str:
        community = await require_moderator(session, deps, ref, by)
        account = await ensure_account(session, deps, target)
        row = await membership(session, stored_id(community), stored_id(account))
        if banned and row.moderator and moderation.fresh(row, moderation.confirmed_since(deps)):
            raise CannotBanModerator()  # the platform said a moment ago that they administer the group
        if banned:
            row.moderator = False  # an old flag the platform no longer vouches for
        row.banned = banned
        if banned:
            await void_open_tasks(session, community.id, account.id)
        return account.display_name

    return await deps.db.transaction(work)


async def configure(
    deps: GameDeps, ref: CommunityRef, by: UserRef, *, daily_quiz: bool | None = None, quiz_minutes: int | None = None
) -> CommunityInfo:
    async def work(session: AsyncSession) -> CommunityInfo:
        community = await require_moderator(session, deps, ref, by)
        options = await options_of(session, deps, community)
        if daily_quiz is not None:
            options.daily_quiz = daily_quiz
        if quiz_minutes is not None:
            options.quiz_minutes = quiz_minutes
        await session.flush()
        return await _info(session, deps, community)

    return await deps.db.transaction(work)


async def void_open_tasks(session: AsyncSession, community_id: int | None, account_id: int | None) -> None:
    """Withdraw the community's tasks shown but not yet answered, so a ban stops the task already in hand too."""
    await session.execute(
        delete(Assignment).where(
            col(Assignment.account_id) == account_id,
            col(Assignment.answered_at).is_(None),
            col(Assignment.item_id).in_(
                select(col(Item.id))
                .join(Campaign, col(Campaign.id) == col(Item.campaign_id))
                .where(col(Campaign.community_id) == community_id)
            ),
        )
    )


# --- helpers shared with quizzes -------------------------------------------------------------------------------
async def lookup(session: AsyncSession, ref: CommunityRef) -> Community | None:
    return await session.scalar(
        select(Community).where(col(Community.platform) == ref.platform, col(Community.external_id) == ref.external_id)
    )


async def upsert(session: AsyncSession, ref: CommunityRef) -> Community:
    community = await lookup(session, ref)
    if community is None:
        community = Community(platform=ref.platform, external_id=ref.external_id, title=ref.title[:256] or "?")
        session.add(community)
        await session.flush()
    elif ref.title and community.title != ref.title[:256]:
        community.title = ref.title[:256]
    return community


def default_quiz_minutes(settings: Settings, platform: str) -> int:
    """How long a new community's quizzes stay open, as its platform's section says."""
    return settings.discord.quiz_minutes if platform == "discord" else settings.telegram.quiz_minutes


async def options_of(session: AsyncSession, deps: GameDeps, community: Community) -> CommunityOptions:
    options = await session.get(CommunityOptions, community.id)
    if options is None:
        minutes = default_quiz_minutes(deps.settings, community.platform)
        options = CommunityOptions(community_id=stored_id(community), quiz_minutes=minutes)
        session.add(options)
        await session.flush()
    return options


async def membership(session: AsyncSession, community_id: int, account_id: int) -> Membership:
    row = await session.get(Membership, (community_id, account_id))
    if row is None:
        row = Membership(community_id=community_id, account_id=account_id)
        session.add(row)
        await session.flush()
    return row


async def require_moderator(session: AsyncSession, deps: GameDeps, ref: CommunityRef, user: UserRef) -> Community:
    community = await lookup(session, ref)
    if community is None:
        raise UnknownCommunity()
    if not await moderation.moderates(session, user, stored_id(community), moderation.confirmed_since(deps)):
        raise NotModerator()
    return community


async def ensure_account(session: AsyncSession, deps: GameDeps, user: UserRef, locale: str | None = None) -> Account:
    """Group members play without a private /start first; their account is created on first contact. `locale`
    is what the platform says the member reads, kept (when nothing is known yet) for the group's language."""
    account = await find(session, user)
    if account is not None:
        if locale and account.locale is None:
            account.locale = locale[:16]
        return account
    now = deps.clock.now()
    code = codes.new_code(deps.settings.referrals.code_length)
    while await session.scalar(select(col(Account.id)).where(col(Account.referral_code) == code)) is not None:
        code = codes.new_code(deps.settings.referrals.code_length)
    account = Account(
        display_name=user.display_name[:128],
        referral_code=code,
        level_since=now,
        created_at=now,
        locale=locale[:16] if locale else None,
    )
    session.add(account)
    await session.flush()
    session.add(
        Identity(
            platform=user.platform,
            external_id=user.external_id,
            account_id=stored_id(account),
            display_name=user.display_name[:128],
        )
    )
    await session.flush()
    return account


async def _info(session: AsyncSession, deps: GameDeps, community: Community) -> CommunityInfo:
    options = await session.get(CommunityOptions, community.id)
    counts = (
        await session.execute(
            select(
                func.count(),
                func.coalesce(func.sum(cast(col(Membership.moderator), Integer)), 0),
                func.coalesce(func.sum(cast(col(Membership.banned), Integer)), 0),
            ).where(col(Membership.community_id) == community.id)
        )
    ).one()
    quizzes = await session.scalar(select(func.count()).where(col(GroupQuiz.community_id) == community.id))
    return CommunityInfo(
        title=community.title,
        active=options.active if options else True,
        daily_quiz=options.daily_quiz if options else True,
        quiz_minutes=options.quiz_minutes if options else default_quiz_minutes(deps.settings, community.platform),
        members=int(counts[0]),
        moderators=int(counts[1]),
        banned=int(counts[2]),
        quizzes=int(quizzes or 0),
    )
