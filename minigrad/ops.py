"""The `keras.ops` functions that learning-rate code calls (`lr * ops.exp(-0.1)`, `ops.cos(math.pi * t)`), as NumPy's.

Example:
>>> float(0.01 * exp(-0.1))
0.009048374180359595
"""
from __future__ import annotations

from typing import Any

import numpy as np

abs = np.abs  # noqa: A001  (Keras's name)
exp = np.exp
log = np.log
sqrt = np.sqrt
square = np.square
cos = np.cos
sin = np.sin
tanh = np.tanh
power = np.power
floor = np.floor
ceil = np.ceil
round = np.round  # noqa: A001  (Keras's name)
minimum = np.minimum
maximum = np.maximum
clip = np.clip
where = np.where
mean = np.mean
sum = np.sum  # noqa: A001  (Keras's name)
max = np.max  # noqa: A001  (Keras's name)
min = np.min  # noqa: A001  (Keras's name)
arange = np.arange
linspace = np.linspace


def convert_to_tensor(x: Any, dtype: str | None = None) -> np.ndarray:
    """`x` as a NumPy array (of `dtype` if given), Keras's `ops.convert_to_tensor`."""
    return np.asarray(x, dtype=dtype)


def convert_to_numpy(x: Any) -> np.ndarray:
    """`x` as a NumPy array, Keras's `ops.convert_to_numpy`."""
    return np.asarray(x)


def cast(x: Any, dtype: str) -> np.ndarray:
    """`x` converted to `dtype`, Keras's `ops.cast`."""
    return np.asarray(x).astype(dtype)

