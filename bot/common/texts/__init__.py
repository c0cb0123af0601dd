"""Every sentence a player reads, shared by the terminal, Telegram and Discord so they cannot drift apart.

Plain text with emoji; adapters may add their platform's emphasis but never their own wording. Adapters use one
namespace (`texts.welcome(...)`, `texts.COMMANDS`); the modules below only keep it in readable parts.
"""

from bot.common.texts.appeals import *  # noqa: F403
from bot.common.texts.campaigns import *  # noqa: F403
from bot.common.texts.discord import *  # noqa: F403
from bot.common.texts.groups import *  # noqa: F403
from bot.common.texts.mini_app import *  # noqa: F403
from bot.common.texts.options import *  # noqa: F403
from bot.common.texts.payouts import *  # noqa: F403
from bot.common.texts.play import *  # noqa: F403
from bot.common.texts.receipts import *  # noqa: F403
from bot.common.texts.requesters import *  # noqa: F403
from bot.common.texts.rewards import *  # noqa: F403
from bot.common.texts.words import *  # noqa: F403
