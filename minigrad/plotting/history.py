"""Plots of a training run: metrics, weights and learning rate per epoch, and several runs side by side.

Each function takes a `History` (or its `history` dict) or per-epoch lists and returns the Axes it drew on;
`ax=` draws into an Axes of your own (default a new figure), `title=` sets its title.
"""
from __future__ import annotations

from typing import Any, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

_LABELS = {"loss": "training loss", "val_loss": "validation loss", "mae": "training MAE",
           "val_mae": "validation MAE", "learning_rate": "learning rate"}


def _logs(history: Any) -> Mapping[str, Sequence[float]]:
    """The dict of per-epoch lists inside a `History` (or the dict itself)."""
    logs = getattr(history, "history", history)
    if not isinstance(logs, Mapping):
        raise TypeError(f"`history` must be what `fit` returns or its `.history` dict. Received: {history!r}")
    return logs


def _axes(ax: Axes | None, title: str) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.5), layout="constrained")
    if title:
        ax.set_title(title)
    return ax


def _epochs(values: Sequence[float]) -> np.ndarray:
    return np.arange(1, len(values) + 1)


def _finish(ax: Axes, ylabel: str, log: bool = False) -> Axes:
    """Labels the axes of a per-epoch plot (log y axis if asked) and adds the legend."""
    if log:
        ax.set_yscale("log")
    ax.set(xlabel="epoch", ylabel=ylabel)
    ax.legend()
    return ax


def plot_history(history: Any, metrics: Sequence[str] = ("loss", "val_loss"), ax: Axes | None = None,
                 title: str = "", log: bool | None = None) -> Axes:
    """Draws logged values (by default training and validation loss) against the epoch.

    Args:
        history: the `History` that `fit` returns, or its `history` dict.
        metrics: the keys to draw, e.g. `("mae", "val_mae")`; each must be in the history.
        ax, title: the Axes to draw on (default a new figure) and its title.
        log: a logarithmic y axis; default when the values span more than a factor of 100.

    Example:
    >>> ax = plot_history({"loss": [3.0, 2.0, 1.5], "val_loss": [3.5, 2.5, 2.0]})
    >>> ax.get_xlabel(), [line.get_label() for line in ax.get_lines()]
    ('epoch', ['training loss', 'validation loss'])
    """
    logs = _logs(history)
    missing = [key for key in metrics if key not in logs]
    if missing:
        raise ValueError(f"`metrics` must be keys of the history {sorted(logs)}. Received: {missing}")
    ax = _axes(ax, title)
    labels = [_LABELS.get(key, key) for key in metrics]
    for key, label in zip(metrics, labels):
        ax.plot(_epochs(logs[key]), logs[key], label=label)
    positive = np.concatenate([np.asarray(logs[key], dtype=float) for key in metrics])
    positive = positive[np.isfinite(positive) & (positive > 0)]
    if log is None:
        log = positive.size > 0 and positive.max() > 100 * positive.min()
    last_words = {label.split()[-1] for label in labels}
    return _finish(ax, labels[0] if len(labels) == 1 else last_words.pop() if len(last_words) == 1 else "value", log)


def plot_weights(values_per_epoch: Sequence[float] | Mapping[str, Sequence[float]], ax: Axes | None = None,
                 title: str = "", targets: Mapping[str, float] | None = None) -> Axes:
    """Draws parameter values against the epoch, e.g. the article's `all_weights` list of W.

    Args:
        values_per_epoch: one value per epoch, or a dict of such lists (`{"W": [...], "b": [...]}`).
        ax, title: the Axes to draw on (default a new figure) and its title.
        targets: the values the parameters should reach (`{"W": 1.0}`), drawn as dashed lines.

    Example:
    >>> ax = plot_weights([1.38, 1.2, 1.05], targets={"W": 1.0})
    >>> [line.get_label() for line in ax.get_lines()]
    ['W', 'target W = 1']
    """
    ax = _axes(ax, title)
    series = dict(values_per_epoch) if isinstance(values_per_epoch, Mapping) else {"W": values_per_epoch}
    for name, values in series.items():
        line, = ax.plot(_epochs(values), np.asarray(values, dtype=float), label=name)
        if targets and name in targets:
            ax.axhline(targets[name], color=line.get_color(), linestyle="--", linewidth=1,
                       label=f"target {name} = {targets[name]:g}")
    return _finish(ax, "value at the end of the epoch")


def plot_learning_rate(history: Any, ax: Axes | None = None, title: str = "") -> Axes:
    """Draws the learning rate that `fit` used in each epoch (the history's `learning_rate`), log scale.

    Args:
        history: the `History` that `fit` returns, or its `history` dict.
        ax, title: the Axes to draw on (default a new figure) and its title.

    Example:
    >>> ax = plot_learning_rate({"learning_rate": [0.02, 0.02, 0.0001]})
    >>> ax.get_yscale(), ax.get_ylabel()
    ('log', 'learning rate')
    """
    logs = _logs(history)
    key = "learning_rate" if "learning_rate" in logs else "lr"
    if key not in logs:
        raise ValueError(f"The history has no learning rate ('learning_rate' or 'lr'). Received keys: {sorted(logs)}")
    ax = _axes(ax, title)
    ax.step(_epochs(logs[key]), logs[key], where="mid")
    ax.set(yscale="log", xlabel="epoch", ylabel="learning rate")
    return ax


def compare_runs(runs: Mapping[str, Any], metric: str = "loss", ax: Axes | None = None, title: str = "",
                 log: bool = True) -> Axes:
    """Draws one logged value of several runs on the same Axes, one line per run.

    Args:
        runs: `{name: history}`, each a `History` or its `history` dict.
        metric: the key to compare, e.g. `"val_mae"`.
        ax, title: the Axes to draw on (default a new figure) and its title.
        log: a logarithmic y axis (default: losses of different runs differ by orders of magnitude).

    Example:
    >>> ax = compare_runs({"SGD": {"loss": [3.0, 2.0]}, "Adam": {"loss": [3.0, 1.0]}})
    >>> [line.get_label() for line in ax.get_lines()]
    ['SGD', 'Adam']
    """
    if not runs:
        raise ValueError("`runs` must name at least one history. Received: runs={}")
    ax = _axes(ax, title)
    for name, history in runs.items():
        logs = _logs(history)
        if metric not in logs:
            raise ValueError(f"Run {name!r} has no {metric!r}. Received keys: {sorted(logs)}")
        ax.plot(_epochs(logs[metric]), logs[metric], label=name)
    return _finish(ax, _LABELS.get(metric, metric), log)
