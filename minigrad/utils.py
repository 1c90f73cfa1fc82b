"""Reproducibility and a finite-difference gradient check."""
from __future__ import annotations

import random
from typing import Callable

import numpy as np

from minigrad import backend


def set_random_seed(seed: int) -> None:
    """Seeds Python's `random`, NumPy's global generator and minigrad's own generator.

    The same seed gives the same initial weights and the same shuffling order,
    so two runs are bit-identical.

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
    """Central finite differences of the scalar `f()` with respect to the array `x`, changed in place.

    Each element is nudged by `+eps` and `-eps`, and
    `grad[i] = (f(x + eps*e_i) - f(x - eps*e_i)) / (2 * eps)`; `x` is restored afterwards.
    Use float64 (`backend.set_floatx("float64")`): float32 has too few digits for this.

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
