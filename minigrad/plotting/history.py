"""Plots of training runs: metrics, weights and learning rate per epoch, several runs or seeds side by side.

One-panel plots return their Axes (`ax=` draws into one of your own); figures of several panels return the Figure.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

_LABELS = {"loss": "training loss", "val_loss": "validation loss", "mae": "training MAE",
           "val_mae": "validation MAE", "learning_rate": "learning rate"}


def _logs(history: Any) -> Mapping[str, Sequence[float]]:
    """The dict of per-epoch lists inside a `History`, with its `learning_rates` as `learning_rate` when no callback
    logged one (or the dict itself)."""
    logs = getattr(history, "history", history)
    if not isinstance(logs, Mapping):
        raise TypeError(f"`history` must be what `fit` returns or its `.history` dict. Received: {history!r}")
    rates = getattr(history, "learning_rates", None)
    if rates and "learning_rate" not in logs:
        return {**logs, "learning_rate": rates}
    return logs


def _axes(ax: Axes | None, title: str = "") -> Axes:
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
    for key, label in zip(metrics, labels, strict=True):
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
    """Draws the learning rate that `fit` used in each epoch (a `History`'s `learning_rates`, or the `learning_rate`
    a callback logged), log scale.

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
    figure, axes = _row_of_axes(1 + len(series) + show_rate, title)
    plot_history(logs, metrics, ax=axes[0], title="error per epoch")
    for ax, (name, values) in zip(axes[1:], series.items(), strict=False):
        plot_weights({name: values}, ax=ax, title=f"{name} per epoch", targets=targets)
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
    for ax, metric, logarithmic in zip(axes, metrics, log, strict=True):
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
    for ax, (name, values) in zip(axes, runs.items(), strict=True):
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
    """Writes `figure` as a PNG (creating the folder), closes it (long scripts pile up figures), returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=dpi)
    plt.close(figure)
    return path


def learning_rate_slider(draw: Callable[[float], Figure], value: float = 0.001, low: float = 1e-5,
                         high: float = 1.0) -> Figure:
    """Draws `draw(value)` and returns it (shown also headless), then, in a live notebook, a slider that redraws it.

    Args:
        draw: trains with the given learning rate and returns the figure it drew.
        value: the first learning rate, in [low, high].
        low, high: the slider's log-scale range, 0 < low < high.
    """
    if not 0 < low <= value <= high:
        raise ValueError(f"Need 0 < low <= value <= high. Received: low={low}, value={value}, high={high}")
    figure = draw(value)
    plt.show()
    try:
        import ipywidgets as widgets
        from IPython.display import display
    except ImportError:
        return figure
    slider = widgets.FloatLogSlider(value=value, base=10, min=math.log10(low), max=math.log10(high), step=0.05,
                                    description="learning rate", readout_format=".1e", continuous_update=False,
                                    style={"description_width": "initial"}, layout={"width": "60%"})
    output = widgets.Output()

    def redraw(change: dict) -> None:
        with output:
            output.clear_output(wait=True)
            draw(change["new"])
            plt.show()

    slider.observe(redraw, names="value")
    display(widgets.HTML("Move the slider to retrain and redraw (live notebooks only):"), slider, output)
    return figure
