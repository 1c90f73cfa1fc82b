"""Finite-difference checks (float64) of every hand-written backward rule: Dense, activations, losses."""
import numpy as np
import pytest

import minigrad as keras
from minigrad import activations, backend, losses
from minigrad.utils import numerical_gradient


@pytest.fixture(autouse=True)
def float64():
    backend.set_floatx("float64")


def compiled(layers, loss):
    model = keras.Sequential(layers)
    model.compile(optimizer="sgd", loss=loss)
    return model


def assert_model_gradients_match_finite_differences(model, x, y):
    _, analytic = model.compute_gradients(x, y)
    for weight, grad in zip(model.trainable_variables, analytic, strict=True):
        numeric = numerical_gradient(lambda: float(model.loss(y, model.predict_on_batch(x))), weight)
        np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("use_bias", [True, False])
@pytest.mark.parametrize("activation", ["linear", "relu", "tanh", "sigmoid"])
def test_dense_kernel_and_bias_gradients_match_finite_differences(activation, use_bias):
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    model = compiled([keras.Input(3), keras.layers.Dense(2, activation=activation, use_bias=use_bias)], "mse")
    assert_model_gradients_match_finite_differences(model, x, y)


def test_dense_input_gradient_matches_finite_differences():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(4, 3))
    layer = keras.layers.Dense(2, activation="tanh")
    layer.build(3)
    numeric = numerical_gradient(lambda: float(layer.forward(x).sum()), x)
    layer.forward(x)
    dx = layer.backward(np.ones((4, 2)))  # dL/dy = 1 for L = sum(y)
    np.testing.assert_allclose(dx, numeric, rtol=1e-6, atol=1e-9)


ACTIVATIONS = ["relu", "tanh", "sigmoid", "elu", "selu", "leaky_relu", "softplus", "swish", "silu", "gelu", "softmax"]


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_activation_backward_is_the_vector_jacobian_product_of_finite_differences(name):
    """backward(dy, x, y) = dL/dx for L = sum(dy * f(x)), away from the kinks at 0."""
    activation = activations.get(name)
    rng = np.random.default_rng(5)
    x = np.array([[-2.0, -0.3, 0.4, 1.7], [0.9, -1.1, 2.5, -0.05]])
    dy = rng.normal(size=x.shape)
    analytic = activation.backward(dy, x, activation.function(x))
    numeric = numerical_gradient(lambda: float((dy * activation.function(x)).sum()), x)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-9)


LOSSES = [losses.MeanAbsoluteError(), losses.MeanSquaredError(), losses.Huber(delta=1.0),
          losses.CategoricalCrossentropy(), losses.CategoricalCrossentropy(from_logits=True),
          losses.CategoricalCrossentropy(label_smoothing=0.2), losses.BinaryCrossentropy(),
          losses.BinaryCrossentropy(from_logits=True)]


@pytest.mark.parametrize("loss", LOSSES, ids=["mae", "mse", "huber", "cce", "cce_logits", "cce_smoothing",
                                              "bce", "bce_logits"])
def test_loss_gradient_matches_finite_differences(loss):
    rng = np.random.default_rng(3)
    if isinstance(loss, losses.ErrorLoss):
        y_true = rng.normal(size=(6, 2))
        y_pred = y_true + rng.uniform(0.1, 2.0, size=(6, 2)) * rng.choice([-1, 1], size=(6, 2))  # away from kinks
    else:
        y_true = np.eye(2)[rng.integers(0, 2, size=6)]
        y_pred = rng.uniform(0.1, 0.9, size=(6, 2))
    _, analytic = loss.value_and_gradient(y_true, y_pred)
    numeric = numerical_gradient(lambda: loss(y_true, y_pred), y_pred)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-9)


def test_sparse_categorical_crossentropy_gradient_matches_finite_differences():
    y_pred = np.random.default_rng(6).uniform(0.1, 0.9, size=(5, 3))
    labels = np.array([0, 2, 1, 1, 0])
    loss = losses.SparseCategoricalCrossentropy()
    _, analytic = loss.value_and_gradient(labels, y_pred)
    numeric = numerical_gradient(lambda: loss(labels, y_pred), y_pred)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-9)


def test_two_layer_model_gradients_match_finite_differences():
    rng = np.random.default_rng(4)
    x, y = rng.normal(size=(8, 3)), rng.normal(size=(8, 1))
    model = compiled([keras.Input(3), keras.layers.Dense(4, activation="tanh"), keras.layers.Dense(1)], "mse")
    assert_model_gradients_match_finite_differences(model, x, y)


def test_classifier_gradients_through_softmax_and_crossentropy_match_finite_differences():
    rng = np.random.default_rng(7)
    x, labels = rng.normal(size=(8, 4)), rng.integers(0, 3, size=8)
    model = compiled([keras.Input(4), keras.layers.Dense(5, activation="relu"),
                      keras.layers.Dense(3, activation="softmax")], "sparse_categorical_crossentropy")
    assert_model_gradients_match_finite_differences(model, x, labels)


def test_flatten_passes_gradients_back_in_the_input_shape():
    rng = np.random.default_rng(8)
    x, y = rng.normal(size=(4, 2, 3)), rng.normal(size=(4, 1))
    model = compiled([keras.Input((2, 3)), keras.layers.Flatten(), keras.layers.Dense(1)], "mse")
    assert_model_gradients_match_finite_differences(model, x, y)
