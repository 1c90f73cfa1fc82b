"""Study exercises `dense_forward` and `dense_backward`, on a 2-in, 2-out Dense with weights set by hand.

    x = [[1, 1],      kernel = [[1, 2],      bias = [0.5, -1]
         [2, 0]]                [3, 4]]
"""
import numpy as np
from exercise_checks import assert_close

import minigrad as keras
from minigrad.activations import elementwise

X = np.array([[1.0, 1.0], [2.0, 0.0]], dtype="float32")
KERNEL = np.array([[1.0, 2.0], [3.0, 4.0]], dtype="float32")
BIAS = np.array([0.5, -1.0], dtype="float32")
DY = np.array([[1.0, 0.0], [0.5, 2.0]], dtype="float32")


def dense(activation=None, use_bias=True):
    layer = keras.layers.Dense(2, activation=activation, use_bias=use_bias)
    layer.build(2)
    layer.set_weights([KERNEL, BIAS] if use_bias else [KERNEL])
    return layer


def test_dense_forward_is_x_at_kernel_plus_bias():
    expected = [[1 * 1 + 1 * 3 + 0.5, 1 * 2 + 1 * 4 - 1], [2 * 1 + 0 * 3 + 0.5, 2 * 2 + 0 * 4 - 1]]
    assert_close(dense().forward(X), expected, "Dense forward x @ kernel + bias")


def test_dense_forward_applies_the_activation_to_z():
    z = np.array([[4.5, 5.0], [2.5, 3.0]])
    assert_close(dense("tanh").forward(X), np.tanh(z), "Dense(activation='tanh') forward tanh(x @ kernel + bias)")


def test_dense_forward_without_bias():
    assert_close(dense(use_bias=False).forward(X), [[4.0, 6.0], [2.0, 4.0]], "Dense(use_bias=False) forward x @ kernel")


def test_dense_backward_kernel_gradient_is_x_transposed_at_dy():
    layer = dense()
    layer.forward(X)
    layer.backward(DY)
    expected = [[1 * 1 + 2 * 0.5, 1 * 0 + 2 * 2], [1 * 1 + 0 * 0.5, 1 * 0 + 0 * 2]]
    assert_close(layer.grads[0], expected, "d_kernel = x.T @ dy (in layer.grads[0])")


def test_dense_backward_bias_gradient_is_dy_summed_over_the_batch():
    layer = dense()
    layer.forward(X)
    layer.backward(DY)
    assert_close(layer.grads[1], [1 + 0.5, 0 + 2], "d_bias = dy.sum(axis=0) (in layer.grads[1])")


def test_dense_backward_input_gradient_is_dy_at_kernel_transposed():
    layer = dense()
    layer.forward(X)
    dx = layer.backward(DY)
    expected = [[1 * 1 + 0 * 2, 1 * 3 + 0 * 4], [0.5 * 1 + 2 * 2, 0.5 * 3 + 2 * 4]]
    assert_close(dx, expected, "dx = dy @ kernel.T (the return value)")


def test_dense_backward_multiplies_dy_by_the_activation_derivative():
    """With y = z ** 2 (dy/dz = 2 z), z = [[4.5, 5], [2.5, 3]] and dL/dy = 1: dz = 2 z, d_kernel = x.T @ dz."""
    layer = dense()
    layer.activation = elementwise("square", lambda z: z * z, lambda z, y: 2 * z)
    layer.forward(X)
    layer.backward(np.ones((2, 2), dtype="float32"))
    expected = [[1 * 9 + 2 * 5, 1 * 10 + 2 * 6], [1 * 9 + 0 * 5, 1 * 10 + 0 * 6]]
    assert_close(layer.grads[0], expected, "d_kernel = x.T @ activation.backward(dy, z, y), here dy * 2 z")
