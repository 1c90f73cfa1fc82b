"""Figures of whole runs: one run's error, parameters and learning rate; several runs compared.

Each function returns the Figure; `title=` is the figure's title.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from minigrad.plotting.history import _LABELS, _logs, compare_runs, plot_history, plot_learning_rate, plot_weights


def _row_of_axes(panels: int, title: str) -> tuple[Figure, list]:
    """A figure with `panels` Axes side by side, margins fixed (constrained layout is slow on log axes)."""
    figure, axes = plt.subplots(1, panels, figsize=(4.4 * panels, 3.8), squeeze=False)
    figure.subplots_adjust(left=0.3 / panels, right=1 - 0.05 / panels, bottom=0.14, top=0.8, wspace=0.35)
    if title:
        figure.suptitle(title)
    return figure, list(axes[0])


def plot_run(history: Any, weights: Sequence[float] | Mapping[str, Sequence[float]] | None = None,
             metrics: Sequence[str] = ("mae", "val_mae"), targets: Mapping[str, float] | None = None,
             title: str = "") -> Figure:
    """Draws a run side by side: `metrics`, each weight (own panel and scale) and, if it changed, the learning rate.

    Args:
        history: the `History` that `fit` returns, or its `history` dict.
        weights: one value per epoch, or `{"W": [...], "b": [...]}`.
        metrics: the history keys of the first panel.
        targets: the values the parameters should reach, drawn dashed (`{"W": 1.0}`).

    Example:
    >>> figure = plot_run({"mae": [5.0, 1.0], "val_mae": [6.0, 2.0], "learning_rate": [0.1, 0.01]},
    ...                   weights=[1.4, 1.1], targets={"W": 1.0}, title="E0")
    >>> [ax.get_title() for ax in figure.axes]
    ['error per epoch', 'W per epoch', 'learning rate per epoch']
    """
    logs = _logs(history)
    series = {} if weights is None else dict(weights) if isinstance(weights, Mapping) else {"W": weights}
    rates = np.asarray(logs.get("learning_rate", logs.get("lr", [])), dtype=float)
    show_rate = rates.size > 1 and not np.allclose(rates, rates[0])
    panels = 1 + len(series) + show_rate
    figure, axes = _row_of_axes(panels, title)
    plot_history(logs, metrics, ax=axes[0], title="error per epoch")
    for ax, (name, values) in zip(axes[1:], series.items()):
        target = {name: targets[name]} if targets and name in targets else None
        plot_weights({name: values}, ax=ax, title=f"{name} per epoch", targets=target)
    if show_rate:
        plot_learning_rate(logs, ax=axes[-1], title="learning rate per epoch")
    return figure


def plot_runs(runs: Mapping[str, Any], metrics: Sequence[str] = ("loss", "val_loss"),
              log: Sequence[bool] | None = None, title: str = "") -> Figure:
    """Compares several runs, one panel per metric, one line per run, one legend below the panels.

    Args:
        runs: `{name: history}`, each a `History` or a dict of per-epoch lists (`{"val_mae": [...], "W": [...]}`).
        metrics: the keys to compare, one panel each.
        log: per panel, a logarithmic y axis; default True for every panel.

    Example:
    >>> figure = plot_runs({"SGD": {"loss": [3.0, 2.0], "W": [1.5, 1.8]},
    ...                     "Adam": {"loss": [3.0, 1.0], "W": [1.5, 1.9]}}, metrics=("loss", "W"), log=(True, False))
    >>> [ax.get_yscale() for ax in figure.axes]
    ['log', 'linear']
    """
    log = [True] * len(metrics) if log is None else list(log)
    if len(log) != len(metrics):
        raise ValueError(f"`log` needs one entry per metric ({len(metrics)}). Received: log={log}")
    figure, axes = _row_of_axes(len(metrics), title)
    figure.subplots_adjust(bottom=0.26)
    for ax, metric, logarithmic in zip(axes, metrics, log):
        compare_runs(runs, metric, ax=ax, title=f"{_LABELS.get(metric, metric)} per epoch", log=logarithmic)
        ax.get_legend().remove()
    figure.legend(*axes[0].get_legend_handles_labels(), loc="lower center", ncol=min(len(runs), 4), frameon=False)
    return figure


def plot_band(runs: Mapping[str, np.ndarray], targets: Mapping[str, float] | None = None,
              log: Sequence[str] = ("val_mae",), title: str = "") -> Figure:
    """Many seeds of one experiment: per panel the median over seeds, the 10-90% band, and the first seed thin.

    Args:
        runs: `{name: array (seeds, epochs)}`, e.g. `{"val_mae": ..., "W": ...}`.
        targets: the values the parameters should reach, drawn dashed.
        log: the panels drawn on a logarithmic y axis.

    Example:
    >>> figure = plot_band({"W": np.array([[1.0, 2.0], [1.5, 2.5], [0.5, 1.5]])}, targets={"W": 2.0})
    >>> [ax.get_title() for ax in figure.axes]
    ['W per epoch (3 seeds)']
    """
    figure, axes = _row_of_axes(len(runs), title)
    for ax, (name, values) in zip(axes, runs.items()):
        values = np.asarray(values, dtype=float)
        epochs = np.arange(1, values.shape[1] + 1)
        low, median, high = np.nanpercentile(values, [10, 50, 90], axis=0)
        ax.fill_between(epochs, low, high, alpha=0.3, label="10-90% of seeds")
        ax.plot(epochs, median, label="median")
        ax.plot(epochs, values[0], linewidth=0.6, color="black", label="first seed")
        if targets and name in targets:
            ax.axhline(targets[name], linestyle="--", color="gray", label="target")
        if name in log:
            ax.set_yscale("log")
        ax.set(xlabel="epoch", title=f"{_LABELS.get(name, name)} per epoch ({len(values)} seeds)")
    axes[0].legend(fontsize="small")
    return figure


def save_figure(figure: Figure, path: str | Path, dpi: int = 110) -> Path:
    """Writes `figure` as a PNG (creating the folder), closes it so long scripts do not pile up figures, returns
    the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=dpi)
    plt.close(figure)
    return path
