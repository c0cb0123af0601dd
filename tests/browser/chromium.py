"""Headless Chromium (the Debian packages) at a phone's viewport, driven through Selenium."""

from __future__ import annotations

import shutil
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

PHONE = {"width": 360, "height": 740, "pixelRatio": 2}  # a small Android phone, as Telegram's app view sees it
CHROMIUM = "/usr/bin/chromium"
DRIVER = "/usr/bin/chromedriver"


def phone() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"):
        options.add_argument(flag)
    # No fetches beyond the test's own server: no component updates, no safe-browsing lists, no fonts.
    options.add_argument("--disable-background-networking")
    options.add_argument("--window-size=360,740")
    options.add_experimental_option("mobileEmulation", {"deviceMetrics": PHONE})
    return webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver") or DRIVER))


def screenshot(driver: webdriver.Chrome, folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    driver.save_screenshot(str(path))
    return path
