"""Global settings shared by every module, as `keras.backend` holds them: float precision, names, random generator."""
from __future__ import annotations

import collections
from typing import Any

import numpy as np

_FLOATX = "float32"
_EPSILON = 1e-7
_NAME_COUNTS: collections.Counter[str] = collections.Counter()
_RNG = np.random.default_rng()


def floatx() -> str:
    """Returns the default float type, as a string (`"float32"` unless changed)."""
    return _FLOATX


def set_floatx(value: str) -> None:
    """Sets the default float type for weights, inputs and optimizer arithmetic.

    Args:
        value: `"float32"` (Keras's default) or `"float64"` (for gradient checks).

    Example:
    >>> set_floatx("float64"); floatx()
    'float64'
    >>> set_floatx("float32")
    """
    global _FLOATX
    if value not in ("float32", "float64"):
        raise ValueError(f"Unknown `floatx` value: expected 'float32' or 'float64'. Received: value={value!r}")
    _FLOATX = value


def epsilon() -> float:
    """The fuzz factor that keeps a division away from 0 (`K.epsilon()`), 1e-7 unless changed.

    Example:
    >>> epsilon()
    1e-07
    """
    return _EPSILON


def set_epsilon(value: float) -> None:
    """Sets the fuzz factor `epsilon()` returns (the value Keras 2.2's `Adam(epsilon=None)` stands for)."""
    global _EPSILON
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1:
        raise ValueError(f"`epsilon` must be a number between 0 and 1, e.g. 1e-7. Received: value={value!r}")
    _EPSILON = float(value)


def unique_name(prefix: str) -> str:
    """Returns `prefix`, then `prefix_1`, `prefix_2`, ... as Keras names layers and models."""
    count = _NAME_COUNTS[prefix]
    _NAME_COUNTS[prefix] += 1
    return prefix if count == 0 else f"{prefix}_{count}"


def clear_session() -> None:
    """Resets the layer and model name counters (`dense`, `dense_1`, ... start again)."""
    _NAME_COUNTS.clear()


def rng() -> np.random.Generator:
    """The generator behind weight initialisation and shuffling; seeded by `utils.set_random_seed`."""
    return _RNG


def _set_rng(generator: np.random.Generator) -> None:
    global _RNG
    _RNG = generator


def get_value(x: Any) -> Any:
    """The value of a variable as a NumPy scalar (`K.get_value(model.optimizer.lr)`); other values as given.

    Example:
    >>> from minigrad.variables import Variable
    >>> get_value(Variable(0.5))
    np.float32(0.5)
    """
    return x.numpy() if hasattr(x, "numpy") else x


def set_value(x: Any, value: float) -> None:
    """Assigns `value` to the variable `x` (`K.set_value(model.optimizer.learning_rate, 0.01)`)."""
    if not hasattr(x, "assign"):
        raise TypeError(f"`set_value` needs a variable with `assign`, such as an optimizer's learning rate. "
                        f"Received: x={x!r}")
    x.assign(value)
