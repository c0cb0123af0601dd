"""The requester console in a real browser (headless Chromium from the Debian packages, driven by Selenium)
against the real app under uvicorn: sign in, create a job (the form refuses bad eligibility terms with the API's
messages, then takes a minimum reputation and onboarding gold), upload items with a rejection report, fund it
from the deposit and start it, see the labels chart once players have answered, download an export. Screenshots
of each page are kept under var/test-artifacts/console/."""

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
from core.types import REPORT
from tests.integration.admin.played import play
from tests.support import make_settings, user
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
        # The refusal is a new page: wait for it, or a loaded machine reads the sign-in page still shown.
        refused = WebDriverWait(driver, 10).until(seen.presence_of_element_located((By.ID, "error"))).text
        driver.find_element(By.ID, "key").send_keys(issued.key)
        driver.find_element(By.ID, "sign-in").click()
        WebDriverWait(driver, 10).until(seen.presence_of_element_located((By.ID, "no-jobs")))
        shot("02-jobs-empty")
        return refused

    assert "unknown or revoked" in await step(sign_in)

    def fill(fields: dict[str, str]) -> None:
        for field, value in fields.items():
            box = driver.find_element(By.ID, field)
            box.clear()
            box.send_keys(value)

    def submit_bad(eligibility: dict[str, str]) -> tuple[str, str]:
        """Submit the form with a bad eligibility term: the form comes back, filled in, with the API's message."""
        link = driver.find_elements(By.ID, "new-job")  # on the jobs page; the refused form is at /console/jobs/new
        link[0].click() if link else driver.get(f"{base}/console/jobs/new")
        fill({"name": "Spot the bot", "question": "Written by a human or a bot?", "choices": "human=Human, bot=Bot"})
        fill({"min_overlap": "3", "max_overlap": "3", "target_confidence": "0.6", **eligibility})
        driver.find_element(By.ID, "create").click()
        WebDriverWait(driver, 10).until(seen.presence_of_element_located((By.ID, "error")))
        shot("03-new-job-refused")
        return driver.find_element(By.ID, "error").text, driver.find_element(By.ID, "name").get_attribute("value")

    # Bad eligibility terms as typed in the form, and as a client sends them to the API.
    bad = [
        ("onboarding_gold", "101", 101),
        ("min_reputation", "-1", -1),
        ("community_id", "999", 999),
        ("level", "0", 0),
    ]
    async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {issued.key}"}) as api:
        for term, typed, sent in bad:
            error, kept = await step(lambda term=term, typed=typed: submit_bad({term: typed}))
            body = {"kind": "bot_or_not", "name": "x", "question": "q", "choices": ["human", "bot"], term: sent}
            answer = await api.post("/api/v1/jobs", json=body)
            assert answer.status_code == 422 and error == answer.json()["detail"], (error, answer.text)
            assert kept == "Spot the bot"
        assert (await api.get("/api/v1/jobs")).json()["jobs"] == []  # nothing was created

    def create() -> str:
        fill({"onboarding_gold": "1", "min_reputation": "0.5", "level": "1", "community_id": ""})
        driver.execute_script("document.getElementById('model_assist').scrollIntoView()")  # who may work on it
        shot("04-new-job")
        driver.find_element(By.ID, "create").click()
        WebDriverWait(driver, 10).until(seen.presence_of_element_located((By.ID, "job-name")))
        return driver.current_url

    job_url = await step(create)
    job_id = int(job_url.rstrip("/").rsplit("/", 1)[1])
    items = tmp_path / "items.jsonl"
    rows = [f'{{"id": "t{i}", "text": "text {i}"}}' for i in range(4)] + ['{"id": "t0", "text": "again"}', "{oops"]
    rows.append('{"id": "g0", "text": "gold 0", "known_answer": "bot", "gold": true}')  # the onboarding gold
    items.write_text("\n".join(rows) + "\n")

    def upload() -> tuple[str, int, str]:
        eligibility = driver.find_element(By.ID, "eligibility").text
        driver.find_element(By.ID, "file").send_keys(str(items))
        driver.find_element(By.ID, "upload").click()
        WebDriverWait(driver, 20).until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-uploaded"))
        shot("05-upload-report")
        report = driver.find_elements(By.CSS_SELECTOR, "#rejections tbody tr")
        bar = driver.find_element(By.ID, "upload-progress")
        assert bar.is_displayed() and bar.get_attribute("value") == "100"  # the progress bar ran to its end
        return driver.find_element(By.ID, "upload-message").text, len(report), eligibility

    message, refused_rows, eligibility = await step(upload)
    assert message.startswith("5 items imported (1 gold)") and refused_rows == 2
    assert eligibility == "Who may work on it: any community · from level 1 · reputation 0.5 or more · " + (
        "after 1 onboarding gold items, all right"
    )
    job = await game.requesters.job(issued.requester, job_id)
    assert (job.onboarding_gold, job.min_reputation, job.level, job.community_id, job.model_assist) == (
        1,
        0.5,
        0,
        None,
        False,
    )

    def fund_and_start() -> tuple[str, str, str, str, str]:
        driver.get(job_url)
        reference = driver.find_element(By.ID, "reference").text
        driver.find_element(By.ID, "fund-tokens").send_keys("0.6")  # more than the deposit holds: refused
        submit(driver, "fund")
        refused = driver.find_element(By.ID, "note").text
        driver.find_element(By.ID, "fund-tokens").send_keys("0.2")
        submit(driver, "fund")
        left, deposit = driver.find_element(By.ID, "left").text, driver.find_element(By.ID, "deposit").text
        shot("06-funded")
        submit(driver, "start")
        return reference, refused, left, deposit, driver.find_element(By.ID, "job-status").text

    reference, refused, left, deposit, status = await step(fund_and_start)
    assert reference == issued.requester.reference and "holds 50 points" in refused
    assert (left, deposit, status) == ("20", "30", "active")
    for player in (1, 2, 3):
        await play(game, clock, player, None)
    onboarding = (await game.start(user(4))).prompt  # a newcomer is served the onboarding gold first
    assert onboarding is not None and onboarding.text == "gold 0"
    await game.answer(user(4), onboarding.task_id, REPORT)  # and reports it broken

    def results() -> tuple[str, int, str, str, list[str]]:
        driver.get(job_url)
        bars = len(driver.find_elements(By.CSS_SELECTOR, "#labels-chart rect"))
        shot("07-job-page")
        reported = [row.text for row in driver.find_elements(By.CSS_SELECTOR, "#reported tbody tr")]
        cookie = driver.get_cookie("chatlabel_console")["value"]
        return (
            driver.find_element(By.ID, "progress-figure").text,
            bars,
            cookie,
            driver.find_element(By.ID, "reports").text,
            reported,
        )

    progress, bars, cookie, reports, reported = await step(results)
    assert (progress, bars) == ("100%", 2)
    assert (reports, reported) == ("1", ["g0 1"])  # the players' item reports
    async with httpx.AsyncClient(base_url=base, cookies={"chatlabel_console": cookie}) as client:
        exported = await client.get(f"/console/jobs/{job_id}/export?format=csv")
        assert exported.status_code == 200 and exported.text.count("\n") >= 5
        assert (await client.get("/console/jobs/999")).status_code == 404
    async with httpx.AsyncClient(base_url=base) as stranger:  # no cookie: back to the sign-in page
        assert (await stranger.get(f"/console/jobs/{job_id}", follow_redirects=False)).status_code == 303

    def listed() -> list[str]:
        driver.get(f"{base}/console/jobs")
        rows = [row.text for row in driver.find_elements(By.CSS_SELECTOR, "#jobs tbody tr")]
        shot("08-jobs")
        driver.get(f"{base}/docs")
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".op"))
        shot("09-api-docs")
        return rows

    assert [row.split()[:3] for row in await step(listed)] == [[str(job_id), "Spot", "the"]]

    def page_assets() -> list[str]:
        return driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")

    assert all(name.startswith(base) for name in await step(page_assets))  # nothing fetched from elsewhere
    assert sorted(p.name for p in ARTIFACTS.iterdir()) == [
        "01-sign-in.png",
        "02-jobs-empty.png",
        "03-new-job-refused.png",
        "04-new-job.png",
        "05-upload-report.png",
        "06-funded.png",
        "07-job-page.png",
        "08-jobs.png",
        "09-api-docs.png",
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
