"""Shared argument checks: every message names the argument, the rule and the value received."""
from __future__ import annotations

import difflib
import math
from collections.abc import Iterable
from typing import Any

import numpy as np

from minigrad import backend


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """`" Did you mean 'adam'?"` for a misspelt name, or `""` if nothing is close (case is ignored).

    Example:
    >>> did_you_mean("Adma", ["adam", "sgd"]), did_you_mean("e11", ["E1", "E10"])
    (" Did you mean 'adam'?", " Did you mean 'E1'?")
    """
    by_lower = {choice.lower(): choice for choice in choices}
    close = difflib.get_close_matches(str(value).lower(), list(by_lower), n=1)
    return f" Did you mean {by_lower[close[0]]!r}?" if close else ""


def unknown_name(kind: str, value: Any, choices: Iterable[str]) -> ValueError:
    """The ValueError for a name missing from a registry, with the known names and a suggestion."""
    choices = sorted(choices)
    return ValueError(f"Unknown {kind}: {value!r}.{did_you_mean(value, choices)} "
                      f"Known {kind} names: {', '.join(choices)}.")


def check_real(name: str, value: Any, *, low: float | None = None, high: float | None = None,
               low_open: bool = False, high_open: bool = False) -> float:
    """Returns `value` as a float after checking it is a finite real number in `[low, high]`.

    `low_open`/`high_open` exclude the bound: `check_real("beta_1", b, low=0, high=1, high_open=True)` accepts [0, 1).
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)) and not _is_numpy_real(value):
        raise TypeError(f"`{name}` must be a real number. Received: {name}={value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"`{name}` must be finite. Received: {name}={value}")
    too_low = low is not None and (value <= low if low_open else value < low)
    too_high = high is not None and (value >= high if high_open else value > high)
    if too_low or too_high:
        left = "(" if low_open else "["
        right = ")" if high_open else "]"
        bounds = f"{left}{'-inf' if low is None else low}, {'inf' if high is None else high}{right}"
        raise ValueError(f"`{name}` must be in {bounds}. Received: {name}={value}")
    return value


def check_positive_int(name: str, value: Any, *, allow_zero: bool = False) -> int:
    """Returns `value` as an int after checking it is a positive (or non-negative) integer."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"`{name}` must be an integer. Received: {name}={value!r}")
    if value < 0 or (value == 0 and not allow_zero):
        rule = "a non-negative" if allow_zero else "a positive"
        raise ValueError(f"`{name}` must be {rule} integer. Received: {name}={value}")
    return int(value)


def _is_numpy_real(value: Any) -> bool:
    return isinstance(value, np.generic) and np.issubdtype(type(value), np.number) and not np.iscomplexobj(value)


def check_verbose(verbose: int | str) -> int:
    """`"auto"` becomes 1 (Keras's progress bar); 0, 1 and 2 pass; anything else raises."""
    if verbose == "auto":
        return 1
    if verbose in (0, 1, 2) and not isinstance(verbose, bool):
        return int(verbose)
    raise ValueError(f"`verbose` must be 'auto', 0, 1 or 2. Received: verbose={verbose!r}")


def as_float_array(values: Any, name: str, check_finite: bool = True) -> np.ndarray:
    """`values` as an array of floatx samples: (n,) becomes (n, 1), as Keras treats the article's `X[:80]`."""
    if values is None:
        raise ValueError(f"`{name}` is required. Received: {name}=None")
    try:
        array = np.asarray(values)
    except ValueError as error:
        raise ValueError(f"`{name}` must be a rectangular array of numbers (is it ragged?). "
                         f"Received: {name} that NumPy cannot convert: {error}") from None
    if array.dtype == object or not (np.issubdtype(array.dtype, np.number) or array.dtype == bool) \
            or np.issubdtype(array.dtype, np.complexfloating):
        raise TypeError(f"`{name}` must hold numbers. Received: {name} with dtype {array.dtype}")
    if array.ndim == 1:
        array = array[:, None]
    if array.ndim < 2:
        raise ValueError(f"`{name}` must be an array of samples: 1-D (n samples), 2-D (n samples, features) or more. "
                         f"Received: {name} with shape {array.shape}")
    if len(array) == 0:
        raise ValueError(f"`{name}` is empty. Received: {name} with shape {array.shape}")
    array = array.astype(backend.floatx(), copy=False)
    if check_finite and not np.isfinite(array).all():
        raise ValueError(f"`{name}` contains NaN or infinite values. Received: {name} with "
                         f"{int((~np.isfinite(array)).sum())} non-finite value(s)")
    return array


def as_data(x: Any, y: Any, x_name: str = "x", y_name: str = "y") -> tuple[np.ndarray, np.ndarray]:
    """`x` and `y` as floatx arrays of samples (see `as_float_array`) with the same number of samples."""
    x, y = as_float_array(x, x_name), as_float_array(y, y_name)
    if len(x) != len(y):
        raise ValueError(f"`{x_name}` and `{y_name}` must have the same number of samples. "
                         f"Received: {len(x)} and {len(y)}")
    return x, y
