"""Plot a learning-rate schedule before training with it."""
from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes

from minigrad.optimizers.schedules import LearningRateSchedule, values
from minigrad.plotting.history import _axes


def plot_schedule(schedule: Any, epochs: int, steps_per_epoch: int = 1, ax: Axes | None = None,
                  learning_rate: float | None = None) -> Axes:
    """Draws the learning rate of every update as a staircase, step k at epoch `k / steps_per_epoch` (from 0).

    The y axis is logarithmic (a decay by factors is a straight line), "symlog" if the rate reaches 0.

    Args:
        schedule: a `LearningRateSchedule`, or an epoch function `f(epoch)` / `f(epoch, lr)` like `lr_schedule`.
        epochs: number of epochs, a positive integer.
        steps_per_epoch: updates per epoch; default 1.
        ax: the Axes to draw on; default a new figure.
        learning_rate: the starting rate, for `f(epoch, lr)` functions only.

    Example:
    >>> ax = plot_schedule(lambda epoch: 0.02 if epoch < 5 else 0.0001, epochs=20)
    >>> ax.get_yscale(), ax.get_ylabel()
    ('log', 'learning rate')
    """
    rates = values(schedule, epochs, steps_per_epoch, learning_rate)
    name = getattr(schedule, "__name__", type(schedule).__name__)
    unit = "step" if isinstance(schedule, LearningRateSchedule) else "epoch"
    plural = "" if steps_per_epoch == 1 else "s"
    ax = _axes(ax, f"{name}: {unit}-based, {epochs} epochs of {steps_per_epoch} step{plural}")
    x = np.arange(len(rates)) / steps_per_epoch
    ax.plot(x, rates, drawstyle="steps-post", label=name)
    if (rates > 0).all():
        ax.set_yscale("log")
    else:
        positive = rates[rates > 0]
        ax.set_yscale("symlog", linthresh=positive.min() if positive.size else 1e-8)
    ax.set(xlabel="epoch", ylabel="learning rate")
    return ax
