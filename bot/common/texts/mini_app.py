"""The Telegram Mini App's wording: its buttons in chat and the labels on its page."""

from __future__ import annotations

MINI_APP_BUTTON = "📱 Play in the app"
MINI_APP_MENU = "Play"
MINI_APP_REFUSED = "This session can't be verified. Close the app and open it again from the bot."
MINI_APP_BAD_TASK = "That task number isn't valid."
MINI_APP_BAD_CHOICE = "That answer isn't valid."
MINI_APP_NOT_JSON = "The request isn't a JSON object."
MINI_APP_SHARE = "Label data with me on chatlabel and earn points:"
# Everything the page itself says; the page receives it from the server and invents no wording of its own.
MINI_APP_LABELS = {
    "title": "chatlabel",
    "not_sure": "Not sure",
    "check_in": "📅 Check in",
    "checked_in": "✅ Checked in",
    "leaderboard": "🏆 Top",
    "board_title": "🏆 Top players",
    "invite": "🤝 Invite",
    "level": "Level",
    "streak": "🔥 Streak",
    "points": "💰 Points",
    "rank": "🏅 Rank",
    "pending": "⏳",  # followed by the number of answers awaiting the crowd's decision
    "pending_hint": "answers waiting for the crowd's decision; their reward comes when it is made",
    "no_tasks": "No tasks are waiting for you right now. Check back soon!",
    "loading": "Loading…",
    "swipe_hint": "Swipe or use ← →",
    "you": "You",
    "invite_text": "Invite friends: you both earn when they reach the next level.",
    "share": "Share the invite link",
    "invited": "Invited so far",
    "rewarded": "rewarded",
    "offline": "Can't reach the game right now; try again in a moment.",
}


def mini_app_share(link: str) -> str:
    return f"{MINI_APP_SHARE} {link}"
