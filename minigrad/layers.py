"""Layers: `Input` (the model's input shape) and `Dense` (`y = activation(x @ kernel + bias)`)."""
from __future__ import annotations

from typing import Sequence

import numpy as np

from minigrad import activations, backend, initializers
from minigrad._validation import check_positive_int


class Input:
    """The shape of one sample, without the batch axis: `Input(1)` or `Input((1,))`.

    Args:
        shape: an int or a tuple of positive ints. minigrad's Dense takes 1-D samples, so
            `Input(3)` means 3 features.
        name: optional name.

    Example:
    >>> Input(1).shape
    (None, 1)
    """

    def __init__(self, shape: int | Sequence[int], name: str | None = None) -> None:
        dims = (shape,) if isinstance(shape, (int, np.integer)) and not isinstance(shape, bool) else shape
        if not isinstance(dims, (tuple, list)) or len(dims) != 1:
            raise ValueError(
                "`shape` must be an int or a 1-tuple such as (1,): minigrad's Dense layers take "
                f"vectors. Received: shape={shape!r}"
            )
        self.features = check_positive_int("shape", dims[0])
        self.shape = (None, self.features)
        self.name = name or backend.unique_name("input_layer")


class Dense:
    """A fully connected layer: `y = activation(x @ kernel + bias)`.

    The kernel has shape `(input_dim, units)`, as in Keras (PyTorch's nn.Linear stores its
    transpose). `backward` applies the chain rule to the cached input:

        dz = dy * activation_derivative(z, y)     # skipped for the linear activation
        d_kernel = x.T @ dz
        d_bias = dz.sum(axis=0)
        dx = dz @ kernel.T

    Args:
        units: number of outputs, a positive int.
        activation: `None`/`"linear"`, `"relu"`, `"tanh"` or `"sigmoid"`.
        use_bias: whether to add a bias vector.
        kernel_initializer: name or function; default `"glorot_uniform"`.
        bias_initializer: name or function; default `"zeros"`.
        name: defaults to `dense`, `dense_1`, ...

    Example:
    >>> layer = Dense(1, use_bias=False)
    >>> layer.build(1); layer.set_weights([np.array([[2.0]])])
    >>> layer.forward(np.array([[3.0]], dtype="float32"))
    array([[6.]], dtype=float32)
    """

    def __init__(self, units: int, activation: str | None = None, use_bias: bool = True,
                 kernel_initializer: str = "glorot_uniform", bias_initializer: str = "zeros",
                 name: str | None = None) -> None:
        self.units = check_positive_int("units", units)
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.name = name or backend.unique_name("dense")
        self.input_dim: int | None = None
        self.weights: list[np.ndarray] = []
        self.grads: list[np.ndarray] = []

    @property
    def built(self) -> bool:
        return self.input_dim is not None

    def build(self, input_dim: int) -> None:
        """Creates the kernel `(input_dim, units)` and the bias `(units,)` with the initializers."""
        self.input_dim = check_positive_int("input_dim", input_dim)
        dtype = backend.floatx()
        self.kernel = self.kernel_initializer((input_dim, self.units), dtype)
        self.weights = [self.kernel]
        if self.use_bias:
            self.bias = self.bias_initializer((self.units,), dtype)
            self.weights.append(self.bias)
        self.grads = [np.zeros_like(w) for w in self.weights]

    def forward(self, x: np.ndarray) -> np.ndarray:
        """`y = activation(x @ kernel + bias)`; keeps `x`, `z` and `y` for `backward`."""
        # exercise: dense_forward
        self._x = x
        z = x @ self.kernel
        if self.use_bias:
            z += self.bias
        self._z = z
        self._y = self.activation.function(z)
        return self._y
        # end exercise

    def backward(self, dy: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        """Fills `self.grads` with dL/d_kernel and dL/d_bias from `dy` = dL/dy; returns dL/dx.

        The first layer of a model passes `need_input_grad=False`: nothing uses dL/dx there.
        """
        # exercise: dense_backward
        dz = dy if self.activation.derivative is None else dy * self.activation.derivative(self._z, self._y)
        np.matmul(self._x.T, dz, out=self.grads[0])
        if self.use_bias:
            dz.sum(axis=0, out=self.grads[1])
        return dz @ self.kernel.T if need_input_grad else None
        # end exercise

    def get_weights(self) -> list[np.ndarray]:
        """`[kernel (input_dim, units), bias (units,)]` as copies (no bias entry if `use_bias=False`)."""
        return [w.copy() for w in self.weights]

    def set_weights(self, weights: Sequence[np.ndarray]) -> None:
        """Copies `weights` (same count and shapes as `get_weights()`) into the layer, in place."""
        weights = self.check_weights(weights)
        for own, new in zip(self.weights, weights):
            own[...] = new

    def check_weights(self, weights: Sequence[np.ndarray]) -> list[np.ndarray]:
        """`weights` as arrays, after checking their count, shapes and dtype; raises before any change."""
        if not self.built:
            raise ValueError(f"Layer {self.name!r} has no weights until it is built (it needs its input size). "
                             f"Received: {len(list(weights))} arrays")
        weights = list(weights)
        if len(weights) != len(self.weights):
            raise ValueError(
                f"Layer {self.name!r} expects {len(self.weights)} weight arrays "
                f"({'kernel and bias' if self.use_bias else 'kernel only'}). "
                f"Received: {len(weights)} arrays"
            )
        arrays = []
        for name, own, new in zip(("kernel", "bias"), self.weights, weights):
            new = np.asarray(new)
            if new.shape != own.shape:
                raise ValueError(
                    f"Layer {self.name!r} expects its {name} to have shape {own.shape}. "
                    f"Received: an array of shape {new.shape}"
                )
            if not (np.issubdtype(new.dtype, np.floating) or np.issubdtype(new.dtype, np.integer)):
                raise TypeError(f"Layer {self.name!r} expects its {name} to hold real numbers. "
                                f"Received: an array of dtype {new.dtype}")
            arrays.append(new)
        return arrays

    def count_params(self) -> int:
        return sum(w.size for w in self.weights)

    def get_config(self) -> dict:
        return {"name": self.name, "units": self.units, "activation": self.activation.name,
                "use_bias": self.use_bias}
