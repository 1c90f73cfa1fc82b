"""Plain Python epoch schedules, `lr = f(epoch)` or `lr = f(epoch, lr)`, as `LearningRateScheduler` takes them."""
from __future__ import annotations

import inspect
import math
from collections.abc import Callable
from typing import Any

import numpy as np


def takes_learning_rate(function: Callable) -> bool:
    """True if `function` is called as `function(epoch, lr)`, False for `function(epoch)`, decided from its signature.

    Example:
    >>> takes_learning_rate(lambda epoch: 0.1), takes_learning_rate(lambda epoch, lr: lr * 0.9)
    (False, True)
    """
    if not callable(function):
        raise TypeError(f"`schedule` must be a function of the epoch. Received: schedule={function!r}")
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        raise TypeError("`schedule` must be a Python function whose signature can be read, "
                        f"`f(epoch)` or `f(epoch, lr)`. Received: schedule={function!r}") from None
    for arguments, needs_lr in (((0, 0.1), True), ((0,), False)):
        try:
            signature.bind(*arguments)
        except TypeError:
            continue
        return needs_lr
    raise TypeError("`schedule` must accept `(epoch)` or `(epoch, lr)`. "
                    f"Received: schedule={getattr(function, '__name__', function)!r} with signature {signature}")


def checked_learning_rate(value: Any, function: Callable, epoch: int) -> float:
    """`value` as a float, after checking it is a finite real number >= 0 (else a clear error)."""
    received = f"Received: {value!r} from {getattr(function, '__name__', type(function).__name__)}(epoch={epoch})"
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"The `schedule` function must return the learning rate as a real number. {received}")
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"The `schedule` function must return a finite learning rate >= 0. {received}")
    return float(value)
