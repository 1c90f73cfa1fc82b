"""The public learning-rate tutorials run on minigrad with only their import lines changed.

Each script in tests/tutorials is written the way a well-known tutorial writes it (Keras 2 idioms such as
`SGD(lr=...)`, `Dense(input_dim=...)`, `K.set_value(model.optimizer.lr, ...)`, `history.history["lr"]`,
or Keras 3's). tests/golden/tutorials_*.json holds what the real framework printed, as a terminal shows it.

The MNIST and Fashion-MNIST scripts call the real `load_data()`: here it downloads tests/dataset_files.py's small
learnable files from a server on 127.0.0.1 into a temporary KERAS_HOME (once, before the scripts run, so they
print no download line, as on a second run), and generate.py gave real Keras the same files. The harness of
tests/tutorial_harness.py (same initial weights, no shuffling) runs around every script on both sides.
"""
import contextlib
import difflib
import hashlib
import io
import json
import re
from pathlib import Path

import dataset_files
import numpy as np
import pytest
import tutorial_harness

from minigrad import models
from minigrad.datasets import fashion_mnist, mnist

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

# Scripts whose training the harness makes the same on both sides: every line's text (numbers and timings
# masked) must be Keras's, and the numbers of the lines starting with a listed prefix ("" is every line) must be
# Keras's within TRAINED_RTOL or one unit of the last digit Keras printed (a value near a rounding boundary can
# print one unit apart). Dropout's masks differ, so the Dropout scripts list only the lines they cannot change:
# the data's shapes, the summary, the epoch counters, the parameter counts and history keys.
TRAINED = {
    "geron_fashion_mlp": [""],
    # without BatchNormalization, SGD(0.1, momentum=0.9) is unstable here and amplifies float32 rounding:
    # only that run's text is compared
    "mlm_batch_normalization": ["Train:", "Test:", "batch_norm=False, lrate=0.01:", "batch_norm=False, lrate=0.001:",
                                "batch_norm=True"],
    "tf_basic_classification": [""],
    "keras22_mnist_mlp": ["320 train", "80 test", "Model", "_", " Layer", "=", " ", "Total", "Trainable",
                          "Non-trainable", "Epoch"],
    "keras3_mnist_mlp": ["x_train shape", "320 train", "80 test", "learning_rate=", "  logged", "  predictions shape"],
}
TRAINED_RTOL = 1e-4
# measured: after 10 epochs of SGD with momentum through BatchNormalization, val_loss drifts 1.3e-3 relative
RTOL = {"mlm_batch_normalization": 2e-3}
TIMING = re.compile(r"\b\d+(?:s|ms|us)(?:/(?:step|epoch))?\b")
NUMBER = r"[-+]?\d*\.?\d+(?:[eE][-+]?\d+)?"


@pytest.fixture(scope="module")
def datasets(tmp_path_factory: pytest.TempPathFactory):
    """mnist and fashion_mnist served from 127.0.0.1 and already in the cache of a temporary KERAS_HOME."""
    served = dataset_files.tutorial_files()
    server = dataset_files.FileServer(served)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KERAS_HOME", str(tmp_path_factory.mktemp("keras_home")))
        for module in (mnist, fashion_mnist):
            patch.setattr(module, "ORIGIN_FOLDER", server.url)
        patch.setattr(mnist, "FILE_HASH", hashlib.sha256(served["mnist.npz"]).hexdigest())
        with contextlib.redirect_stdout(io.StringIO()):
            mnist.load_data()
            fashion_mnist.load_data()
        yield
    server.close()


@pytest.fixture(autouse=True)
def harness(monkeypatch: pytest.MonkeyPatch):
    """tests/tutorial_harness.py's `fit` (fresh for each script), as generate.py gives real Keras."""
    monkeypatch.setattr(models.Sequential, "fit", tutorial_harness.harnessed(models.Sequential.fit))


def with_minigrad_imports(source: str) -> str:
    """The script with `keras` / `tensorflow.keras` imports turned into minigrad imports, nothing else."""
    source = re.sub(r"^from tensorflow import keras$|^import keras$", "import minigrad as keras", source, flags=re.M)
    return re.sub(r"^from keras([. ])", r"from minigrad\1", source, flags=re.M)


def run(script: str) -> list[str]:
    source = with_minigrad_imports((TUTORIALS / f"{script}.py").read_text())
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(source, f"{script}.py", "exec"), {"__name__": "__main__"})
    return tutorial_harness.screen(printed.getvalue())


def keras_output(script: str) -> list[str]:
    for path in GOLDEN.glob("tutorials_*.json"):
        outputs = json.loads(path.read_text())["outputs"]
        if script in outputs:
            return outputs[script]
    raise AssertionError(f"no recorded Keras output for {script}: run tests/golden/generate.py tutorials")


def numbers(line: str) -> list[float]:
    """The numbers printed on `line` (tf.keras prints a float32 as `np.float32(0.01)`)."""
    return [float(x) for x in re.findall(NUMBER, re.sub(r"np\.float\d+", "", line))]


def text_of(line: str) -> str:
    """`line` with its timings and numbers masked and runs of spaces made one (NumPy pads an array's columns to
    its longest number): what must not differ at all."""
    return " ".join(re.sub(NUMBER, "#", TIMING.sub("<time>", line)).replace("]", " ]").split())


def last_digit(token: str) -> float:
    """One unit of the last digit printed in `token`: 0.001 for `0.952`, 1e-8 for `4.6127e-04`, 1 for `16`."""
    mantissa, _, exponent = token.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    return 10.0 ** (int(exponent or 0) - decimals)


def assert_trained_line_matches(ours: str, theirs: str, rtol: float = TRAINED_RTOL) -> None:
    """Same text (timings and numbers masked); every number within TRAINED_RTOL or one unit of Keras's last digit."""
    assert text_of(ours) == text_of(theirs), (ours, theirs)
    their_tokens = re.findall(NUMBER, TIMING.sub("", theirs))
    for mine, token in zip(re.findall(NUMBER, TIMING.sub("", ours)), their_tokens, strict=True):
        allowed = max(rtol * abs(float(token)), last_digit(token))
        assert abs(float(mine) - float(token)) <= allowed * (1 + 1e-9), (ours, theirs, mine, token)


def test_the_rewrite_changes_import_lines_only():
    for script in SCRIPTS:
        source = (TUTORIALS / f"{script}.py").read_text()
        changed = [line for line in difflib.ndiff(source.splitlines(), with_minigrad_imports(source).splitlines())
                   if line.startswith(("- ", "+ "))]
        assert all(line[2:].startswith(("import ", "from ")) for line in changed), (script, changed)


def test_last_digit_is_one_unit_of_the_last_printed_place():
    assert [last_digit(t) for t in ("0.952", "4.6127e-04", "16", "1.0")] == pytest.approx([1e-3, 1e-8, 1.0, 0.1])


def test_a_trained_line_must_match_in_text_and_numbers():
    keras = "15/15 [==============================] - 0s 12ms/step - loss: 0.8656 - accuracy: 0.9200"
    assert_trained_line_matches(keras.replace("0s 12ms", "1s 3ms").replace("0.8656", "0.8657"), keras)
    with pytest.raises(AssertionError):
        assert_trained_line_matches(keras.replace("0.8656", "0.8659"), keras)
    with pytest.raises(AssertionError):
        assert_trained_line_matches(keras.replace("accuracy", "acc"), keras)


def test_the_scripts_read_the_files_keras_was_given():
    """The files served here hold what generate.py gave real Keras (their `held_sha256` is the one recorded)."""
    recorded = {file: digest for path in GOLDEN.glob("tutorials_*.json")
                for file, digest in json.loads(path.read_text()).get("files", {}).items()}
    assert recorded == {file: dataset_files.held_sha256(file, content)
                        for file, content in dataset_files.tutorial_files().items()}


@pytest.mark.parametrize("script", SCRIPTS)
def test_tutorial_runs_with_only_its_imports_changed(script, datasets):
    expected = keras_output(script)
    printed = run(script)
    assert len(printed) == len(expected), (printed, expected)
    for prefix in DETERMINISTIC.get(script, []):
        for ours, theirs in zip(printed, expected, strict=True):
            if theirs.startswith(prefix) and theirs.strip():
                np.testing.assert_allclose(numbers(ours), numbers(theirs), rtol=1e-5, err_msg=ours)
    for ours, theirs in zip(printed, expected, strict=True) if script in TRAINED else ():
        if theirs.startswith(tuple(TRAINED[script])):
            assert_trained_line_matches(ours, theirs, RTOL.get(script, TRAINED_RTOL))
        else:
            assert text_of(ours) == text_of(theirs), (ours, theirs)
