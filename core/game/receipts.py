"""`/why <task>`: the receipt of one of the player's own settled answers."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from core.db.consensus_tables import Receipt
from core.db.tables import Assignment, Campaign, Item
from core.errors import NotSettled, NotYourTask, UnknownTask
from core.game.deps import GameDeps
from core.game.players import find_player
from core.sentences import N_
from core.types import ReceiptFacts, UserRef

HIDDEN = N_("This campaign keeps its checks secret, so /why shows no receipts for its tasks until it gives feedback.")


async def receipt(deps: GameDeps, user: UserRef, task_id: int) -> ReceiptFacts:
    def work(session: Session) -> ReceiptFacts:
        account = find_player(session, user)
        row = session.execute(
            select(Assignment, col(Item.gold), col(Campaign.choices), col(Campaign.gold_feedback), Receipt)
            .join(Item, col(Item.id) == col(Assignment.item_id))
            .join(Campaign, col(Campaign.id) == col(Item.campaign_id))
            .outerjoin(Receipt, col(Receipt.assignment_id) == col(Assignment.id))
            .where(col(Assignment.id) == task_id)
        ).first()
        if row is None:
            raise UnknownTask()
        task, gold, choices, gold_feedback, paid = row
        if task.account_id != account.id:
            raise NotYourTask()
        if task.answered_at is None:
            raise NotSettled(N_("You haven't answered that task yet."))
        if not task.counted:
            raise NotSettled(N_("That answer came too fast to count, so it has no receipt."))
        if not gold_feedback:
            # Checks and real tasks get the same answer: a receipt for one and none for the other (or a real task
            # that settles beside a check that never does) would point out the checks.
            raise NotSettled(HIDDEN)
        if gold:
            raise NotSettled(N_("That was a check with a known answer: it measures your accuracy and pays no share."))
        if paid is None:
            raise NotSettled(N_("That task isn't settled yet: it pays once enough players agree. Check back later!"))
        labels = dict((key, label) for key, label in choices)
        needed = deps.ladder[account.level].promote_min_gold
        return ReceiptFacts(
            task_id=task_id,
            answer=labels.get(task.choice or "", task.choice or ""),
            label=labels.get(paid.label, paid.label) if paid.label is not None else None,
            confidence=paid.confidence,
            agreed=paid.agreed,
            weight=paid.weight,
            reputation=paid.reputation,
            earned=paid.earned,
            reward=paid.reward,
            winners_weight=paid.winners_weight,
            checks_done=min(len(account.gold_recent), needed),
            checks_needed=needed,
        )

    return await deps.db.run(work)
