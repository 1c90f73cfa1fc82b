"""Losses with their gradients: MAE, MSE and Huber, reduced as Keras reduces them.

Keras first averages the elementwise loss over the last axis (one value per sample),
then over the batch. For a batch of n samples with d outputs each and `e = y_pred - y_true`:

    loss     = sum(elementwise(e)) / (n * d)
    gradient = elementwise'(e) / (n * d)          # dL/dy_pred, same shape as y_pred
"""
from __future__ import annotations

import numpy as np

from minigrad._validation import check_real, unknown_name


def _align(y_true: np.ndarray, y_pred: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Gives a (n,) target the (n, 1) shape of the predictions, as Keras does, instead of
    letting NumPy broadcast (n,) against (n, 1) into an (n, n) loss."""
    y_true = np.asarray(y_true)
    y_pred = np.asarray(y_pred)
    if y_true.ndim == y_pred.ndim - 1 and y_pred.shape[-1] == 1:
        y_true = y_true[..., None]
    elif y_pred.ndim == y_true.ndim - 1 and y_true.shape[-1] == 1:
        y_pred = y_pred[..., None]
    if y_true.shape != y_pred.shape:
        raise ValueError(
            "`y_true` and `y_pred` must have the same shape. "
            f"Received: y_true.shape={y_true.shape}, y_pred.shape={y_pred.shape}"
        )
    return y_true, y_pred


def mean_absolute_error(y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
    """Per-sample MAE: `mean(abs(y_pred - y_true), axis=-1)`."""
    y_true, y_pred = _align(y_true, y_pred)
    return _mean_over_last_axis(np.abs(y_pred - y_true))


def mean_squared_error(y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
    """Per-sample MSE: `mean((y_pred - y_true) ** 2, axis=-1)`."""
    y_true, y_pred = _align(y_true, y_pred)
    return _mean_over_last_axis(np.square(y_pred - y_true))


def _mean_over_last_axis(values: np.ndarray) -> np.ndarray:
    """`np.mean(values, axis=-1)` with the same bits and less overhead: a sum and a division, skipped
    when each sample has a single float value (all the article's models), which is its own mean."""
    if values.ndim > 1 and values.shape[-1] == 1 and values.dtype.kind == "f":
        return values[..., 0]
    return values.sum(axis=-1) / values.shape[-1]


class Loss:
    """A loss: `__call__` gives the batch value, `value_and_gradient` also dL/dy_pred.

    Subclasses write the elementwise loss and its derivative, both functions of `e = y_pred - y_true`.
    """

    name = "loss"

    def elementwise(self, e: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def derivative(self, e: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def __call__(self, y_true: np.ndarray, y_pred: np.ndarray) -> float:
        y_true, y_pred = _align(y_true, y_pred)
        e = y_pred - y_true
        return float(self.elementwise(e).sum() / e.size)

    def value_and_gradient(self, y_true: np.ndarray, y_pred: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Returns `(loss, dL/dy_pred)` for already-aligned arrays of the same shape (fit's hot path)."""
        e = y_pred - y_true
        loss = self.elementwise(e).sum() / e.size
        gradient = self.derivative(e)
        gradient /= e.size
        return loss, gradient

    def get_config(self) -> dict:
        return {"name": self.name}


class MeanAbsoluteError(Loss):
    """`loss = mean(abs(e))`, `gradient = sign(e) / (n * d)`, with `e = y_pred - y_true`.

    The gradient's size does not shrink near the optimum: every step moves the weights by
    about `learning_rate * mean(abs(x))`, which is why the article's SGD(0.1) never settles.
    At `e == 0` the gradient is 0, as TensorFlow's and PyTorch's.

    Example:
    >>> MeanAbsoluteError()(np.array([1.0, 2.0]), np.array([[2.0], [2.0]]))  # (|1| + |0|) / 2
    0.5
    """

    name = "mean_absolute_error"

    def elementwise(self, e: np.ndarray) -> np.ndarray:
        # exercise: mae
        return np.abs(e)
        # end exercise

    def derivative(self, e: np.ndarray) -> np.ndarray:
        # exercise: mae
        return np.sign(e)
        # end exercise


class MeanSquaredError(Loss):
    """`loss = mean(e ** 2)`, `gradient = 2 * e / (n * d)`, with `e = y_pred - y_true`.

    Example:
    >>> MeanSquaredError()(np.array([[0.0], [0.0]]), np.array([[1.0], [3.0]]))  # (1 + 9) / 2
    5.0
    """

    name = "mean_squared_error"

    def elementwise(self, e: np.ndarray) -> np.ndarray:
        # exercise: mse
        return e * e
        # end exercise

    def derivative(self, e: np.ndarray) -> np.ndarray:
        # exercise: mse
        return 2 * e
        # end exercise


class Huber(Loss):
    """Quadratic near zero, linear beyond `delta`: `0.5 * e**2` if `|e| <= delta`, else
    `delta * |e| - 0.5 * delta**2`; `gradient = clip(e, -delta, delta) / (n * d)`.

    Args:
        delta: where the loss turns from quadratic to linear, > 0 (default 1.0).

    Example:
    >>> Huber()(np.array([[0.0], [0.0]]), np.array([[0.5], [3.0]]))  # (0.125 + 2.5) / 2
    1.3125
    """

    name = "huber_loss"

    def __init__(self, delta: float = 1.0) -> None:
        self.delta = check_real("delta", delta, low=0, low_open=True)

    def elementwise(self, e: np.ndarray) -> np.ndarray:
        # exercise: huber
        abs_e = np.abs(e)
        return np.where(abs_e <= self.delta, 0.5 * e * e, self.delta * abs_e - 0.5 * self.delta**2)
        # end exercise

    def derivative(self, e: np.ndarray) -> np.ndarray:
        # exercise: huber
        return np.clip(e, -self.delta, self.delta)
        # end exercise

    def get_config(self) -> dict:
        return {"name": self.name, "delta": self.delta}


_LOSSES = {
    "mae": MeanAbsoluteError,
    "mean_absolute_error": MeanAbsoluteError,
    "mse": MeanSquaredError,
    "mean_squared_error": MeanSquaredError,
    "huber": Huber,
    "huber_loss": Huber,
}


def get(identifier: str | Loss) -> Loss:
    """Returns a loss object for a Keras name (`"mae"`, `"mse"`, `"huber"`, ...) or a `Loss`."""
    if isinstance(identifier, Loss):
        return identifier
    if isinstance(identifier, str) and identifier in _LOSSES:
        return _LOSSES[identifier]()
    raise unknown_name("loss", identifier, _LOSSES)
