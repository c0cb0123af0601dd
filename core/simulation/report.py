"""The simulation's figures, read from the database the crowd played on."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlmodel import col

from core.db.consensus_tables import CampaignWorker, LabelChange
from core.db.tables import Account, Assignment, Identity, Item, LedgerEntry
from core.game.game import Game
from core.simulation.crowd import BAD, Kind, Member
from core.simulation.economy import HONEST_KINDS, SYBIL_KINDS, Money


@dataclass
class Report:
    items: int = 0  # non-gold items
    resolved: int = 0
    ambiguous: int = 0
    ambiguous_right: int = 0  # ambiguous items whose most probable label is the truth all the same
    counted_answers: int = 0  # counted answers on non-gold items
    answers_per_resolved_item: float = 0.0  # every counted non-gold answer, per resolved item
    accuracy: float = 0.0  # settled labels against the pack's truth
    accuracy_after_changes: float = 0.0  # the labels the export delivers (refit changes applied)
    label_changes: int = 0
    reward_share: dict[str, float] = field(default_factory=dict)
    bad_actor_reward_share: float = 0.0
    suspended: dict[str, int] = field(default_factory=dict)
    levels: dict[str, dict[str, int]] = field(default_factory=dict)
    kinds: dict[str, int] = field(default_factory=dict)
    # Claimable points (what can leave as tokens) once the settlement window has passed, by who holds them.
    sybil_reward_share: float = 0.0
    honest_reward_share: float = 0.0
    honest_points_per_counted_answer: float = 0.0
    sybil_pending_points: int = 0  # engagement rewards the farm earned but can never claim unproven
    unbacked_points: int = 0
    honest: int = 0  # honest players in the crowd (not the sybil farm, whose answerers guess at random)
    honest_reasons: list[str] = field(default_factory=list)  # why each suspended honest player was suspended

    @property
    def honest_suspended_share(self) -> float:
        return len(self.honest_reasons) / max(1, self.honest)

    @property
    def ambiguous_share(self) -> float:
        return self.ambiguous / max(1, self.items)

    @property
    def ambiguous_right_share(self) -> float:
        return self.ambiguous_right / max(1, self.ambiguous)

    def lines(self) -> list[str]:
        out = [
            f"players: {', '.join(f'{n} {kind}' for kind, n in self.kinds.items())}",
            f"items resolved: {self.resolved} of {self.items} ({self.ambiguous} ambiguous, "
            f"{self.ambiguous_right} of them with the true label most probable)",
            f"answers per resolved item: {self.answers_per_resolved_item:.2f} ({self.counted_answers} counted)",
            f"accuracy of settled labels: {self.accuracy:.3f} (after {self.label_changes} refit label changes: "
            f"{self.accuracy_after_changes:.3f})",
            "share of settlement rewards:",
        ]
        out += [f"  {kind:<15} {share:6.1%}" for kind, share in self.reward_share.items()]
        out.append(f"  bad actors      {self.bad_actor_reward_share:6.1%}")
        out.append(
            f"claimable points: honest {self.honest_reward_share:.1%}, sybil farm {self.sybil_reward_share:.1%} "
            f"(the farm holds {self.sybil_pending_points} pending points it cannot claim); "
            f"{self.honest_points_per_counted_answer:.2f} per honest counted answer; unbacked {self.unbacked_points}"
        )
        out.append(f"suspended by the refit: {', '.join(f'{n} {k}' for k, n in self.suspended.items()) or 'none'}")
        out += [f"  an honest player: {reason}" for reason in self.honest_reasons]
        out.append("levels reached:")
        out += [f"  {kind:<15} {levels}" for kind, levels in self.levels.items()]
        return out

    def figures(self) -> dict[str, Any]:
        return {
            "accuracy": round(self.accuracy, 4),
            "answers_per_resolved_item": round(self.answers_per_resolved_item, 3),
            "bad_actor_reward_share": round(self.bad_actor_reward_share, 4),
            "items_resolved": self.resolved,
            "items": self.items,
            "accuracy_after_label_changes": round(self.accuracy_after_changes, 4),
            "reward_share": {k: round(v, 4) for k, v in self.reward_share.items()},
            "sybil_reward_share": round(self.sybil_reward_share, 4),
            "honest_reward_share": round(self.honest_reward_share, 4),
            "honest_points_per_counted_answer": round(self.honest_points_per_counted_answer, 3),
            "sybil_pending_points": self.sybil_pending_points,
            "unbacked_points": self.unbacked_points,
            "honest_suspended_share": round(self.honest_suspended_share, 4),
            "ambiguous_share": round(self.ambiguous_share, 4),
            "ambiguous_right_share": round(self.ambiguous_right_share, 4),
        }


def mean_figures(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The mean of every numeric figure over several seeds' runs, with each run's figures beside it."""
    keys = [k for k, v in runs[0].items() if isinstance(v, int | float)]
    means = {k: round(sum(run[k] for run in runs) / len(runs), 4) for k in keys}
    return {**means, "seeds": len(runs), "runs": runs}


def honest_suspensions(kinds: dict[int, Kind], suspended: dict[int, str]) -> list[str]:
    """Why each suspended honest player was suspended; a sybil answerer guesses at random and is not one."""
    return sorted(reason for account, reason in suspended.items() if kinds[account] is Kind.HONEST)


def most_probable(log_posterior: list[float] | None, keys: list[str]) -> str | None:
    """The choice key a stored log-posterior favours (None when there is none to read)."""
    if not log_posterior or len(log_posterior) != len(keys):
        return None
    return keys[max(range(len(keys)), key=lambda k: log_posterior[k])]


async def build_report(
    game: Game,
    members: list[Member],
    truth: dict[str, str | None],
    money: Money | None = None,
    keys: list[str] | None = None,
) -> Report:
    def read(session: Any) -> tuple[list[Any], dict[int, str], dict[int, int], list[Any], list[Any], dict[int, str]]:
        items = session.execute(
            select(
                col(Item.id),
                col(Item.text),
                col(Item.status),
                col(Item.label),
                col(Item.answers),
                col(Item.log_posterior),
            ).where(col(Item.gold).is_(False))
        ).all()
        changes = dict(
            session.execute(
                select(col(LabelChange.item_id), col(LabelChange.new_label)).order_by(col(LabelChange.id))
            ).all()
        )
        paid = dict(
            session.execute(
                select(col(LedgerEntry.account_id), func.sum(col(LedgerEntry.amount)))
                .where(col(LedgerEntry.reason) == "settlement")
                .group_by(col(LedgerEntry.account_id))
            ).all()
        )
        accounts = session.execute(
            select(col(Identity.external_id), col(Account.id), col(Account.best_level)).join(Account)
        ).all()
        counted = session.execute(
            select(func.count())
            .select_from(Assignment)
            .join(Item)
            .where(col(Item.gold).is_(False), col(Assignment.counted))
        ).all()
        suspended = dict(
            session.execute(
                select(col(CampaignWorker.account_id), col(CampaignWorker.reason)).where(
                    col(CampaignWorker.suspended).is_(True)
                )
            ).all()
        )
        return items, changes, paid, accounts, counted, suspended

    items, changes, paid, accounts, counted, suspended = await game.deps.db.transaction(
        lambda session: session.run_sync(read)
    )
    kind_of = {m.user.external_id: m.kind for m in members}
    by_account = {account_id: (kind_of[external], best) for external, account_id, best in accounts}
    report = Report(items=len(items), counted_answers=int(counted[0][0]))
    report.kinds = dict(Counter(m.kind.value for m in members))
    resolved = [i for i in items if i.status == "resolved"]
    report.resolved = len(resolved)
    ambiguous = [i for i in items if i.status == "ambiguous"]
    report.ambiguous = len(ambiguous)
    report.ambiguous_right = sum(most_probable(i.log_posterior, keys or []) == truth[i.text] for i in ambiguous)
    report.answers_per_resolved_item = report.counted_answers / max(1, report.resolved)
    report.accuracy = sum(i.label == truth[i.text] for i in resolved) / max(1, len(resolved))
    delivered = [i for i in items if i.status != "open" and changes.get(i.id, i.label) is not None]
    right = sum(changes.get(i.id, i.label) == truth[i.text] for i in delivered)
    report.accuracy_after_changes = right / max(1, len(delivered))
    report.label_changes = len(changes)
    earned: dict[str, int] = defaultdict(int)
    for account_id, amount in paid.items():
        earned[by_account[account_id][0].value] += int(amount)
    total = sum(earned.values()) or 1
    report.reward_share = {kind: earned.get(kind, 0) / total for kind in report.kinds}
    report.bad_actor_reward_share = sum(earned.get(kind.value, 0) for kind in BAD) / total
    report.suspended = dict(Counter(by_account[a][0].value for a in suspended))
    report.honest_reasons = honest_suspensions({a: kind for a, (kind, _) in by_account.items()}, suspended)
    report.honest = sum(m.kind is Kind.HONEST for m in members)
    levels: dict[str, Counter[int]] = defaultdict(Counter)
    for kind, best in by_account.values():
        levels[kind.value][best] += 1
    ladder = game.deps.ladder
    report.levels = {
        kind: {ladder[level].title: n for level, n in sorted(counts.items())} for kind, counts in levels.items()
    }
    if money is not None:
        report.sybil_reward_share = money.share(SYBIL_KINDS)
        report.honest_reward_share = money.share(HONEST_KINDS)
        honest = sum(v for k, v in money.claimable.items() if k in HONEST_KINDS)
        answers = sum(v for k, v in money.counted.items() if k in HONEST_KINDS)
        report.honest_points_per_counted_answer = honest / answers if answers else 0.0
        report.sybil_pending_points = sum(v for k, v in money.pending.items() if k in SYBIL_KINDS)
        report.unbacked_points = money.unbacked_points
    return report
