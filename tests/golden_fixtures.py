"""Loads the JSON fixtures that `tests/golden/generate.py` wrote from the real frameworks."""
import json
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"


def load(name: str) -> dict:
    """The parsed contents of `tests/golden/<name>.json`."""
    with open(GOLDEN / f"{name}.json") as f:
        return json.load(f)
