"""Study exercises `dense_forward` and `dense_backward`, on a 2-in, 2-out Dense with weights set by hand, with and
without its bias, alone and under a second Dense (2 in, 1 out):

    x = [[1, 1],      kernel = [[1, 2],      bias = [0.5, -1]      kernel_2 = [[1],      bias_2 = [-1]
         [2, 0]]                [3, 4]]                                         [2]]
"""
import numpy as np
from exercise_checks import HalfSquaredError, assert_close, assert_gradients

import minigrad as keras
from minigrad.activations import elementwise

X = np.array([[1.0, 1.0], [2.0, 0.0]], dtype="float32")
KERNEL = np.array([[1.0, 2.0], [3.0, 4.0]], dtype="float32")
BIAS = np.array([0.5, -1.0], dtype="float32")
DY = np.array([[1.0, 0.0], [0.5, 2.0]], dtype="float32")
KERNEL_2 = np.array([[1.0], [2.0]], dtype="float32")
BIAS_2 = np.array([-1.0], dtype="float32")
Y = np.array([[13.0], [9.0]], dtype="float32")


def dense(activation=None, use_bias=True):
    layer = keras.layers.Dense(2, activation=activation, use_bias=use_bias)
    layer.build(2)
    layer.set_weights([KERNEL, BIAS] if use_bias else [KERNEL])
    return layer


def two_layers(use_bias):
    """Dense(2) then Dense(1), linear, both with or both without a bias, compiled with the half squared error."""
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(2, use_bias=use_bias),
                              keras.layers.Dense(1, use_bias=use_bias)])
    model.set_weights([KERNEL, BIAS, KERNEL_2, BIAS_2] if use_bias else [KERNEL, KERNEL_2])
    model.compile(optimizer="sgd", loss=HalfSquaredError())
    return model


def test_dense_forward_is_x_at_kernel_plus_bias():
    expected = [[1 * 1 + 1 * 3 + 0.5, 1 * 2 + 1 * 4 - 1], [2 * 1 + 0 * 3 + 0.5, 2 * 2 + 0 * 4 - 1]]
    assert_close(dense().forward(X), expected, "Dense forward x @ kernel + bias")


def test_dense_forward_applies_the_activation_to_z():
    z = np.array([[4.5, 5.0], [2.5, 3.0]])
    assert_close(dense("tanh").forward(X), np.tanh(z), "Dense(activation='tanh') forward tanh(x @ kernel + bias)")


def test_dense_forward_without_bias():
    assert_close(dense(use_bias=False).forward(X), [[4.0, 6.0], [2.0, 4.0]], "Dense(use_bias=False) forward x @ kernel")


def test_dense_forward_keeps_x_z_and_y_for_the_backward_pass():
    """With tanh: z = x @ kernel + bias = [[4.5, 5], [2.5, 3]] and y = tanh(z), kept as layer.x, layer.z, layer.y."""
    layer = dense("tanh")
    y = layer.forward(X)
    assert_close(layer.x, X, "layer.x after forward (the input)")
    assert_close(layer.z, [[4.5, 5.0], [2.5, 3.0]], "layer.z after forward (x @ kernel + bias, before the activation)")
    assert_close(layer.y, y, "layer.y after forward (the returned output)")


def test_dense_forward_through_two_layers_with_and_without_bias():
    """With biases: h = [[4.5, 5], [2.5, 3]], y = h @ [[1], [2]] - 1 = [[13.5], [7.5]].
    Without: h = [[4, 6], [2, 4]], y = h @ [[1], [2]] = [[16], [10]]."""
    assert_close(two_layers(use_bias=True).predict_on_batch(X), [[13.5], [7.5]], "Dense(2) then Dense(1), with biases")
    assert_close(two_layers(use_bias=False).predict_on_batch(X), [[16.0], [10.0]],
                 "Dense(2, use_bias=False) then Dense(1, use_bias=False)")


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


def test_dense_backward_without_bias_gives_the_kernel_gradient_only():
    """use_bias=False: the layer has one weight, so layer.grads is [x.T @ dy]; dx = dy @ kernel.T as before."""
    layer = dense(use_bias=False)
    layer.forward(X)
    dx = layer.backward(DY)
    assert_gradients(layer.grads, [[[2.0, 4.0], [1.0, 0.0]]], ["d_kernel"], "Dense(use_bias=False).backward")
    assert_close(dx, [[1.0, 3.0], [4.5, 9.5]], "Dense(use_bias=False).backward: dx = dy @ kernel.T")


def test_dense_backward_returns_none_when_the_input_gradient_is_not_needed():
    """The first layer of a model is called with need_input_grad=False: nothing lies below it."""
    layer = dense()
    layer.forward(X)
    assert layer.backward(DY, need_input_grad=False) is None, "backward(dy, need_input_grad=False) must return None"


def test_dense_backward_through_two_layers_gives_one_gradient_per_weight():
    """Half squared error over n = 2 samples, y = [[13], [9]]: dL/dy_pred = (y_pred - y) / 2.
    With biases: dy = [[0.25], [-0.75]], h = [[4.5, 5], [2.5, 3]]: d_kernel_2 = h.T @ dy = [[-0.75], [-1]],
    d_bias_2 = [-0.5]; dh = dy @ kernel_2.T = [[0.25, 0.5], [-0.75, -1.5]]: d_kernel_1 = x.T @ dh =
    [[-1.25, -2.5], [0.25, 0.5]], d_bias_1 = [-0.5, -1].
    Without: dy = [[1.5], [0.5]], h = [[4, 6], [2, 4]]: d_kernel_2 = [[7], [11]]; dh = [[1.5, 3], [0.5, 1]]:
    d_kernel_1 = [[2.5, 5], [1.5, 3]]."""
    _, grads = two_layers(use_bias=True).compute_gradients(X, Y)
    assert_gradients(grads, [[[-1.25, -2.5], [0.25, 0.5]], [-0.5, -1.0], [[-0.75], [-1.0]], [-0.5]],
                     ["d_kernel_1", "d_bias_1", "d_kernel_2", "d_bias_2"], "Dense(2) then Dense(1), with biases")
    _, grads = two_layers(use_bias=False).compute_gradients(X, Y)
    assert_gradients(grads, [[[2.5, 5.0], [1.5, 3.0]], [[7.0], [11.0]]], ["d_kernel_1", "d_kernel_2"],
                     "Dense(2, use_bias=False) then Dense(1, use_bias=False)")


def test_a_layers_activation_is_callable_as_in_keras():
    """`layer.activation(z)` applies the activation, as Keras's `Dense.activation` does."""
    z = np.array([[4.5, -5.0]], dtype="float32")
    assert_close(dense("relu").activation(z), [[4.5, 0.0]], "Dense(activation='relu').activation(z)")
