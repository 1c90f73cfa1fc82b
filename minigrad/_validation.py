"""Shared argument checks: every message names the argument, the rule and the value received."""
from __future__ import annotations

import difflib
import math
from typing import Any, Iterable


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
    return ValueError(
        f"Unknown {kind}: {value!r}.{did_you_mean(value, choices)} "
        f"Known {kind}s: {', '.join(choices)}."
    )


def check_real(name: str, value: Any, *, low: float | None = None, high: float | None = None,
               low_open: bool = False, high_open: bool = False) -> float:
    """Returns `value` as a float after checking it is a finite real number in the given range.

    `low_open`/`high_open` exclude the bound itself: `check_real("beta_1", b, low=0, high=1,
    high_open=True)` accepts [0, 1).
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
    import numpy as np

    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"`{name}` must be an integer. Received: {name}={value!r}")
    if value < 0 or (value == 0 and not allow_zero):
        rule = "a non-negative" if allow_zero else "a positive"
        raise ValueError(f"`{name}` must be {rule} integer. Received: {name}={value}")
    return int(value)


def _is_numpy_real(value: Any) -> bool:
    import numpy as np

    return isinstance(value, np.generic) and np.issubdtype(type(value), np.number) and not np.iscomplexobj(value)
