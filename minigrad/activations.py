"""Activations with their backward passes, side by side.

An activation is applied to a layer's pre-activation `z` and gives `y = f(z)`. Its `backward(dy, z, y)`
turns dL/dy into dL/dz. For the elementwise activations that is `dy * f'(z)`, and each derivative below
uses whichever of `z` and `y` makes it simplest (tanh: `1 - y ** 2`). Softmax mixes a sample's outputs,
so its backward is a Jacobian-vector product over the last axis.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from minigrad._validation import unknown_name

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946
LEAKY_RELU_SLOPE = 0.2


def linear(x: np.ndarray) -> np.ndarray:
    """`y = x` (Dense's default, `activation=None`)."""
    return x


def relu(x: np.ndarray) -> np.ndarray:
    """`y = max(x, 0)`."""
    return np.maximum(x, 0)


def relu_derivative(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The derivative of relu, 0 at x = 0 as TensorFlow's; returns dy/dx, an array shaped as `x`:

        dy/dx = 1 if x > 0 else 0
    """
    # exercise: relu_derivative
    return (x > 0).astype(x.dtype)
    # end exercise


def tanh(x: np.ndarray) -> np.ndarray:
    """`y = tanh(x)`."""
    return np.tanh(x)


def tanh_derivative(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The derivative of tanh, from its output `y = tanh(x)`; returns dy/dx, an array shaped as `x`:

        dy/dx = 1 - y ** 2
    """
    # exercise: tanh_derivative
    return 1 - y * y
    # end exercise


def sigmoid(x: np.ndarray) -> np.ndarray:
    """`y = 1 / (1 + exp(-x))`."""
    return 1 / (1 + np.exp(-x))


def sigmoid_derivative(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The derivative of the sigmoid, from its output `y = sigmoid(x)`; returns dy/dx, an array shaped as `x`:

        dy/dx = y * (1 - y)
    """
    # exercise: sigmoid_derivative
    return y * (1 - y)
    # end exercise


def elu(x: np.ndarray) -> np.ndarray:
    """`y = x if x > 0 else exp(x) - 1` (Keras's alpha = 1)."""
    return np.where(x > 0, x, np.expm1(np.minimum(x, 0)))


def elu_derivative(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """`dy/dx = 1 if x > 0 else y + 1`."""
    return np.where(x > 0, 1, y + 1).astype(x.dtype)


def selu(x: np.ndarray) -> np.ndarray:
    """`y = scale * (x if x > 0 else alpha * (exp(x) - 1))`, Klambauer et al.'s self-normalising constants."""
    return SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * np.expm1(np.minimum(x, 0)))


def selu_derivative(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """`dy/dx = scale if x > 0 else y + scale * alpha`."""
    return np.where(x > 0, SELU_SCALE, y + SELU_SCALE * SELU_ALPHA).astype(x.dtype)


def leaky_relu(x: np.ndarray) -> np.ndarray:
    """`y = x if x > 0 else 0.2 * x` (Keras 3's default negative slope)."""
    return np.where(x > 0, x, LEAKY_RELU_SLOPE * x)


def leaky_relu_derivative(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """`dy/dx = 1 if x > 0 else 0.2`."""
    return np.where(x > 0, 1, LEAKY_RELU_SLOPE).astype(x.dtype)


def softplus(x: np.ndarray) -> np.ndarray:
    """`y = log(1 + exp(x))`, computed without overflow."""
    return np.logaddexp(0, x)


def softplus_derivative(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """`dy/dx = sigmoid(x)`."""
    return sigmoid(x)


def swish(x: np.ndarray) -> np.ndarray:
    """`y = x * sigmoid(x)` (also called silu)."""
    return x * sigmoid(x)


def swish_derivative(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """`dy/dx = s + y * (1 - s)` with `s = sigmoid(x)`."""
    s = sigmoid(x)
    return s + y * (1 - s)


_erf = np.vectorize(math.erf, otypes=[float])


def gelu(x: np.ndarray) -> np.ndarray:
    """`y = x * Phi(x) = 0.5 * x * (1 + erf(x / sqrt(2)))`, the exact form (Keras 3's `approximate=False`)."""
    return (0.5 * x * (1 + _erf(x / math.sqrt(2)))).astype(x.dtype)


def gelu_derivative(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """`dy/dx = Phi(x) + x * phi(x)`, with the standard normal's distribution `Phi` and density `phi`."""
    cdf = 0.5 * (1 + _erf(x / math.sqrt(2)))
    return (cdf + x * np.exp(-0.5 * x * x) / math.sqrt(2 * math.pi)).astype(x.dtype)


def softmax(x: np.ndarray) -> np.ndarray:
    """`y_i = exp(x_i) / sum_j exp(x_j)` over the last axis (shifted by the maximum, which changes nothing)."""
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def softmax_backward(dy: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """`dL/dx = y * (dy - sum(dy * y))` over the last axis: the softmax Jacobian times `dy`."""
    return y * (dy - (dy * y).sum(axis=-1, keepdims=True))


class Activation(NamedTuple):
    """An activation: its name, `function(z)` and `backward(dy, z, y)`, which returns dL/dz.

    Calling it applies `function`, as a Keras layer's `activation` is called: `layer.activation(z)`.

    Example:
    >>> get("relu")(np.array([-1.0, 2.0]))
    array([0., 2.])
    """

    name: str
    function: Callable[[np.ndarray], np.ndarray]
    backward: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]

    def __call__(self, z: np.ndarray) -> np.ndarray:
        """`y = function(z)`."""
        return self.function(z)


def elementwise(name: str, function: Callable, derivative: Callable) -> Activation:
    """The activation whose backward is `dy * derivative(z, y)`."""
    return Activation(name, function, lambda dy, z, y: dy * derivative(z, y))


_ACTIVATIONS = {
    "linear": Activation("linear", linear, lambda dy, z, y: dy),
    "relu": elementwise("relu", relu, relu_derivative),
    "tanh": elementwise("tanh", tanh, tanh_derivative),
    "sigmoid": elementwise("sigmoid", sigmoid, sigmoid_derivative),
    "elu": elementwise("elu", elu, elu_derivative),
    "selu": elementwise("selu", selu, selu_derivative),
    "leaky_relu": elementwise("leaky_relu", leaky_relu, leaky_relu_derivative),
    "softplus": elementwise("softplus", softplus, softplus_derivative),
    "swish": elementwise("swish", swish, swish_derivative),
    "silu": elementwise("silu", swish, swish_derivative),
    "gelu": elementwise("gelu", gelu, gelu_derivative),
    "softmax": Activation("softmax", softmax, softmax_backward),
}


def get(identifier: str | None) -> Activation:
    """Returns the activation named `identifier`; `None` means `"linear"`.

    Example:
    >>> get("tanh").backward(np.ones(1), np.zeros(1), np.zeros(1))  # dy * (1 - tanh(0) ** 2)
    array([1.])
    """
    if identifier is None:
        return _ACTIVATIONS["linear"]
    if isinstance(identifier, str) and identifier in _ACTIVATIONS:
        return _ACTIVATIONS[identifier]
    raise unknown_name("activation", identifier, _ACTIVATIONS)
