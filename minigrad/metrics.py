"""Metrics: running means over an epoch, as Keras's `Mean`-based metrics, and the accuracies.

A metric's value after several batches is the mean over every sample seen so far:
`total / count`, where each batch adds the sum of its per-sample values and its size.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from minigrad import losses
from minigrad._validation import unknown_name


class Metric:
    """A running mean `total / count` under a `name`: what Keras logs for the loss and each metric.

    Subclasses add to `total` and `count` in `update_state`; `reset_state` starts afresh.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.reset_state()

    def reset_state(self) -> None:
        self.total = 0.0
        self.count = 0.0

    def result(self) -> float:
        return self.total / self.count if self.count else 0.0


class Mean(Metric):
    """The weighted running mean `total / count`.

    Example:
    >>> m = Mean(); m.update_state(2.0, weight=3); m.update_state(6.0, weight=1); m.result()
    3.0
    """

    def __init__(self, name: str = "mean") -> None:
        super().__init__(name)

    def update_state(self, value: float | np.ndarray, weight: float = 1.0) -> None:
        self.total += float(value) * weight
        self.count += weight


class MeanMetricWrapper(Metric):
    """The running mean of a per-sample function such as `losses.mean_absolute_error`.

    `direction` says which way is better, as Keras 3's metrics do: `"up"` for an accuracy, `"down"` for an
    error or a cross-entropy (callbacks watching the metric with `mode="auto"` read it).

    Example:
    >>> m = MeanMetricWrapper(losses.mean_absolute_error, name="mae")
    >>> m.update_state(np.array([[1.0], [2.0]]), np.array([[1.5], [2.0]])); m.result()
    0.25
    """

    def __init__(self, fn: Callable[[np.ndarray, np.ndarray], np.ndarray], name: str, direction: str = "down") -> None:
        super().__init__(name)
        self.fn = fn
        self.direction = direction

    def update_state(self, y_true: np.ndarray, y_pred: np.ndarray) -> None:
        per_sample = self.fn(y_true, y_pred)
        self.total += float(per_sample.sum())
        self.count += per_sample.size


def binary_accuracy(y_true: np.ndarray, y_pred: np.ndarray, threshold: float = 0.5) -> np.ndarray:
    """Per sample: the fraction of outputs where `y_pred > threshold` equals the 0/1 target."""
    y_true, y_pred = losses.align(y_true, y_pred)
    return (y_true == (y_pred > threshold)).mean(axis=-1)


def categorical_accuracy(y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
    """Per sample: 1 if the most probable class is the one-hot target's class, else 0."""
    return (np.argmax(y_true, axis=-1) == np.argmax(y_pred, axis=-1)).astype(float)


def sparse_categorical_accuracy(y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
    """Per sample: 1 if the most probable class is the integer label, `(n,)` or `(n, 1)`, else 0."""
    labels = np.asarray(y_true).reshape(len(y_pred))
    return (labels == np.argmax(y_pred, axis=-1)).astype(float)


def accuracy(y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
    """What Keras's `metrics=["accuracy"]` means, chosen from the shapes as Keras chooses it:
    binary accuracy for one output, sparse categorical for class-index targets, else categorical.

    Example:
    >>> accuracy(np.array([2, 0]), np.array([[0.1, 0.2, 0.7], [0.2, 0.5, 0.3]]))  # class indices: sparse
    array([1., 0.])
    """
    y_true = np.asarray(y_true)
    if y_pred.shape[-1] == 1:
        return binary_accuracy(y_true, y_pred)
    if y_true.ndim < y_pred.ndim or y_true.shape[-1] == 1:
        return sparse_categorical_accuracy(y_true, y_pred)
    return categorical_accuracy(y_true, y_pred)


class SparseCategoricalAccuracy(MeanMetricWrapper):
    """`metrics=[keras.metrics.SparseCategoricalAccuracy()]`, as Keras 3's guides write it: the running mean of
    `sparse_categorical_accuracy` (1 where the most probable class is the integer label), logged as
    `sparse_categorical_accuracy` unless `name` says otherwise.

    Example:
    >>> m = SparseCategoricalAccuracy()
    >>> m.update_state(np.array([2, 0]), np.array([[0.1, 0.2, 0.7], [0.2, 0.5, 0.3]])); m.name, m.result()
    ('sparse_categorical_accuracy', 0.5)
    """

    def __init__(self, name: str = "sparse_categorical_accuracy") -> None:
        super().__init__(sparse_categorical_accuracy, name=name, direction="up")


_METRICS = {
    "mae": losses.mean_absolute_error, "mean_absolute_error": losses.mean_absolute_error,
    "mse": losses.mean_squared_error, "mean_squared_error": losses.mean_squared_error,
    "accuracy": accuracy, "acc": accuracy,
    "binary_accuracy": binary_accuracy,
    "categorical_accuracy": categorical_accuracy,
    "sparse_categorical_accuracy": sparse_categorical_accuracy,
    "categorical_crossentropy": losses.categorical_crossentropy,
    "sparse_categorical_crossentropy": losses.sparse_categorical_crossentropy,
    "binary_crossentropy": losses.binary_crossentropy,
}


_ACCURACIES = (accuracy, binary_accuracy, categorical_accuracy, sparse_categorical_accuracy)


def get(identifier: str | MeanMetricWrapper) -> MeanMetricWrapper:
    """Returns a fresh metric for a Keras name (`"mae"`, `"accuracy"`, ...), whose history key is that name, or
    the metric object given (such as `SparseCategoricalAccuracy()`), logged under its `name`."""
    if isinstance(identifier, MeanMetricWrapper):
        return identifier
    if isinstance(identifier, str) and identifier in _METRICS:
        fn = _METRICS[identifier]
        return MeanMetricWrapper(fn, name=identifier, direction="up" if fn in _ACCURACIES else "down")
    raise unknown_name("metric", identifier, _METRICS)
