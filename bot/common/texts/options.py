"""What Discord shows under each slash-command option (one dictionary: option name -> description)."""

from __future__ import annotations

from bot.common.texts.i18n import N_
from core.types import TaskKind

*_FIRST_KINDS, _LAST_KIND = TaskKind

OPTION_HELP: dict[str, str] = {
    "code": N_("an invite code from a friend (optional)"),
    "language": N_("a language code, e.g. en, ru or es; empty lists them"),
    "scope": N_("which leaderboard: all time, this week, or this server"),
    "link_code": N_("the code from the other platform; leave it empty to get a code here"),
    "level": N_("the level whose players get the role"),
    "role": N_("the role to give; leave it empty to stop giving one for this level"),
    "channel": N_("the channel for the daily quiz; leave it empty to stop the daily quiz"),
    "daily": N_("turn this server's daily quiz on or off"),
    "minutes": N_("how many minutes a quiz stays open before its results show"),
    "member": N_("the member"),
    "wallet": N_("your address (0x…), or the signature of the message I sent; empty shows your wallet"),
    "points": N_("how many points to claim; empty claims them all"),
    "campaign": N_("the campaign's name or number"),
    "tokens": N_("how many tokens to move from the treasury, e.g. 25 or 12.5"),
    "name": N_("a short unique name for the campaign"),
    # The kinds are names to type, not words to translate.
    "kind": f"what the tasks ask: {', '.join(_FIRST_KINDS)} or {_LAST_KIND}",
    "question": N_("the question every task asks"),
    "choices": N_("the answers as key=Label pairs, e.g. yes=Yes,no=No"),
    "field": N_("the term to change, e.g. gold_rate, min_overlap, deadline, points_per_item, priority"),
    "value": N_("the new value (none clears it)"),
    "pack": N_("a .zip pack or a .csv of items"),
    "format": N_("the file format"),
    "player": N_("the player's number, from /campaign appeals"),
    "decision": N_("reinstate the player, or uphold the suspension"),
    "item": N_("the check's id, as its campaign's stats list it"),
    "answer": N_("the corrected known answer (a choice key); empty retires the item"),
}
