"""Fakes of the platforms' network edges for end-to-end bot tests.

- `telegram_api.FakeTelegramApi` / fixture `telegram_api`: a Bot API server the real
  `telegram.ext.Application` talks to over HTTP.
- `discord_edge.DiscordEdge` / fixture `discord_edge`: interactions fed to a real discord.py client,
  its REST calls and interaction responses recorded.

Import a fixture into a conftest.py to use it: `from tests.fakes.telegram_api import telegram_api`.
"""
