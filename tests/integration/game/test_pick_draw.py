"""The pick draws among the candidates that rank first, in the statement itself: every one of them can be served,
each for its share of draws, and an item ranked lower is never served while a better one is open."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlmodel import col

from core.db.tables import Campaign, Item
from core.db.uow import connection
from core.game import pick
from core.game.game import Game


async def picks(game: Game, draws: list[float]) -> list[int]:
    def work(session: Session) -> list[int]:
        conn = connection(session)
        campaign = conn.scalar(select(col(Campaign.id)).where(col(Campaign.name) == "spot-the-bot"))
        params = {"campaign": campaign, "account": 0, "cap": 7}
        return [int(conn.execute(pick.best(False, 8), {**params, "draw": u}).one().id) for u in draws]

    return await game.deps.db.run(work)


async def test_each_of_the_equal_candidates_takes_its_share_of_draws(game: Game) -> None:
    # Fresh items are all worth the same: the first eight (by the index's order) tie.
    drawn = await picks(game, [i / 8 for i in range(8)] + [0.999])
    assert drawn[:8] == sorted(set(drawn[:8]))  # eight draws, eight items, in id order
    assert drawn[-1] == drawn[7]


async def test_a_better_candidate_is_served_whatever_the_draw(game: Game) -> None:
    first = (await picks(game, [0.0]))[0]

    def raise_one(session: Session) -> None:
        connection(session).execute(update(Item).where(col(Item.id) == first + 2).values(ask_value=99.0))

    await game.deps.db.run(raise_one)
    assert set(await picks(game, [0.0, 0.5, 0.999])) == {first + 2}
