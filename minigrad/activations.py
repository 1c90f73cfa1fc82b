"""Activations and their derivatives, side by side.

Each derivative takes the activation's input `x` and output `y` and returns dy/dx
elementwise, using whichever of the two makes it simplest (tanh: `1 - y**2`).
"""
from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np

from minigrad._validation import unknown_name


def linear(x: np.ndarray) -> np.ndarray:
    """`y = x` (Dense's default, `activation=None`)."""
    return x


def relu(x: np.ndarray) -> np.ndarray:
    """`y = max(x, 0)`."""
    return np.maximum(x, 0)


def relu_derivative(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """`dy/dx = 1 if x > 0 else 0` (0 at x = 0, as TensorFlow)."""
    # exercise: relu_derivative
    return (x > 0).astype(x.dtype)
    # end exercise


def tanh(x: np.ndarray) -> np.ndarray:
    """`y = tanh(x)`."""
    return np.tanh(x)


def tanh_derivative(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """`dy/dx = 1 - y**2`."""
    # exercise: tanh_derivative
    return 1 - y * y
    # end exercise


def sigmoid(x: np.ndarray) -> np.ndarray:
    """`y = 1 / (1 + exp(-x))`."""
    return 1 / (1 + np.exp(-x))


def sigmoid_derivative(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """`dy/dx = y * (1 - y)`."""
    # exercise: sigmoid_derivative
    return y * (1 - y)
    # end exercise


class Activation(NamedTuple):
    """An activation function and its derivative (None for `linear`, whose derivative is 1)."""

    name: str
    function: Callable[[np.ndarray], np.ndarray]
    derivative: Callable[[np.ndarray, np.ndarray], np.ndarray] | None


_ACTIVATIONS = {
    "linear": Activation("linear", linear, None),
    "relu": Activation("relu", relu, relu_derivative),
    "tanh": Activation("tanh", tanh, tanh_derivative),
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_derivative),
}


def get(identifier: str | None) -> Activation:
    """Returns the activation named `identifier`; `None` means `"linear"`.

    Example:
    >>> get("tanh").derivative(np.zeros(1), np.zeros(1))
    array([1.])
    """
    if identifier is None:
        return _ACTIVATIONS["linear"]
    if isinstance(identifier, str) and identifier in _ACTIVATIONS:
        return _ACTIVATIONS[identifier]
    raise unknown_name("activation", identifier, _ACTIVATIONS)
