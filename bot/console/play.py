"""`chatlabel play`: the same game as on the chat platforms, in a terminal (buttons become numbers)."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import TextIO

from bot.common import languages, texts
from bot.console.preview import ascii_preview
from core.errors import GameError
from core.game.game import Game
from core.types import REPORT, SKIP, Prompt, UserRef
from core.whole_numbers import whole_number

# Letters typed at a task to set it aside instead of answering.
SET_ASIDE_KEYS = {"s": SKIP, "r": REPORT}


class ConsoleGame:
    def __init__(
        self,
        game: Game,
        user: UserRef,
        out: TextIO = sys.stdout,
        inp: TextIO = sys.stdin,
        locale: str | None = None,
    ) -> None:
        """`locale`: the terminal's (LC_ALL, LC_MESSAGES or LANG), used until the player chooses a language."""
        self.game, self.user, self.out, self.inp, self.locale = game, user, out, inp, locale
        self.prompt: Prompt | None = None
        self.commands: dict[str, Callable[[], Awaitable[None]]] = {
            "c": self.check_in,
            "checkin": self.check_in,
            "p": self.profile,
            "profile": self.profile,
            "t": self.top,
            "top": self.top,
            "w": self.top_week,
            "i": self.invite,
            "invite": self.invite,
            "h": self.help,
            "help": self.help,
            "play": self.play,
            "e": self.earnings,
            "earnings": self.earnings,
        }

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    async def run(self, referral_code: str | None = None) -> None:
        texts.use(await self.game.language(self.user), self.locale)
        try:
            welcome = await self.game.start(self.user, referral_code, self.locale)
        except GameError as exc:
            self.say(texts.refusal(exc))
            welcome = await self.game.start(self.user, locale=self.locale)
        self.say(texts.welcome(welcome))
        self.show(welcome.prompt)
        while True:
            line = await asyncio.to_thread(self.inp.readline)
            if not line or line.strip().lower() in ("q", "quit", "/quit"):
                self.say(texts.CONSOLE_BYE)
                return
            try:
                await self.handle(line.strip().lower().lstrip("/"))
            except GameError as exc:
                self.say(texts.refusal(exc))
            await self.deliver_notices()

    async def handle(self, line: str) -> None:
        if line.isdigit() and self.prompt is not None:  # any digits ("²" too): the refusal states the rule
            await self.answer(whole_number(line, 1, len(self.prompt.choices), texts.N_("Your pick")))
        elif line in SET_ASIDE_KEYS and self.prompt is not None:
            await self.press(SET_ASIDE_KEYS[line])
        elif line == texts.INSTRUCTIONS_BUTTON and self.prompt is not None and self.prompt.has_instructions:
            self.say(texts.instructions(await self.game.task_instructions(self.user, self.prompt.task_id)))
        elif line in self.commands:
            await self.commands[line]()
        elif line.split()[:1] in (["l"], ["language"]):
            await self.language(line.split()[1:])
        else:
            self.say(texts.CONSOLE_MENU)

    async def answer(self, number: int) -> None:
        assert self.prompt is not None
        await self.press(self.prompt.choices[number - 1].key)

    async def press(self, key: str) -> None:
        """A choice, or SKIP / REPORT, as a button press would send it."""
        assert self.prompt is not None
        outcome = await self.game.answer(self.user, self.prompt.task_id, key)
        # The same screen a chat press gives: the verdict line, a level change, then the next task.
        self.say(texts.verdict(outcome))
        if outcome.level_change is not None:
            self.say(texts.level_change(outcome.level_change))
        if outcome.next_prompt is None and not outcome.repeated:
            self.say(texts.NO_MORE_TASKS)
        self.show(outcome.next_prompt)

    def show(self, prompt: Prompt | None) -> None:
        self.prompt = prompt
        if prompt is None:
            return
        self.say("\n" + "─" * 60)
        if prompt.image is not None:
            self.say(ascii_preview(prompt.image))
            self.say(texts.image_path(prompt.image))
        self.say(texts.prompt(prompt))
        self.say("   ".join(f"[{i}] {choice.label}" for i, choice in enumerate(prompt.choices, 1)))
        aside = [f"[{letter}] {texts.SET_ASIDE_BUTTONS[key]}" for letter, key in SET_ASIDE_KEYS.items()]
        if prompt.has_instructions:  # the chat's "?" button: the campaign's instructions again
            aside.append(f"[{texts.INSTRUCTIONS_BUTTON}] ℹ️")
        self.say("   ".join(aside))
        self.say(texts.progress_line(prompt.progress))

    async def play(self) -> None:
        self.show(await self.game.next_task(self.user))

    async def check_in(self) -> None:
        self.say(texts.check_in(await self.game.check_in(self.user)))

    async def profile(self) -> None:
        self.say(texts.profile(await self.game.profile(self.user)))

    async def top(self) -> None:
        self.say(texts.leaderboard(await self.game.leaderboard(self.user)))

    async def top_week(self) -> None:
        self.say(texts.leaderboard(await self.game.leaderboard(self.user, scope="week")))

    async def earnings(self) -> None:
        self.say(texts.earnings(await self.game.earnings(self.user)))

    async def invite(self) -> None:
        facts = await self.game.invite(self.user)
        self.say(texts.invite(facts, f"chatlabel play --invite {facts.code}"))

    async def help(self) -> None:
        self.say(texts.CONSOLE_MENU)

    async def language(self, args: list[str]) -> None:
        """`l` lists the languages; `l <code>` chooses one."""
        if len(args) == 1:
            self.say(await languages.choose(self.game, self.user, args[0]))
        else:
            self.say(texts.language_choices() + "\n" + texts.CONSOLE_LANGUAGE)

    async def deliver_notices(self) -> None:
        notices = await self.game.pending_notices("console")
        mine = [n for n in notices if n.recipients and n.recipients[0].external_id == self.user.external_id]
        for notice in mine:
            self.say(texts.notice(notice))
        await self.game.mark_delivered([n.notice_id for n in mine])
