"""Finding a headless Chromium (or Chrome) and its chromedriver for the browser tests, the usual ways, offline.

The tests that open the explorable page need Selenium, a Chromium-family browser and the matching chromedriver.
`find_chrome` looks for them as a student's machine has them:

1. on PATH: `chromium`, `chromium-browser`, `google-chrome` (or `google-chrome-stable`), and `chromedriver`;
2. then Selenium's own lookup (Selenium Manager), told to stay offline: it knows where browsers install
   themselves (`/Applications`, `Program Files`, ...) and the drivers it downloaded before, and without the
   `--offline` flag it would try to download what is missing.

When something is missing the browser tests skip with a reason that says what to install; with the environment
variable `MINIGRAD_REQUIRE_BROWSER=1` (CI sets it) the same reason fails them instead.
"""
from __future__ import annotations

import importlib.util
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import NoReturn

import pytest

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
DRIVER = "chromedriver"
REQUIRE = "MINIGRAD_REQUIRE_BROWSER"
INSTALL = ("Debian/Ubuntu: `apt install chromium chromium-driver`; macOS: Google Chrome and `brew install "
           "--cask chromedriver`; Windows: Google Chrome with its chromedriver on PATH")
CHROME_ARGUMENTS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run")


@dataclass(frozen=True)
class Chrome:
    """What `find_chrome` found: the browser and driver paths, or why the browser tests cannot run."""

    browser: str | None
    driver: str | None
    problem: str | None


def selenium_lookup() -> tuple[str | None, str | None]:
    """Selenium Manager's offline answer: `(browser path, driver path)`, None for what it does not find."""
    from selenium.webdriver.common.selenium_manager import SeleniumManager

    try:
        found = SeleniumManager().binary_paths(["--browser", "chrome", "--offline", "--avoid-stats"])
    except Exception:  # a missing or failing Selenium Manager means "not found", whatever it raised
        return None, None
    return found.get("browser_path") or None, found.get("driver_path") or None


def find_chrome(path: str | None = None, lookup: Callable[[], tuple[str | None, str | None]] = selenium_lookup,
                selenium_installed: bool | None = None) -> Chrome:
    """Looks for Selenium, then a browser and a driver on `path` (default: PATH), then asks `lookup`.

    Args:
        path: the directories to search, as the PATH variable lists them; default the environment's PATH.
        lookup: the fallback for what PATH lacks, `() -> (browser, driver)`; default Selenium Manager, offline.
        selenium_installed: whether `import selenium` would work; default: look.
    """
    if selenium_installed is None:
        selenium_installed = importlib.util.find_spec("selenium") is not None
    if not selenium_installed:
        return Chrome(None, None, "Selenium is not installed: `pip install selenium` (or `pip install -e "
                                  '".[test]"`), and a Chromium with its chromedriver: ' + INSTALL)
    browser = next(filter(None, (shutil.which(name, path=path) for name in BROWSERS)), None)
    driver = shutil.which(DRIVER, path=path)
    if browser is None or driver is None:
        found_browser, found_driver = lookup()
        browser, driver = browser or found_browser, driver or found_driver
    if browser is None:
        return Chrome(None, driver, f"no Chromium or Chrome found (looked on PATH for {', '.join(BROWSERS)}, then "
                                    f"asked Selenium Manager offline); install one with its chromedriver: {INSTALL}")
    if driver is None:
        return Chrome(browser, None, f"found {browser} but no chromedriver (looked on PATH, then asked Selenium "
                                     f"Manager offline); install the driver of the same version: {INSTALL}")
    return Chrome(browser, driver, None)


def unavailable(reason: str, environ: dict[str, str] | None = None) -> NoReturn:
    """Skips the calling test with `reason`, or fails it when `MINIGRAD_REQUIRE_BROWSER=1` (as in CI)."""
    environ = os.environ if environ is None else environ
    if environ.get(REQUIRE, "") not in ("", "0"):
        pytest.fail(f"{REQUIRE}={environ[REQUIRE]} and the browser tests cannot run: {reason}", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason}")


def start_chrome(chrome: Chrome, width: int = 1200, height: int = 1000) -> tuple:
    """A Selenium driver for `chrome` (headless, a fresh profile, no background networking) and its profile folder."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="minigrad-chrome-")
    options = webdriver.ChromeOptions()
    options.binary_location = chrome.browser
    for argument in (*CHROME_ARGUMENTS, f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service(chrome.driver), options=options), profile


def chrome_or_skip() -> tuple:
    """A started driver and its profile folder, or a skip (a failure under `MINIGRAD_REQUIRE_BROWSER=1`) naming
    what to install."""
    chrome = find_chrome()
    if chrome.problem is not None:
        unavailable(chrome.problem)
    try:
        return start_chrome(chrome)
    except Exception as error:  # the driver did not start: a version mismatch, a broken install, ...
        unavailable(f"{chrome.driver} could not start {chrome.browser} ({type(error).__name__}: "
                    f"{str(error).splitlines()[0] if str(error) else ''}); install matching versions: {INSTALL}")
