"""Dense, Input and the initializers."""
import math

import numpy as np
import pytest

import minigrad as keras
from minigrad import initializers


def test_dense_forward_is_x_times_kernel_plus_bias():
    layer = keras.layers.Dense(2)
    layer.build(1)
    layer.set_weights([np.array([[2.0, -1.0]]), np.array([0.5, 1.0])])
    # [3] @ [[2, -1]] + [0.5, 1] = [6.5, -2]
    np.testing.assert_array_equal(layer.forward(np.array([[3.0]], dtype="float32")), [[6.5, -2.0]])


def test_get_weights_returns_float32_kernel_then_bias_as_copies():
    layer = keras.layers.Dense(3)
    layer.build(2)
    kernel, bias = layer.get_weights()
    assert (kernel.shape, bias.shape) == ((2, 3), (3,))
    assert kernel.dtype == bias.dtype == np.float32
    kernel[...] = 99
    assert not (layer.get_weights()[0] == 99).any()


def test_get_weights_has_no_bias_entry_without_bias():
    layer = keras.layers.Dense(1, use_bias=False)
    layer.build(1)
    assert [w.shape for w in layer.get_weights()] == [(1, 1)]


def test_bias_starts_at_zero():
    layer = keras.layers.Dense(4)
    layer.build(3)
    np.testing.assert_array_equal(layer.get_weights()[1], np.zeros(4))


def test_set_weights_rejects_wrong_count():
    layer = keras.layers.Dense(1)
    layer.build(1)
    with pytest.raises(ValueError, match="expects 2 weight arrays"):
        layer.set_weights([np.ones((1, 1))])


def test_set_weights_rejects_wrong_shape_and_keeps_old_weights():
    layer = keras.layers.Dense(1)
    layer.build(1)
    before = layer.get_weights()
    with pytest.raises(ValueError, match=r"kernel to have shape \(1, 1\).*\(2, 1\)"):
        layer.set_weights([np.ones((2, 1)), np.zeros(1)])
    np.testing.assert_array_equal(layer.get_weights()[0], before[0])


@pytest.mark.parametrize("shape", [1, (1,), [1]])
def test_input_accepts_an_int_as_the_article_writes_it_or_a_tuple(shape):
    assert keras.layers.Input(shape).shape == (None, 1)


def test_glorot_uniform_limit_for_the_article_1x1_kernel_is_sqrt3():
    """limit = sqrt(6 / (fan_in + fan_out)) = sqrt(6 / 2) for a 1x1 kernel."""
    samples = np.array([initializers.glorot_uniform((1, 1))[0, 0] for _ in range(2000)])
    assert np.abs(samples).max() <= math.sqrt(3)
    assert np.abs(samples).max() > 0.95 * math.sqrt(3)


def test_glorot_uniform_variance_is_limit_squared_over_three():
    w = initializers.glorot_uniform((200, 300))
    limit = math.sqrt(6 / 500)
    assert np.abs(w).max() <= limit
    assert w.var() == pytest.approx(limit**2 / 3, rel=0.02)


def test_unknown_initializer_suggests_the_close_name():
    with pytest.raises(ValueError, match="Did you mean 'glorot_uniform'"):
        keras.layers.Dense(1, kernel_initializer="glorot_unifrom")


def test_unknown_activation_suggests_the_close_name():
    with pytest.raises(ValueError, match="Did you mean 'relu'"):
        keras.layers.Dense(1, activation="rellu")


def test_activation_layer_applies_its_activation_and_its_derivative():
    """Activation("tanh"): y = tanh(x), dx = dy * (1 - y ** 2); no weights."""
    layer = keras.layers.Activation("tanh")
    x = np.array([[0.0, 1.0]], dtype="float32")
    np.testing.assert_allclose(layer(x), np.tanh(x))
    np.testing.assert_allclose(layer.backward(np.ones_like(x)), 1 - np.tanh(x) ** 2)
    assert layer.count_params() == 0 and layer.get_weights() == []


def test_dense_then_activation_is_dense_with_that_activation():
    x = np.random.default_rng(0).normal(size=(5, 3)).astype("float32")
    separate = keras.Sequential([keras.Input(3), keras.layers.Dense(4), keras.layers.Activation("softmax")])
    fused = keras.Sequential([keras.Input(3), keras.layers.Dense(4, activation="softmax")])
    fused.set_weights(separate.get_weights())
    np.testing.assert_array_equal(separate.predict(x, verbose=0), fused.predict(x, verbose=0))


@pytest.mark.parametrize("kwargs", [{"input_shape": (784,)}, {"shape": (784,)}])
def test_input_layer_gives_the_model_its_input_shape_and_is_not_a_layer_of_it(kwargs):
    """tf.keras 2 writes InputLayer(input_shape=...), Keras 3 InputLayer(shape=...); neither lists it in layers."""
    model = keras.Sequential([keras.layers.InputLayer(**kwargs), keras.layers.Dense(10)])
    assert model.input_shape == (None, 784) and len(model.layers) == 1


def test_input_layer_needs_its_shape_once():
    with pytest.raises(ValueError, match="once"):
        keras.layers.InputLayer()
    with pytest.raises(ValueError, match="once"):
        keras.layers.InputLayer(shape=(2,), input_shape=(2,))


def test_calling_a_layer_builds_it_for_the_samples_shape():
    layer = keras.layers.Dense(2)
    assert layer(np.ones((4, 3), dtype="float32")).shape == (4, 2) and layer.input_shape == (3,)


def test_a_layer_whose_forward_takes_no_training_flag_still_runs_in_fit():
    """Keras passes `training` only to a `call` that takes it; minigrad does the same for `forward`."""

    class Doubling(keras.layers.Layer):
        def forward(self, x):
            return 2 * x

        def backward(self, dy, need_input_grad=True):
            return 2 * dy

    model = keras.Sequential([keras.Input(1), Doubling(), keras.layers.Dense(1, kernel_initializer="ones")])
    model.compile(optimizer=keras.optimizers.SGD(0.0), loss="mse")
    assert model.fit(np.array([1.0]), np.array([2.0]), verbose=0).history["loss"] == [0.0]
    assert not Doubling.forward_takes_training and keras.layers.Dropout.forward_takes_training


def test_an_unbuilt_layer_has_no_output_shape_yet():
    layer = keras.layers.Dropout(0.5)
    with pytest.raises(ValueError, match="not built yet"):
        assert layer.output_shape


def test_softmax_layer_normalizes_the_last_axis_and_backpropagates_its_jacobian():
    """Keras's `layers.Softmax()`: y = exp(x) / sum(exp(x)); dx = y * (dy - sum(dy * y))."""
    layer = keras.layers.Softmax()
    x = np.array([[0.0, np.log(3.0)], [1.0, 1.0]], dtype="float32")
    y = layer(x)
    np.testing.assert_allclose(y, [[0.25, 0.75], [0.5, 0.5]], rtol=1e-6)
    dy = np.array([[1.0, 0.0], [2.0, -2.0]], dtype="float32")
    np.testing.assert_allclose(layer.backward(dy), [[0.25 * 0.75, -0.25 * 0.75], [1.0, -1.0]], rtol=1e-6)


def test_softmax_layer_supports_only_the_last_axis():
    with pytest.raises(ValueError, match="axis=1"):
        keras.layers.Softmax(axis=1)


def trained_on_logits():
    model = keras.Sequential([keras.Input(2), keras.layers.Dense(3)])
    model.set_weights([np.array([[1.0, 0.0, -1.0], [0.0, 2.0, 1.0]]), np.array([0.1, 0.2, 0.3])])
    return model


def test_a_model_is_a_layer_of_another_model_with_shared_weights():
    """TensorFlow's basic classification tutorial: `probability_model = Sequential([model, Softmax()])` gives
    softmax(model(x)) and uses `model`'s weights, not copies."""
    model = trained_on_logits()
    probability_model = keras.Sequential([model, keras.layers.Softmax()])
    x = np.array([[1.0, 2.0], [-1.0, 0.5]])
    logits = model.predict(x, verbose=0)
    expected = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(probability_model.predict(x, verbose=0), expected, rtol=1e-6)
    assert probability_model.input_shape == (None, 2) and probability_model.layers[0] is model
    assert probability_model.count_params() == model.count_params() == 9
    model.set_weights([w * 2 for w in model.get_weights()])
    np.testing.assert_allclose(probability_model.get_weights()[0], model.get_weights()[0])


def test_training_an_outer_model_trains_the_inner_models_weights():
    """One SGD step through `Sequential([inner, Dense(1)])` equals the same step on the flat stack of layers."""
    def flat_and_nested():
        inner = keras.Sequential([keras.Input(2), keras.layers.Dense(3, activation="tanh")])
        flat = keras.Sequential([keras.Input(2), keras.layers.Dense(3, activation="tanh"), keras.layers.Dense(1)])
        nested = keras.Sequential([inner, keras.layers.Dense(1)])
        nested.set_weights(flat.get_weights())
        return flat, nested

    flat, nested = flat_and_nested()
    x, y = np.array([[1.0, -2.0], [0.5, 0.3]]), np.array([[1.0], [-1.0]])
    for model in (flat, nested):
        model.compile(loss="mse", optimizer=keras.optimizers.SGD(0.1))
        model.train_on_batch(x, y)
    for ours, theirs in zip(nested.get_weights(), flat.get_weights(), strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-6)


def test_get_layer_finds_a_layer_by_name_or_index():
    model = keras.Sequential([keras.Input(2), keras.layers.Dense(3, name="hidden"), keras.layers.Dense(1)])
    assert model.get_layer("hidden") is model.layers[0]
    assert model.get_layer(index=-1) is model.layers[1]
    with pytest.raises(ValueError, match="No such layer: 'output'"):
        model.get_layer("output")
    with pytest.raises(ValueError, match="index=2"):
        model.get_layer(index=2)
