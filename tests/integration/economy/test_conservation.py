"""No sequence of operations creates value: a stateful property test of the whole economy.

Random sequences of fund, answer, settle (the settlement window), a refit that flips a label, check-in, invite,
claim, pay, revert, close and refund, requester deposits and jobs funded from them, across many players and
campaigns, on a real database; after every step the ledger audit must pass: everything owed (deposits, pools,
engagement budget, pending and claimable points, claims) is covered by the treasury, all accounts sum to zero and
every cached balance equals its entries.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from eth_account import Account as EthAccount
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db.tables import Campaign, Item
from core.errors import GameError
from core.game import refit, refit_read
from core.game.campaign_cache import info
from core.game.refit_model import RefitResult
from core.types import UserRef
from tests.integration.admin.conftest import text_rows, write_text_pack
from tests.integration.economy.harness import ADMIN, TOKEN_UNITS, Economy
from wallet import batch_store

PLAYERS = 3
# The state machine's source seeds its derandomized search (hypothesis digests the class): an edit to it picks
# other sequences, which must still reach a claim and a payout (checked at the end of the test).


class Conservation(RuleBasedStateMachine):
    economy: Economy

    @initialize()
    def setup(self) -> None:
        self.game = self.economy.open()
        self.example = 0
        self.campaigns: list[int] = []
        self.players = [UserRef("telegram", f"{self.example}-{n}", f"P{n}") for n in range(PLAYERS)]
        self.joined: set[int] = set()
        self.released, self.claimed = 0, False
        self.jobs: list[int] = []
        self.requester = self.run(self.game.requesters.add(f"Requester {self.example}")).requester
        self.new_campaign(200, 10)  # something to play from the first step
        self.new_job(7, 300, 200)  # and a requester's job funded from its deposit

    def run(self, coroutine: Any) -> Any:
        return self.economy.run(coroutine)

    def ok(self, coroutine: Any) -> Any:
        """Refusals (GameError) are expected moves of the game; they must change nothing, which the audit checks."""
        try:
            return self.run(coroutine)
        except GameError:
            return None

    def join(self, n: int, code: str | None = None) -> UserRef:
        who = self.players[n]
        if n not in self.joined:
            if self.ok(self.game.start(who, code)) is None:  # a refused invite code: they join without one
                self.run(self.game.start(who))
            self.joined.add(n)
            self.ok(self.game.link_wallet(who, EthAccount.create().address))
        return who

    @rule(points=st.integers(1, 400), per_item=st.sampled_from([0, 1, 7, 10]))
    def new_campaign(self, points: int, per_item: int) -> None:
        name = f"c{self.example}-{len(self.campaigns)}"
        terms = {"points_per_item": per_item, "min_overlap": 2, "max_overlap": 3, "gold_rate": 0}
        info = self.run(
            self.game.campaigns.create(
                ADMIN, name=name, kind="bot_or_not", question="q", choices="human,bot", target_confidence=0.6, **terms
            )
        )
        rows = [{**row, "gold": False} for row in text_rows(6)]
        pack = write_text_pack(self.economy.root / name, rows)
        self.run(self.game.campaigns.import_pack(ADMIN, info.campaign_id, pack))
        self.ok(self.game.economy.fund(ADMIN, info.campaign_id, str(points / 100)))
        self.ok(self.game.campaigns.start(ADMIN, info.campaign_id))
        self.campaigns.append(info.campaign_id)

    @rule(points=st.integers(1, 3000))
    def deposit(self, points: int) -> None:
        """The operator credits the requester's deposit (refused beyond what the treasury holds unpromised)."""
        self.ok(self.game.requesters.deposit(self.requester.name, str(points / 100), self.economy.treasury))

    def new_job(self, per_item: int, deposit: int, points: int) -> None:
        """The operator credits the requester's deposit; the requester posts a job and funds its pool from it."""
        self.deposit(deposit)
        terms = {"points_per_item": per_item, "min_overlap": 2, "max_overlap": 3, "gold_rate": 0}
        job = self.run(
            self.game.requesters.create_job(
                self.requester,
                kind="bot_or_not",
                name=f"j{self.example}-{len(self.campaigns)}",
                question="q",
                choices="human,bot",
                target_confidence=0.6,
                **terms,
            )
        )
        pack = write_text_pack(self.economy.root / job.name, [{**row, "gold": False} for row in text_rows(6)])
        self.run(self.game.campaigns.import_pack(ADMIN, job.campaign_id, pack))
        if self.ok(self.game.requesters.fund(self.requester, job.campaign_id, str(points / 100))) is not None:
            self.economy.seen["funded"] += 1
        self.ok(self.game.requesters.change_status(self.requester, job.campaign_id, "start"))
        self.campaigns.append(job.campaign_id)
        self.jobs.append(job.campaign_id)
        self.economy.seen["jobs"] += 1

    @precondition(lambda self: self.jobs)
    @rule(pick=st.integers(0, 99), points=st.integers(1, 3000))
    def fund_from_deposit(self, pick: int, points: int) -> None:
        """The requester tops up one of its jobs (refused when the deposit is short or the job closed)."""
        campaign = self.jobs[pick % len(self.jobs)]
        if self.ok(self.game.requesters.fund(self.requester, campaign, str(points / 100))) is not None:
            self.economy.seen["funded"] += 1
        self.ok(self.game.requesters.change_status(self.requester, campaign, "resume"))

    @precondition(lambda self: self.campaigns)
    @rule(pick=st.integers(0, 99), points=st.integers(1, 3000))
    def fund(self, pick: int, points: int) -> None:
        campaign = self.campaigns[pick % len(self.campaigns)]
        self.ok(self.game.economy.fund(ADMIN, campaign, str(points / 100)))
        self.ok(self.game.campaigns.resume(ADMIN, campaign))

    @rule(points=st.integers(1, 500))
    def fund_engagement(self, points: int) -> None:
        self.ok(self.game.economy.fund_engagement(ADMIN, str(points / 100)))

    @rule(n=st.integers(0, PLAYERS - 1), answers=st.integers(1, 6), choices=st.sampled_from(["hh", "hb", "bb"]))
    def answer(self, n: int, answers: int, choices: str) -> None:
        """Two players answer in turn (agreeing or not), so items reach their overlap and settle."""
        for who, choice in ((self.join(n), choices[0]), (self.join((n + 1) % PLAYERS), choices[1])):
            for _ in range(answers):
                prompt = self.ok(self.game.next_task(who))
                if prompt is None:
                    break
                self.economy.clock.advance(seconds=2)
                self.ok(self.game.answer(who, prompt.task_id, {"h": "human", "b": "bot"}[choice]))

    @rule(hours=st.sampled_from([0.5, 1.5, 25]))
    def settle(self, hours: float) -> None:
        """Time passes; the settlement window releases what is due."""
        self.economy.clock.advance(hours=hours)
        self.released += self.run(self.game.economy.release_pending())

    @rule(n=st.integers(0, PLAYERS - 1))
    def check_in(self, n: int) -> None:
        self.ok(self.game.check_in(self.join(n)))

    @rule(inviter=st.integers(0, PLAYERS - 1), invitee=st.integers(0, PLAYERS - 1))
    def invite(self, inviter: int, invitee: int) -> None:
        code = self.ok(self.game.invite(self.join(inviter)))
        if code is not None and invitee not in self.joined:
            self.join(invitee, code.code)

    @rule(n=st.integers(0, PLAYERS - 1), points=st.one_of(st.none(), st.integers(1, 50)))
    def claim(self, n: int, points: int | None) -> None:
        if self.ok(self.game.claim(self.join(n), points)) is not None:
            self.economy.seen["claims"] += 1
            self.claimed = True

    @precondition(lambda self: self.released)
    @rule(pick=st.integers(0, PLAYERS - 1), share=st.sampled_from([None, 0.5, 2.0]))
    def claim_claimable(self, pick: int, share: float | None) -> None:
        """A player who has claimable points claims all, half, or twice what they have (refused)."""
        joined = [self.players[n] for n in sorted(self.joined)]  # others have no account to ask about
        holders = [who for who in joined if self.run(self.game.economy.balances(who)).claimable > 0]
        if not holders:
            return
        who = holders[pick % len(holders)]
        have = self.run(self.game.economy.balances(who)).claimable
        points = None if share is None else max(1, int(have * share))
        if self.ok(self.game.claim(who, points)) is not None:
            self.economy.seen["claims"] += 1
            self.claimed = True

    @precondition(lambda self: self.claimed)
    @rule()
    def pay(self) -> None:
        """The payout job takes waiting claims into a batch and the chain confirms it."""
        batch = self.transaction(lambda s: batch_store.assign(s, self.economy.clock.now(), 20, "test"))
        if batch is not None:
            now = self.economy.clock.now()
            paid = self.transaction(lambda s: batch_store.confirm(s, batch.id, None, now))
            self.economy.seen["paid"] += len(paid.claims) if paid is not None else 0

    @precondition(lambda self: self.claimed)
    @rule()
    def revert(self) -> None:
        """A batch reverts unpaid: its claims wait for a later batch (still owed)."""
        batch = self.transaction(lambda s: batch_store.assign(s, self.economy.clock.now(), 20, "test"))
        if batch is not None:
            self.transaction(lambda s: batch_store.requeue(s, batch.id, self.economy.clock.now()))

    @precondition(lambda self: self.claimed)
    @rule(pick=st.integers(0, 99))
    def refit_flips_a_label(self, pick: int) -> None:
        """A refit relabels a settled item: its pending shares move to the answers that now agree. Once something
        was claimed, so flips meet released shares (kept) beside pending ones (moved)."""
        deps, now = self.game.deps, self.economy.clock.now()

        def work(session: Session) -> bool:
            settled = session.execute(
                select(Item.id, Item.campaign_id).where(Item.status == "resolved").order_by(Item.id)
            ).all()
            if not settled:
                return False
            item_id, campaign_id = settled[pick % len(settled)]
            campaign = info(session.execute(select(Campaign).where(Campaign.id == campaign_id)).scalar_one())
            snap = refit_read.read(session, campaign, now)
            assert snap is not None
            label = next(choice.key for choice in campaign.choices if choice.key != snap.settled.get(item_id))
            refit.write(session, deps, campaign, snap, RefitResult([], {}, {}, {item_id: (campaign.index(label), 0.9)}))
            return True

        if self.run(deps.db.run(work)):
            self.economy.seen["relabelled"] += 1

    @precondition(lambda self: self.campaigns)
    @rule(pick=st.integers(0, 99))
    def close(self, pick: int) -> None:
        """Closing refunds what the pool still holds."""
        self.ok(self.game.campaigns.close(ADMIN, self.campaigns[pick % len(self.campaigns)]))

    @rule(tokens=st.integers(0, 200))
    def refund(self, tokens: int) -> None:
        """The treasury on chain is topped up (never drained below what was promised: that is the audit's alarm)."""
        self.economy.treasury.units += tokens * 100 * TOKEN_UNITS

    def transaction(self, work: Any) -> Any:
        return self.run(self.game.deps.db.transaction(work))

    def teardown(self) -> None:
        if hasattr(self, "game"):
            # The payout schedule's last run: what was claimed gets paid whatever the search's last steps were
            # (whether its own `pay` steps met a waiting claim varied with what ran before in the process).
            self.pay()
            self.conserved()
            self.economy.close()

    @invariant()
    def conserved(self) -> None:
        audit = self.run(self.game.economy.audit())
        assert audit.balanced, audit
        assert audit.cached, audit
        assert audit.unbacked_points == 0 and audit.ok, audit
        assert audit.overdrawn == 0, audit


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_no_sequence_of_operations_creates_value(backend: str, tmp_path: Path) -> None:
    economy = Economy(tmp_path, backend)
    Conservation.economy = economy
    try:
        run_state_machine_as_test(
            Conservation,
            settings=settings(
                max_examples=12 if backend == "sqlite" else 10,
                stateful_step_count=40,
                deadline=None,
                derandomize=True,  # the same sequences on every run, so the coverage check below is stable
                database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
            ),
        )
    finally:
        economy.loop.close()
    # The search reached the interesting paths: value was claimed and paid out, requesters funded jobs. Whether
    # its sequences also reach a label flip after a claim still varies with what ran before in the process, so
    # flips are not required here: test_refit_corrections flips labels and checks the book deterministically.
    assert economy.seen["claims"] > 0 and economy.seen["paid"] > 0, economy.seen
    assert economy.seen["jobs"] > 0 and economy.seen["funded"] > 0, economy.seen
