"""Finding a browser for the page tests (tests/browser.py) on the three kinds of machine a student has.

Each machine is a folder standing in for PATH, holding empty executables named like the real programs, and a
Selenium lookup that finds what the test says; no browser is started.
"""
import importlib.util
import os
import stat

import pytest
from browser import REQUIRE, find_chrome, selenium_lookup, unavailable


def machine(tmp_path, *programs):
    """A PATH folder with an executable file for each of `programs`."""
    for name in programs:
        program = tmp_path / name
        program.write_text("#!/bin/sh\n")
        program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return str(tmp_path)


def finds_nothing():
    return None, None


def selenium_manager_module():
    """Selenium's module for its manager; without Selenium these tests skip like the browser tests (fail in CI)."""
    if importlib.util.find_spec("selenium") is None:
        unavailable("Selenium is not installed: `pip install selenium`")
    from selenium.webdriver.common import selenium_manager

    return selenium_manager


def test_chromium_and_its_driver_on_path_are_used_without_asking_selenium(tmp_path):
    def lookup():
        raise AssertionError("Selenium's lookup is only for what PATH lacks")

    chrome = find_chrome(path=machine(tmp_path, "chromium", "chromedriver"), lookup=lookup, selenium_installed=True)
    assert chrome.problem is None
    assert chrome.browser == os.path.join(tmp_path, "chromium")
    assert chrome.driver == os.path.join(tmp_path, "chromedriver")


def test_chromium_browser_and_google_chrome_are_found_too(tmp_path):
    for name in ("chromium-browser", "google-chrome"):
        folder = tmp_path / name
        folder.mkdir()
        chrome = find_chrome(path=machine(folder, name, "chromedriver"), lookup=finds_nothing, selenium_installed=True)
        assert chrome.browser == os.path.join(folder, name)


def test_chromium_without_a_driver_names_the_driver_to_install(tmp_path):
    chrome = find_chrome(path=machine(tmp_path, "chromium"), lookup=finds_nothing, selenium_installed=True)
    assert chrome.driver is None
    assert "no chromedriver" in chrome.problem
    assert "apt install chromium chromium-driver" in chrome.problem


def test_a_machine_with_neither_names_the_browser_and_driver_to_install(tmp_path):
    chrome = find_chrome(path=machine(tmp_path), lookup=finds_nothing, selenium_installed=True)
    assert chrome.browser is None
    assert "no Chromium or Chrome" in chrome.problem
    assert "apt install chromium chromium-driver" in chrome.problem


def test_selenium_lookup_fills_in_what_path_lacks(tmp_path):
    chrome = find_chrome(path=machine(tmp_path, "chromium"), lookup=lambda: (None, "/opt/driver/chromedriver"),
                         selenium_installed=True)
    assert chrome.problem is None
    assert chrome.driver == "/opt/driver/chromedriver"


def test_without_selenium_the_reason_names_pip_install_selenium(tmp_path):
    chrome = find_chrome(path=machine(tmp_path, "chromium", "chromedriver"), lookup=finds_nothing,
                         selenium_installed=False)
    assert "pip install selenium" in chrome.problem


def test_selenium_lookup_asks_selenium_manager_offline(monkeypatch):
    """Selenium Manager downloads missing drivers unless told `--offline`: a machine without internet must not wait."""
    manager = selenium_manager_module()
    asked = []

    def binary_paths(self, args):
        asked.append(args)
        return {"browser_path": "/usr/bin/chromium", "driver_path": ""}

    monkeypatch.setattr(manager.SeleniumManager, "binary_paths", binary_paths)
    assert selenium_lookup() == ("/usr/bin/chromium", None)
    assert "--offline" in asked[0]


def test_a_failing_selenium_manager_counts_as_finding_nothing(monkeypatch):
    manager = selenium_manager_module()

    def binary_paths(self, args):
        raise manager.WebDriverException("Unsupported platform")

    monkeypatch.setattr(manager.SeleniumManager, "binary_paths", binary_paths)
    assert selenium_lookup() == (None, None)


def test_a_missing_browser_skips_with_its_reason():
    with pytest.raises(pytest.skip.Exception, match="no chromedriver"):
        unavailable("found chromium but no chromedriver", environ={})


def test_minigrad_require_browser_turns_the_skip_into_a_failure():
    with pytest.raises(pytest.fail.Exception, match=f"{REQUIRE}=1 .* no chromedriver"):
        unavailable("found chromium but no chromedriver", environ={REQUIRE: "1"})


def test_minigrad_require_browser_0_still_skips():
    with pytest.raises(pytest.skip.Exception):
        unavailable("no Chromium", environ={REQUIRE: "0"})
