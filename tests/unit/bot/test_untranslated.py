"""Guards against English that bypasses the catalogs: a sentence written straight into what a player, moderator
or admin sees (a chat message, a toast, a card, the Mini App's JSON), or a refusal raised with an unmarked one.

The sentences themselves live in bot/common/texts (built with _() and ngettext()) or are marked N_(); these scans
read the source (ast), so a new literal in an adapter fails here before anyone meets it in English.
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Iterator
from pathlib import Path

import core.errors
from core.errors import GameError

ROOT = Path(__file__).resolve().parents[3]
# Where words reach people: the chat adapters, the shared views and cards, the Mini App. (bot/common/texts is
# where the sentences are written, through the catalogs; the terminal's `chatlabel` commands speak to operators.)
ADAPTERS = ("bot/telegram", "bot/discord", "bot/common", "bot/console/play.py", "web/mini_app")
WORDING = ("bot/common/texts", "bot/common/locale")
# Calls whose arguments are shown: chat sends and edits, toasts, replies, card text, chart titles, JSON errors.
SINKS = {
    "say",
    "send",
    "send_message",
    "reply_text",
    "edit_message_text",
    "edit_text",
    "answer",
    "replace",
    "replace_pressed",
    "Reply",
    "Button",
    "text_block",
    "text",
    "pill",
    "label",
    "set_title",
    "_style",
    "_empty",
    "BadRequest",
    "JSONResponse",
}
# Keywords of those calls that place or style the words (Pillow anchors, matplotlib alignment), never words.
LAYOUT = {"anchor", "loc", "ha", "va", "parse_mode", "align"}
# Refusals whose readers are requesters' programs (the HTTP API), not people in a chat: English by design.
API_ONLY = {"RequesterError", "IdempotencyConflict", "BadApiKey", "MissingScope", "UnknownJob", "DepositShort"}


def modules(*roots: str) -> Iterator[Path]:
    for root in roots:
        found = ROOT / root
        for path in [found] if found.is_file() else sorted(found.rglob("*.py")):
            if not any(str(path.relative_to(ROOT)).startswith(w) for w in WORDING):
                yield path


def words(node: ast.AST) -> list[str]:
    """The literal text in `node` that a person would read (a sentence or a word, not a key or a symbol)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value] if sum(c.isalpha() for c in node.value) >= 2 else []
    if isinstance(node, ast.JoinedStr):
        return [text for part in node.values for text in words(part)]
    if isinstance(node, ast.Dict):
        return [text for value in node.values for text in words(value)]
    return []


def name_of(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def shown_literals(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and name_of(node) in SINKS:
            shown = (keyword.value for keyword in node.keywords if keyword.arg not in LAYOUT)
            for arg in (*node.args, *shown):
                found += [(node.lineno, text) for text in words(arg)]
    return found


def test_adapters_show_no_sentence_that_bypasses_the_catalogs() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for path in modules(*ADAPTERS)
        for line, text in shown_literals(path.read_text())
    ]
    assert offenders == []


def refusal_classes() -> set[str]:
    return {name for name, cls in inspect.getmembers(core.errors, inspect.isclass) if issubclass(cls, GameError)}


def unmarked_refusals(source: str, refusals: set[str]) -> list[tuple[int, str]]:
    """`raise Refusal("...")` or `super().__init__(f"...")` in a refusal: English no catalog holds."""
    found = []
    for node in ast.walk(ast.parse(source)):
        raised = node.exc if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) else None
        if raised is not None and name_of(raised) in refusals - API_ONLY and raised.args:
            found += [(node.lineno, text) for text in words(raised.args[0])]
        if isinstance(node, ast.ClassDef) and node.name in refusals - API_ONLY:
            for call in ast.walk(node):
                if isinstance(call, ast.Call) and name_of(call) == "__init__" and call.args:
                    found += [(call.lineno, text) for text in words(call.args[0])]
    return found


def test_refusals_that_reach_a_chat_are_marked_for_the_catalogs() -> None:
    refusals = refusal_classes()
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for path in modules("core", "wallet", "bot", "web/mini_app")
        for line, text in unmarked_refusals(path.read_text(), refusals)
    ]
    assert offenders == []


def test_the_guards_find_what_they_guard_against() -> None:
    adapter = 'async def f(bot):\n    await render.say(bot, 1, "Done, see you!")\n    await q.answer(_("Fine"))\n'
    assert shown_literals(adapter) == [(2, "Done, see you!")]
    core_code = (
        "def g(n):\n"
        '    raise InvalidCampaign(f"level must be between 1 and {n}")\n'
        '    raise InvalidCampaign(N_("level must be between 1 and {top}"), top=n)\n'
        '    raise RequesterError("A requester named x already exists.")\n'
    )
    assert unmarked_refusals(core_code, refusal_classes()) == [(2, "level must be between 1 and ")]
