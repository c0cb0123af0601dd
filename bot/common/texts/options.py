"""What Discord shows under each slash-command option (one dictionary: option name -> description)."""

from __future__ import annotations

from core.types import TaskKind

*_FIRST_KINDS, _LAST_KIND = TaskKind

OPTION_HELP: dict[str, str] = {
    "code": "an invite code from a friend (optional)",
    "scope": "which leaderboard: all time, this week, or this server",
    "link_code": "the code from the other platform; leave it empty to get a code here",
    "level": "the level whose players get the role",
    "role": "the role to give; leave it empty to stop giving one for this level",
    "channel": "the channel for the daily quiz; leave it empty to stop the daily quiz",
    "daily": "turn this server's daily quiz on or off",
    "minutes": "how many minutes a quiz stays open before its results show",
    "member": "the member",
    "wallet": "your address (0x…), or the signature of the message I sent; empty shows your wallet",
    "points": "how many points to claim; empty claims them all",
    "campaign": "the campaign's name or number",
    "name": "a short unique name for the campaign",
    "kind": f"what the tasks ask: {', '.join(_FIRST_KINDS)} or {_LAST_KIND}",
    "question": "the question every task asks",
    "choices": "the answers as key=Label pairs, e.g. yes=Yes,no=No",
    "field": "the term to change, e.g. gold_rate, min_overlap, deadline, points_per_item, priority",
    "value": "the new value (none clears it)",
    "pack": "a .zip pack or a .csv of items",
    "format": "the file format",
    "item": "the gold item's id, as its campaign's stats list it",
    "answer": "the corrected known answer (a choice key); empty retires the item",
}
