"""Layers: `Input` (the shape of one sample), `Flatten` and `Dense` (`y = activation(x @ kernel + bias)`).

A layer owns its weights and their gradients. `forward(x)` keeps what `backward` needs;
`backward(dy)` takes dL/d(output), sets `self.grads` (dL/d each weight, in `weights` order)
and returns dL/d(input) for the layer below. The first layer's input is the data, whose gradient
nobody uses: the model passes `need_input_grad=False` there, which saves one matrix product per
batch (a quarter of an MLP's time on 784 inputs, see benchmarks/mlp.py).
"""
from __future__ import annotations

import math
from typing import Any, Sequence

import numpy as np

from minigrad import activations, backend, initializers
from minigrad._validation import check_positive_int


def sample_shape(shape: Any, name: str = "shape") -> tuple[int, ...]:
    """The shape of one sample as a tuple of positive ints: `3` or `[28, 28]` or `(None, 3)` (batch axis dropped)."""
    dims = (shape,) if isinstance(shape, (int, np.integer)) and not isinstance(shape, bool) else shape
    if isinstance(dims, (tuple, list)) and len(dims) > 1 and dims[0] is None:
        dims = dims[1:]
    if not isinstance(dims, (tuple, list)) or not dims or not all(
            isinstance(d, (int, np.integer)) and not isinstance(d, bool) and d > 0 for d in dims):
        raise ValueError(f"`{name}` must be a positive int or a tuple of positive ints such as (1,) or (28, 28). "
                         f"Received: {name}={shape!r}")
    return tuple(int(d) for d in dims)


class Input:
    """The shape of one sample, without the batch axis: `Input(1)`, `Input((1,))` or `Input(shape=(28, 28))`.

    Args:
        shape: an int or a tuple of positive ints.
        name: optional name.

    Example:
    >>> Input(shape=(28, 28)).shape
    (None, 28, 28)
    """

    def __init__(self, shape: int | Sequence[int], name: str | None = None) -> None:
        self.sample_shape = sample_shape(shape)
        self.shape = (None, *self.sample_shape)
        self.name = name or backend.unique_name("input_layer")


class Layer:
    """What every layer shares: a name, an input shape once built, weights and their gradients.

    Keras 2 lets the first layer give the model's input shape: `Dense(50, input_dim=2)`,
    `Flatten(input_shape=[28, 28])`; both are accepted here.
    """

    weight_names: tuple[str, ...] = ()

    def __init__(self, name: str | None = None, input_shape: Sequence[int] | None = None,
                 input_dim: int | None = None) -> None:
        self.name = name or backend.unique_name(_snake_case(type(self).__name__))
        self.declared_input_shape = (sample_shape(input_shape, "input_shape") if input_shape is not None
                                     else sample_shape(input_dim, "input_dim") if input_dim is not None else None)
        self.input_shape: tuple[int, ...] | None = None
        self.weights: list[np.ndarray] = []
        self.grads: list[np.ndarray] = []

    @property
    def built(self) -> bool:
        return self.input_shape is not None

    def build(self, input_shape: int | Sequence[int]) -> None:
        """Fixes the shape of one input sample (and creates the weights, if the layer has any)."""
        self.input_shape = sample_shape(input_shape, "input_shape")

    def get_weights(self) -> list[np.ndarray]:
        """The weights as copies, in order (Dense: `[kernel, bias]`)."""
        return [w.copy() for w in self.weights]

    def check_weights(self, weights: Sequence[np.ndarray]) -> list[np.ndarray]:
        """`weights` as arrays, after checking their count, shapes and dtype; raises before any change."""
        weights = list(weights)
        if not self.built:
            raise ValueError(f"Layer {self.name!r} has no weights until it is built (it needs its input shape). "
                             f"Received: {len(weights)} arrays")
        if len(weights) != len(self.weights):
            raise ValueError(f"Layer {self.name!r} expects {len(self.weights)} weight arrays. "
                             f"Received: {len(weights)} arrays")
        arrays = []
        for name, own, new in zip(self.weight_names, self.weights, weights):
            new = np.asarray(new)
            if new.shape != own.shape:
                raise ValueError(f"Layer {self.name!r} expects its {name} to have shape {own.shape}. "
                                 f"Received: an array of shape {new.shape}")
            if not (np.issubdtype(new.dtype, np.floating) or np.issubdtype(new.dtype, np.integer)):
                raise TypeError(f"Layer {self.name!r} expects its {name} to hold real numbers. "
                                f"Received: an array of dtype {new.dtype}")
            arrays.append(new)
        return arrays

    def set_weights(self, weights: Sequence[np.ndarray]) -> None:
        """Copies `weights` (same count and shapes as `get_weights()`) into the layer, in place."""
        for own, new in zip(self.weights, self.check_weights(weights)):
            own[...] = new

    def count_params(self) -> int:
        return sum(w.size for w in self.weights)

    def get_config(self) -> dict:
        return {"name": self.name}


class Flatten(Layer):
    """Reshapes each sample into a vector: `(n, 28, 28)` becomes `(n, 784)`; no weights.

    Example:
    >>> Flatten(input_shape=(2, 3)).forward(np.zeros((5, 2, 3))).shape
    (5, 6)
    """

    @property
    def output_shape(self) -> tuple[int, ...]:
        return (math.prod(self.input_shape),)

    def forward(self, x: np.ndarray) -> np.ndarray:
        return x.reshape(len(x), -1)

    def backward(self, dy: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        return dy.reshape(len(dy), *self.input_shape) if need_input_grad else None


class Dense(Layer):
    """A fully connected layer: `y = activation(x @ kernel + bias)`.

    The kernel has shape `(input_dim, units)`, as in Keras (PyTorch's nn.Linear stores its
    transpose). `backward` applies the chain rule to what `forward` kept (each states its formula).

    Args:
        units: number of outputs, a positive int.
        activation: `None`/`"linear"`, `"relu"`, `"tanh"`, `"sigmoid"`, `"softmax"`, ... (see `activations`).
        use_bias: whether to add a bias vector.
        kernel_initializer: name or initializer; default `"glorot_uniform"`.
        bias_initializer: name or initializer; default `"zeros"`.
        name: defaults to `dense`, `dense_1`, ...
        input_dim, input_shape: Keras 2's way for the first layer to give the input size.

    Example:
    >>> layer = Dense(1, use_bias=False)
    >>> layer.build(1); layer.set_weights([np.array([[2.0]])])
    >>> layer.forward(np.array([[3.0]], dtype="float32"))
    array([[6.]], dtype=float32)
    """

    weight_names = ("kernel", "bias")

    def __init__(self, units: int, activation: str | None = None, use_bias: bool = True,
                 kernel_initializer: Any = "glorot_uniform", bias_initializer: Any = "zeros",
                 name: str | None = None, input_dim: int | None = None,
                 input_shape: Sequence[int] | None = None) -> None:
        super().__init__(name, input_shape, input_dim)
        self.units = check_positive_int("units", units)
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)

    @property
    def output_shape(self) -> tuple[int, ...]:
        return (self.units,)

    def build(self, input_shape: int | Sequence[int]) -> None:
        """Creates the kernel `(input_dim, units)` and the bias `(units,)` with the initializers."""
        super().build(input_shape)
        if len(self.input_shape) != 1:
            self.input_shape = None
            raise ValueError(f"Dense takes vectors; put a Flatten() before it for samples of shape "
                             f"{tuple(sample_shape(input_shape, 'input_shape'))}. "
                             f"Received: input_shape={input_shape!r}")
        dtype = backend.floatx()
        self.kernel = self.kernel_initializer((self.input_shape[0], self.units), dtype)
        self.weights = [self.kernel]
        if self.use_bias:
            self.bias = self.bias_initializer((self.units,), dtype)
            self.weights.append(self.bias)
        self.grads = [np.zeros_like(w) for w in self.weights]

    def forward(self, x: np.ndarray) -> np.ndarray:
        """The forward pass: returns `y`, and keeps `x`, `z` and `y` for `backward`:

            z = x @ kernel + bias if use_bias else x @ kernel
            y = activation(z)                   # the Activation object is callable, as Keras's
            self.x, self.z, self.y = x, z, y
        """
        # exercise: dense_forward
        self.x = x
        self.z = x @ self.kernel
        if self.use_bias:
            self.z = self.z + self.bias
        self.y = self.activation.function(self.z)
        return self.y
        # end exercise

    def backward(self, dy: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        """The backward pass: from `dy` = dL/dy, sets `self.grads` (one gradient per weight, in the order of
        `self.weights`) and returns dL/dx for the layer below, or None when `need_input_grad` is False:

            dz = activation.backward(dy, z, y)          # dy * activation'(z); dy itself for the linear activation
            self.grads = [x.T @ dz, dz.sum(axis=0)] if use_bias else [x.T @ dz]     # [d_kernel(, d_bias)]
            return dz @ kernel.T if need_input_grad else None
        """
        # exercise: dense_backward
        dz = self.activation.backward(dy, self.z, self.y)
        self.grads = [self.x.T @ dz]
        if self.use_bias:
            self.grads.append(dz.sum(axis=0))
        return dz @ self.kernel.T if need_input_grad else None
        # end exercise

    def get_config(self) -> dict:
        return {"name": self.name, "units": self.units, "activation": self.activation.name,
                "use_bias": self.use_bias}


def _snake_case(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() and i else c.lower() for i, c in enumerate(name))
