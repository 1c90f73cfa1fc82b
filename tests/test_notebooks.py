"""The notebooks in notebooks/ are stored executed, so that any notebook viewer shows their output and figures.

The suite also runs every notebook (nbmake); these tests read the stored files as a viewer does. To store them
again after a change: `jupyter nbconvert --to notebook --execute --inplace notebooks/*.ipynb`.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))


def code_cells(path: Path) -> list[dict]:
    return [cell for cell in json.loads(path.read_text(encoding="utf-8"))["cells"] if cell["cell_type"] == "code"]


def outputs(path: Path) -> list[dict]:
    return [output for cell in code_cells(path) for output in cell["outputs"]]


def test_the_notebooks_folder_has_notebooks():
    assert NOTEBOOKS, "expected the course notebooks in notebooks/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_every_code_cell_was_run_once_top_to_bottom(path):
    """execution_count 1, 2, 3, ... in order: one run of the whole notebook, none left unexecuted."""
    counts = [cell["execution_count"] for cell in code_cells(path)]
    assert counts == list(range(1, len(counts) + 1)), f"{path.name}: execution counts {counts}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_the_stored_notebook_shows_its_figures(path):
    images = [output for output in outputs(path) if "image/png" in output.get("data", {})]
    assert images, f"{path.name} is stored without any figure"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_the_stored_notebook_has_no_error_output(path):
    errors = [f"{output['ename']}: {output['evalue']}" for output in outputs(path) if output["output_type"] == "error"]
    assert not errors, f"{path.name} is stored with errors: {errors}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_every_stored_widget_has_its_state_saved(path):
    """A viewer draws a widget (the learning-rate slider) from the state saved in the notebook's metadata."""
    shown = {output["data"]["application/vnd.jupyter.widget-view+json"]["model_id"] for output in outputs(path)
             if "application/vnd.jupyter.widget-view+json" in output.get("data", {})}
    metadata = json.loads(path.read_text(encoding="utf-8"))["metadata"]
    saved = metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    assert shown <= set(saved), f"{path.name}: widgets without saved state: {sorted(shown - set(saved))}"
