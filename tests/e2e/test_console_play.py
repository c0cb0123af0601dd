"""A person plays `chatlabel play` through its input and output, to the first level-up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.content import load_default_packs

CHATLABEL = Path(sys.executable).parent / "chatlabel"


def truth_by_text() -> dict[str, str]:
    """What a well-informed person would answer: the shipped packs' known answers, by the text shown."""
    truth = {}
    for pack in load_default_packs():
        labels = {choice.key: choice.label for choice in pack.manifest.choices}
        for item in pack.items:
            if item.text and item.known_answer:
                truth[item.text] = labels[item.known_answer]
    return truth


@pytest.mark.slow
def test_play_to_the_first_level_up(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "CHATLABEL_DATA_DIR": str(tmp_path / "var"),
        "CHATLABEL_TASKS_MIN_ANSWER_SECONDS": "0",
    }
    game = subprocess.Popen(
        [str(CHATLABEL), "play", "--player", "tester"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert game.stdin and game.stdout
    truth = truth_by_text()
    transcript: list[str] = []
    block: list[str] = []
    try:
        for _ in range(3000):
            line = game.stdout.readline()
            assert line, "the game ended early:\n" + "".join(transcript[-30:]) + game.stderr.read()  # type: ignore[union-attr]
            transcript.append(line)
            block.append(line.rstrip("\n"))
            if "Level up!" in line:
                break
            if line.startswith("[1] "):
                shown = "\n".join(block)
                text = max((t for t in truth if t in shown), key=len)
                labels = [part.split("] ", 1)[1] for part in line.strip().split("   ")]
                game.stdin.write(f"{labels.index(truth[text]) + 1}\n")
                game.stdin.flush()
                block = []
        else:
            pytest.fail("no level-up after 3000 lines:\n" + "".join(transcript[-30:]))
        game.stdin.write("p\nq\n")
        game.stdin.flush()
        rest, _ = game.communicate(timeout=60)
    finally:
        if game.poll() is None:
            game.kill()
    assert "Image checker" in rest and "Bye!" in rest
    assert game.returncode == 0


async def test_a_typed_number_outside_the_choices_gets_the_rule(tmp_path: Path) -> None:
    import io

    from app import open_game
    from bot.console.play import ConsoleGame
    from core.types import UserRef
    from tests.support import make_settings

    settings = make_settings(tmp_path / "var", f"sqlite+aiosqlite:///{tmp_path / 'console.db'}")
    async with open_game(settings) as game:
        out = io.StringIO()
        typed = io.StringIO("²\n٣\n99999999999999999999\n0\nq\n")
        await ConsoleGame(game, UserRef("console", "tester", "tester"), out=out, inp=typed).run()
    said = out.getvalue()
    assert said.count("Your pick must be a whole number from 1 to 2.") == 4
    assert said.rstrip().endswith("Bye! Your progress is saved.")


@pytest.mark.slow
def test_the_terminal_speaks_its_locale_until_the_player_chooses(tmp_path: Path) -> None:
    """`chatlabel play` under a Russian locale plays in Russian; `l es` switches to Spanish, kept for next time."""
    env = {**os.environ, "CHATLABEL_DATA_DIR": str(tmp_path / "var"), "LC_ALL": "", "LANG": "ru_RU.UTF-8"}

    def play(typed: str) -> str:
        done = subprocess.run(
            [str(CHATLABEL), "play", "--player", "tester"],
            input=typed,
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    first = play("2²\n\nl\nl xx\nl es\nc\nq\n")  # a blank line only shows the menu
    assert "👋 Добро пожаловать в chatlabel!" in first and "[s] 🤷 Не знаю" in first
    assert "Отвечай числом (s не знаю · r сломано)" in first
    assert "Твой выбор: нужно целое число от 1 до 2." in first  # the core's refusal, its phrase translated too
    assert "🌐 Выбери язык:\nen — English\nru — Русский\nes — Español\nВведи l и код" in first
    assert "No hablo" not in first and "Я не говорю на 'xx'." in first
    assert "🌐 A partir de ahora te hablo en Español." in first and "📅 ¡Registro hecho!" in first
    assert first.rstrip().endswith("¡Hasta luego! Tu progreso está guardado.")
    again = play("q\n")  # the choice outlives the terminal's locale
    assert again.startswith("👋 ¡Hola de nuevo!")


async def test_the_question_mark_shows_the_instructions_in_the_terminal(tmp_path: Path) -> None:
    import io

    from app import open_game
    from bot.console.play import ConsoleGame
    from core.types import UserRef
    from tests.support import make_settings

    boss = UserRef("console", "boss", "boss")
    url = f"sqlite+aiosqlite:///{tmp_path / 'console.db'}"
    settings = make_settings(tmp_path / "var", url, admins_console='["boss"]')
    async with open_game(settings) as game:
        await game.campaigns.update(boss, "Bot or not", instructions="Bots repeat themselves.")
        out = io.StringIO()
        await ConsoleGame(game, UserRef("console", "tester", "tester"), out=out, inp=io.StringIO("?\nq\n")).run()
    said = out.getvalue()
    assert "[?] ℹ️" in said  # beside "not sure" and "broken item"
    assert said.count("ℹ️ Bots repeat themselves.") == 2  # on the first task, then again for "?"
