"""Sentences the core hands to people (a refusal's `user_message`) are marked with `N_` for the catalogs that
`make messages` extracts; the adapters read them in the player's language (`texts.refusal`). The core itself
stays in English and knows no catalog."""

from __future__ import annotations


def N_(message: str) -> str:
    return message
