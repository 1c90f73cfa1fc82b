"""Weight initializers, by Keras name: `glorot_uniform` (Dense's default kernel), `zeros`, ..."""
from __future__ import annotations

import math
from typing import Callable

import numpy as np

from minigrad import backend
from minigrad._validation import unknown_name

Initializer = Callable[[tuple[int, ...], str], np.ndarray]


def _fans(shape: tuple[int, ...]) -> tuple[int, int]:
    if len(shape) == 1:
        return shape[0], shape[0]
    return shape[0], shape[1]


def glorot_uniform(shape: tuple[int, ...], dtype: str | None = None) -> np.ndarray:
    """Uniform in [-limit, limit] with `limit = sqrt(6 / (fan_in + fan_out))` (Glorot & Bengio, 2010).

    For the article's 1x1 kernel the limit is sqrt(3), about 1.732.

    Example:
    >>> w = glorot_uniform((200, 300))
    >>> bool(abs(w).max() <= math.sqrt(6 / 500))
    True
    """
    fan_in, fan_out = _fans(shape)
    limit = math.sqrt(6.0 / (fan_in + fan_out))
    return backend.rng().uniform(-limit, limit, size=shape).astype(dtype or backend.floatx())


def glorot_normal(shape: tuple[int, ...], dtype: str | None = None) -> np.ndarray:
    """Truncated normal (at 2 standard deviations) with `stddev = sqrt(2 / (fan_in + fan_out))`."""
    fan_in, fan_out = _fans(shape)
    stddev = math.sqrt(2.0 / (fan_in + fan_out)) / 0.87962566103423978
    return _truncated_normal(shape, stddev).astype(dtype or backend.floatx())


def he_uniform(shape: tuple[int, ...], dtype: str | None = None) -> np.ndarray:
    """Uniform in [-limit, limit] with `limit = sqrt(6 / fan_in)` (He et al., 2015)."""
    limit = math.sqrt(6.0 / _fans(shape)[0])
    return backend.rng().uniform(-limit, limit, size=shape).astype(dtype or backend.floatx())


def zeros(shape: tuple[int, ...], dtype: str | None = None) -> np.ndarray:
    """All zeros (Dense's default bias)."""
    return np.zeros(shape, dtype=dtype or backend.floatx())


def ones(shape: tuple[int, ...], dtype: str | None = None) -> np.ndarray:
    """All ones."""
    return np.ones(shape, dtype=dtype or backend.floatx())


def _truncated_normal(shape: tuple[int, ...], stddev: float) -> np.ndarray:
    values = backend.rng().normal(0.0, stddev, size=shape)
    outside = np.abs(values) > 2 * stddev
    while outside.any():
        values[outside] = backend.rng().normal(0.0, stddev, size=int(outside.sum()))
        outside = np.abs(values) > 2 * stddev
    return values


_INITIALIZERS: dict[str, Initializer] = {
    "glorot_uniform": glorot_uniform,
    "glorot_normal": glorot_normal,
    "he_uniform": he_uniform,
    "zeros": zeros,
    "ones": ones,
}


def get(identifier: str | Initializer) -> Initializer:
    """Returns the initializer named `identifier` (or `identifier` itself if it is callable)."""
    if callable(identifier):
        return identifier
    if isinstance(identifier, str) and identifier in _INITIALIZERS:
        return _INITIALIZERS[identifier]
    raise unknown_name("initializer", identifier, _INITIALIZERS)
