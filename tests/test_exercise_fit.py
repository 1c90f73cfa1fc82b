"""Study exercise `fit_step`: the training step, `Sequential.train_step`, which `fit` calls for every batch
(and `train_on_batch` after checking its batch).

The layer, loss and optimizer here are written out in the test (a bias-free linear layer, the squared
error, plain SGD), so this exercise can be done before the Dense, loss and optimizer exercises.
"""
import numpy as np
from exercise_checks import assert_close

import minigrad as keras
from minigrad.layers import Dense
from minigrad.losses import ErrorLoss
from minigrad.optimizers import Optimizer


class Linear(Dense):
    """`y = x @ kernel`, and its backward pass `d_kernel = x.T @ dy`, `dx = dy @ kernel.T`."""

    def __init__(self, units):
        super().__init__(units, use_bias=False)

    def forward(self, x):
        self.x = x
        return x @ self.kernel

    def backward(self, dy, need_input_grad=True):
        self.grads = [self.x.T @ dy]
        return dy @ self.kernel.T


class SquaredError(ErrorLoss):
    def elementwise(self, e):
        return e * e

    def derivative(self, e):
        return 2 * e


class PlainSGD(Optimizer):
    def update_step(self, gradient, variable, learning_rate, slots):
        variable -= learning_rate * gradient


def model_with(kernels, lr):
    model = keras.Sequential([keras.Input(1)] + [Linear(1) for _ in kernels])
    model.set_weights([np.array([[k]]) for k in kernels])
    model.compile(optimizer=PlainSGD(lr), loss=SquaredError())
    return model


def test_fit_step_one_sample_one_layer():
    """W = 2, x = y = 3: y_pred = 6, e = 3, loss = 9, dL/dy_pred = 2 * 3, dW = 3 * 6 = 18, W = 2 - 0.01 * 18."""
    model = model_with([2.0], lr=0.01)
    history = model.fit(np.array([3.0]), np.array([3.0]), epochs=1, verbose=0)
    assert_close(model.get_weights()[0], [[2 - 0.01 * 18]], "W after one step")
    assert_close(history.history["loss"], [9.0], "the epoch's loss, computed before the update")


def test_fit_step_backpropagates_through_two_layers_last_first():
    """W1 = 2, W2 = 3, x = 1, y = 0: h = 2, y_pred = 6, dL/dy_pred = 2 * 6 = 12,
    dW2 = h * 12 = 24, dL/dh = 12 * W2 = 36, dW1 = x * 36 = 36; lr = 0.01."""
    model = model_with([2.0, 3.0], lr=0.01)
    model.fit(np.array([1.0]), np.array([0.0]), epochs=1, verbose=0)
    assert_close([w[0, 0] for w in model.get_weights()], [2 - 0.01 * 36, 3 - 0.01 * 24], "[W1, W2] after one step")


def test_fit_step_updates_after_every_batch():
    """x = [1, 2], y = [0, 0], W = 1, batch_size = 1, lr = 0.1, no shuffling.
    Batch 1: y_pred = 1, loss 1, dW = 1 * 2 * 1 = 2, W = 0.8.  Batch 2: y_pred = 1.6, loss 2.56,
    dW = 2 * 2 * 1.6 = 6.4, W = 0.8 - 0.64. The epoch's loss is (1 + 2.56) / 2."""
    model = model_with([1.0], lr=0.1)
    history = model.fit(np.array([1.0, 2.0]), np.array([0.0, 0.0]), batch_size=1, shuffle=False, verbose=0)
    assert_close(model.get_weights()[0], [[0.8 - 0.64]], "W after two batches of one sample")
    assert_close(history.history["loss"], [(1 + 2.56) / 2], "the epoch's loss, mean of the batch losses")
