"""Run a campaign of the default bot-or-not pack with a synthetic crowd, through `Game.start/answer/refit`.

A fresh SQLite database in a temporary folder; a fixed clock that moves by each press's thinking time. Players
play in sessions (a few tasks in a row, so the time from showing to pressing is their own), in a shuffled order
each round; the refit runs whenever the configured interval of simulated time has passed, as it would when
scheduled.
"""

from __future__ import annotations

import dataclasses
import os
import random
import tempfile
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from core.clock import FixedClock
from core.content.pack import Pack
from core.errors import GameError, NoTasks
from core.game.game import Game
from core.settings import Settings, load_settings
from core.simulation import crowd, economy
from core.simulation.report import Report, build_report
from core.types import Prompt, TaskKind

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class SimConfig:
    users: int = 100
    items: int = 320  # items taken from the pack (gold among them in the pack's proportion)
    spammers: float = 0.2
    colluders: float = 0.05
    seed: int = 1
    rounds: int = 60  # at most this many rounds (every player plays one session per round)
    session: int = 5  # tasks a player does in a row
    accuracy: tuple[float, float] = (0.7, 0.95)  # honest players' accuracy range
    sybils: int = 50  # a farm of accounts that only check in and invite each other ...
    sybil_answerers: int = 5  # ... and a few more of it that answer at random


GameOpener = Callable[..., AbstractAsyncContextManager[Game]]


async def simulate(
    config: SimConfig, open_game: GameOpener, progress: Callable[[str], None] = lambda _: None
) -> Report:
    """`open_game` is the composition root's (the caller passes it: the core does not build itself)."""
    rng = random.Random(config.seed)
    pack = _pack(rng, config.items)
    truth = {item.text: item.known_answer for item in pack.items}
    keys = [choice.key for choice in pack.manifest.choices]
    members = crowd.make_crowd(rng, config.users, config.spammers, config.colluders, config.accuracy, len(keys))
    clock = FixedClock(START)
    with tempfile.TemporaryDirectory(prefix="chatlabel-sim-") as tmp:
        settings = _settings(Path(tmp))
        async with open_game(settings, clock=clock, packs=[pack]) as game:
            game.deps.rng.seed(config.seed)
            await economy.fund(game, config.items)
            farm = crowd.make_farm(config.sybils, config.sybil_answerers)
            await economy.join_farm(game, farm)
            prompts: dict[str, Prompt | None] = {}
            for member in members:
                prompts[member.user.external_id] = (await game.start(member.user)).prompt
            everyone = members + farm
            members = members + [m for m in farm if m.kind is crowd.Kind.SYBIL_ANSWERER]
            refit_every = settings.consensus.refit_minutes * 60
            last_refit = clock.now()
            idle = set()
            for round_no in range(1, config.rounds + 1):
                await economy.farm_day(game, farm)
                rng.shuffle(members)
                for member in members:
                    if member.user.external_id in idle:
                        continue
                    done = await _session(game, clock, rng, member, prompts, truth, keys, config.session, settings)
                    if not done:
                        idle.add(member.user.external_id)
                    if (clock.now() - last_refit).total_seconds() >= refit_every:
                        await game.refit()
                        last_refit = clock.now()
                progress(f"round {round_no}: {len(members) - len(idle)} players still have tasks")
                if len(idle) == len(members):
                    break
            await game.refit()
            money = await economy.settle_up(game, clock, everyone)
            return await build_report(game, everyone, truth, money, keys)


async def _session(
    game: Game,
    clock: FixedClock,
    rng: random.Random,
    member: crowd.Member,
    prompts: dict[str, Prompt | None],
    truth: dict[str, str | None],
    keys: list[str],
    length: int,
    settings: Settings,
) -> bool:
    """Up to `length` answers in a row; False when the game has no task left for this player."""
    user = member.user
    for _ in range(length):
        prompt = prompts.get(user.external_id)
        if prompt is None:
            try:
                prompt = await game.next_task(user)
            except NoTasks:
                return False
        known = truth.get(prompt.text)
        choice = crowd.choose(rng, member, keys.index(known) if known in keys else 0, len(keys))
        clock.advance(seconds=crowd.seconds(rng, member, settings.tasks.min_answer_seconds))
        try:
            outcome = await game.answer(user, prompt.task_id, keys[choice])
        except GameError:  # closed meanwhile, or the hourly limit: ask for another task next time
            prompts[user.external_id] = None
            continue
        prompts[user.external_id] = outcome.next_prompt
    clock.advance(seconds=rng.uniform(30, 120))  # a pause between sessions
    prompts[user.external_id] = None  # the next session starts with a freshly shown task
    return True


def _pack(rng: random.Random, items: int) -> Pack:
    from core.content import load_default_packs

    pack = next(p for p in load_default_packs() if p.manifest.kind is TaskKind.BOT_OR_NOT)
    chosen = rng.sample(list(pack.items), min(items, len(pack.items)))
    return dataclasses.replace(pack, items=tuple(chosen))


def _settings(data_dir: Path) -> Settings:
    """The shipped configuration (and its environment overrides) on a throwaway database."""
    env = dict(os.environ)
    env.update(
        CHATLABEL_DATA_DIR=str(data_dir),
        CHATLABEL_DATABASE_URL=f"sqlite+aiosqlite:///{data_dir / 'simulation.db'}",
    )
    for secret in ("TELEGRAM_TOKEN", "DISCORD_TOKEN", "CHATLABEL_PAYOUT_KEY"):
        env.pop(secret, None)
    return load_settings(env=env)
