"""A new player opens the Mini App in a real browser (headless Chromium at 360 px), swipes through tasks with real
pointer events to a level-up, checks in, sees the leaderboard and shares the invite; light and dark themes.

Screenshots are kept in var/test-artifacts/mini-app/ (never committed).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from selenium.webdriver.common.actions import interaction
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.actions.pointer_input import PointerInput
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from app import open_game
from core.clock import FixedClock
from core.game.game import Game
from core.types import UserRef
from tests.browser.chromium import phone, screenshot
from tests.e2e.telegram.conftest import image_pack
from tests.fakes import telegram_web_app
from tests.support import make_settings, text_pack
from web.app import build_app
from web.mini_app import routes
from web.mini_app.auth import InitDataCheck
from web.mini_app.init_data import secret_key
from web.server import bind, serving

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts" / "mini-app"
NUMBER = re.compile(r"number (\d+)")
DARK = {
    "bg_color": "#17212b",
    "text_color": "#f5f5f5",
    "hint_color": "#708499",
    "link_color": "#6ab3f3",
    "button_color": "#5288c1",
    "button_text_color": "#ffffff",
    "secondary_bg_color": "#232e3c",
}
LIGHT = {"bg_color": "#ffffff", "text_color": "#000000", "button_color": "#3390ec", "secondary_bg_color": "#f1f1f4"}


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[tuple[str, Game, FixedClock]]:
    settings = make_settings(
        tmp_path, f"sqlite+aiosqlite:///{tmp_path / 'chatlabel.db'}", tasks_gold_rate="0.5", points_answer="1"
    )
    clock = FixedClock(datetime(2026, 1, 5, 10, 0, tzinfo=UTC))
    packs = [text_pack("spot-the-bot"), image_pack(tmp_path / "images")]
    async with open_game(settings, clock=clock, packs=packs) as game:
        game.deps.rng.seed(7)
        check = InitDataCheck(secret_key(telegram_web_app.TOKEN), 3600, clock)
        app = build_app(
            routes.routes(game, check, routes.STANDIN_SCRIPT, lambda code: f"https://t.me/chatlabel_bot?start={code}")
        )
        sock = bind("127.0.0.1", 0, shared=False)
        async with serving(app, sock):
            yield f"http://127.0.0.1:{sock.getsockname()[1]}", game, clock


def launch_url(base: str, clock: FixedClock, user_id: int, name: str, theme: dict[str, str]) -> str:
    data = telegram_web_app.init_data(user_id, name, auth_date=clock.now().timestamp())
    return f"{base}/app/" + telegram_web_app.launch_fragment(data, theme)


def top_card(driver: WebDriver) -> tuple[int, str]:
    card = WebDriverWait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, "#stack .card.top"))
    return int(card.get_attribute("data-task") or 0), card.text


def swipe(driver: WebDriver, dx: int) -> None:
    """A finger drag across the card: pointerdown, a few pointermoves, pointerup (W3C touch actions)."""
    card = driver.find_element(By.CSS_SELECTOR, "#stack .card.top")
    # In viewport coordinates: the card follows the finger, so offsets from the card would move with it.
    x, y = card.rect["x"] + card.rect["width"] // 2, card.rect["y"] + card.rect["height"] // 2
    finger = PointerInput(interaction.POINTER_TOUCH, "finger")
    actions = ActionBuilder(driver, mouse=finger, duration=30)
    actions.pointer_action.move_to_location(x, y).pointer_down()
    for step in range(1, 6):
        actions.pointer_action.move_to_location(x + dx * step // 5, y)
    actions.pointer_action.pointer_up()
    actions.perform()


def next_card(driver: WebDriver, before: int) -> tuple[int, str]:
    WebDriverWait(driver, 10).until(lambda d: top_card(d)[0] not in (0, before))
    return top_card(driver)


def play_to_level_up(driver: WebDriver, clock: FixedClock, limit: int = 40) -> list[str]:
    """Right answers (the test pack's: even numbers are human, swiped left; odd bot, right) until a level-up."""
    said = []
    for turn in range(limit):
        task_id, text = top_card(driver)
        number = int(NUMBER.search(text)[1])  # type: ignore[index]
        clock.advance(seconds=4)  # reading time: the server times the answer from when it served the card
        if turn == 3:  # the keyboard works too
            driver.find_element(By.TAG_NAME, "body").send_keys(Keys.ARROW_LEFT if number % 2 == 0 else Keys.ARROW_RIGHT)
        else:
            swipe(driver, -160 if number % 2 == 0 else 160)
        task_id, _ = next_card(driver, task_id)
        said.append(driver.find_element(By.ID, "feedback").text)
        if "Level up" in said[-1]:
            return said
    raise AssertionError(f"no level-up in {limit} answers: {said[-3:]}")


def colour(driver: WebDriver, script: str) -> str:
    return str(driver.execute_script(f"return getComputedStyle({script}).backgroundColor"))


def drive(base: str, clock: FixedClock) -> None:
    driver = phone()
    try:
        driver.get(launch_url(base, clock, 777001, "Ada", DARK))
        task_id, text = top_card(driver)
        assert "Written by a human or a bot?" in text
        assert driver.execute_script("return window.innerWidth") == 360
        assert colour(driver, "document.body") == "rgb(23, 33, 43)"  # Telegram's dark theme
        assert colour(driver, "document.querySelector('.card.top')") == "rgb(35, 46, 60)"
        assert driver.execute_script("return Telegram.WebApp.isExpanded && Telegram.WebApp.isReady")
        # Nothing sideways: the page fits the phone's width.
        assert driver.execute_script("return document.documentElement.scrollWidth") <= 360
        screenshot(driver, ARTIFACTS, "1-first-card-dark")

        # A half-hearted drag springs back and answers nothing.
        swipe(driver, 40)
        assert top_card(driver)[0] == task_id
        # "Not sure" passes on the card for another.
        driver.find_element(By.CSS_SELECTOR, "#choices .skip").click()
        task_id, _ = next_card(driver, task_id)

        said = play_to_level_up(driver, clock)
        assert any("✅ Right!" in line for line in said)  # instant feedback on checks
        # Counted from 1 as everywhere else: the second rung reads "Level 2".
        WebDriverWait(driver, 10).until(lambda d: "2: Image checker" in d.find_element(By.ID, "level-title").text)
        picture = WebDriverWait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, ".card.top img"))
        assert driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth", picture) == 64
        assert picture.size["width"] >= 300  # full width of the card
        screenshot(driver, ARTIFACTS, "2-level-up-image-card")

        driver.find_element(By.ID, "check-in").click()
        WebDriverWait(driver, 10).until(lambda d: "Checked in" in d.find_element(By.ID, "feedback").text)
        WebDriverWait(driver, 10).until(lambda d: not d.find_element(By.ID, "check-in").is_enabled())
        assert driver.find_element(By.ID, "streak").text == "1"
        assert driver.execute_script("return document.documentElement.scrollWidth") <= 360
        screenshot(driver, ARTIFACTS, "3-checked-in")

        driver.find_element(By.ID, "open-board").click()
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "board").is_displayed())
        you = driver.find_element(By.CSS_SELECTOR, "#board-rows li.you").text
        assert you.startswith("1. You · Ada")
        back = driver.find_element(By.ID, "tg-back-button")
        assert back.is_displayed()  # Telegram's back button is shown on every page but the cards
        screenshot(driver, ARTIFACTS, "4-leaderboard")
        back.click()
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "play").is_displayed())
        assert not back.is_displayed()

        driver.find_element(By.ID, "open-invite").click()
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "invite").is_displayed())
        link = driver.find_element(By.ID, "invite-link").text
        assert link.startswith("https://t.me/chatlabel_bot?start=")
        driver.find_element(By.ID, "share").click()
        opened = driver.execute_script("return Telegram.WebApp.openedLinks")
        assert opened and opened[0].startswith("https://t.me/share/url?url=https%3A%2F%2Ft.me%2Fchatlabel_bot")
        screenshot(driver, ARTIFACTS, "5-invite")

        # Every request the page made went to our own server.
        fetched = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
        assert fetched and all(url.startswith(base) or url.startswith("blob:") for url in fetched), fetched
        # And the page broke none of its own content security policy.
        refused = [e for e in driver.get_log("browser") if "Content Security Policy" in e["message"]]
        assert refused == [], refused
    finally:
        driver.quit()


def drive_light(base: str, clock: FixedClock) -> None:
    driver = phone()
    try:
        driver.get(launch_url(base, clock, 777002, "Bob", LIGHT))
        top_card(driver)
        assert colour(driver, "document.body") == "rgb(255, 255, 255)"
        button = driver.find_element(By.CSS_SELECTOR, "#choices .choice")
        assert button.value_of_css_property("background-color") == "rgba(51, 144, 236, 1)"
        screenshot(driver, ARTIFACTS, "6-first-card-light")
        # Reopened with init data signed for another bot: the app says so and shows no card.
        forged = telegram_web_app.init_data(777003, "Eve", auth_date=clock.now().timestamp(), token="1:forged")
        driver.get(f"{base}/app/?again" + telegram_web_app.launch_fragment(forged, LIGHT))
        WebDriverWait(driver, 10).until(lambda d: "open it again" in d.find_element(By.ID, "feedback").text)
        assert driver.find_elements(By.CSS_SELECTOR, "#stack .card") == []
    finally:
        driver.quit()


async def test_a_new_player_swipes_to_a_level_up_checks_in_and_sees_the_board(served: tuple) -> None:
    base, game, clock = served
    await asyncio.to_thread(drive, base, clock)
    profile = await game.profile(UserRef("telegram", "777001", "Ada"))  # the chat account of the same user
    assert profile.progress.level == 1 and profile.streak == 1


async def test_the_light_theme_and_a_forged_launch(served: tuple) -> None:
    base, _, clock = served
    await asyncio.to_thread(drive_light, base, clock)
