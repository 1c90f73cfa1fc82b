"""Train K copies of a model at once, one per learning rate, in one batched NumPy computation.

Every weight gets a leading K axis (a Dense kernel `(in, out)` becomes `(K, in, out)`, its bias
`(K, 1, out)`, BatchNormalization's gamma, beta and moving statistics `(K, 1, features)`) and the layers'
formulas broadcast over K (all runs see the same batch `x`):

    z = a @ kernel + bias                              # (n, in) @ (K, in, out) -> (K, n, out)
    d_kernel = swapaxes(a, -1, -2) @ dz                # (K, in, out)
    d_bias = dz.sum(axis=-2, keepdims=True)            # (K, 1, out)
    da = dz @ swapaxes(kernel, -1, -2)                 # (K, n, in); not needed below the first weights

BatchNormalization runs `layers.batch_normalize` and its backward pass, which take each run's statistics over
its own rows; Flatten and Activation need no weights. The update is the optimizer's own `apply` with a
learning rate of shape `(K, 1, 1)`: every `update_step` is elementwise, so run k moves exactly as `fit` at
`learning_rates[k]` would.
"""
from __future__ import annotations

import copy
import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from minigrad import backend, layers, losses, optimizers, utils
from minigrad._validation import as_data, check_positive_int, check_real
from minigrad.optimizers.schedules.epoch_function import checked_learning_rate, takes_learning_rate


@dataclass
class SweepResult:
    """What `sweep` returns: run k used `learning_rates[k]`, `seeds[k]` and `hyperparameters[name][k]`.

    Attributes:
        learning_rates: shape (K,).
        hyperparameters: the grid arguments (`{"momentum": array of shape (K,)}`); empty without a grid.
        history: `loss` (and `val_loss` with validation data), each of shape (K, epochs).
        weights: like `model.get_weights()` (BatchNormalization: gamma, beta, then the moving statistics), each
            array with a leading K axis.
        seeds: each run's seed, shape (K,), or None when every run started from the model's weights.
        weights_per_epoch: with `record_weights=True`, each weight after every epoch, shape (K, epochs, *shape).
        initial_weights: like `weights`, each run's weights before training.
    """

    learning_rates: np.ndarray
    hyperparameters: dict[str, np.ndarray]
    history: dict[str, np.ndarray]
    weights: list[np.ndarray] = field(repr=False)
    seeds: np.ndarray | None = None
    weights_per_epoch: list[np.ndarray] | None = field(default=None, repr=False)
    initial_weights: list[np.ndarray] | None = field(default=None, repr=False)

    def plot(self, key: str = "loss", **kwargs: Any) -> Any:
        """Final `key` against the learning rate, and a heatmap over (epoch, learning rate)."""
        from minigrad.plotting.lr_tools import plot_sweep

        return plot_sweep(self, key=key, **kwargs)


def sweep(model: Any, x: Any, y: Any, learning_rates: Sequence[float], optimizer: str | type = "sgd",
          loss: str | losses.Loss = "mae", epochs: int = 1, batch_size: int = 32,
          validation_data: tuple | None = None, shuffle: bool = False, seeds: Sequence[int] | None = None,
          schedule: Callable[..., float] | None = None, record_weights: bool = False,
          **optimizer_kwargs: Any) -> SweepResult:
    """Trains one copy of `model` per learning rate (and per seed), all at once.

    Without `seeds`, every run starts from the model's current weights and all runs share one shuffling
    order: run k equals `fit` after `model.compile(optimizer, loss)` at `learning_rates[k]`. With `seeds`,
    the rates are crossed with the seeds and run k equals `fit` after `utils.set_random_seed(seeds[k])`
    and building the model. The model itself is left unchanged.

    Args:
        model: a `Sequential` of `Dense`, `Flatten`, `Activation` and `BatchNormalization` layers (built, or
            built here from `x`). BatchNormalization normalizes each run's batch with its own statistics and
            updates its moving statistics as in `fit`; validation uses them.
        x, y: the training data, as for `fit`.
        learning_rates: numbers >= 0.
        optimizer: a Keras name (`"sgd"`, `"adam"`, ...) or an optimizer class (e.g. `optimizers.legacy.Adam`).
        loss: a loss name or object; default `"mae"` (the article's).
        epochs: passes over the data, a positive int.
        batch_size: samples per update; default 32.
        validation_data: optional `(x_val, y_val)`, evaluated after every epoch into `val_loss`.
        shuffle: reshuffle every epoch (one order shared by all runs without `seeds`, one per seed with them).
        seeds: optional seeds, one group of runs per seed.
        schedule: optional `f(epoch)` or `f(epoch, lr)`, as `callbacks.LearningRateScheduler(f)` in `fit`.
        record_weights: also return every weight after every epoch (`weights_per_epoch`).
        **optimizer_kwargs: the optimizer's other arguments; a list makes a grid (`momentum=[0.0, 0.9]`).

    Returns:
        A `SweepResult`; runs are ordered by grid setting, then seed, then learning rate.

    Example:
    >>> import minigrad as keras
    >>> model = keras.Sequential([keras.Input(1), keras.layers.Dense(1, use_bias=False)])
    >>> model.set_weights([np.array([[0.0]])])
    >>> result = sweep(model, [[1.0]], [[2.0]], [0.5, 1.0], loss="mse")  # one step of 2 * (w - 2)
    >>> result.weights[0].ravel()
    array([2., 4.], dtype=float32)
    """
    rates = _check_learning_rates(learning_rates)
    epochs = check_positive_int("epochs", epochs)
    batch_size = check_positive_int("batch_size", batch_size)
    loss = losses.get(loss)
    x, y = as_data(x, y)
    if validation_data is not None:
        validation_data = as_data(*_pair(validation_data), "x_val", "y_val")
    _check_layers(model.layers)
    if not model.built:
        model.build(x.shape[1:])
    grid = _grid(optimizer_kwargs)
    if seeds is None:
        starts = [(model.get_weights(), backend.rng())]
    else:
        starts = [_seeded_start(model, seed) for seed in seeds]
    runs_per_setting = len(starts) * len(rates)
    runs = len(grid) * runs_per_setting
    blocks = [slice(i * runs_per_setting, (i + 1) * runs_per_setting) for i in range(len(grid))]
    lr_per_run = np.tile(rates, len(grid) * len(starts)).reshape(-1, 1, 1)
    optimizer_per_setting = [_make_optimizer(optimizer, setting, lr_per_run[block])
                             for setting, block in zip(grid, blocks, strict=True)]
    start_of_run = np.tile(np.repeat(np.arange(len(starts)), len(rates)), len(grid))
    shapes = [w.shape for w in model.get_weights()]
    variables = [np.stack([weights[i] for weights, _ in starts])[start_of_run].reshape(
        (runs,) + (1,) * (2 - len(shape)) + shape) for i, shape in enumerate(shapes)]
    initial = [v.reshape((runs,) + shape).copy() for v, shape in zip(variables, shapes, strict=True)]
    stack = _BatchedStack(model.layers, variables)
    per_run_data = seeds is not None and shuffle
    history: dict[str, list[np.ndarray]] = {"loss": []} if validation_data is None else {"loss": [], "val_loss": []}
    recorded: list[list[np.ndarray]] = []
    n = len(x)
    orders = _epoch_orders(n, epochs, [generator for _, generator in starts], shuffle)
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(epochs):
            if schedule is not None:
                lr_per_run[...] = _scheduled(schedule, epoch, lr_per_run)
            if orders is None:
                x_epoch, y_epoch = x, y
            else:
                order = orders[0, epoch] if seeds is None else orders[start_of_run, epoch]
                x_epoch, y_epoch = x[order], y[order]
            total = np.zeros(runs)
            for begin in range(0, n, batch_size):
                rows = slice(begin, begin + batch_size)
                batch = (slice(None), rows) if per_run_data else rows
                value, grad = loss.value_and_gradient(y_epoch[batch], stack.forward(x_epoch[batch], training=True))
                total += value.astype(np.float64) * min(batch_size, n - begin)
                grads = stack.backward(grad)
                for opt, block in zip(optimizer_per_setting, blocks, strict=True):
                    opt.apply([g[block] for g in grads], [v[block] for v in stack.trainable_variables])
            history["loss"].append(total / n)
            if validation_data is not None:
                history["val_loss"].append(_evaluate(stack, loss, *validation_data, batch_size, runs))
            if record_weights:
                recorded.append([v.copy() for v in variables])
    hyperparameters = {name: np.repeat([setting[name] for setting in grid], runs_per_setting)
                       for name, value in optimizer_kwargs.items() if isinstance(value, list)}
    per_epoch = None if not record_weights else [
        np.stack([epoch_weights[i] for epoch_weights in recorded], axis=1).reshape((runs, epochs) + shape)
        for i, shape in enumerate(shapes)]
    return SweepResult(np.tile(rates, len(grid) * len(starts)), hyperparameters,
                       {key: np.stack(values, axis=1) for key, values in history.items()},
                       [v.reshape((runs,) + shape) for v, shape in zip(variables, shapes, strict=True)],
                       None if seeds is None else np.asarray(seeds)[start_of_run], per_epoch, initial)


def _seeded_start(model: Any, seed: int) -> tuple[list[np.ndarray], np.random.Generator]:
    """The weights `utils.set_random_seed(seed)` then building `model` would draw (each layer's `build` on a
    copy of it, in order, leaves the model as it was), and the generator after them."""
    utils.set_random_seed(seed)
    weights = []
    for layer in model.layers:
        fresh = copy.copy(layer)
        fresh.build(layer.input_shape)
        weights.extend(fresh.weights)
    return weights, backend.rng()


def _epoch_orders(n: int, epochs: int, generators: list[np.random.Generator], shuffle: bool) -> np.ndarray | None:
    """Every epoch's sample order, shape (starts, epochs, n): what `fit` draws with `permutation(n)` each epoch
    (`permuted` over the epochs' rows draws the same numbers from the same generator, in one call per start)."""
    if not shuffle:
        return None
    rows = np.tile(np.arange(n, dtype=np.int32), (epochs, 1))
    return np.stack([generator.permuted(rows, axis=1) for generator in generators])


def _scheduled(schedule: Callable[..., float], epoch: int, lr_per_run: np.ndarray) -> np.ndarray:
    """Every run's rate for this epoch, as `LearningRateScheduler` computes it (float32, checked)."""
    if takes_learning_rate(schedule):
        return np.array([[[checked_learning_rate(schedule(epoch, float(lr)), schedule, epoch)]]
                         for lr in lr_per_run.ravel()], dtype=lr_per_run.dtype)
    return np.full_like(lr_per_run, checked_learning_rate(schedule(epoch), schedule, epoch))


def _check_layers(model_layers: Sequence[layers.Layer]) -> None:
    for layer in model_layers:
        if isinstance(layer, layers.Dropout):
            raise ValueError(
                "`sweep` cannot train Dropout: to equal `fit` at each rate, the runs of one seed would have to "
                "share fit's masks, drawn batch by batch from the random stream between its shuffles (or from "
                "the layer's own seeded generator), and `sweep` does not replay that stream. Sweep the model "
                f"without Dropout, or run `fit` once per rate. Received: layer {layer.name!r}")
        if not isinstance(layer, (layers.Dense, layers.Flatten, layers.Activation, layers.BatchNormalization)):
            raise ValueError("`sweep` trains stacks of Dense, Flatten, Activation and BatchNormalization layers. "
                             f"Received: layer {layer.name!r} of type {type(layer).__name__}")


class _BatchedDense:
    """`Dense` with a leading K axis on its kernel and bias."""

    def __init__(self, layer: layers.Dense, weights: Iterator[np.ndarray]) -> None:
        self.kernel = next(weights)
        self.bias = next(weights) if layer.use_bias else None
        self.activation = layer.activation
        self.trainable_variables = [self.kernel] if self.bias is None else [self.kernel, self.bias]

    def forward(self, a: np.ndarray, training: bool) -> np.ndarray:
        """`activation(a @ kernel + bias)`; `a` is the shared data `(n, in)` or each run's `(K, n, in)`."""
        z = np.matmul(a, self.kernel) if a.ndim == 3 else _shared_matmul(a, self.kernel)
        if self.bias is not None:
            z += self.bias
        self.a, self.z = a, z
        self.y = self.activation.function(z)
        return self.y

    def backward(self, dy: np.ndarray, need_input_grad: bool) -> tuple[list[np.ndarray], np.ndarray | None]:
        dz = self.activation.backward(dy, self.z, self.y)
        grads = [np.matmul(np.swapaxes(self.a, -1, -2), dz)]
        if self.bias is not None:
            grads.append(dz.sum(axis=-2, keepdims=True))
        return grads, np.matmul(dz, np.swapaxes(self.kernel, -1, -2)) if need_input_grad else None


class _BatchedFlatten:
    """`Flatten`: the sample axes become one, with or without the K axis in front."""

    trainable_variables: list[np.ndarray] = []

    def __init__(self, layer: layers.Flatten) -> None:
        self.sample_shape = layer.built_input_shape()

    def forward(self, a: np.ndarray, training: bool) -> np.ndarray:
        return a.reshape(a.shape[:a.ndim - len(self.sample_shape)] + (-1,))

    def backward(self, dy: np.ndarray, need_input_grad: bool) -> tuple[list[np.ndarray], np.ndarray | None]:
        return [], dy.reshape(dy.shape[:-1] + self.sample_shape) if need_input_grad else None


class _BatchedActivation:
    """`Activation`: elementwise (softmax over the last axis), so the K axis needs nothing."""

    trainable_variables: list[np.ndarray] = []

    def __init__(self, layer: layers.Activation) -> None:
        self.activation = layer.activation

    def forward(self, a: np.ndarray, training: bool) -> np.ndarray:
        self.a, self.y = a, self.activation.function(a)
        return self.y

    def backward(self, dy: np.ndarray, need_input_grad: bool) -> tuple[list[np.ndarray], np.ndarray | None]:
        return [], self.activation.backward(dy, self.a, self.y) if need_input_grad else None


class _BatchedBatchNormalization:
    """`BatchNormalization` with weights of shape `(K, 1, features)`: each run normalizes with its own batch
    statistics (its rows are the samples, and every position of them for inputs with more axes)."""

    def __init__(self, layer: layers.BatchNormalization, weights: Iterator[np.ndarray]) -> None:
        self.gamma = next(weights) if layer.scale else None
        self.beta = next(weights) if layer.center else None
        self.moving_mean, self.moving_variance = next(weights), next(weights)
        self.momentum, self.epsilon = layer.momentum, layer.epsilon
        self.sample_shape = layer.built_input_shape()
        self.trainable_variables = [w for w in (self.gamma, self.beta) if w is not None]

    def forward(self, a: np.ndarray, training: bool) -> np.ndarray:
        rows = a.reshape(a.shape[:a.ndim - len(self.sample_shape) - 1] + (-1, self.sample_shape[-1]))
        y, self.x_hat, self.std = layers.batch_normalize(rows, self.gamma, self.beta, self.moving_mean,
                                                  self.moving_variance, self.momentum, self.epsilon, training)
        self.training = training
        return y.reshape(y.shape[:-2] + a.shape[a.ndim - len(self.sample_shape) - 1:])

    def backward(self, dy: np.ndarray, need_input_grad: bool) -> tuple[list[np.ndarray], np.ndarray | None]:
        rows = dy.reshape(dy.shape[:dy.ndim - len(self.sample_shape) - 1] + (-1, self.sample_shape[-1]))
        d_gamma, d_beta, dx = layers.batch_normalize_backward(rows, self.x_hat, self.std, self.gamma, self.training)
        grads = [grad for grad, weight in ((d_gamma, self.gamma), (d_beta, self.beta)) if weight is not None]
        return grads, dx.reshape(dy.shape) if need_input_grad else None


_BatchedLayer = _BatchedDense | _BatchedFlatten | _BatchedActivation | _BatchedBatchNormalization


def _batched(layer: layers.Layer, weights: Iterator[np.ndarray]) -> _BatchedLayer:
    """The batched twin of `layer` (one of the kinds `_check_layers` lets through), taking its weights."""
    if isinstance(layer, layers.Dense):
        return _BatchedDense(layer, weights)
    if isinstance(layer, layers.BatchNormalization):
        return _BatchedBatchNormalization(layer, weights)
    if isinstance(layer, layers.Flatten):
        return _BatchedFlatten(layer)
    assert isinstance(layer, layers.Activation), "_check_layers lets only these four kinds through"
    return _BatchedActivation(layer)


class _BatchedStack:
    """The model's layers with weights carrying a leading K axis: each layer's math, batched."""

    def __init__(self, model_layers: Sequence[layers.Layer], variables: list[np.ndarray]) -> None:
        weights = iter(variables)  # each layer's trainable weights, then its others, as `get_weights` lists them
        self.layers = [_batched(layer, weights) for layer in model_layers]
        self.trainable_variables = [w for layer in self.layers for w in layer.trainable_variables]
        self.need_input_grad = [any(layer.trainable_weights for layer in model_layers[:i])
                                for i in range(len(model_layers))]

    def forward(self, x: np.ndarray, training: bool) -> np.ndarray:
        """Each layer's forward pass, first to last (`training` as in `fit`); keeps what `backward` needs."""
        a = x
        for layer in self.layers:
            a = layer.forward(a, training)
        return a

    def backward(self, dy: np.ndarray) -> list[np.ndarray]:
        """The gradients of the trainable variables (in `trainable_variables` order) from `dy` = dL/d_output;
        dL/d_input only where a layer below has weights."""
        grads: list[np.ndarray] = []
        for layer, need_input_grad in zip(reversed(self.layers), reversed(self.need_input_grad), strict=True):
            layer_grads, dy = layer.backward(dy, need_input_grad)  # type: ignore[assignment]  # None: nothing below
            grads = layer_grads + grads
        return grads


def _shared_matmul(x: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """`np.matmul(x, kernel)` when every run shares the input `x` (the data): one 2-D product
    `x @ [kernel_1, ..., kernel_K]` instead of K small ones, rearranged to (K, n, units)."""
    runs, inputs, units = kernel.shape
    product = x @ kernel.transpose(1, 0, 2).reshape(inputs, runs * units)
    return np.ascontiguousarray(product.reshape(len(x), runs, units).transpose(1, 0, 2))


def _evaluate(stack: _BatchedStack, loss: losses.Loss, x: np.ndarray, y: np.ndarray, batch_size: int,
              runs: int) -> np.ndarray:
    """Each run's loss over `x`, `y` in batches (at inference), weighted by batch size, as `fit`'s validation."""
    total = np.zeros(runs)
    for start in range(0, len(x), batch_size):
        x_batch, y_batch = x[start:start + batch_size], y[start:start + batch_size]
        total += np.asarray(loss(y_batch, stack.forward(x_batch, training=False)), dtype=np.float64) * len(x_batch)
    return total / len(x)


def _pair(validation_data: Any) -> tuple[Any, Any]:
    if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
        raise ValueError("`validation_data` must be a tuple `(x_val, y_val)`. "
                         f"Received: {type(validation_data).__name__}")
    return validation_data[0], validation_data[1]


def _check_learning_rates(learning_rates: Sequence[float]) -> np.ndarray:
    rates = np.asarray(learning_rates)
    if rates.ndim != 1 or len(rates) == 0 or not np.issubdtype(rates.dtype, np.number):
        raise ValueError("`learning_rates` must be a non-empty 1-D sequence of numbers. "
                         f"Received: learning_rates with shape {rates.shape} and dtype {rates.dtype}")
    for rate in rates:
        check_real("learning_rates", rate.item(), low=0)
    return rates.astype(backend.floatx())


def _grid(optimizer_kwargs: dict[str, Any]) -> list[dict[str, Any]]:
    """Every combination of the list-valued arguments, the other arguments repeated in each."""
    for name, value in optimizer_kwargs.items():
        if name in ("learning_rate", "lr"):
            raise ValueError(f"The learning rates come from `learning_rates`. Received: {name}={value!r}")
        if isinstance(value, list) and not value:
            raise ValueError(f"A grid argument needs at least one value. Received: {name}=[]")
    names = list(optimizer_kwargs)
    choices = [value if isinstance(value, list) else [value] for value in optimizer_kwargs.values()]
    return [dict(zip(names, combination, strict=True)) for combination in itertools.product(*choices)]


def _make_optimizer(optimizer: str | type, setting: dict[str, Any], lr_per_run: np.ndarray) -> optimizers.Optimizer:
    """A fresh optimizer whose learning rate is a callable returning all K rates, shape (K, 1, 1)."""
    if isinstance(optimizer, str):
        optimizer = type(optimizers.get(optimizer))
    if not (isinstance(optimizer, type) and issubclass(optimizer, optimizers.Optimizer)):
        raise TypeError("`optimizer` must be a name such as 'sgd' or an optimizer class such as "
                        f"minigrad.optimizers.Adam (not an instance). Received: optimizer={optimizer!r}")
    opt = optimizer(**setting)
    if opt.clipnorm is not None or opt.global_clipnorm is not None:
        raise ValueError("`sweep` cannot clip by norm: a norm over the stacked weights would mix the K runs. "
                         f"Received: clipnorm={opt.clipnorm}, global_clipnorm={opt.global_clipnorm}")
    opt.learning_rate = lambda: lr_per_run
    return opt
