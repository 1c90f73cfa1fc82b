"""Reproducibility and a finite-difference gradient check."""
from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import numpy as np

from minigrad import backend
from minigrad._download import get_file as get_file


def set_random_seed(seed: int) -> None:
    """Seeds Python's `random`, NumPy's global generator and minigrad's own: the same seed, the same run.

    Args:
        seed: a non-negative integer.

    Example:
    >>> import minigrad as keras
    >>> keras.utils.set_random_seed(0)
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"`seed` must be a non-negative integer. Received: seed={seed!r}")
    random.seed(int(seed))
    np.random.seed(int(seed) % 2**32)
    backend._set_rng(np.random.default_rng(int(seed)))


def numerical_gradient(f: Callable[[], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central finite differences of the scalar `f()` with respect to the array `x` (nudged in place, then restored).

    `grad[i] = (f(x + eps*e_i) - f(x - eps*e_i)) / (2 * eps)`; use float64: float32 has too few digits for this.

    Args:
        f: a function of no arguments that reads `x` and returns a scalar.
        x: the array to differentiate against.
        eps: the step.

    Returns:
        An array shaped like `x`.

    Example:
    >>> x = np.array([3.0])
    >>> float(numerical_gradient(lambda: float((x ** 2).sum()), x)[0])  # d(x^2)/dx = 2x
    6.0...
    """
    grad = np.zeros_like(x, dtype=np.float64)
    flat, grad_flat = x.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        original = flat[i]
        flat[i] = original + eps
        f_plus = f()
        flat[i] = original - eps
        f_minus = f()
        flat[i] = original
        grad_flat[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def to_categorical(y: Any, num_classes: int | None = None) -> np.ndarray:
    """One-hot rows for integer class labels, as `keras.utils.to_categorical` gives them (float32).

    Args:
        y: class labels from 0 to `num_classes - 1`, of shape (n,) or (n, 1).
        num_classes: the number of classes; default `max(y) + 1`.

    Returns:
        A float32 array of shape (n, num_classes) (more leading axes if `y` has them).

    Example:
    >>> to_categorical([0, 2, 1])
    array([[1., 0., 0.],
           [0., 0., 1.],
           [0., 1., 0.]], dtype=float32)
    """
    labels = np.asarray(y)
    if labels.ndim > 1 and labels.shape[-1] == 1:
        labels = labels[..., 0]
    if labels.size and (not np.all(labels == np.round(labels)) or labels.min() < 0):
        raise ValueError("`y` must hold non-negative integer class labels. "
                         f"Received: y with values {np.unique(labels)[:10]}")
    labels = labels.astype(np.int64)
    if num_classes is None:
        num_classes = int(labels.max()) + 1 if labels.size else 0
    elif isinstance(num_classes, bool) or not isinstance(num_classes, (int, np.integer)) or \
            labels.size and num_classes <= labels.max():
        raise ValueError(f"`num_classes` must be an int greater than every label (max {labels.max()}). "
                         f"Received: num_classes={num_classes!r}")
    return np.eye(num_classes, dtype=np.float32)[labels]
