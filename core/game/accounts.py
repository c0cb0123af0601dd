"""Players and their identities: joining (with an invite code), and linking a second platform's identity."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from sqlmodel import col

from core.db.community_tables import GroupQuizAnswer
from core.db.results import rows_changed, stored_id
from core.db.tables import Account, Assignment, Identity, LinkCode
from core.errors import LinkError, ReferralError
from core.game import codes, notices, tasks, wallets
from core.game.deps import GameDeps
from core.game.players import find, lookup, require
from core.sentences import N_
from core.types import LinkCode as LinkCodeFacts
from core.types import Linked, NoticeKind, UserRef, Welcome, platform_of

UNUSABLE_CODE = N_("That link code is unknown, used or expired. Ask for a new one with /link.")


async def start(deps: GameDeps, user: UserRef, referral_code: str | None = None, locale: str | None = None) -> Welcome:
    """Create the player on first contact (recording who invited them) and serve the first task."""

    def work(session: Session) -> Welcome:
        now = deps.clock.now()
        account = lookup(session, user)
        # A member who has only pressed group quizzes starts privately for the first time: a newcomer still.
        new = account is None or not _played_privately(session, account)
        if account is not None and referral_code and (not new or account.invited_by is not None):
            raise ReferralError(
                N_("You've already joined, so this invite can't count. Invite codes are for new players.")
            )
        inviter = _inviter(session, deps, referral_code) if referral_code else None
        if inviter is not None and account is not None:
            if inviter.id == account.id:
                raise ReferralError(N_("That's your own invite code: share it with friends who haven't joined yet."))
            account.invited_by = inviter.id
        name = user.display_name[:128]
        if account is None:
            account = Account(
                display_name=name,
                referral_code=_unique_code(session, deps),
                level_since=now,
                created_at=now,
                invited_by=inviter.id if inviter else None,
            )
            session.add(account)
            session.flush()
            session.add(
                Identity(
                    platform=user.platform,
                    external_id=user.external_id,
                    account_id=stored_id(account),
                    display_name=name,
                )
            )
            session.flush()
        elif account.display_name != name:
            account.display_name = name
        if locale and account.locale != locale[:16]:
            account.locale = locale[:16]
        prompt = tasks.serve(session, deps, account, now)
        return Welcome(
            account_id=stored_id(account),
            new=new,
            invited_by=inviter.display_name if inviter else None,
            referral_code=account.referral_code,
            progress=tasks.progress_of(deps, account),
            prompt=prompt,
            invitee_points=deps.settings.referrals.invitee_points,
        )

    return await deps.db.run(work)


def _played_privately(session: Session, account: Account) -> bool:
    """Whether the player was ever served a task of their own (group quiz presses are not private play)."""
    tasks_shown = session.scalar(select(func.count()).where(col(Assignment.account_id) == account.id)) or 0
    in_groups = session.scalar(select(func.count()).where(col(GroupQuizAnswer.account_id) == account.id)) or 0
    return tasks_shown > in_groups


def _inviter(session: Session, deps: GameDeps, raw_code: str) -> Account:
    code = codes.normalise(raw_code)
    if not codes.looks_valid(code, deps.settings.referrals.code_length):
        raise ReferralError(N_("That invite code isn't valid. Check the link, or just /start without one."))
    inviter = session.scalar(select(Account).where(col(Account.referral_code) == code))
    if inviter is None:
        raise ReferralError(N_("That invite code doesn't exist. Check the link, or just /start without one."))
    return inviter


def _unique_code(session: Session, deps: GameDeps) -> str:
    while True:
        code = codes.new_code(deps.settings.referrals.code_length)
        if session.scalar(select(col(Account.id)).where(col(Account.referral_code) == code)) is None:
            return code


async def create_link_code(deps: GameDeps, user: UserRef) -> LinkCodeFacts:
    """A one-time code to type on the other platform, attaching that identity to this account."""

    async def work(session: AsyncSession) -> LinkCodeFacts:
        account = await require(session, user)
        now = deps.clock.now()
        expires = now + timedelta(minutes=deps.settings.link.code_ttl_minutes)
        code = codes.new_code(10)
        session.add(LinkCode(code=code, account_id=stored_id(account), expires_at=expires))
        return LinkCodeFacts(code=code, expires_at=expires)

    return await deps.db.transaction(work)


async def link(deps: GameDeps, user: UserRef, raw_code: str) -> Linked:
    """Attach `user`'s identity to the code's account. Only a fresh identity (no answers yet) can move."""

    async def work(session: AsyncSession) -> Linked:
        now = deps.clock.now()
        code = await session.get(LinkCode, codes.normalise(raw_code))
        if code is None or code.used_at is not None or code.expires_at < now:
            raise LinkError(UNUSABLE_CODE)
        current = await find(session, user)
        if current is not None and current.id == code.account_id:
            raise LinkError(N_("This identity is already linked to that account."))
        if current is not None and await _has_history(session, stored_id(current)):
            raise LinkError(
                N_(
                    "This account already has answers of its own, so it can't be merged. "
                    "Create the code here and enter it on the other platform instead."
                )
            )
        # Spent only if still unspent: of two uses at once, one wins and the other is refused.
        spent = await session.execute(
            update(LinkCode).where(col(LinkCode.code) == code.code, col(LinkCode.used_at).is_(None)).values(used_at=now)
        )
        if rows_changed(spent) != 1:
            raise LinkError(UNUSABLE_CODE)
        await _attach(session, user, code.account_id, current)
        await wallets.void_challenges(session, code.account_id, now)
        # A leaked code hands over the account: its other identities hear of every link at once.
        facts = {"platform": user.platform}
        await notices.queue_everywhere(session, code.account_id, NoticeKind.IDENTITY_LINKED, facts, now, told=user)
        platforms = (
            await session.scalars(
                select(col(Identity.platform))
                .where(col(Identity.account_id) == code.account_id)
                .order_by(col(Identity.platform))
            )
        ).all()
        return Linked(account_id=code.account_id, platforms=tuple(platform_of(name) for name in platforms))

    return await deps.db.transaction(work)


async def _has_history(session: AsyncSession, account_id: int) -> bool:
    answered = await session.scalar(
        select(func.count())
        .select_from(Assignment)
        .where(col(Assignment.account_id) == account_id, col(Assignment.answered_at).is_not(None))
    )
    account = await session.get(Account, account_id)
    return bool(answered) or bool(account and account.points)


async def _attach(session: AsyncSession, user: UserRef, account_id: int, current: Account | None) -> None:
    if current is None:
        session.add(
            Identity(
                platform=user.platform,
                external_id=user.external_id,
                account_id=account_id,
                display_name=user.display_name[:128],
            )
        )
        await session.flush()
        return
    await session.execute(
        update(Identity)
        .where(col(Identity.platform) == user.platform, col(Identity.external_id) == user.external_id)
        .values(account_id=account_id)
    )
