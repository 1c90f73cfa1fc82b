"""Plot a learning-rate schedule before training with it."""
from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from minigrad.optimizers.schedules import LearningRateSchedule, values


def plot_schedule(schedule: Any, epochs: int, steps_per_epoch: int = 1, ax: Axes | None = None,
                  learning_rate: float | None = None) -> Axes:
    """Draws the learning rate of every update of a run on a logarithmic axis.

    The x axis is the epoch as `schedule(epoch)` sees it (from 0); with several steps per
    epoch each step sits at `step / steps_per_epoch`. The rate is drawn as a staircase, since
    it is constant during an update. A log axis shows a decay by factors as a straight line
    and keeps tiny rates such as 0.0001 visible; a schedule that reaches 0 gets a
    linear-near-zero ("symlog") axis instead.

    Args:
        schedule: a `LearningRateSchedule`, or an epoch function `f(epoch)` / `f(epoch, lr)`
            like the article's `lr_schedule`.
        epochs: number of epochs, a positive integer.
        steps_per_epoch: updates per epoch; default 1.
        ax: the Axes to draw on; default a new figure.
        learning_rate: the starting rate, for `f(epoch, lr)` functions only.

    Returns:
        The Axes.

    Example:
    >>> ax = plot_schedule(lambda epoch: 0.02 if epoch < 5 else 0.0001, epochs=20)
    >>> ax.get_yscale(), ax.get_ylabel()
    ('log', 'learning rate')
    """
    rates = values(schedule, epochs, steps_per_epoch, learning_rate)
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.5), layout="constrained")
    name = getattr(schedule, "__name__", type(schedule).__name__)
    x = np.arange(len(rates)) / steps_per_epoch
    ax.plot(x, rates, drawstyle="steps-post", label=name)
    if (rates > 0).all():
        ax.set_yscale("log")
    else:
        positive = rates[rates > 0]
        ax.set_yscale("symlog", linthresh=positive.min() if positive.size else 1e-8)
    unit = "step" if isinstance(schedule, LearningRateSchedule) else "epoch"
    ax.set_xlabel("epoch")
    ax.set_ylabel("learning rate")
    ax.set_title(f"{name}: {unit}-based, {epochs} epochs of {steps_per_epoch} "
                 f"step{'' if steps_per_epoch == 1 else 's'}")
    return ax
