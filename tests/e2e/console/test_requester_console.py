"""The requester console in a real browser (headless Chromium from the Debian packages, driven by Selenium)
against the real app under uvicorn: sign in, create a job, upload items with a rejection report, fund it from
the deposit and start it,
see the labels chart once players have answered, download an export. Screenshots of each page are kept
under var/test-artifacts/console/."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from app import open_game
from core.clock import FixedClock
from core.game.game import Game
from core.game.money.treasury import FixedTreasury
from tests.integration.admin.played import play
from tests.support import make_settings
from web import console, requesters
from web.app import build_app
from web.server import bind, serving

CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
ARTIFACTS = Path(__file__).resolve().parents[3] / "var" / "test-artifacts" / "console"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (Path(CHROMIUM).exists() and Path(DRIVER).exists()), reason="run .ci/install-chromium"),
]


@pytest.fixture
def browser() -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(20)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
async def served(tmp_path: Path, clock: FixedClock) -> AsyncIterator[tuple[Game, str]]:
    settings = make_settings(tmp_path / "data", f"sqlite+aiosqlite:///{tmp_path / 'console.db'}", tasks_gold_rate="0")
    async with open_game(settings, clock=clock, packs=[]) as game:
        app = build_app(requesters.routes(game, settings), console.routes(game))
        sock = bind("127.0.0.1", 0, shared=False)
        async with serving(app, sock):
            yield game, f"http://127.0.0.1:{sock.getsockname()[1]}"


async def test_a_requester_runs_a_job_from_the_console(
    served: tuple[Game, str], browser: object, clock: FixedClock, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support import expected_conditions as seen
    from selenium.webdriver.support.ui import WebDriverWait

    game, base = served
    driver: WebDriver = browser  # type: ignore[assignment]
    issued = await game.requesters.add("Acme AI")
    game.economy.treasury = FixedTreasury(10**18)  # 1 token on chain: 100 points at 0.01 token per point
    await game.requesters.deposit("Acme AI", "0.5", game.economy.treasury)
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)

    def shot(name: str) -> None:
        driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))

    def step(work):  # type: ignore[no-untyped-def]
        """Selenium blocks; the server answering it runs on this test's event loop."""
        return asyncio.to_thread(work)

    def sign_in() -> str:
        driver.get(f"{base}/console/")
        shot("01-sign-in")
        driver.find_element(By.ID, "key").send_keys("clk_000000000000_" + "A" * 43)
        driver.find_element(By.ID, "sign-in").click()
        refused = driver.find_element(By.ID, "error").text
        driver.find_element(By.ID, "key").send_keys(issued.key)
        driver.find_element(By.ID, "sign-in").click()
        WebDriverWait(driver, 10).until(seen.presence_of_element_located((By.ID, "no-jobs")))
        shot("02-jobs-empty")
        return refused

    assert "unknown or revoked" in await step(sign_in)

    def create() -> str:
        driver.find_element(By.ID, "new-job").click()
        driver.find_element(By.ID, "name").send_keys("Spot the bot")
        driver.find_element(By.ID, "question").send_keys("Written by a human or a bot?")
        driver.find_element(By.ID, "choices").send_keys("human=Human, bot=Bot")
        for field, value in (("min_overlap", "3"), ("max_overlap", "3"), ("target_confidence", "0.6")):
            box = driver.find_element(By.ID, field)
            box.clear()
            box.send_keys(value)
        shot("03-new-job")
        driver.find_element(By.ID, "create").click()
        WebDriverWait(driver, 10).until(seen.presence_of_element_located((By.ID, "job-name")))
        return driver.current_url

    job_url = await step(create)
    job_id = int(job_url.rstrip("/").rsplit("/", 1)[1])
    items = tmp_path / "items.jsonl"
    rows = [f'{{"id": "t{i}", "text": "text {i}"}}' for i in range(4)] + ['{"id": "t0", "text": "again"}', "{oops"]
    items.write_text("\n".join(rows) + "\n")

    def upload() -> tuple[str, int]:
        driver.find_element(By.ID, "file").send_keys(str(items))
        driver.find_element(By.ID, "upload").click()
        WebDriverWait(driver, 20).until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-uploaded"))
        shot("04-upload-report")
        report = driver.find_elements(By.CSS_SELECTOR, "#rejections tbody tr")
        return driver.find_element(By.ID, "upload-message").text, len(report)

    message, refused_rows = await step(upload)
    assert message.startswith("4 items imported") and refused_rows == 2

    def fund_and_start() -> tuple[str, str, str, str, str]:
        driver.get(job_url)
        reference = driver.find_element(By.ID, "reference").text
        driver.find_element(By.ID, "fund-tokens").send_keys("0.6")  # more than the deposit holds: refused
        submit(driver, "fund")
        refused = driver.find_element(By.ID, "note").text
        driver.find_element(By.ID, "fund-tokens").send_keys("0.2")
        submit(driver, "fund")
        left, deposit = driver.find_element(By.ID, "left").text, driver.find_element(By.ID, "deposit").text
        shot("05-funded")
        submit(driver, "start")
        return reference, refused, left, deposit, driver.find_element(By.ID, "job-status").text

    reference, refused, left, deposit, status = await step(fund_and_start)
    assert reference == issued.requester.reference and "holds 50 points" in refused
    assert (left, deposit, status) == ("20", "30", "active")
    for player in (1, 2, 3):
        await play(game, clock, player, None)

    def results() -> tuple[str, int, str]:
        driver.get(job_url)
        bars = len(driver.find_elements(By.CSS_SELECTOR, "#labels-chart rect"))
        shot("06-job-page")
        return driver.find_element(By.ID, "progress-figure").text, bars, driver.get_cookie("chatlabel_console")["value"]

    progress, bars, cookie = await step(results)
    assert (progress, bars) == ("100%", 2)
    async with httpx.AsyncClient(base_url=base, cookies={"chatlabel_console": cookie}) as client:
        exported = await client.get(f"/console/jobs/{job_id}/export?format=csv")
        assert exported.status_code == 200 and exported.text.count("\n") >= 5
        assert (await client.get("/console/jobs/999")).status_code == 404
    async with httpx.AsyncClient(base_url=base) as stranger:  # no cookie: back to the sign-in page
        assert (await stranger.get(f"/console/jobs/{job_id}", follow_redirects=False)).status_code == 303

    def listed() -> list[str]:
        driver.get(f"{base}/console/jobs")
        rows = [row.text for row in driver.find_elements(By.CSS_SELECTOR, "#jobs tbody tr")]
        shot("07-jobs")
        driver.get(f"{base}/docs")
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".op"))
        shot("08-api-docs")
        return rows

    assert [row.split()[:3] for row in await step(listed)] == [[str(job_id), "Spot", "the"]]

    def page_assets() -> list[str]:
        return driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")

    assert all(name.startswith(base) for name in await step(page_assets))  # nothing fetched from elsewhere
    assert sorted(p.name for p in ARTIFACTS.iterdir()) == [
        "01-sign-in.png",
        "02-jobs-empty.png",
        "03-new-job.png",
        "04-upload-report.png",
        "05-funded.png",
        "06-job-page.png",
        "07-jobs.png",
        "08-api-docs.png",
    ]


def submit(driver: Any, button: str) -> None:
    """Press a form's button and wait for the page it leads to (a click does not wait for the navigation)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as seen
    from selenium.webdriver.support.ui import WebDriverWait

    page = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.ID, button).click()
    WebDriverWait(driver, 20).until(seen.staleness_of(page))
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")
