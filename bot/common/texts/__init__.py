"""Every sentence a player reads, shared by the terminal, Telegram and Discord so they cannot drift apart.

Plain text with emoji; adapters may add their platform's emphasis but never their own wording. Adapters use one
namespace (`texts.welcome(...)`, `texts.COMMANDS`); the modules below only keep it in readable parts.

Sentences are in the language of the player being answered (`texts.use(...)`, set by the adapters per update;
see `i18n`). Functions translate as they build; constants are read through this namespace, which translates
them at each read, so `texts.STALE_BUTTON` is in the current player's language.
"""

from typing import Any

from bot.common.texts import campaigns as _campaigns
from bot.common.texts import i18n as _i18n
from bot.common.texts.appeals import *  # noqa: F403
from bot.common.texts.campaigns import *  # noqa: F403
from bot.common.texts.console import *  # noqa: F403
from bot.common.texts.discord import *  # noqa: F403
from bot.common.texts.groups import *  # noqa: F403
from bot.common.texts.i18n import DEFAULT as DEFAULT_LANGUAGE  # noqa: F401
from bot.common.texts.i18n import LANGUAGES, N_, current, pick, speaking, supported, use  # noqa: F401
from bot.common.texts.i18n import _ as translate  # noqa: F401
from bot.common.texts.language import *  # noqa: F403
from bot.common.texts.levels import *  # noqa: F403
from bot.common.texts.mini_app import *  # noqa: F403
from bot.common.texts.notices import *  # noqa: F403
from bot.common.texts.options import *  # noqa: F403
from bot.common.texts.payouts import *  # noqa: F403
from bot.common.texts.play import *  # noqa: F403
from bot.common.texts.receipts import *  # noqa: F403
from bot.common.texts.refusals import *  # noqa: F403
from bot.common.texts.requesters import *  # noqa: F403
from bot.common.texts.rewards import *  # noqa: F403
from bot.common.texts.words import *  # noqa: F403

# The constants leave the module's namespace and come back through `__getattr__`, translated at each read.
_CONSTANTS: dict[str, object] = {
    name: globals().pop(name)
    for name, value in list(globals().items())
    if name.isupper() and not name.startswith("_") and not callable(value)
}
_COMPUTED = {"USAGE_CAMPAIGN": _campaigns.usage_campaign}


def __getattr__(name: str) -> Any:
    if name in _COMPUTED:
        return _COMPUTED[name]()
    try:
        return _i18n.translated(_CONSTANTS[name])
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
