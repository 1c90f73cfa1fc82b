"""Activations, cross-entropy losses and accuracies against Keras 3 and tf.keras on edge cases
(tests/golden/classification_pieces.json): values and gradients, in float32."""
import numpy as np
import pytest
from golden_fixtures import load

from minigrad import activations, losses, metrics

FIXTURE = load("classification_pieces")
FRAMEWORKS = ["keras3", "tf_keras"]


def records(kind):
    return [(framework, record) for framework in FRAMEWORKS for record in FIXTURE[framework][kind]]


def ids(pair):
    framework, record = pair
    return f"{framework}-{record.get('name', record.get('id'))}"


@pytest.mark.parametrize("pair", records("activations"), ids=ids)
def test_activation_value_and_backward_match_the_framework(pair):
    """y = f(x) and dL/dx = backward(dy, x, y) for L = sum(dy * f(x)), x from -3 to 12."""
    framework, record = pair
    activation = activations.get(record["name"])
    x, dy = np.array(record["x"], np.float32), np.array(record["dy"], np.float32)
    y = activation.function(x)
    np.testing.assert_allclose(y, record["values"], rtol=1e-5, atol=1e-6, err_msg=f"{record['name']} vs {framework}")
    np.testing.assert_allclose(activation.backward(dy, x, y), record["gradient"], rtol=1e-5, atol=1e-6,
                               err_msg=f"{record['name']}'s backward vs {framework}")


# Where tf.keras 2 and Keras 3 disagree, minigrad follows Keras 3 (its losses' docstrings say so).
TF_KERAS_DIFFERS = {
    "sparse_cce_probabilities": "tf.keras clips the probabilities before normalising them, Keras 3 after",
    "bce_probabilities_with_0_and_1": "tf.keras adds epsilon inside the logarithms instead of clipping only",
}


def value_and_gradient(record):
    loss = getattr(losses, record["class_name"])(**record["config"])
    return loss.value_and_gradient(np.array(record["y_true"], np.float32), np.array(record["y_pred"], np.float32))


@pytest.mark.parametrize("pair", [p for p in records("losses")
                                  if not (p[0] == "tf_keras" and p[1]["id"] in TF_KERAS_DIFFERS)], ids=ids)
def test_loss_value_and_gradient_match_the_framework(pair):
    """Probabilities of 0 and 1 (clipped to [1e-7, 1 - 1e-7]), large logits, label smoothing."""
    framework, record = pair
    value, gradient = value_and_gradient(record)
    assert value == pytest.approx(record["value"], rel=1e-5), f"{record['id']} vs {framework}"
    np.testing.assert_allclose(gradient, record["gradient"], rtol=1e-5, atol=1e-6,
                               err_msg=f"{record['id']}: dL/dy_pred vs {framework}")


@pytest.mark.parametrize("case_id", sorted(TF_KERAS_DIFFERS))
def test_where_tf_keras_differs_at_the_clip_minigrad_follows_keras_3(case_id):
    tf_keras = next(r for r in FIXTURE["tf_keras"]["losses"] if r["id"] == case_id)
    value, gradient = value_and_gradient(tf_keras)
    assert not (np.isclose(value, tf_keras["value"], rtol=1e-5) and np.allclose(gradient, tf_keras["gradient"],
                                                                                rtol=1e-5, atol=1e-6)), \
        f"{case_id}: expected minigrad to differ from tf.keras here ({TF_KERAS_DIFFERS[case_id]})"


@pytest.mark.parametrize("pair", records("accuracies"), ids=ids)
def test_accuracy_matches_the_framework(pair):
    framework, record = pair
    metric = metrics.get(record["id"])
    metric.update_state(np.array(record["y_true"], np.float32), np.array(record["y_pred"], np.float32))
    assert metric.result() == record["value"]


@pytest.mark.parametrize("pair", records("accuracies"), ids=ids)
def test_accuracy_by_name_resolves_to_the_form_keras_picks_from_the_shapes(pair):
    """metrics=["accuracy"]: binary for one output, sparse for class indices, categorical for one-hot rows."""
    framework, record = pair
    metric = metrics.get("accuracy")
    metric.update_state(np.array(record["y_true"], np.float32), np.array(record["y_pred"], np.float32))
    assert metric.result() == record["value"]
