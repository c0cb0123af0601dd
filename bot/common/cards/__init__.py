"""Card pictures shared by every chat adapter: PNG bytes, deterministic, at most 800 px wide and 200 KB."""

from bot.common.cards.leaderboard import leaderboard_card
from bot.common.cards.profile import profile_card
from bot.common.cards.stats import stats_chart
from bot.common.cards.task import Comparison, split_comparison, task_card

__all__ = [
    "Comparison",
    "leaderboard_card",
    "profile_card",
    "split_comparison",
    "stats_chart",
    "task_card",
]
