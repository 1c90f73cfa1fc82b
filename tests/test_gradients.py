"""Finite-difference checks (float64) of every hand-written backward rule: Dense, activations, losses."""
import numpy as np
import pytest

import minigrad as keras
from minigrad import activations, backend, losses
from minigrad.utils import numerical_gradient


@pytest.fixture(autouse=True)
def float64():
    backend.set_floatx("float64")


def _loss_of_model(model, loss, x, y):
    return lambda: float(loss(y, model._forward(x)))


def _analytic_grads(model, loss, x, y):
    _, grad = loss.value_and_gradient(y, model._forward(x))
    model._backward(grad)
    return [g.copy() for g in model._gradients]


@pytest.mark.parametrize("use_bias", [True, False])
@pytest.mark.parametrize("activation", ["linear", "relu", "tanh", "sigmoid"])
def test_dense_kernel_and_bias_gradients_match_finite_differences(activation, use_bias):
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    model = keras.Sequential([keras.Input(3), keras.layers.Dense(2, activation=activation, use_bias=use_bias)])
    loss = losses.MeanSquaredError()
    analytic = _analytic_grads(model, loss, x, y)
    for weight, grad in zip(model._variables, analytic):
        numeric = numerical_gradient(_loss_of_model(model, loss, x, y), weight)
        np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-9)


def test_dense_input_gradient_matches_finite_differences():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(4, 3))
    layer = keras.layers.Dense(2, activation="tanh")
    layer.build(3)
    numeric = numerical_gradient(lambda: float(layer.forward(x).sum()), x)
    layer.forward(x)
    dx = layer.backward(np.ones((4, 2)))  # dL/dy = 1 for L = sum(y)
    np.testing.assert_allclose(dx, numeric, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("name", ["relu", "tanh", "sigmoid"])
def test_activation_derivative_matches_finite_differences(name):
    activation = activations.get(name)
    x = np.array([-2.0, -0.3, 0.4, 1.7])
    analytic = activation.derivative(x, activation.function(x))
    for i in range(len(x)):
        numeric = numerical_gradient(lambda: float(activation.function(x)[i]), x)[i]
        assert analytic[i] == pytest.approx(numeric, rel=1e-6)


@pytest.mark.parametrize("loss", [losses.MeanAbsoluteError(), losses.MeanSquaredError(), losses.Huber(delta=1.0)],
                         ids=["mae", "mse", "huber"])
def test_loss_gradient_matches_finite_differences(loss):
    rng = np.random.default_rng(3)
    y_true = rng.normal(size=(6, 2))
    y_pred = y_true + rng.uniform(0.1, 2.0, size=(6, 2)) * rng.choice([-1, 1], size=(6, 2))  # away from kinks
    _, analytic = loss.value_and_gradient(y_true, y_pred)
    numeric = numerical_gradient(lambda: loss(y_true, y_pred), y_pred)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-9)


def test_two_layer_model_gradients_match_finite_differences():
    rng = np.random.default_rng(4)
    x, y = rng.normal(size=(8, 3)), rng.normal(size=(8, 1))
    model = keras.Sequential([keras.Input(3), keras.layers.Dense(4, activation="tanh"), keras.layers.Dense(1)])
    loss = losses.MeanSquaredError()
    analytic = _analytic_grads(model, loss, x, y)
    for weight, grad in zip(model._variables, analytic):
        numeric = numerical_gradient(_loss_of_model(model, loss, x, y), weight)
        np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-9)
