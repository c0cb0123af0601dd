"""A comparison pack whose verdicts follow known system strengths, and players who answer every task they get."""

from __future__ import annotations

import json
import math
import random

from bot.common import views
from core.clock import FixedClock
from core.errors import NoTasks
from core.game.game import Game
from core.types import Prompt, TaskKind
from tests.e2e.display_packs import put_on_level
from tests.support import user
from web.mini_app.views import card

MANIFEST = """name = "Arena"
version = "1"
kind = "comparison"
question = "Which answer is better?"
licence = "CC0-1.0"
attribution = "tests"
""" + "".join(f'\n[[choices]]\nkey = "{k}"\nlabel = "{k.upper()}"\n' for k in ("a", "b", "tie", "both_bad"))
STRENGTH = {"atlas-7b": 1.2, "boreas-3b": 0.0, "ceres-1b": -1.2}  # log-strengths: the true order
PAIRS = 60
GOLD = 20


def arena_rows(seed: int = 5) -> tuple[list[dict], dict[str, str]]:
    """Pairs of two systems, the verdict drawn from their strengths; the verdict each prompt should get."""
    rng = random.Random(seed)
    rows, verdicts = [], {}
    for n in range(PAIRS):
        a, b = rng.sample(sorted(STRENGTH), 2)
        p = 1 / (1 + math.exp(STRENGTH[b] - STRENGTH[a]))
        verdict = "a" if rng.random() < p else "b"
        text = f"Question {n}: which is better?"
        rows.append(
            {"id": f"q{n}", "text": text, "answers": [f"first {n}", f"second {n}"], "system_a": a, "system_b": b}
        )
        verdicts[text] = verdict
    # Checks with known verdicts: a player's answers weigh by their record on them.
    for n in range(GOLD):
        text = f"Check {n}: which is better?"
        rows.append({"id": f"g{n}", "text": text, "answers": ["right", "wrong"], "known_answer": "a", "gold": True})
        verdicts[text] = "a"
    return rows, verdicts


def shown_to_player(prompt: Prompt) -> str:
    """Everything an adapter renders from a task: the prompt itself, the chat view, the Mini App card."""
    return " ".join([repr(prompt), repr(views.task(prompt)), json.dumps(card(prompt), ensure_ascii=False)])


async def play_all(game: Game, clock: FixedClock, player: int, verdicts: dict[str, str]) -> list[str]:
    await game.start(user(player))
    # Comparisons are served from a rung further up the ladder: the player is put there directly.
    rung = next(i for i, level in enumerate(game.deps.ladder) if TaskKind.COMPARISON in level.kinds)
    await put_on_level(game, user(player).display_name, rung)
    seen = []
    prompt = await game.next_task(user(player))
    while prompt is not None:
        seen.append(shown_to_player(prompt))
        clock.advance(seconds=5)
        prompt = (await game.answer(user(player), prompt.task_id, verdicts[prompt.text])).next_prompt
        if prompt is None:
            try:
                prompt = await game.next_task(user(player))
            except NoTasks:
                prompt = None
    return seen
