"""Layers: `Input`, `Dense` (`y = activation(x @ kernel + bias)`), `Activation`, `Softmax`, `Flatten`, `Dropout`
and `BatchNormalization`.

A layer owns its weights and their gradients. `forward(x)` keeps what `backward` needs;
`backward(dy)` takes dL/d(output), sets `self.grads` (dL/d each trainable weight, in `trainable_weights`
order) and returns dL/d(input) for the layer below. Dropout and BatchNormalization behave differently
while training: their `forward(x, training)` takes Keras's `training` flag, which `fit` sets and `evaluate`
and `predict` leave False. The first layer's input is the data, whose gradient nobody uses: the model
passes `need_input_grad=False` there, which saves one matrix product per batch (a quarter of an MLP's time
on 784 inputs, see benchmarks/mlp.py).
"""
from __future__ import annotations

import inspect
import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from minigrad import activations, backend, initializers
from minigrad._validation import check_positive_int, check_real


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


class InputLayer(Input):
    """Keras's input layer by its class name: `InputLayer(input_shape=(784,))` as tf.keras 2 writes it, or
    `InputLayer(shape=(784,))` as Keras 3 does; a `Sequential` takes it as it takes `Input`.

    Example:
    >>> InputLayer(input_shape=(784,)).shape
    (None, 784)
    """

    def __init__(self, shape: int | Sequence[int] | None = None, name: str | None = None,
                 input_shape: int | Sequence[int] | None = None) -> None:
        given = shape if input_shape is None else input_shape
        if given is None or (shape is not None and input_shape is not None):
            raise ValueError("InputLayer takes the sample shape once, as `shape` (Keras 3) or `input_shape` "
                             f"(tf.keras 2). Received: shape={shape!r}, input_shape={input_shape!r}")
        super().__init__(given, name)


class Layer:
    """What every layer shares: a name, an input shape once built, weights and their gradients.

    `trainable_weights` are what the optimizer updates, and `grads` holds their gradients in the same
    order; `non_trainable_weights` change only in `forward` (BatchNormalization's moving statistics);
    `weights` is both, in Keras's order, and is what `get_weights`, `set_weights` and `count_params` see.
    Keras 2 lets the first layer give the model's input shape: `Dense(50, input_dim=2)`,
    `Flatten(input_shape=[28, 28])`; every layer accepts both.
    """

    weight_names: tuple[str, ...] = ()
    forward_takes_training = False

    def __init__(self, name: str | None = None, input_shape: Sequence[int] | None = None,
                 input_dim: int | None = None) -> None:
        self.name = name or backend.unique_name(_snake_case(type(self).__name__))
        self.declared_input_shape = (sample_shape(input_shape, "input_shape") if input_shape is not None
                                     else sample_shape(input_dim, "input_dim") if input_dim is not None else None)
        self.input_shape: tuple[int, ...] | None = None
        self.trainable_weights: list[np.ndarray] = []
        self.non_trainable_weights: list[np.ndarray] = []
        self.grads: list[np.ndarray] = []

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Notes whether the subclass's `forward` takes `training` (Keras inspects `call` the same way)."""
        super().__init_subclass__(**kwargs)
        cls.forward_takes_training = "training" in inspect.signature(cls.forward).parameters

    @property
    def built(self) -> bool:
        return self.input_shape is not None

    @property
    def weights(self) -> list[np.ndarray]:
        """The trainable weights, then the non-trainable ones (live arrays)."""
        return self.trainable_weights + self.non_trainable_weights

    def build(self, input_shape: int | Sequence[int]) -> None:
        """Fixes the shape of one input sample (and creates the weights, if the layer has any)."""
        self.input_shape = sample_shape(input_shape, "input_shape")

    @property
    def output_shape(self) -> tuple[int, ...]:
        """The shape of one output sample: the input's, unless the layer changes it (Dense, Flatten)."""
        return self.built_input_shape()

    def built_input_shape(self) -> tuple[int, ...]:
        """`input_shape`, or a ValueError naming the layer if it is not built yet."""
        if self.input_shape is None:
            raise ValueError(f"Layer {self.name!r} is not built yet: it needs its input shape (an `Input` before "
                             "it, `input_shape=...`, or a first call on data).")
        return self.input_shape

    def forward(self, x: np.ndarray) -> np.ndarray:
        """The layer's output for the batch `x`; keeps what `backward` needs."""
        raise NotImplementedError

    def backward(self, dy: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        """From `dy` = dL/d(output): sets `self.grads` and returns dL/d(input) (None if not `need_input_grad`)."""
        raise NotImplementedError

    def __call__(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        """`layer(x)`, as in Keras: builds the layer for `x`'s sample shape the first time, then runs `forward`.

        `training` is passed on only to a `forward` that takes it (Dropout, BatchNormalization), so a layer
        written as `forward(self, x)` works too.
        """
        if not self.built:
            self.build(x.shape[1:])
        if self.forward_takes_training:
            return self.forward(x, training=training)  # type: ignore[call-arg]
        return self.forward(x)

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
        for name, own, new in zip(self.weight_names, self.weights, weights, strict=True):
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
        for own, new in zip(self.weights, self.check_weights(weights), strict=True):
            own[...] = new

    def count_params(self) -> int:
        """The number of numbers in all the weights, trainable or not (as Keras counts them)."""
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
        return (math.prod(self.built_input_shape()),)

    def forward(self, x: np.ndarray) -> np.ndarray:
        return x.reshape(len(x), -1)

    def backward(self, dy: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        return dy.reshape(len(dy), *self.built_input_shape()) if need_input_grad else None


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
        shape = sample_shape(input_shape, "input_shape")
        if len(shape) != 1:
            raise ValueError(f"Dense takes vectors; put a Flatten() before it for samples of shape {shape}. "
                             f"Received: input_shape={input_shape!r}")
        super().build(shape)
        dtype = backend.floatx()
        self.kernel = self.kernel_initializer((shape[0], self.units), dtype)
        self.trainable_weights = [self.kernel]
        self.weight_names = ("kernel",)
        if self.use_bias:
            self.bias = self.bias_initializer((self.units,), dtype)
            self.trainable_weights.append(self.bias)
            self.weight_names = ("kernel", "bias")
        self.grads = [np.zeros_like(w) for w in self.trainable_weights]

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


class Activation(Layer):
    """Applies an activation to its input; no weights. `Dense(10)` then `Activation("softmax")` is
    `Dense(10, activation="softmax")`, as Keras 2 tutorials often write it:

        y = activation.function(x)
        dx = activation.backward(dy, x, y)      # dy * activation'(x); softmax's Jacobian-vector product

    Args:
        activation: a name from `activations` (`"relu"`, `"softmax"`, ...); None is `"linear"`.
        name, input_shape, input_dim: as for `Dense`.

    Example:
    >>> Activation("relu")(np.array([[-1.0, 2.0]], dtype="float32"))
    array([[0., 2.]], dtype=float32)
    """

    def __init__(self, activation: str | None, name: str | None = None, input_shape: Sequence[int] | None = None,
                 input_dim: int | None = None) -> None:
        super().__init__(name, input_shape, input_dim)
        self.activation = activations.get(activation)

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.x = x
        self.y = self.activation.function(x)
        return self.y

    def backward(self, dy: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        return self.activation.backward(dy, self.x, self.y) if need_input_grad else None

    def get_config(self) -> dict:
        return {"name": self.name, "activation": self.activation.name}


class Softmax(Activation):
    """The softmax as a layer: `y_i = exp(x_i) / sum_j exp(x_j)` over the last axis; no weights. TensorFlow's
    tutorials append it to a model trained on logits, `Sequential([model, Softmax()])`, to read probabilities.

    Args:
        axis: the axis normalized; only -1, the last (Keras's default), is supported.
        name, input_shape, input_dim: as for `Dense`.

    Example:
    >>> Softmax()(np.array([[0.0, np.log(3.0)]], dtype="float32"))
    array([[0.25, 0.75]], dtype=float32)
    """

    def __init__(self, axis: int = -1, name: str | None = None, input_shape: Sequence[int] | None = None,
                 input_dim: int | None = None) -> None:
        if axis != -1:
            raise ValueError(f"Softmax normalizes the last axis only: `axis` must be -1. Received: axis={axis!r}")
        super().__init__("softmax", name, input_shape, input_dim)
        self.axis = axis

    def get_config(self) -> dict:
        return {"name": self.name, "axis": self.axis}


class Dropout(Layer):
    """Inverted dropout: while training, each unit is set to 0 with probability `rate` and the units kept are
    scaled by `1 / (1 - rate)`; at inference the layer does nothing.

    Dropping a random part of the units at every step keeps each unit from relying on particular others;
    scaling the kept ones up keeps every unit's expected value, so inference needs no correction:

        training:   keep = draw_mask(noise_shape)    # True with probability 1 - rate, broadcast over x
                    y = x * keep / (1 - rate)
                    dx = dy * keep / (1 - rate)
        inference:  y = x
                    dx = dy

    Keras draws its masks from its backend's random stream (TensorFlow's or torch's), which NumPy cannot
    reproduce: with the same seed, minigrad drops other units than Keras. The rule is what matches, and what
    the tests check against Keras: the fraction dropped over many draws, the factor `1 / (1 - rate)`,
    `noise_shape`'s broadcasting, nothing at inference. `draw_mask` is the layer's one random step: a subclass
    can replay masks recorded from Keras (the golden Dropout fits do), and a whole fit then matches Keras's.

    Args:
        rate: the fraction of units to drop, in [0, 1).
        noise_shape: the mask's shape, broadcast over the input (each entry 1, the input's size, or None for
            the input's size): `(None, 1)` keeps or drops all the features of a sample together.
        seed: an int seeding the layer's own generator (the same seed, the same masks); by default the masks
            come from minigrad's generator, which `utils.set_random_seed` seeds.
        name, input_shape, input_dim: as for `Dense`.

    Example:
    >>> layer = Dropout(0.5, seed=0)
    >>> sorted(set(layer(np.ones((4, 8), dtype="float32"), training=True).ravel().tolist()))  # 0 or 1 / 0.5
    [0.0, 2.0]
    >>> layer(np.ones((1, 3), dtype="float32"))  # inference: unchanged
    array([[1., 1., 1.]], dtype=float32)

    Reference: Srivastava, Hinton, Krizhevsky, Sutskever and Salakhutdinov, "Dropout: A Simple Way to Prevent
    Neural Networks from Overfitting", JMLR 15 (2014). The paper scales the weights by `1 - rate` at test
    time; Keras (and minigrad) scale the kept units by `1 / (1 - rate)` while training instead.
    """

    def __init__(self, rate: float, noise_shape: Sequence[int | None] | None = None, seed: int | None = None,
                 name: str | None = None, input_shape: Sequence[int] | None = None,
                 input_dim: int | None = None) -> None:
        super().__init__(name, input_shape, input_dim)
        self.rate = check_real("rate", rate, low=0, high=1, high_open=True)
        self.noise_shape = None if noise_shape is None else _check_noise_shape(noise_shape)
        self.seed = None if seed is None else check_positive_int("seed", seed, allow_zero=True)
        self.generator = None if seed is None else np.random.default_rng(self.seed)
        self.scaled_mask: np.ndarray | None = None

    def build(self, input_shape: int | Sequence[int]) -> None:
        """Checks that `noise_shape` broadcasts over a batch of samples of `input_shape`."""
        shape = sample_shape(input_shape, "input_shape")
        if self.noise_shape is not None and (
                len(self.noise_shape) != len(shape) + 1 or self.noise_shape[0] not in (None, 1)
                or any(n not in (None, 1, d) for n, d in zip(self.noise_shape[1:], shape, strict=True))):
            raise ValueError(f"`noise_shape` must have one entry per input axis, batch first, each 1, None or the "
                             f"input's size: it is broadcast over inputs of shape {(None, *shape)}. "
                             f"Received: noise_shape={self.noise_shape}")
        super().build(shape)

    def draw_mask(self, shape: tuple[int, ...]) -> np.ndarray:
        """The keep-mask of one training step: booleans of `shape`, each True with probability `1 - rate`."""
        generator = backend.rng() if self.generator is None else self.generator
        return generator.random(shape, dtype=np.float32) >= self.rate

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        """`y = x * keep / (1 - rate)` while training (keeps `keep / (1 - rate)` for `backward`), else `y = x`."""
        if not training or self.rate == 0:
            self.scaled_mask = None
            return x
        noise_shape = self.noise_shape or (None,) * x.ndim
        keep = self.draw_mask(tuple(d if n is None else n for n, d in zip(noise_shape, x.shape, strict=True)))
        self.scaled_mask = keep * x.dtype.type(1 / (1 - self.rate))
        return x * self.scaled_mask

    def backward(self, dy: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        """`dx = dy * keep / (1 - rate)` after a training forward pass, `dx = dy` after an inference one."""
        if not need_input_grad:
            return None
        return dy if self.scaled_mask is None else dy * self.scaled_mask

    def get_config(self) -> dict:
        return {"name": self.name, "rate": self.rate, "noise_shape": self.noise_shape, "seed": self.seed}


class BatchNormalization(Layer):
    """Normalizes each feature over the batch, then scales and shifts it: `y = gamma * x_hat + beta`.

    While training, each feature is normalized with the batch's own mean and variance, and moving averages of
    them are kept; inference uses the moving averages, so a prediction does not depend on the rest of its batch:

        training:   mean = x.mean(axis=0)                       # each feature's mean over the batch
                    var = ((x - mean) ** 2).mean(axis=0)        # and its variance (divided by the batch size)
                    moving_mean = moving_mean * momentum + mean * (1 - momentum)
                    moving_variance = moving_variance * momentum + var * (1 - momentum)
        inference:  mean, var = moving_mean, moving_variance
        both:       x_hat = (x - mean) / sqrt(var + epsilon)
                    y = gamma * x_hat + beta

    Keeping every layer's inputs at zero mean and unit variance while the layers below change lets larger
    learning rates train. `gamma` and `beta` are trainable; `moving_mean` and `moving_variance` are not (the
    optimizer never sees them: they change only in a training forward pass), but `get_weights`,
    `count_params` and `summary` include them, as Keras does. The features are the last axis; for inputs with
    more axes the statistics are taken over all the others.

    Args:
        axis: the features' axis, the last one: -1 (default) or its index counting the batch axis.
        momentum: the weight of the old value in the moving averages, in [0, 1]; default 0.99.
        epsilon: added to the variance before the square root, > 0; default 1e-3.
        center: learn the offset `beta` (else no offset); default True.
        scale: learn the factor `gamma` (else no factor); default True.
        beta_initializer, gamma_initializer, moving_mean_initializer, moving_variance_initializer: names or
            initializers; defaults `"zeros"`, `"ones"`, `"zeros"`, `"ones"`.
        name, input_shape, input_dim: as for `Dense`.

    Example:
    >>> layer = BatchNormalization()
    >>> layer(np.array([[1.0], [3.0]], dtype="float32"), training=True)  # mean 2, var 1: (x - 2) / sqrt(1.001)
    array([[-0.9995004],
           [ 0.9995004]], dtype=float32)
    >>> layer.get_weights()  # gamma, beta, then the moving mean (0.01 * 2) and variance (0.99 * 1 + 0.01 * 1)
    [array([1.], dtype=float32), array([0.], dtype=float32), array([0.02], dtype=float32), array([1.], dtype=float32)]

    Reference: Ioffe and Szegedy, "Batch Normalization: Accelerating Deep Network Training by Reducing Internal
    Covariate Shift", ICML 2015 (Algorithm 1, and the backward pass in Section 3).
    """

    def __init__(self, axis: int = -1, momentum: float = 0.99, epsilon: float = 1e-3, center: bool = True,
                 scale: bool = True, beta_initializer: Any = "zeros", gamma_initializer: Any = "ones",
                 moving_mean_initializer: Any = "zeros", moving_variance_initializer: Any = "ones",
                 name: str | None = None, input_shape: Sequence[int] | None = None,
                 input_dim: int | None = None) -> None:
        super().__init__(name, input_shape, input_dim)
        if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
            raise TypeError(f"`axis` must be an int, the features' axis (-1). Received: axis={axis!r}")
        self.axis = int(axis)
        self.momentum = check_real("momentum", momentum, low=0, high=1)
        self.epsilon = check_real("epsilon", epsilon, low=0, low_open=True)
        self.center, self.scale = bool(center), bool(scale)
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)

    def build(self, input_shape: int | Sequence[int]) -> None:
        """Creates gamma and beta (as `scale` and `center` ask), then the moving mean and variance, one per feature."""
        shape = sample_shape(input_shape, "input_shape")
        if self.axis not in (-1, len(shape)):
            raise ValueError(f"BatchNormalization normalizes the features, the last axis (-1 or {len(shape)} for "
                             f"inputs of shape {(None, *shape)}). Received: axis={self.axis}")
        super().build(shape)
        features, dtype = (shape[-1],), backend.floatx()
        self.gamma = self.gamma_initializer(features, dtype)
        self.beta = self.beta_initializer(features, dtype)
        self.moving_mean = self.moving_mean_initializer(features, dtype)
        self.moving_variance = self.moving_variance_initializer(features, dtype)
        trainable = {"gamma": self.gamma, "beta": self.beta}
        if not self.scale:
            del trainable["gamma"]
        if not self.center:
            del trainable["beta"]
        self.trainable_weights = list(trainable.values())
        self.non_trainable_weights = [self.moving_mean, self.moving_variance]
        self.weight_names = (*trainable, "moving_mean", "moving_variance")
        self.grads = [np.zeros_like(w) for w in self.trainable_weights]

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        """The forward pass of the class docstring (`batch_normalize`); keeps `training`, `x_hat` and `std`."""
        rows = x.reshape(-1, x.shape[-1])
        y, self.x_hat, self.std = batch_normalize(rows, self.gamma if self.scale else None,
                                                  self.beta if self.center else None, self.moving_mean,
                                                  self.moving_variance, self.momentum, self.epsilon, training)
        self.training = training
        return y.reshape(x.shape)

    def backward(self, dy: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        """The chain rule through the forward pass (`batch_normalize_backward` states it); the gradients of
        gamma and beta are sums over the batch."""
        d_gamma, d_beta, dx = batch_normalize_backward(dy.reshape(self.x_hat.shape), self.x_hat, self.std,
                                                       self.gamma if self.scale else None, self.training)
        self.grads = []
        if self.scale:
            self.grads.append(d_gamma[0])
        if self.center:
            self.grads.append(d_beta[0])
        return dx.reshape(dy.shape) if need_input_grad else None

    def get_config(self) -> dict:
        return {"name": self.name, "axis": self.axis, "momentum": self.momentum, "epsilon": self.epsilon,
                "center": self.center, "scale": self.scale}


def batch_normalize(x: np.ndarray, gamma: np.ndarray | None, beta: np.ndarray | None, moving_mean: np.ndarray,
                    moving_variance: np.ndarray, momentum: float, epsilon: float,
                    training: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`BatchNormalization`'s forward pass on `x` of shape `(..., n, features)`: the statistics are taken over
    the n rows (axis -2), separately for any leading axes (`sweep`'s K runs, whose weights have shape
    `(K, 1, features)`). In training the moving statistics are updated in place. Returns `y`, `x_hat`, `std`:

        mean, var = x.mean(axis=-2), x.var(axis=-2) if training else moving_mean, moving_variance
        std = sqrt(var + epsilon)
        x_hat = (x - mean) / std
        y = gamma * x_hat + beta        # without the factor if gamma is None, the offset if beta is None

    Example:
    >>> moving_mean, moving_variance = np.zeros(1), np.ones(1)
    >>> y, x_hat, std = batch_normalize(np.array([[1.0], [3.0]]), None, None, moving_mean, moving_variance,
    ...                                 0.99, 1e-3, training=True)
    >>> y.ravel().round(4), moving_mean
    (array([-0.9995,  0.9995]), array([0.02]))
    """
    if training:
        mean = x.mean(axis=-2, keepdims=True)
        centered = x - mean
        var = _sum_over_rows(centered, centered) / x.shape[-2]
        moving_mean[...] = moving_mean * momentum + mean * (1 - momentum)
        moving_variance[...] = moving_variance * momentum + var * (1 - momentum)
    else:
        centered, var = x - moving_mean, moving_variance
    std = np.sqrt(var + epsilon)
    x_hat = centered
    x_hat /= std
    y = x_hat if gamma is None else x_hat * gamma
    return (y if beta is None else y + beta), x_hat, std


def batch_normalize_backward(dy: np.ndarray, x_hat: np.ndarray, std: np.ndarray, gamma: np.ndarray | None,
                             training: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The chain rule through `batch_normalize`: from `dy` = dL/dy, returns `d_gamma`, `d_beta` (summed over
    the rows, axis -2, kept as size 1) and `dx`.

    Through `y = gamma * x_hat + beta`, then `x_hat = (x - mean) / std` with `std = sqrt(var + epsilon)`. In
    training `mean` and `var` are the batch's, so every row's `x` also reaches every output through them
    (n rows; sums over the rows):

        d_gamma = (dy * x_hat).sum()
        d_beta = dy.sum()
        dx_hat = dy * gamma
        d_var = (dx_hat * (x - mean)).sum() * -0.5 / std ** 3
        d_mean = -dx_hat.sum() / std            # var's own term, d_var * mean(-2 * (x - mean)), is 0
        dx = dx_hat / std + d_var * 2 * (x - mean) / n + d_mean / n

    With `x - mean = x_hat * std`, `dx_hat.sum() = gamma * d_beta` and `(dx_hat * x_hat).sum() = gamma *
    d_gamma`, that gathers into what the code computes (d_beta is needed even without a beta):

        dx = gamma / std * (dy - d_beta / n - x_hat * d_gamma / n)

    At inference `mean` and `var` are constants: `dx = gamma / std * dy`. Without gamma, read gamma = 1.

    Example:
    >>> d_gamma, d_beta, dx = batch_normalize_backward(np.array([[1.0], [1.0]]), np.array([[-1.0], [1.0]]),
    ...                                                np.array([[1.0]]), None, training=True)
    >>> d_gamma, d_beta, dx  # a shift of every output is undone by the mean: dx = 0
    (array([[0.]]), array([[2.]]), array([[0.],
           [0.]]))
    """
    d_gamma = _sum_over_rows(dy, x_hat)
    d_beta = dy.sum(axis=-2, keepdims=True)
    slope = 1 / std if gamma is None else gamma / std
    if not training:
        return d_gamma, d_beta, slope * dy
    n = dy.shape[-2]
    dx = x_hat * (-d_gamma / n)  # the last line of the formula, a term at a time with no temporaries
    dx += dy
    dx -= d_beta / n
    dx *= slope
    return d_gamma, d_beta, dx


def _sum_over_rows(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """`(a * b).sum(axis=-2, keepdims=True)`, each feature's sum over the rows, without the temporary `a * b`."""
    return np.einsum("...ij,...ij->...j", a, b)[..., np.newaxis, :]


def _check_noise_shape(noise_shape: Any) -> tuple[int | None, ...]:
    if isinstance(noise_shape, (str, bytes)) or not isinstance(noise_shape, (tuple, list)) or not all(
            n is None or (isinstance(n, (int, np.integer)) and not isinstance(n, bool) and n > 0)
            for n in noise_shape):
        raise ValueError("`noise_shape` must be a tuple of positive ints or None, one per input axis, e.g. "
                         f"(None, 1). Received: noise_shape={noise_shape!r}")
    return tuple(None if n is None else int(n) for n in noise_shape)


def _snake_case(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() and i else c.lower() for i, c in enumerate(name))
