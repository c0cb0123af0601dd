"""Every table module, imported once so SQLModel.metadata (and so the migrations) sees them all.

Features keep their tables in their own module (`core/db/tables.py` holds the game's); add yours here.
"""

from core.db import (  # noqa: F401
    assist_tables,
    book_tables,
    campaign_tables,
    community_tables,
    consensus_tables,
    discord_tables,
    live_tables,
    requester_tables,
    reward_tables,
    tables,
)
