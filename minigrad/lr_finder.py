"""The learning-rate range test: raise the learning rate batch by batch and watch the loss.

The loss first does not move (rate too small), then falls faster and faster, then explodes (rate too
large). A good learning rate sits where the loss falls fastest, a little before the bottom of the curve.

    learning_rates[i] = start_lr * (end_lr / start_lr) ** (i / (num_steps - 1))
    average = smoothing * average + (1 - smoothing) * loss[i]
    smoothed[i] = average / (1 - smoothing ** (i + 1))       # bias-corrected, as Adam's moments
    stop when smoothed[i] > diverge_threshold * min(smoothed[:i + 1])

Reference: Smith, "Cyclical Learning Rates for Training Neural Networks", 2015
(arXiv:1506.01186); the smoothing, stopping rule and "valley" suggestion are fastai's.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from minigrad import backend
from minigrad._validation import as_data, check_positive_int, check_real


@dataclass
class LRFinderResult:
    """What `find_lr` returns.

    Attributes:
        learning_rates: the rate of each step that ran (fewer than `num_steps` if it stopped early).
        losses: the loss of each step's batch, before its update.
        smoothed_losses: their bias-corrected exponential moving average.
        suggestion: the rate where the smoothed loss falls fastest against log(learning rate).
        valley: fastai's rule: halfway along the longest stretch where the smoothed loss keeps falling.
    """

    learning_rates: np.ndarray
    losses: np.ndarray
    smoothed_losses: np.ndarray
    suggestion: float
    valley: float

    def plot(self, **kwargs: Any) -> Any:
        """The smoothed loss against the learning rate (log scale), with both suggestions marked."""
        from minigrad.plotting.lr_tools import plot_lr_finder

        return plot_lr_finder(self, **kwargs)


def find_lr(model: Any, x: Any, y: Any, start_lr: float = 1e-7, end_lr: float = 10, num_steps: int = 100,
            batch_size: int = 32, smoothing: float = 0.98, diverge_threshold: float = 4.0,
            shuffle: bool = True) -> LRFinderResult:
    """Runs the range test with the model's compiled loss and optimizer, then puts everything back.

    Step i trains on the next batch as `fit` does at exactly `learning_rates[i]` (`decay=` is switched off);
    afterwards the weights, the optimizer's state, learning rate and decay are restored. As fastai, both
    suggestions ignore the first tenth of the steps and the last five, when enough steps ran.

    Args:
        model: a compiled `Sequential` whose optimizer has a numeric learning rate (not a schedule).
        x, y: training data, as for `fit`.
        start_lr: the first rate, > 0; default 1e-7.
        end_lr: the last rate, > start_lr; default 10.
        num_steps: number of batches (at least 2); default 100.
        batch_size: samples per batch; default 32.
        smoothing: in [0, 1), the moving average's weight on the past; default 0.98.
        diverge_threshold: stop when the smoothed loss exceeds this times its minimum, > 1; default 4.
        shuffle: reshuffle the data on each pass with minigrad's generator; default True.

    Returns:
        An `LRFinderResult`.

    Example:
    >>> import minigrad as keras
    >>> model = keras.Sequential([keras.Input(1), keras.layers.Dense(1)])
    >>> model.compile(optimizer="sgd", loss="mse")
    >>> x = np.linspace(-1, 1, 64); before = model.get_weights()
    >>> result = find_lr(model, x, 2 * x + 1, start_lr=1e-3, end_lr=10, num_steps=40)
    >>> 1e-3 <= result.suggestion <= 10, all(np.array_equal(a, b) for a, b in zip(before, model.get_weights()))
    (True, True)
    """
    start_lr = check_real("start_lr", start_lr, low=0, low_open=True)
    end_lr = check_real("end_lr", end_lr, low=start_lr, low_open=True)
    num_steps = check_positive_int("num_steps", num_steps)
    if num_steps < 2:
        raise ValueError(f"`num_steps` must be at least 2 to make a ramp. Received: num_steps={num_steps}")
    batch_size = check_positive_int("batch_size", batch_size)
    smoothing = check_real("smoothing", smoothing, low=0, high=1, high_open=True)
    diverge_threshold = check_real("diverge_threshold", diverge_threshold, low=1, low_open=True)
    optimizer = model.optimizer
    if optimizer is None:
        raise RuntimeError("You must call `compile()` before `find_lr()`: it uses the compiled loss and optimizer.")
    configured_rate = optimizer.get_config()["learning_rate"]
    if not isinstance(configured_rate, (int, float)):
        raise ValueError("`find_lr` sets the learning rate batch by batch, so the optimizer needs a numeric "
                         f"learning rate. Received: learning_rate={configured_rate!r}")
    x, y = as_data(x, y)
    if not model.built:
        model.build(x.shape[1:])
    learning_rates = start_lr * (end_lr / start_lr) ** (np.arange(num_steps) / (num_steps - 1))
    weights, state, learning_rate, decay = (model.get_weights(), optimizer.get_state(),
                                            float(optimizer.learning_rate), optimizer.decay)
    losses: list[float] = []
    smoothed: list[float] = []
    average = 0.0
    optimizer.decay = 0.0
    try:
        with np.errstate(over="ignore", invalid="ignore"):
            for step, (x_batch, y_batch) in enumerate(_batches(x, y, batch_size, num_steps, shuffle)):
                optimizer.learning_rate = learning_rates[step]
                model.reset_metrics()
                logs = model.train_on_batch(x_batch, y_batch)
                losses.append(logs[0] if isinstance(logs, list) else logs)
                average = smoothing * average + (1 - smoothing) * losses[-1]
                smoothed.append(average / (1 - smoothing ** (step + 1)))
                if not np.isfinite(smoothed[-1]) or smoothed[-1] > diverge_threshold * min(smoothed):
                    break
    finally:
        model.set_weights(weights)
        optimizer.set_state(state)
        optimizer.learning_rate = learning_rate
        optimizer.decay = decay
    rates, smoothed_array = learning_rates[:len(losses)], np.array(smoothed)
    kept = slice(num_steps // 10, -5) if len(losses) > num_steps // 10 + 7 else slice(None)
    return LRFinderResult(rates, np.array(losses), smoothed_array,
                          steepest(rates[kept], smoothed_array[kept]), valley(rates[kept], smoothed_array[kept]))


def steepest(learning_rates: np.ndarray, losses: np.ndarray) -> float:
    """The rate where `losses` falls fastest against `log(learning_rate)` (finite values only).

    Example:
    >>> float(steepest(np.array([0.01, 0.1, 1.0, 10.0]), np.array([5.0, 4.0, 1.0, 3.0])))
    0.1
    """
    slopes = np.diff(losses) / np.diff(np.log(learning_rates))
    if len(slopes) == 0 or not np.isfinite(slopes).any():
        return float(learning_rates[0])
    return float(learning_rates[np.nanargmin(np.where(np.isfinite(slopes), slopes, np.nan))])


def valley(learning_rates: np.ndarray, losses: np.ndarray) -> float:
    """fastai's valley: the point about halfway along the longest (not necessarily contiguous) run of
    ever-lower losses. With `length[i] = 1 + max(length[j] for j < i if losses[j] > losses[i])` (1 if
    none) and `end` the first point of greatest length:

        start = end - length[end]
        index = start + int((end - start) / 3) + int((end - start) / 6)

    Example:
    >>> rates = np.array([1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0])
    >>> float(valley(rates, np.array([9.0, 8.0, 7.0, 5.0, 2.0, 1.0, 6.0])))  # start -1, end 5: index 2
    0.001
    """
    length = np.ones(len(losses), dtype=int)
    for i in range(1, len(losses)):
        earlier = length[:i][losses[:i] > losses[i]]
        if len(earlier):
            length[i] = earlier.max() + 1
    end = int(np.argmax(length))
    start = end - length[end]
    index = start + int((end - start) / 3) + int((end - start) / 6)
    return float(learning_rates[max(index, 0)])


def _batches(x: np.ndarray, y: np.ndarray, batch_size: int, count: int, shuffle: bool):
    """`count` batches, cycling through the data; a fresh permutation on each pass if `shuffle`."""
    produced = 0
    while True:
        order = backend.rng().permutation(len(x)) if shuffle else np.arange(len(x))
        for start in range(0, len(x), batch_size):
            if produced == count:
                return
            rows = order[start:start + batch_size]
            yield x[rows], y[rows]
            produced += 1
