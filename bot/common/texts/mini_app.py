"""The Telegram Mini App's wording: its buttons in chat and the labels on its page."""

from __future__ import annotations

from bot.common.texts.i18n import N_, _

MINI_APP_BUTTON = N_("📱 Play in the app")
MINI_APP_MENU = N_("Play")
MINI_APP_REFUSED = N_("This session can't be verified. Close the app and open it again from the bot.")
MINI_APP_BAD_TASK = N_("That task number isn't valid.")
MINI_APP_BAD_CHOICE = N_("That answer isn't valid.")
MINI_APP_NOT_JSON = N_("The request isn't a JSON object.")
MINI_APP_SHARE = N_("Label data with me on chatlabel and earn points:")
# Everything the page itself says; the page receives it from the server and invents no wording of its own.
MINI_APP_LABELS = {
    "title": "chatlabel",
    "not_sure": N_("Not sure"),
    "check_in": N_("📅 Check in"),
    "checked_in": N_("✅ Checked in"),
    "leaderboard": N_("🏆 Top"),
    "board_title": N_("🏆 Top players"),
    "invite": N_("🤝 Invite"),
    "level": N_("Level"),
    "streak": N_("🔥 Streak"),
    "points": N_("💰 Points"),
    "rank": N_("🏅 Rank"),
    "pending": N_("⏳"),  # followed by the number of answers awaiting the crowd's decision
    "pending_hint": N_("answers waiting for the crowd's decision; their reward comes when it is made"),
    "no_tasks": N_("No tasks are waiting for you right now. Check back soon!"),
    "loading": N_("Loading…"),
    "swipe_hint": N_("Swipe or use ← →"),
    "you": N_("You"),
    "invite_text": N_("Invite friends: you both earn when they reach the next level."),
    "share": N_("Share the invite link"),
    "invited": N_("Invited so far"),
    "rewarded": N_("rewarded"),
    "offline": N_("Can't reach the game right now; try again in a moment."),
}


def mini_app_share(link: str) -> str:
    return f"{_(MINI_APP_SHARE)} {link}"
