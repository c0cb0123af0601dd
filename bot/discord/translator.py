"""Discord's command menus in each language the game speaks: the descriptions of commands and their options are
looked up in the catalogs when the commands are synced; the command and option names stay as typed."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.common import texts

DESCRIPTION_LIMIT = 100  # Discord's, for a command's or an option's description
DESCRIBED = (
    app_commands.TranslationContextLocation.command_description,
    app_commands.TranslationContextLocation.group_description,
    app_commands.TranslationContextLocation.parameter_description,
)


class CatalogTranslator(app_commands.Translator):
    async def translate(
        self, string: app_commands.locale_str, locale: discord.Locale, context: app_commands.TranslationContextTypes
    ) -> str | None:
        """None (Discord shows the English) for names, for English, and for what the catalog does not hold."""
        language = texts.supported(locale.value)
        if context.location not in DESCRIBED or language in (None, texts.DEFAULT_LANGUAGE):
            return None
        with texts.speaking(language):
            said = texts.translate(string.message)
        return said[:DESCRIPTION_LIMIT] if said != string.message else None
