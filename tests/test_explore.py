"""The explorable page: written by minigrad, self-contained, and working in a real headless Chromium.

The browser is Debian's `chromium` with its `chromedriver` (`.ci/run` installs them), driven by Selenium.
"""
import json
import re

import numpy as np
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from minigrad import explore

SETTINGS = {"optimizers": ("SGD", "SGD + decay 0.01", "Adam"), "rates": tuple(np.logspace(-4, 0, 5)), "seeds": (0, 1, 2)}


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    return explore.write_page(tmp_path_factory.mktemp("explore"), **SETTINGS)


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--no-first-run", "--window-size=1100,1300"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    yield driver
    driver.quit()


def opened(browser, path):
    browser.get(path.resolve().as_uri())
    return browser


def drawn_median(browser, series):
    """The values the page drew for `series` (JSON in the median path's data-values; NaN comes back as null)."""
    path = browser.find_element(By.CSS_SELECTOR, f'svg[data-series="{series}"] path.median')
    return np.array([np.nan if v is None else v for v in json.loads(path.get_attribute("data-values"))])


def as_embedded(values):
    """minigrad's numbers as the page embeds them: float16, saturating at +-65,000."""
    return np.clip(np.asarray(values, dtype=np.float64), -6.5e4, 6.5e4).astype(np.float16).astype(np.float64)


def test_page_is_one_self_contained_file_under_5_mib(page):
    path, _ = page
    html = path.read_text()
    assert path.stat().st_size <= 5 * 2**20
    assert not re.search(r"<script[^>]+src=|<link|<img|@import|url\(|https?://(?!www\.w3\.org/2000/svg)", html)


def test_page_opens_without_console_errors_or_network_requests(page, browser):
    opened(browser, page[0])
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0


def test_every_series_of_the_view_is_drawn_with_its_band(page, browser):
    opened(browser, page[0])
    for series in ("mae", "val_mae", "W"):
        assert len(drawn_median(browser, series)) == 100
        assert browser.find_element(By.CSS_SELECTOR, f'svg[data-series="{series}"] polygon.band')


def test_moving_the_slider_by_keyboard_draws_minigrads_numbers_for_that_rate(page, browser):
    path, numbers = page
    opened(browser, path)
    slider = browser.find_element(By.ID, "rate")
    before = int(slider.get_attribute("value"))
    slider.send_keys(Keys.ARROW_RIGHT)
    after = int(slider.get_attribute("value"))
    assert after == before + 1
    expected = numbers["views"]["identity"]["optimizers"]["SGD"]["values"][after, 1, 1]  # val_mae, median
    np.testing.assert_array_equal(drawn_median(browser, "val_mae"), as_embedded(expected))
    assert browser.find_element(By.ID, "rate-value").text == f"{numbers['rates'][after]:.3g}".replace("e-0", "e-")


def test_the_2x_plus_5_view_draws_b_and_the_decay_option_draws_the_learning_rate(page, browser):
    path, numbers = page
    opened(browser, path)
    Select(browser.find_element(By.ID, "view")).select_by_value("linear")
    Select(browser.find_element(By.ID, "optimizer")).select_by_visible_text("SGD + decay 0.01")
    rate = int(browser.find_element(By.ID, "rate").get_attribute("value"))
    expected = numbers["views"]["linear"]["optimizers"]["SGD + decay 0.01"]["values"][rate, 3, 1]  # b, median
    np.testing.assert_array_equal(drawn_median(browser, "b"), as_embedded(expected))
    decayed = numbers["views"]["linear"]["optimizers"]["SGD + decay 0.01"]["learning_rate"][rate]
    np.testing.assert_array_equal(drawn_median(browser, "learning_rate"), as_embedded(decayed))


def test_the_slider_marks_the_articles_rates_the_critical_rate_and_the_range_test(page, browser):
    opened(browser, page[0])
    text = browser.find_element(By.ID, "marks-text").text
    assert "article: 0.1, 0.001, 1e-4" in text and "critical" in text and "LR range test" in text


def test_page_fits_a_phone_width_screen_and_a_screenshot_is_written(page, browser, tmp_path):
    browser.set_window_size(390, 1400)
    opened(browser, page[0])
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    assert browser.save_screenshot(str(tmp_path / "explore_phone.png"))
    browser.set_window_size(1100, 1300)


def test_explore_command_rejects_zero_seeds_before_computing(capsys):
    from minigrad.__main__ import main

    assert main(["explore", "--seeds", "0"]) == 2
    assert "Received: --seeds 0" in capsys.readouterr().err


def test_the_step_schedule_option_draws_the_rate_it_set_each_epoch(tmp_path):
    """From 0.02, E5b's schedule gives the article's intended 0.02, 0.01 (epoch 5), 0.001 (25), 0.0001 (50), each
    a float32 product of the one before (so 0.001 is float32(float32(0.01) * 0.1), an ulp off float32(0.001))."""
    numbers = explore.compute(views=("identity",), optimizers=("SGD + step schedule (E5b)",), rates=(0.02, 0.1),
                              seeds=(0,))
    rates = numbers["views"]["identity"]["optimizers"]["SGD + step schedule (E5b)"]["learning_rate"][0]
    np.testing.assert_allclose(rates[[0, 5, 25, 50, 99]], [0.02, 0.01, 0.001, 0.0001, 0.0001], rtol=2e-7)
