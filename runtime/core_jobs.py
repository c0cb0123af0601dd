"""The jobs every worker schedules whatever chat platforms run: reminders, refits, deadlines, link pictures,
payouts and their reconciler, requesters' deposits on chain, notices, releases. Each runs once across the
workers (its lease row decides where)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core.game.game import Game
from core.settings import Settings
from runtime.scheduler import Scheduler

if TYPE_CHECKING:
    from wallet.run import BatchGuard
    from wallet.service import PayoutService


def schedule_core_jobs(scheduler: Scheduler, game: Game, settings: Settings) -> None:
    """Jobs that need no chat platform; each runs once across the workers (its lease row decides where)."""
    every = settings.schedule
    scheduler.daily("streak_reminders", every.streak_reminder_hour, game.queue_streak_reminders)
    # Consensus: worker models, spam weights, open posteriors, label changes.
    scheduler.every("consensus_refit", settings.consensus.refit_minutes * 60, game.refit)
    # Campaigns with `model_assist`: their model trains and predicts off the answer path (core.assist).
    scheduler.every("model_assist", settings.consensus.assist_minutes * 60, game.assist)
    scheduler.every("campaign_deadlines", every.campaign_deadline_seconds, game.campaigns.close_expired)
    scheduler.every("link_images", every.link_image_seconds, game.fetch_link_images)
    # Claims batch + reconciler under the payout lease (resumes whatever was in flight); the economy's audit is
    # checked before every batch, and funding reads the same treasury.
    service = start_payouts(scheduler, game, settings, before_batch=game.economy.payout_check)
    if service is not None:
        from wallet.treasury import ChainTreasury

        game.economy.treasury = ChainTreasury(service.run.client)
        _watch_deposits(scheduler, game, settings, service.run.client)
    scheduler.every("settled_notices", 60, game.queue_settled_notices)
    # Pending points past the settlement window (or vested engagement rewards) become claimable.
    scheduler.every("release_pending", 600, game.economy.release_pending)


def _watch_deposits(scheduler: Scheduler, game: Game, settings: Settings, client: Any) -> None:
    """Token transfers to the treasury carrying a requester's reference credit its deposit, once confirmed."""
    from wallet.deposits import watch

    async def run() -> None:
        await watch(game.requesters, client, settings.chain.confirmations)

    scheduler.every("requester_deposits", settings.schedule.deposit_watch_seconds, run)


def start_payouts(
    scheduler: Any, game: Game, settings: Settings, before_batch: BatchGuard | None = None
) -> PayoutService | None:
    """Payouts on: the game gets the chain's wallet proofs, the scheduler the payout jobs. None: payouts off.

    ``before_batch`` is checked before each batch is paid (default: the treasury covers the batch).
    """
    from wallet.linking import EthProofs
    from wallet.node_wait import NodeWait
    from wallet.service import build_payouts, schedule_payouts

    service = build_payouts(game.deps.db, settings, before_batch)
    if service is None:
        return None

    def ready(chain_id: int) -> None:
        game.wallet_proofs = EthProofs(chain_id)
        schedule_payouts(scheduler, service, settings)

    # A node that does not answer pauses payouts (the rest of the service runs) until a retry reaches it.
    service.node_wait = NodeWait(scheduler, service, ready, settings.chain.node_retry_max_seconds)
    service.node_wait.start()
    return service
