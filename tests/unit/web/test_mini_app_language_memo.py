"""The Mini App reads a player's language once per opening of the app, not once per call."""

from __future__ import annotations

from core.types import UserRef
from web.mini_app.languages import LanguageMemo

ADA = UserRef("telegram", "1", "Ada")
BO = UserRef("telegram", "2", "Bo")


class Store:
    def __init__(self) -> None:
        self.chosen: dict[str, str | None] = {}
        self.reads = 0

    async def read(self, user: UserRef) -> str | None:
        self.reads += 1
        return self.chosen.get(user.external_id)


async def test_one_read_per_opening_and_a_fresh_one_when_the_app_opens_again() -> None:
    store = Store()
    memo = LanguageMemo(store.read)
    store.chosen["1"] = "ru"
    assert [await memo.chosen(ADA, 100) for _ in range(5)] == ["ru"] * 5
    assert store.reads == 1
    store.chosen["1"] = "es"  # /language es in chat while the app is open
    assert await memo.chosen(ADA, 100) == "ru"  # this opening keeps its language
    assert await memo.chosen(ADA, 100, fresh=True) == "es"  # the app reloads: its start call reads again
    assert await memo.chosen(ADA, 100) == "es"
    assert await memo.chosen(ADA, 200) == "es" and store.reads == 3  # a new opening is read
    assert await memo.chosen(BO, 100) is None and store.reads == 4  # another player's opening is their own


async def test_the_oldest_openings_are_forgotten_first() -> None:
    store = Store()
    memo = LanguageMemo(store.read, size=2)
    for auth_date in (1, 2, 3):
        await memo.chosen(ADA, auth_date)
    await memo.chosen(ADA, 3)
    await memo.chosen(ADA, 2)
    assert store.reads == 3
    await memo.chosen(ADA, 1)  # forgotten: read again
    assert store.reads == 4
