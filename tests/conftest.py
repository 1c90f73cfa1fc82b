"""Test set-up: headless plotting, a fresh, seeded state for every test, and a browser for the page tests."""
import os
import shutil

os.environ.setdefault("MPLBACKEND", "Agg")

import pytest  # noqa: E402

from minigrad import backend, utils  # noqa: E402

# tests/golden/ holds the fixture generator (run with the real frameworks, not under pytest) and
# tests/tutorials/ holds Keras scripts that test_tutorials.py runs with their imports changed.
collect_ignore = ["golden", "tutorials"]


@pytest.fixture(autouse=True)
def fresh_session():
    """Each test starts with float32, fresh layer names and seed 0."""
    backend.set_floatx("float32")
    backend.clear_session()
    utils.set_random_seed(0)
    yield
    backend.set_floatx("float32")


@pytest.fixture(scope="module")
def chrome():
    """A headless Chromium driven by Selenium, one per test module; skipped, naming what to install, when
    `tests/browser.py` finds none (a failure with MINIGRAD_REQUIRE_BROWSER=1, as in CI)."""
    from browser import chrome_or_skip  # tests/browser.py

    driver, profile = chrome_or_skip()
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)
