"""Every table module, imported once so SQLModel.metadata (and so the migrations) sees them all.

Features keep their tables in their own module (`core/db/tables.py` holds the game's); add yours here.
"""

import core.db.campaign_tables  # noqa: F401
import core.db.discord_tables  # noqa: F401
from core.db import tables  # noqa: F401
from core.db import reward_tables  # noqa: F401
from core.db import community_tables  # noqa: F401
