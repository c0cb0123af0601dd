"""The languages a group's members read, counted by the core on SQLite and PostgreSQL: a member's /language
choice, else the platform locale seen at /start or at their first quiz press; banned members don't count."""

from __future__ import annotations

from bot.common import languages
from core.game.game import Game
from core.types import CommunityRef
from tests.support import user

GROUP = CommunityRef("telegram", "-1002", "Разметчики")


async def test_the_members_languages_are_counted_and_give_the_group_s_language(game: Game) -> None:
    admin = user(1)
    await game.start(admin, locale="ru-RU")  # played privately first: the locale seen at /start
    await game.join_community(GROUP, [admin])
    assert await game.community_languages(GROUP) == {"ru-RU": 1}
    quiz = await game.post_quiz(GROUP, admin)
    for n, locale in ((2, "ru"), (3, "es"), (4, None)):  # met first in the group, at their quiz press
        await game.answer_quiz(user(n), quiz.quiz_id, "human", GROUP, locale)
    await game.answer_quiz(user(2), quiz.quiz_id, "bot", GROUP, "en")  # a later press keeps what was first known
    assert await game.community_languages(GROUP) == {"ru-RU": 1, "ru": 1, "es": 1, None: 1}
    assert languages.most_spoken(await game.community_languages(GROUP)) == "ru"  # two read Russian, one each else
    await game.set_language(user(3), "ru")  # a /language choice outweighs the locale
    assert languages.most_spoken(await game.community_languages(GROUP)) == "ru"
    await game.set_banned(GROUP, admin, user(2), True)
    await game.set_banned(GROUP, admin, user(3), True)
    assert await game.community_languages(GROUP) == {"ru-RU": 1, None: 1}
    assert languages.most_spoken(await game.community_languages(GROUP)) == "en"  # a tie goes to English
    assert await game.community_languages(CommunityRef("telegram", "-404")) == {}


def test_the_rule_counts_unspoken_and_unknown_languages_as_english() -> None:
    assert languages.most_spoken({}) == "en"
    assert languages.most_spoken({"pt-BR": 2, None: 1, "es": 2}) == "en"
    assert languages.most_spoken({"es-419": 2, "es": 1, "ru": 2, "en": 1}) == "es"
    assert languages.most_spoken({"ru": 1, "es": 1}) == "ru"  # a tie without English: the first in LANGUAGES
