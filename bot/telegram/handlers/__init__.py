"""Handlers by audience: members (private chat), presses (buttons), groups (moderators), errors."""
