"""Train K copies of a model at once, one per learning rate, in one batched NumPy computation.

Every weight gets a leading K axis (a Dense kernel `(in, out)` becomes `(K, in, out)`, its bias
`(K, 1, out)`) and `Dense`'s formulas broadcast over K (all runs see the same batch `x`):

    z = a @ kernel + bias                              # (n, in) @ (K, in, out) -> (K, n, out)
    d_kernel = swapaxes(a, -1, -2) @ dz                # (K, in, out)
    d_bias = dz.sum(axis=-2, keepdims=True)            # (K, 1, out)
    da = dz @ swapaxes(kernel, -1, -2)                 # (K, n, in); not needed for the first layer

The update is the optimizer's own `apply` with a learning rate of shape `(K, 1, 1)`: every
`update_step` is elementwise, so run k moves exactly as `fit` at `learning_rates[k]` would.
"""
from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from minigrad import backend, losses, optimizers, utils
from minigrad._validation import as_data, check_positive_int, check_real
from minigrad.layers import Dense
from minigrad.optimizers.schedules.epoch_function import checked_learning_rate, takes_learning_rate


@dataclass
class SweepResult:
    """What `sweep` returns: run k used `learning_rates[k]`, `seeds[k]` and `hyperparameters[name][k]`.

    Attributes:
        learning_rates: shape (K,).
        hyperparameters: the grid arguments (`{"momentum": array of shape (K,)}`); empty without a grid.
        history: `loss` (and `val_loss` with validation data), each of shape (K, epochs).
        weights: like `model.get_weights()`, each array with a leading K axis.
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
        model: a `Sequential` of `Dense` layers (built, or built here from `x`).
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
    if not model.built:
        model.build(x.shape[1:])
    if not all(isinstance(layer, Dense) for layer in model.layers):
        raise ValueError("`sweep` trains stacks of Dense layers. Received: a model with layers "
                         f"{[type(layer).__name__ for layer in model.layers]}")
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
                x_batch, y_batch = x_epoch[..., begin:begin + batch_size, :], y_epoch[..., begin:begin + batch_size, :]
                value, grad = loss.value_and_gradient(y_batch, stack.forward(x_batch))
                total += value.astype(np.float64) * x_batch.shape[-2]
                grads = stack.backward(grad)
                for opt, block in zip(optimizer_per_setting, blocks, strict=True):
                    opt.apply([g[block] for g in grads], [v[block] for v in variables])
            history["loss"].append(total / n)
            if validation_data is not None:
                history["val_loss"].append(_evaluate(stack, loss, *validation_data, batch_size))
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
    """The weights `utils.set_random_seed(seed)` then building `model` would draw, and the generator after them."""
    utils.set_random_seed(seed)
    weights = []
    for layer in model.layers:
        weights.append(layer.kernel_initializer(layer.kernel.shape, layer.kernel.dtype))
        if layer.use_bias:
            weights.append(layer.bias_initializer(layer.bias.shape, layer.bias.dtype))
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


class _BatchedStack:
    """The model's Dense layers with weights carrying a leading K axis: `Dense`'s math, batched."""

    def __init__(self, layers: Sequence[Any], variables: list[np.ndarray]) -> None:
        weights = iter(variables)  # kernel, then bias if the layer has one, as `get_weights` lists them
        self.layers = [(next(weights), next(weights) if layer.use_bias else None, layer.activation)
                       for layer in layers]

    def forward(self, x: np.ndarray) -> np.ndarray:
        """`a = activation(a @ kernel + bias)` layer after layer; keeps what `backward` needs."""
        self._cache = []
        a = x
        for kernel, bias, activation in self.layers:
            z = np.matmul(a, kernel) if a.ndim == 3 else _shared_matmul(a, kernel)
            if bias is not None:
                z += bias
            y = activation.function(z)
            self._cache.append((a, z, y))
            a = y
        return a

    def backward(self, dy: np.ndarray) -> list[np.ndarray]:
        """The gradients of every variable (in `get_weights` order) from `dy` = dL/d_output."""
        grads: list[np.ndarray] = []
        for (kernel, bias, activation), (a, z, y) in zip(reversed(self.layers), reversed(self._cache), strict=True):
            dz = activation.backward(dy, z, y)
            if bias is not None:
                grads.append(dz.sum(axis=-2, keepdims=True))
            grads.append(np.matmul(np.swapaxes(a, -1, -2), dz))
            if a.ndim == 3:
                dy = np.matmul(dz, np.swapaxes(kernel, -1, -2))
        return grads[::-1]


def _shared_matmul(x: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """`np.matmul(x, kernel)` when every run shares the input `x` (the data): one 2-D product
    `x @ [kernel_1, ..., kernel_K]` instead of K small ones, rearranged to (K, n, units)."""
    runs, inputs, units = kernel.shape
    product = x @ kernel.transpose(1, 0, 2).reshape(inputs, runs * units)
    return np.ascontiguousarray(product.reshape(len(x), runs, units).transpose(1, 0, 2))


def _evaluate(stack: _BatchedStack, loss: losses.Loss, x: np.ndarray, y: np.ndarray, batch_size: int) -> np.ndarray:
    """Each run's loss over `x`, `y` in batches, weighted by batch size, as `fit`'s validation."""
    total = np.zeros(len(stack.layers[0][0]))
    for start in range(0, len(x), batch_size):
        x_batch, y_batch = x[start:start + batch_size], y[start:start + batch_size]
        total += np.asarray(loss(y_batch, stack.forward(x_batch)), dtype=np.float64) * len(x_batch)
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
