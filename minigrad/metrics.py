"""Metrics: running means over an epoch, as Keras's `Mean`-based metrics.

A metric's value after several batches is the mean over every sample seen so far:
`total / count`, where each batch adds the sum of its per-sample values and its size.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from minigrad import losses
from minigrad._validation import unknown_name


class Mean:
    """The weighted running mean `total / count`.

    Example:
    >>> m = Mean(); m.update_state(2.0, weight=3); m.update_state(6.0, weight=1); m.result()
    3.0
    """

    def __init__(self, name: str = "mean") -> None:
        self.name = name
        self.reset_state()

    def reset_state(self) -> None:
        self.total = 0.0
        self.count = 0.0

    def update_state(self, value: float, weight: float = 1.0) -> None:
        self.total += float(value) * weight
        self.count += weight

    def result(self) -> float:
        return self.total / self.count if self.count else 0.0


class MeanMetricWrapper(Mean):
    """The running mean of a per-sample function such as `losses.mean_absolute_error`.

    Example:
    >>> m = MeanMetricWrapper(losses.mean_absolute_error, name="mae")
    >>> m.update_state(np.array([[1.0], [2.0]]), np.array([[1.5], [2.0]])); m.result()
    0.25
    """

    def __init__(self, fn: Callable[[np.ndarray, np.ndarray], np.ndarray], name: str) -> None:
        super().__init__(name)
        self.fn = fn

    def update_state(self, y_true: np.ndarray, y_pred: np.ndarray) -> None:
        per_sample = self.fn(y_true, y_pred)
        self.total += float(per_sample.sum())
        self.count += per_sample.size


_METRICS = {
    "mae": losses.mean_absolute_error,
    "mean_absolute_error": losses.mean_absolute_error,
    "mse": losses.mean_squared_error,
    "mean_squared_error": losses.mean_squared_error,
}


def get(identifier: str) -> MeanMetricWrapper:
    """Returns a fresh metric for a Keras name (`"mae"`, `"mse"`, ...); its history key is that name."""
    if isinstance(identifier, str) and identifier in _METRICS:
        return MeanMetricWrapper(_METRICS[identifier], name=identifier)
    raise unknown_name("metric", identifier, _METRICS)
