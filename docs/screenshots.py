"""Writes the README's screenshots of the explorable page: three sections at desktop and at phone width.

    python docs/screenshots.py            # writes docs/explore_<section>_<desktop|phone>.png and docs/explore.png

It writes the page with `python -m minigrad explore`'s settings, opens it in the headless Chromium the browser
tests use (tests/browser.py finds it), and stores each picture with at most 256 colours to keep it small.
Needs Selenium and a Chromium with its chromedriver (`pip install -e ".[test]"`), and Pillow (matplotlib's).
"""
from __future__ import annotations

import io
import shutil
import sys
import tempfile
from pathlib import Path

from PIL import Image

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS.parent / "tests"))

from browser import find_chrome, start_chrome  # noqa: E402

from minigrad import explore  # noqa: E402

SECTIONS = {"E1": "the first experiment: SGD at 0.1 overshooting on f(x) = x",
            "E8": "the loss surface of f(x) = 2x + 5, where b crawls along the valley",
            "E10": "comparing raw and standardised inputs"}
SIZES = {"desktop": 1200, "phone": 390}
TALL = 2600  # a viewport taller than any section, so each section is pictured whole
CROP = {"desktop": 1000, "phone": 1700}  # keep the top: text, controls, surface and the numbers of the moment
HEADLINE = "E8"  # docs/explore.png, the README's first picture


def main() -> int:
    chrome = find_chrome()
    if chrome.problem is not None:
        print(f"docs/screenshots.py: {chrome.problem}", file=sys.stderr)
        return 2
    folder = Path(tempfile.mkdtemp(prefix="minigrad-explore-"))
    path, _ = explore.write_page(folder, quiet=False)
    driver, profile = start_chrome(chrome)
    try:
        for size, width in SIZES.items():
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                   {"width": width, "height": TALL, "deviceScaleFactor": 1, "mobile": size == "phone"})
            driver.get(path.as_uri())
            for section in SECTIONS:
                picture = Image.open(io.BytesIO(driver.find_element("id", section).screenshot_as_png))
                top = picture.crop((0, 0, picture.width, min(picture.height, CROP[size])))
                save(top if size == "phone" else picture, DOCS / f"explore_{section}_{size}.png")
                if size == "desktop" and section == HEADLINE:
                    save(top, DOCS / "explore.png")
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
        shutil.rmtree(folder, ignore_errors=True)
    return 0


def save(picture: Image.Image, path: Path) -> None:
    picture.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
    print(f"wrote {path.relative_to(DOCS.parent)} ({path.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    sys.exit(main())
