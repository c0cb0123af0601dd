"""A requester's job with onboarding gold, played in Telegram: a player who answers the onboarding checks right
is served the job's messages next; one who misses a check gets no more of the job."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from core.db.tables import Campaign
from core.game.money.treasury import FixedTreasury
from tests.e2e.telegram.conftest import World, right_answer
from tests.integration.web.requester_support import api_client
from tests.integration.web.test_requester_items import jsonl, new_job, upload

ITEMS = [{"id": f"t{i}", "text": f"Message number {i}"} for i in range(4)]
CHECKS = [
    {"id": f"g{i}", "text": f"Check number {i}", "known_answer": ["human", "bot"][i % 2], "gold": True}
    for i in range(3)
]


async def test_players_pass_the_jobs_onboarding_checks_in_chat_before_its_items(world: World) -> None:
    def only_the_job(session: Session) -> None:  # the shipped campaigns rest, so every task is the job's
        session.execute(update(Campaign).values(status="paused"))

    await world.game.deps.db.run(only_the_job)
    treasury = world.game.economy.treasury
    assert isinstance(treasury, FixedTreasury)
    treasury.units += 10**18
    issued = await world.game.requesters.add("Acme AI")
    await world.game.requesters.deposit("Acme AI", "1", treasury)
    async with api_client(world.game, key=issued.key) as client:
        job = await new_job(client, min_overlap=3, max_overlap=3, target_confidence=0.6, gold_rate=0, onboarding_gold=2)
        await upload(client, job, "items.jsonl", jsonl(ITEMS + CHECKS))
        assert (await client.post(f"/api/v1/jobs/{job}/fund", json={"tokens": "0.5"})).status_code == 200
        assert (await client.post(f"/api/v1/jobs/{job}/start")).status_code == 200

    alice, bob = world.api.user("Alice"), world.api.user("Bob")
    await world.say(alice, "/start", replies=2)
    shown = []
    for _ in range(4):
        task = world.last(alice)
        shown.append(task.text or task.caption or "")
        await world.answer(alice, task, right_answer(task))
    assert all("Check number" in text for text in shown[:2]), shown
    assert all("Message number" in text for text in shown[2:]), shown

    await world.say(bob, "/start", replies=2)
    check = world.last(bob)
    assert "Check number" in (check.text or "")
    await world.answer(bob, check, "Human" if right_answer(check) == "Bot" else "Bot")  # a miss
    told = [m.text or "" for m in world.api.bot_messages(bob)] + [
        e.get("text") or "" for m in world.api.bot_messages(bob) for e in m.edits
    ]
    assert not any("Message number" in text for text in told), told
    assert world.api.errors == []
