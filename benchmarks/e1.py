"""Benchmark 1: the article's E1 with minigrad's `fit` against a bare NumPy loop doing the same math.

E1 learns f(x) = x with `Dense(1, use_bias=False)`: `X = np.arange(100)`, train on `X[:80]`
(80 samples, batches of 32, 32 and 16), validate on `X[80:]` after every epoch, SGD(0.1), MAE
loss, the `mae` metric, 100 epochs (300 updates), and a `LambdaCallback` that records W.

The bare loop is the floor for any NumPy implementation: the same float32 arithmetic in the
same order, with nothing else (no objects, no checks, no callbacks), and the fastest idioms
(`a.sum() / a.size` rather than `a.mean()`, which costs a few microseconds more per call on
tiny arrays and gives the same float32 bits). Before timing, both run
from the same initial weight and the same shuffling generator, and the table says whether
their histories and recorded weights agree.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from benchmarks.harness import Candidate, Result, Settings, measure

TITLE = "E1: minigrad fit vs a bare NumPy loop"
X = np.arange(100)
LEARNING_RATE = 0.1
BATCH_SIZE = 32


def epochs_for(settings: Settings) -> int:
    return 5 if settings.quick else 100


def minigrad_e1(epochs: int, seed: int = 0) -> tuple[Any, list[float], Any]:
    """The article's E1 code with `import minigrad as keras`: returns `(model, all_weights, fit)` before fitting."""
    import minigrad as keras
    from minigrad.callbacks import LambdaCallback

    keras.utils.set_random_seed(seed)
    model = keras.models.Sequential([keras.layers.Input(1), keras.layers.Dense(1, use_bias=False)])
    all_weights: list[float] = []
    save_weights = LambdaCallback(
        on_epoch_end=lambda batch, logs: all_weights.append(model.layers[0].get_weights()[0][0][0]))
    model.compile(loss="mae", optimizer=keras.optimizers.SGD(LEARNING_RATE), metrics=["mae"])

    def fit():
        return model.fit(X[:80], X[:80], epochs=epochs, validation_data=(X[80:], X[80:]),
                         callbacks=[save_weights], verbose=0)

    return model, all_weights, fit


def numpy_e1(kernel: np.ndarray, rng: np.random.Generator, epochs: int,
             metric_apart: bool = False) -> tuple[dict[str, list[float]], list[float]]:
    """E1 as a bare NumPy loop from `kernel` (1, 1): returns the fit history and W after each epoch.

    The `mae` metric reuses the loss's `abs(error)`, unless `metric_apart`: then it is computed from
    the predictions on its own, as Keras (and minigrad) compute a compiled metric.
    """
    x = X[:80, None].astype(np.float32)
    y = x.copy()
    x_val = X[80:, None].astype(np.float32)
    y_val = x_val.copy()
    kernel = kernel.astype(np.float32)
    lr = np.float32(LEARNING_RATE)
    n = len(x)
    history: dict[str, list[float]] = {"loss": [], "mae": [], "val_loss": [], "val_mae": []}
    weights = []
    for _ in range(epochs):
        order = rng.permutation(n)
        x_epoch, y_epoch = x[order], y[order]
        loss_sum = mae_sum = 0.0
        for start in range(0, n, BATCH_SIZE):
            x_batch, y_batch = x_epoch[start:start + BATCH_SIZE], y_epoch[start:start + BATCH_SIZE]
            y_pred = x_batch @ kernel
            error = y_pred - y_batch
            abs_error = np.abs(error)
            loss_sum += float(abs_error.sum() / error.size) * len(x_batch)
            mae_sum += float((np.abs(y_pred - y_batch) if metric_apart else abs_error).sum())
            kernel -= lr * (x_batch.T @ (np.sign(error) / error.size))
        y_val_pred = x_val @ kernel
        val_abs_error = np.abs(y_val_pred - y_val)
        val_metric_error = np.abs(y_val_pred - y_val) if metric_apart else val_abs_error
        history["loss"].append(loss_sum / n)
        history["mae"].append(mae_sum / n)
        history["val_loss"].append(float(val_abs_error.sum() / val_abs_error.size))
        history["val_mae"].append(float(val_metric_error.sum()) / len(x_val))
        weights.append(kernel[0, 0].copy())
    return history, weights


def agreement(epochs: int, metric_apart: bool = False) -> str:
    """Runs minigrad and the bare loop from the same start and shuffling; says how far apart they end."""
    import minigrad as keras

    model, all_weights, fit = minigrad_e1(epochs)
    rng = np.random.default_rng()
    rng.bit_generator.state = keras.backend.rng().bit_generator.state
    numpy_history, numpy_weights = numpy_e1(model.get_weights()[0], rng, epochs, metric_apart)
    history = fit().history
    pairs = [(np.array(history[key]), np.array(numpy_history[key])) for key in numpy_history]
    pairs.append((np.array(all_weights), np.array(numpy_weights)))
    if all(np.array_equal(a, b) for a, b in pairs):
        return "minigrad and the bare loop give bit-identical histories and weights."
    worst = max(float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-30))) for a, b in pairs)
    return f"minigrad and the bare loop differ: largest relative difference {worst:.2e}."


def minigrad_candidate(settings: Settings) -> Candidate:
    return Candidate("minigrad fit", lambda: minigrad_e1(epochs_for(settings))[2])


def numpy_candidate(settings: Settings, metric_apart: bool = False) -> Candidate:
    def prepare():
        kernel = np.random.default_rng(0).uniform(-1.7, 1.7, (1, 1)).astype(np.float32)
        return lambda: numpy_e1(kernel, np.random.default_rng(0), epochs_for(settings), metric_apart)

    return Candidate("bare NumPy loop, metric apart" if metric_apart else "bare NumPy loop", prepare)


def run(settings: Settings) -> Result:
    epochs = epochs_for(settings)
    candidates = [minigrad_candidate(settings), numpy_candidate(settings), numpy_candidate(settings, True)]
    timings = measure(candidates, settings.repeats, quiet=settings.quiet)
    notes = [f"{epochs} epochs of 3 batches (300 updates at 100 epochs), validation every epoch, "
             "W recorded by a LambdaCallback; target: minigrad within 2x of the bare loop.",
             "*metric apart*: the bare loop computing the `mae` metric from the predictions on its own, "
             "as Keras and minigrad do, instead of reusing the loss's `abs(error)`.",
             agreement(epochs), agreement(epochs, metric_apart=True).replace("the bare loop", "the metric-apart loop")]
    return Result(TITLE, "bare NumPy loop", timings, notes)
