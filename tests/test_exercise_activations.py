"""Study exercises `relu_derivative`, `tanh_derivative`, `sigmoid_derivative`: dy/dx from x and y = f(x)."""
import numpy as np
from exercise_checks import assert_close

from minigrad import activations

X = np.array([-2.0, 0.0, 0.5, 3.0], dtype="float32")


def test_relu_derivative_is_one_for_positive_x_else_zero():
    assert_close(activations.relu_derivative(X, np.maximum(X, 0)), [0.0, 0.0, 1.0, 1.0],
                 "relu'(x) for x = [-2, 0, 0.5, 3] (0 at x = 0)")


def test_tanh_derivative_is_one_minus_y_squared():
    y = np.tanh(X)
    assert_close(activations.tanh_derivative(X, y), 1 - y**2, "tanh'(x) = 1 - y ** 2 for x = [-2, 0, 0.5, 3]")


def test_sigmoid_derivative_is_y_times_one_minus_y():
    y = 1 / (1 + np.exp(-X))
    assert_close(activations.sigmoid_derivative(X, y), y * (1 - y), "sigmoid'(x) = y * (1 - y) for x = [-2, 0, 0.5, 3]")
