from tests.fakes.discord_edge import discord_edge
from tests.fakes.telegram_api import telegram_api

__all__ = ["discord_edge", "telegram_api"]
