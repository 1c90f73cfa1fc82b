"""The public learning-rate tutorials run on minigrad with only their import lines changed.

Each script in tests/tutorials is written the way a well-known tutorial writes it (Keras 2 idioms such as
`SGD(lr=...)`, `Dense(input_dim=...)`, `K.set_value(model.optimizer.lr, ...)`, `history.history["lr"]`,
or Keras 3's). tests/golden/tutorials_*.json holds what the real framework printed; the lines whose numbers
do not depend on random initial weights (learning rates, step counts) must print the same numbers here.
"""
import contextlib
import difflib
import io
import json
import re
from pathlib import Path

import numpy as np
import pytest

TUTORIALS = Path(__file__).parent / "tutorials"
GOLDEN = Path(__file__).parent / "golden"
SCRIPTS = sorted(path.stem for path in TUTORIALS.glob("*.py"))

# The printed lines (by prefix) whose numbers are deterministic: schedules, step counts, learning rates.
DETERMINISTIC = {
    "geron_one_cycle": ["range test", "1cycle"],
    "geron_schedules": ["exponential decay by epoch", "from the previous rate", "per-batch decay",
                        "piecewise constant"],
    "keras_io_scheduler": [""],
    "keras_io_scheduler_tf2": [""],
    "tf_guide_custom_scheduler": ["Epoch"],
}


def with_minigrad_imports(source: str) -> str:
    """The script with `keras` / `tensorflow.keras` imports turned into minigrad imports, nothing else."""
    source = re.sub(r"^from tensorflow import keras$|^import keras$", "import minigrad as keras", source, flags=re.M)
    return re.sub(r"^from keras([. ])", r"from minigrad\1", source, flags=re.M)


def run(script: str) -> list[str]:
    source = with_minigrad_imports((TUTORIALS / f"{script}.py").read_text())
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(source, f"{script}.py", "exec"), {"__name__": "__main__"})
    return printed.getvalue().splitlines()


def keras_output(script: str) -> list[str]:
    for path in GOLDEN.glob("tutorials_*.json"):
        outputs = json.loads(path.read_text())["outputs"]
        if script in outputs:
            return outputs[script]
    raise AssertionError(f"no recorded Keras output for {script}: run tests/golden/generate.py tutorials")


def numbers(line: str) -> list[float]:
    """The numbers printed on `line` (tf.keras prints a float32 as `np.float32(0.01)`)."""
    return [float(x) for x in re.findall(r"[-+]?\d*\.?\d+(?:[eE][-+]?\d+)?", re.sub(r"np\.float\d+", "", line))]


def test_the_rewrite_changes_import_lines_only():
    for script in SCRIPTS:
        source = (TUTORIALS / f"{script}.py").read_text()
        changed = [line for line in difflib.ndiff(source.splitlines(), with_minigrad_imports(source).splitlines())
                   if line.startswith(("- ", "+ "))]
        assert all(line[2:].startswith(("import ", "from ")) for line in changed), (script, changed)


@pytest.mark.parametrize("script", SCRIPTS)
def test_tutorial_runs_with_only_its_imports_changed(script):
    expected = keras_output(script)
    printed = run(script)
    assert len(printed) == len(expected), (printed, expected)
    for prefix in DETERMINISTIC.get(script, []):
        for ours, theirs in zip(printed, expected, strict=True):
            if theirs.startswith(prefix) and theirs.strip():
                np.testing.assert_allclose(numbers(ours), numbers(theirs), rtol=1e-5, err_msg=ours)
