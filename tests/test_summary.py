"""`model.summary()` prints exactly what tf.keras 2 prints (captured from tf_keras 2.21 by the golden script)."""
import pytest
from golden_fixtures import load
from golden_runner import layer_from

import minigrad as keras

CASES = load("summary")["cases"]


def _build(case):
    return keras.models.Sequential([keras.layers.Input(case["input_dim"]), *map(layer_from, case["layers"])])


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_summary_text_matches_tf_keras(case):
    lines = []
    _build(case).summary(print_fn=lines.append)
    assert "\n".join(lines) == case["text"]


def test_layer_names_count_up_within_a_session():
    names = [keras.layers.Dense(1).name for _ in range(3)]
    assert names == ["dense", "dense_1", "dense_2"]
