"""Plots for the learning-rate tools: `LRFinderResult.plot()`, `SweepResult.plot()` and the schedule inspector."""
from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import LogNorm

from minigrad.optimizers import schedules
from minigrad.plotting.history import _axes


def plot_lr_finder(result: Any, ax: Axes | None = None, title: str = "Learning-rate range test") -> Axes:
    """The raw and smoothed loss against the learning rate (log axis), with `suggestion` and `valley` marked.

    Args:
        result: what `minigrad.lr_finder.find_lr` returns.
        ax, title: the Axes to draw on (default a new figure) and its title.

    Example:
    >>> from minigrad.lr_finder import LRFinderResult
    >>> rates = np.logspace(-3, 0, 5)
    >>> result = LRFinderResult(rates, np.array([4.0, 3.0, 1.0, 2.0, 9.0]),
    ...                         np.array([4.0, 3.5, 2.5, 2.4, 4.0]), 0.01, 0.01)
    >>> [line.get_label() for line in plot_lr_finder(result).get_lines()][:2]
    ['loss of each batch', 'smoothed loss']
    """
    ax = _axes(ax)
    ax.plot(result.learning_rates, result.losses, color="0.75", linewidth=1, label="loss of each batch")
    ax.plot(result.learning_rates, result.smoothed_losses, color="C0", label="smoothed loss")
    for rate, name, color in ((result.suggestion, "steepest", "C3"), (result.valley, "valley", "C2")):
        ax.axvline(rate, color=color, linestyle="--", label=f"{name}: {rate:.2g}")
    finite = result.smoothed_losses[np.isfinite(result.smoothed_losses)]
    if len(finite):
        ax.set_ylim(bottom=min(0.0, float(np.nanmin(result.losses))), top=1.1 * float(finite.max()))
    ax.set(xscale="log", xlabel="learning rate (log scale)", ylabel="loss", title=title)
    ax.legend()
    return ax


def plot_sweep(result: Any, key: str = "loss", axes: tuple[Axes, Axes] | None = None,
               setting: int = 0) -> tuple[Axes, Axes]:
    """Left: the last epoch's `key` per learning rate, a line per grid setting. Right: `key` over (epoch, rate).

    Args:
        result: what `minigrad.sweep.sweep` returns.
        key: the history key, `"loss"` or `"val_loss"`.
        axes: two Axes to draw on; default a new figure.
        setting: which grid setting the heatmap shows (ignored without a grid); diverged runs show as the top colour.

    Example:
    >>> from minigrad.sweep import SweepResult
    >>> result = SweepResult(np.array([0.01, 0.1, 1.0]), {},
    ...                      {"loss": np.array([[3.0, 2.0], [3.0, 0.5], [3.0, np.inf]])}, [])
    >>> left, right = plot_sweep(result)
    >>> left.get_xscale(), right.get_ylabel()
    ('log', 'learning rate')
    """
    if key not in result.history:
        raise ValueError(f"`key` must be one of {sorted(result.history)}. Received: key={key!r}")
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(11, 3.8), layout="constrained")
    left, right = axes
    values = result.history[key]
    groups = _settings(result)
    for label, runs in groups:
        order = np.argsort(result.learning_rates[runs])
        left.plot(result.learning_rates[runs][order], values[runs, -1][order], label=label or None)
    left.set(xscale="log", yscale="log", xlabel="learning rate", ylabel=f"{key} after {values.shape[1]} epochs")
    if len(groups) > 1:
        left.legend()
    label, runs = groups[setting]
    runs = runs[np.argsort(result.learning_rates[runs])]
    finite = values[runs][np.isfinite(values[runs]) & (values[runs] > 0)]
    top = float(finite.max()) if len(finite) else 1.0
    shown = np.where(np.isfinite(values[runs]), values[runs], top)
    image = right.pcolormesh(np.arange(1, values.shape[1] + 1), result.learning_rates[runs],
                             np.clip(shown, finite.min() if len(finite) else 1e-12, top),
                             norm=LogNorm(), shading="nearest", cmap="viridis")
    right.set(yscale="log", xlabel="epoch", ylabel="learning rate",
              title=f"{key} per epoch" + (f" ({label})" if label else ""))
    right.figure.colorbar(image, ax=right, label=key)
    return left, right


def _settings(result: Any) -> list[tuple[str, np.ndarray]]:
    """`(label, run indices)` for each combination of the grid arguments, in sweep order."""
    names = list(result.hyperparameters)
    if not names:
        return [("", np.arange(len(result.learning_rates)))]
    groups: dict[tuple, list[int]] = {}
    for k in range(len(result.learning_rates)):
        groups.setdefault(tuple(result.hyperparameters[name][k] for name in names), []).append(k)
    return [(", ".join(f"{name}={value}" for name, value in zip(names, values, strict=True)), np.array(runs))
            for values, runs in groups.items()]


def plot_schedule(schedule: Any, epochs: int, steps_per_epoch: int = 1, ax: Axes | None = None,
                  learning_rate: float | None = None) -> Axes:
    """Draws the rate of every update as a staircase at epoch `step / steps_per_epoch`, log axis ("symlog" at 0).

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
    rates = schedules.values(schedule, epochs, steps_per_epoch, learning_rate)
    name = getattr(schedule, "__name__", type(schedule).__name__)
    unit = "step" if isinstance(schedule, schedules.LearningRateSchedule) else "epoch"
    plural = "" if steps_per_epoch == 1 else "s"
    ax = _axes(ax, f"{name}: {unit}-based, {epochs} epochs of {steps_per_epoch} step{plural}")
    ax.plot(np.arange(len(rates)) / steps_per_epoch, rates, drawstyle="steps-post", label=name)
    if (rates > 0).all():
        ax.set_yscale("log")
    else:
        positive = rates[rates > 0]
        ax.set_yscale("symlog", linthresh=positive.min() if positive.size else 1e-8)
    ax.set(xlabel="epoch", ylabel="learning rate")
    return ax
