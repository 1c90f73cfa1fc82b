"""The explorable page: minigrad's numbers, written into one self-contained file and drawn by a real browser.

The page is written once per module with small settings (4 learning rates, 3 seeds, the article's three
optimizers) and opened in one headless Chromium (`chrome` in conftest.py, found by tests/browser.py; without a
browser those tests skip, naming what to install). "Embedded" numbers are minigrad's as the page stores them:
float16, saturating at +-65,000.
"""
import contextlib
import io
import json
import re
import time

import numpy as np
import pytest

from minigrad import explore
from minigrad.__main__ import main
from minigrad.analysis import gradient_scales
from minigrad.article.experiments import identity_data, linear_data, lr_schedule, run_experiment
from minigrad.explore import setting_index
from minigrad.explore.studies import make_studies

try:  # only the browser tests use Selenium; without it the `chrome` fixture skips them, naming what to install
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:
    By = Keys = Select = WebDriverWait = None

SETTINGS = {"rates": (1e-4, 1e-3, 0.02, 0.1), "seeds": (0, 1, 2), "optimizers": ("SGD", "SGD, momentum 0.9", "Adam")}
ARTICLE_ORDER = ["E1", "E2", "E3", "E4", "E5", "E5b", "E6", "E7", "E8", "E9", "E10"]
DESKTOP, PHONE = (1200, 1000), (390, 1400)


class Terminal(io.StringIO):
    """A stderr that says it is a terminal, so the progress line draws into it."""

    def isatty(self):
        return True


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    """The page's path, minigrad's numbers, and what the progress line drew on a terminal while writing it."""
    terminal = Terminal()
    with contextlib.redirect_stderr(terminal):
        path, numbers = explore.write_page(tmp_path_factory.mktemp("explore"), quiet=False, **SETTINGS)
    return path, numbers, terminal.getvalue()


def section_of(numbers, section_id):
    section = next(s for s in numbers["sections"] if s["id"] == section_id)
    return section, numbers["studies"][section["study"]]


def embedded(values):
    """minigrad's numbers as the page stores them: float16, saturating at +-65,000."""
    return np.clip(np.asarray(values, dtype=np.float64), -6.5e4, 6.5e4).astype(np.float16).astype(np.float64)


def expected_curve(numbers, section_id, series, setting):
    """The median over seeds of `series` per epoch for `setting`, as far as the section shows it."""
    section, study = section_of(numbers, section_id)
    index = setting_index(study, setting)
    if series == "learning_rate":
        values = study["learning_rate"][index]
    else:
        values = study["bands"][index, study["series"].index(series), 1]
    return embedded(values[:section["epochs"]])


def expected_moment(numbers, section_id, field, setting, epoch):
    section, study = section_of(numbers, section_id)
    return embedded(study["moment"][setting_index(study, setting), study["fields"].index(field), epoch])


def opened(chrome, path, size=DESKTOP):
    chrome.set_window_size(*size)
    chrome.get(path.resolve().as_uri())
    return chrome


def drawn_curve(chrome, section_id, series, kind="live"):
    """The values the page drew as the median of `series` (JSON in the path's data-values; NaN comes back null)."""
    path = chrome.find_element(By.CSS_SELECTOR, f'#{section_id} svg[data-series="{series}"] path.median.{kind}')
    return np.array([np.nan if v is None else v for v in json.loads(path.get_attribute("data-values"))])


def setting_on_page(chrome, numbers, section_id):
    """The setting the section's controls show: each slider's position and each select's value, read from the page."""
    section, study = section_of(numbers, section_id)
    setting = dict(section["setting"])
    for name in section["controls"]:
        control = chrome.find_element(By.ID, f"{section_id}-{name}")
        value = control.get_attribute("value")
        setting[name] = value if control.tag_name == "select" else study["controls"][name][int(value)]
    return setting


def move(chrome, section_id, name):
    """Moves one control to another value, as a reader does: a slider by an arrow key, a select by choosing."""
    control = chrome.find_element(By.ID, f"{section_id}-{name}")
    if control.tag_name == "select":
        choice = Select(control)
        other = next(o for o in choice.options if o.get_attribute("value") != control.get_attribute("value"))
        choice.select_by_value(other.get_attribute("value"))
    else:
        at_start = control.get_attribute("value") == control.get_attribute("min")
        control.send_keys(Keys.ARROW_RIGHT if at_start else Keys.ARROW_LEFT)


def boxes_overlap(a, b):
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


# -- the numbers ---------------------------------------------------------------------------------------------

def test_page_is_one_self_contained_file_under_8_mib(page):
    path, _, _ = page
    html = path.read_text(encoding="utf-8")
    assert path.stat().st_size <= 8 * 2**20
    assert not re.search(r"<script[^>]+src=|<link|<img|@import|url\((?!#)|https?://(?!www\.w3\.org/2000/svg)", html)


def test_sections_follow_the_articles_order_with_their_numbers_filled_in(page):
    _, numbers, _ = page
    assert [section["id"] for section in numbers["sections"]] == ARTICLE_ORDER
    for section in numbers["sections"]:
        assert "{" not in section["text"], f"{section['id']}: a placeholder was left in its text"


def test_writing_shows_progress_once_per_sweep_on_a_terminal(page):
    _, _, progress = page
    sweeps = sum(len(study.groups()) for study in make_studies(SETTINGS["rates"], SETTINGS["optimizers"]).values())
    assert progress.startswith("\rexplore: ")
    assert f"{sweeps}/{sweeps}" in progress


def test_the_first_seeds_run_is_fit_with_that_seed(page):
    """E2's and E9's drawn runs are, bit for bit, `fit` after `set_random_seed(0)` (`run_experiment`)."""
    _, numbers, _ = page
    for section_id, setting in (("E2", {"optimizer": "SGD", "learning_rate": 0.001}),
                                ("E9", {"optimizer": "SGD, momentum 0.9", "learning_rate": 0.0001})):
        section, study = section_of(numbers, section_id)
        run = study["run"][setting_index(study, setting)]
        result = run_experiment(section_id, seed=0)
        np.testing.assert_array_equal(run[0, :section["epochs"]], np.float32(result.history["mae"]))
        for parameter in study["parameters"]:
            np.testing.assert_array_equal(run[study["series"].index(parameter), :section["epochs"]],
                                          np.float32(result.weights[parameter]))


def test_the_schedule_scaled_from_its_first_rate_0_02_is_the_articles_lr_schedule(page):
    _, numbers, _ = page
    rates = numbers["studies"]["schedule"]["learning_rate"][
        setting_index(numbers["studies"]["schedule"], {"schedule": "as written", "learning_rate": 0.02})]
    np.testing.assert_array_equal(rates, np.float32([lr_schedule(epoch) for epoch in range(100)]))


def test_sgd_moment_numbers_follow_maes_constant_step(page):
    """E2, SGD at 0.001 on f(x) = x: step = 0.001 * mean|x|, distance = |W - 1|, updates = distance / step,
    moved = |W_e - W_(e-1)|, loss = mean|W x - x| over the training data."""
    _, numbers, _ = page
    _, study = section_of(numbers, "E2")
    moment = study["moment"][setting_index(study, {"optimizer": "SGD", "learning_rate": 0.001})]
    field = dict(zip(study["fields"], moment.astype(np.float64), strict=True))
    x = identity_data()[0].astype(np.float64)
    w = field["W"]
    np.testing.assert_allclose(field["step_W"], np.float32(0.001) * np.abs(x).mean(), rtol=1e-6)
    np.testing.assert_allclose(field["distance_W"], np.abs(w - 1), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(field["updates_W"], field["distance_W"] / field["step_W"], rtol=1e-5)
    np.testing.assert_allclose(field["moved_W"][1:], np.abs(np.diff(w)), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(field["loss"], np.abs(w[:, None] * x - x).mean(axis=1), rtol=1e-5)


def test_adam_moves_each_weight_by_about_the_rate_and_momentum_up_to_ten_times_sgd(page):
    _, numbers, _ = page
    _, study = section_of(numbers, "E7")
    x = linear_data(100)[0]
    step = {name: study["moment"][setting_index(study, {"optimizer": name, "learning_rate": 0.001}),
                                  [study["fields"].index("step_W"), study["fields"].index("step_b")], 0]
            for name in ("Adam", "SGD, momentum 0.9")}
    np.testing.assert_allclose(step["Adam"], [0.001, 0.001], rtol=1e-6)
    np.testing.assert_allclose(step["SGD, momentum 0.9"], 0.001 * gradient_scales(x) / (1 - 0.9), rtol=1e-6)


def test_standardised_runs_are_drawn_as_the_same_model_on_the_raw_input(page):
    """W = W' / std and b = b' - W' * mean / std predict on x what the standardised model predicts on x'."""
    _, numbers, _ = page
    _, study = section_of(numbers, "E10")
    moment = study["moment"][setting_index(study, {"scaling": "standardised", "optimizer": "SGD, momentum 0.9",
                                                   "learning_rate": 0.1})]
    field = dict(zip(study["fields"], moment.astype(np.float64), strict=True))
    x, y = (np.asarray(a, dtype=np.float64) for a in linear_data(1000)[:2])
    loss_on_raw_x = np.abs(field["W"][:, None] * x + field["b"][:, None] - y).mean(axis=1)
    np.testing.assert_allclose(loss_on_raw_x, field["loss"], rtol=1e-3, atol=1e-3)
    assert abs(field["W"][-1] - 2) < 0.01 and abs(field["b"][-1] - 5) < 0.5


def test_compute_needs_the_articles_optimizers():
    with pytest.raises(ValueError, match=r"optimizers.*'SGD, momentum 0.9'.*Received: optimizers=\['SGD'\]"):
        explore.compute(optimizers=("SGD",))


def test_explore_command_rejects_zero_seeds_before_computing(capsys):
    assert main(["explore", "--seeds", "0"]) == 2
    assert "Received: --seeds 0" in capsys.readouterr().err


def test_explore_command_quiet_turns_the_progress_line_off(monkeypatch, tmp_path):
    asked = {}

    def write_page(out, **settings):
        asked.update(settings)
        (tmp_path / "index.html").write_text("")
        return tmp_path / "index.html", {}

    monkeypatch.setattr(explore, "write_page", write_page)
    assert main(["explore", "--quiet", "--seeds", "2", "--out", str(tmp_path)]) == 0
    assert asked == {"seeds": (0, 1), "quiet": True}


# -- the page in a browser -------------------------------------------------------------------------------------

def test_page_opens_without_console_errors_or_network_requests(page, chrome):
    """The page's document asks for nothing but itself, and nothing at all goes over the network."""
    opened(chrome, page[0])
    assert [entry for entry in chrome.get_log("browser") if entry["level"] == "SEVERE"] == []
    events = [json.loads(entry["message"])["message"] for entry in chrome.get_log("performance")]
    requests = [e["params"] for e in events if e["method"] == "Network.requestWillBeSent"]
    uri = page[0].resolve().as_uri()
    assert [r["request"]["url"] for r in requests if r["documentURL"] == uri] == [uri]
    assert not [r["request"]["url"] for r in requests if r["request"]["url"].startswith(("http", "ws", "ftp"))]
    assert chrome.execute_script("return performance.getEntriesByType('resource').length") == 0


def test_every_sections_controls_draw_minigrads_numbers_for_the_new_setting(page, chrome):
    _, numbers, _ = page
    opened(chrome, page[0])
    for section in numbers["sections"]:
        series = numbers["studies"][section["study"]]["series"][:]
        if numbers["studies"][section["study"]]["learning_rate"] is not None:
            series.append("learning_rate")
        for name in section["controls"]:
            before = setting_on_page(chrome, numbers, section["id"])
            move(chrome, section["id"], name)
            after = setting_on_page(chrome, numbers, section["id"])
            assert after[name] != before[name], f"{section['id']}: moving {name} did not change it"
            for key in series:
                np.testing.assert_array_equal(drawn_curve(chrome, section["id"], key),
                                              expected_curve(numbers, section["id"], key, after),
                                              err_msg=f"{section['id']} {key} after moving {name}")


def test_each_section_opens_at_the_articles_setting_and_marks_it_on_its_slider(page, chrome):
    _, numbers, _ = page
    opened(chrome, page[0])
    for section in numbers["sections"]:
        assert setting_on_page(chrome, numbers, section["id"]) == section["setting"]
        slider = "decay" if "decay" in section["controls"] else "learning_rate"
        marks = chrome.find_element(By.ID, f"{section['id']}-{slider}-marks").text
        assert "the article's" in marks
    assert "LR range test" in chrome.find_element(By.ID, "E7-learning_rate-marks").text


def test_the_epoch_scrubber_moves_the_surface_point_to_that_epochs_w_and_b(page, chrome):
    _, numbers, _ = page
    opened(chrome, page[0])
    setting = section_of(numbers, "E7")[0]["setting"]
    scrubber = chrome.find_element(By.ID, "E7-epoch")
    scrubber.send_keys(Keys.HOME)
    for epoch in (1, 2, 3):
        scrubber.send_keys(Keys.ARROW_RIGHT)
        point = chrome.find_element(By.CSS_SELECTOR, "#E7 svg[data-series=surface] circle.now.live")
        w, b = float(point.get_attribute("data-w")), float(point.get_attribute("data-b"))
        assert int(point.get_attribute("data-epoch")) == epoch
        assert w == expected_moment(numbers, "E7", "W", setting, epoch)
        assert b == expected_moment(numbers, "E7", "b", setting, epoch)
        surface = chrome.find_element(By.CSS_SELECTOR, "#E7 svg[data-series=surface]")
        w0, w1, b0, b1 = map(float, surface.get_attribute("data-frame").split(","))
        x0, x1, y0, y1 = map(float, surface.get_attribute("data-plot").split(","))
        assert float(point.get_attribute("cx")) == pytest.approx(x0 + (w - w0) / (w1 - w0) * (x1 - x0), abs=0.01)
        assert float(point.get_attribute("cy")) == pytest.approx(y0 + (b - b0) / (b1 - b0) * (y1 - y0), abs=0.01)
        cursor = chrome.find_element(By.CSS_SELECTOR, '#E7 svg[data-series="b"] .cursor circle')
        assert float(cursor.get_attribute("data-value")) == embedded(
            section_of(numbers, "E7")[1]["run"][setting_index(section_of(numbers, "E7")[1], setting), 3, epoch - 1])
        distance = chrome.find_element(By.CSS_SELECTOR, '#E7 aside.moment [data-field="distance_b"]')
        assert float(distance.get_attribute("data-value")) == expected_moment(numbers, "E7", "distance_b", setting,
                                                                              epoch)


def test_on_f_of_x_equals_x_the_point_sits_on_the_loss_curve_at_that_epochs_w(page, chrome):
    _, numbers, _ = page
    opened(chrome, page[0])
    setting = section_of(numbers, "E1")[0]["setting"]
    scrubber = chrome.find_element(By.ID, "E1-epoch")
    scrubber.send_keys(Keys.HOME, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT)
    point = chrome.find_element(By.CSS_SELECTOR, "#E1 svg[data-series=surface] circle.now.live")
    assert float(point.get_attribute("data-w")) == expected_moment(numbers, "E1", "W", setting, 2)
    assert float(point.get_attribute("data-y")) == expected_moment(numbers, "E1", "loss", setting, 2)


def test_pinning_overlays_a_second_setting_with_its_own_median_and_band(page, chrome):
    _, numbers, _ = page
    opened(chrome, page[0])
    first = setting_on_page(chrome, numbers, "E2")
    chrome.find_element(By.CSS_SELECTOR, "#E2 button.pin").click()
    move(chrome, "E2", "learning_rate")
    second = setting_on_page(chrome, numbers, "E2")
    assert second != first
    for series in ("mae", "W"):
        np.testing.assert_array_equal(drawn_curve(chrome, "E2", series, "pinned"),
                                      expected_curve(numbers, "E2", series, first))
        np.testing.assert_array_equal(drawn_curve(chrome, "E2", series, "live"),
                                      expected_curve(numbers, "E2", series, second))
        chart = chrome.find_element(By.CSS_SELECTOR, f'#E2 svg[data-series="{series}"]')
        assert chart.find_elements(By.CSS_SELECTOR, "polygon.band.pinned")
        assert chart.find_elements(By.CSS_SELECTOR, "polygon.band.live")
    assert chrome.find_elements(By.CSS_SELECTOR, "#E2 svg[data-series=surface] circle.now.pinned")
    assert chrome.find_element(By.CSS_SELECTOR, "#E2 button.pin").get_attribute("aria-pressed") == "true"


def test_e5b_and_e10_open_comparing_with_the_articles_setting_pinned(page, chrome):
    _, numbers, _ = page
    opened(chrome, page[0])
    for section_id in ("E5b", "E10"):
        pinned = section_of(numbers, section_id)[0]["pinned"]
        np.testing.assert_array_equal(drawn_curve(chrome, section_id, "W", "pinned"),
                                      expected_curve(numbers, section_id, "W", pinned))


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_no_two_slider_labels_overlap(page, chrome, size):
    opened(chrome, page[0], size)
    tracks = chrome.execute_script("""
        return [...document.querySelectorAll('.track')].map(track => [...track.querySelectorAll('.row span')]
          .filter(s => getComputedStyle(s).display !== 'none')
          .map(s => { const r = s.getBoundingClientRect();
                      return {text: s.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom}; }));""")
    assert len(tracks) >= len(ARTICLE_ORDER)
    for labels in tracks:
        assert len([label for label in labels if label["text"] not in "▼▲"]) >= 2, labels
        for i, a in enumerate(labels):
            for b in labels[i + 1:]:
                assert not boxes_overlap(a, b), f"{a['text']!r} and {b['text']!r} overlap at {size}"


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_chart_has_readable_ticks_on_both_axes_and_labelled_targets(page, chrome, size):
    opened(chrome, page[0], size)
    charts = chrome.execute_script("""
        const box = t => { const r = t.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top,
                                                                        bottom: r.bottom, text: t.textContent}; };
        return [...document.querySelectorAll('svg.chart')].map(svg => ({
          series: svg.dataset.series, x: [...svg.querySelectorAll('.tick.x')].map(box),
          y: [...svg.querySelectorAll('.tick.y')].map(box),
          targets: [...svg.querySelectorAll('.target text, .surface-target text')].map(t => t.textContent)}));""")
    assert len(charts) >= 4 * len(ARTICLE_ORDER)
    for chart in charts:
        for axis in ("x", "y"):
            ticks = chart[axis]
            assert len(ticks) >= 2 and all(t["text"] for t in ticks), f"{chart['series']}: {axis} ticks {ticks}"
            for i, a in enumerate(ticks):
                for b in ticks[i + 1:]:
                    assert not boxes_overlap(a, b), f"{chart['series']}: ticks {a['text']} and {b['text']} overlap"
        if chart["series"] in ("W", "b", "surface"):
            assert any(text.startswith("target W = ") or text.startswith("target b = ") for text in chart["targets"])


def test_page_fits_a_phone_width_screen(page, chrome):
    opened(chrome, page[0], PHONE)
    assert chrome.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")


def test_every_control_has_a_label_for_keyboard_and_screen_reader_users(page, chrome):
    opened(chrome, page[0])
    unlabelled = chrome.execute_script("""
        return [...document.querySelectorAll('input, select, button')].filter(c =>
          !(c.labels && c.labels.length) && !c.getAttribute('aria-label') && !c.textContent.trim()).map(c => c.id);""")
    assert unlabelled == []
    sliders = chrome.find_elements(By.CSS_SELECTOR, "input[type=range]")
    assert sliders and all(slider.get_attribute("aria-valuetext") for slider in sliders)
    assert all(aside.get_attribute("aria-live") == "polite"
               for aside in chrome.find_elements(By.CSS_SELECTOR, "aside.moment"))


def test_the_colour_scheme_follows_the_systems_light_or_dark_setting(page, chrome):
    backgrounds = {}
    for scheme in ("light", "dark"):
        chrome.execute_cdp_cmd("Emulation.setEmulatedMedia",
                               {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
        opened(chrome, page[0])
        backgrounds[scheme] = chrome.execute_script("return getComputedStyle(document.body).backgroundColor")
    chrome.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    assert backgrounds == {"light": "rgb(255, 255, 255)", "dark": "rgb(18, 20, 23)"}


def test_play_walks_the_epochs_from_the_start_and_pause_stops_them(page, chrome):
    opened(chrome, page[0])
    play = chrome.find_element(By.CSS_SELECTOR, "#E3 button.play")
    scrubber = chrome.find_element(By.ID, "E3-epoch")
    assert scrubber.get_attribute("value") == scrubber.get_attribute("max")
    play.click()
    WebDriverWait(chrome, 10).until(lambda _: 0 < int(scrubber.get_attribute("value")) < 200)
    play.click()
    stopped = scrubber.get_attribute("value")
    point = chrome.find_element(By.CSS_SELECTOR, "#E3 svg[data-series=surface] circle.now.live")
    assert point.get_attribute("data-epoch") == stopped
    time.sleep(0.3)  # several frames of the player
    assert scrubber.get_attribute("value") == stopped
