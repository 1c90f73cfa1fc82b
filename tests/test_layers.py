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
