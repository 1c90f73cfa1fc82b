"""See a schedule before training with it: the rate of every step, and a summary of where each rate holds."""
from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable

import numpy as np

from minigrad._validation import check_positive_int, check_real
from minigrad.optimizers.schedules.base import LearningRateSchedule
from minigrad.optimizers.schedules.epoch_function import checked_learning_rate, takes_learning_rate

Schedule = LearningRateSchedule | Callable[..., float]
_MAX_ROWS = 12


def values(schedule: Schedule, epochs: int, steps_per_epoch: int = 1,
           learning_rate: float | None = None) -> np.ndarray:
    """The learning rate of every update of a run, as `fit` would use it.

    Args:
        schedule: a `LearningRateSchedule` (update n uses `schedule(n)`), or a function `f(epoch)` or `f(epoch, lr)`
            as `LearningRateScheduler` calls it (every update of epoch e uses its rate).
        epochs: number of epochs, a positive integer.
        steps_per_epoch: updates per epoch (`ceil(n_samples / batch_size)`); default 1.
        learning_rate: the optimizer's starting rate, needed only by `f(epoch, lr)` functions.

    Returns: a float64 array of `epochs * steps_per_epoch` learning rates.

    Example:
    >>> values(lambda epoch: 0.1 if epoch < 2 else 0.01, epochs=3, steps_per_epoch=2)
    array([0.1 , 0.1 , 0.1 , 0.1 , 0.01, 0.01])
    """
    epochs = check_positive_int("epochs", epochs)
    steps_per_epoch = check_positive_int("steps_per_epoch", steps_per_epoch)
    if isinstance(schedule, LearningRateSchedule):
        return np.array([float(schedule(step)) for step in range(epochs * steps_per_epoch)])
    return np.repeat(_epoch_rates(schedule, epochs, learning_rate), steps_per_epoch)


def _epoch_rates(function: Callable, epochs: int, learning_rate: float | None) -> np.ndarray:
    if not takes_learning_rate(function):
        return np.array([checked_learning_rate(function(epoch), function, epoch) for epoch in range(epochs)])
    if learning_rate is None:
        raise ValueError(f"{_name(function)}(epoch, lr) needs the starting rate: pass the optimizer's "
                         "`learning_rate=`. Received: learning_rate=None")
    rates = [check_real("learning_rate", learning_rate, low=0)]
    for epoch in range(epochs):
        rates.append(checked_learning_rate(function(epoch, rates[-1]), function, epoch))
    return np.array(rates[1:])


def describe(schedule: Schedule, epochs: int, steps_per_epoch: int = 1,
             learning_rate: float | None = None) -> str:
    """A text summary of a schedule over a run: the distinct rates and the epochs where each holds.

    One line per run of equal rates (a long listing keeps the first and last runs). For a Python function, the
    numbers it can `return` but never did are listed too: branches that never fire, as in the article's `lr_schedule`.

    Args: as for `values`.

    Example:
    >>> def lr_schedule(epoch):
    ...     return 0.1 if epoch < 3 else 0.01
    >>> print(describe(lr_schedule, epochs=10))
    lr_schedule over 10 epochs: 2 distinct learning rates
      0.1         epochs 0 to 2
      0.01        epochs 3 to 9
    """
    rates = values(schedule, epochs, steps_per_epoch, learning_rate)
    distinct = len(np.unique(rates))
    per = "" if steps_per_epoch == 1 else f" of {steps_per_epoch} steps"
    lines = [f"{_name(schedule)} over {epochs} epochs{per}: {distinct} distinct learning rate"
             f"{'' if distinct == 1 else 's'}"]
    runs = [f"  {rate:<10.6g}  {_span(first, last, steps_per_epoch)}" for rate, first, last in _runs(rates)]
    if len(runs) > _MAX_ROWS:
        between = f"rates between {rates.min():.6g} and {rates.max():.6g}"
        runs[_MAX_ROWS - 3:-2] = [f"  ... {len(runs) - _MAX_ROWS + 1} more runs; {between} ..."]
    lines += runs
    if not isinstance(schedule, LearningRateSchedule):
        unused = [value for value in _returned_constants(schedule) if not np.isclose(rates, value).any()]
        if unused:
            listed = ", ".join(f"{value:g}" for value in unused)
            lines.append(f"Never used: {listed}. {_name(schedule)} can return "
                         f"{'it' if len(unused) == 1 else 'them'}, but the branch"
                         f"{'' if len(unused) == 1 else 'es'} never fire in epochs 0 to {epochs - 1}.")
    return "\n".join(lines)


def _runs(rates: np.ndarray) -> list[tuple[float, int, int]]:
    """(rate, first step, last step) of each stretch of consecutive equal rates."""
    starts = [0, *np.flatnonzero(rates[1:] != rates[:-1]) + 1]
    ends = [*(s - 1 for s in starts[1:]), len(rates) - 1]
    return [(float(rates[s]), int(s), int(e)) for s, e in zip(starts, ends, strict=True)]


def _span(first: int, last: int, steps_per_epoch: int) -> str:
    def between(unit: str, a: int, b: int) -> str:
        return f"{unit} {a}" if a == b else f"{unit}s {a} to {b}"

    epochs = between("epoch", first // steps_per_epoch, last // steps_per_epoch)
    return epochs if steps_per_epoch == 1 else f"{between('step', first, last)} ({epochs})"


def _returned_constants(function: Callable) -> list[float]:
    """The numbers in `return <number>` statements of `function`'s source ([] without source)."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    except (OSError, TypeError, SyntaxError):
        return []
    constants = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Return) and node.value is not None:
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                continue
            if isinstance(value, (int, float)) and not isinstance(value, bool) and value not in constants:
                constants.append(float(value))
    return constants


def _name(schedule: Schedule) -> str:
    return getattr(schedule, "__name__", type(schedule).__name__)
