"""The loss landscape of a one-input `Dense(1)` model: contours over (W, b) and optimizers' paths on it.

For f(x) = 2x + 5 on x = 0..99 the valley is steep across W (its input is ~50) and flat along b (input 1):
the paths show why W settles in a few epochs while b crawls.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import animation
from matplotlib.axes import Axes
from matplotlib.colors import LogNorm

from minigrad import losses


def plot_loss_surface(model: Any, x: Any, y: Any, trajectories: Mapping[str, Sequence[Any]] | None = None,
                      loss: str | losses.Loss | None = None, ax: Axes | None = None,
                      weight_range: tuple[float, float] | None = None, bias_range: tuple[float, float] | None = None,
                      resolution: int = 121, levels: int = 25, gif: str | Path | None = None,
                      title: str = "") -> Axes:
    """Draws log-spaced contours of `mean(loss.elementwise(W * x + b - y))` over (W, b) and each run's path.

    Args:
        model: a `Sequential` with one linear `Dense(1)` layer with a bias on one input (its weights are not touched).
        x, y: the data, shape (n,) or (n, 1).
        trajectories: `{label: [(W, b) per epoch, ...]}`; a point may be a `model.get_weights()` list.
        loss: the loss to draw; default the model's compiled loss, else MAE.
        weight_range, bias_range: (low, high); default around the paths, the weights and the least-squares optimum.
        resolution, levels: grid points per axis and number of contour levels.
        gif: also save an animation of the paths growing epoch by epoch to this file (Pillow writer).
        ax, title: the Axes to draw on (default a new figure) and its title.

    Example:
    >>> import minigrad as keras
    >>> model = keras.Sequential([keras.Input(1), keras.layers.Dense(1)])
    >>> x = np.arange(10.0)
    >>> ax = plot_loss_surface(model, x, 2 * x + 5, {"path": [(0.0, 0.0), (1.5, 0.5), (2.0, 1.0)]}, loss="mse")
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('W (kernel)', 'b (bias)')
    """
    x, y = _one_input(model, x, y)
    loss = losses.get(loss if loss is not None else model.loss if model.loss is not None else "mae")
    if not isinstance(loss, losses.ErrorLoss):
        raise ValueError("`loss` must be a loss of the error W * x + b - y (mae, mse or huber). "
                         f"Received: loss={loss.name!r}")
    paths = {label: _path(label, points) for label, points in (trajectories or {}).items()}
    kernel, bias = model.get_weights()
    optimum = np.polyfit(x, y, 1)
    points = np.vstack([np.array([[kernel.item(), bias.item()], optimum]), *paths.values()])
    w_low, w_high = weight_range or _span(points[:, 0])
    b_low, b_high = bias_range or _span(points[:, 1])
    w_grid, b_grid = np.linspace(w_low, w_high, resolution), np.linspace(b_low, b_high, resolution)
    surface = np.array([loss.elementwise(w * x[None, :] + b_grid[:, None] - y[None, :]).mean(axis=1)
                        for w in w_grid]).T
    if ax is None:
        _, ax = plt.subplots(figsize=(6.5, 5), layout="constrained")
    positive = surface[surface > 0]
    contour_levels = np.geomspace(positive.min(), surface.max(), levels)
    filled = ax.contourf(w_grid, b_grid, np.maximum(surface, positive.min()), levels=contour_levels,
                         norm=LogNorm(), cmap="viridis", alpha=0.85)
    ax.figure.colorbar(filled, ax=ax, label=f"{loss.name} (log scale)", ticks=contour_levels[::4], format="%.3g")
    lines = {}
    for label, path in paths.items():
        (lines[label],) = ax.plot(path[:, 0], path[:, 1], "o-", markersize=2.5, linewidth=1.2, label=label)
        ax.plot(*path[0], "s", color=lines[label].get_color(), markersize=6)
        ax.plot(*path[-1], "*", color=lines[label].get_color(), markersize=11, markeredgecolor="white")
    ax.set(xlim=(w_low, w_high), ylim=(b_low, b_high), xlabel="W (kernel)", ylabel="b (bias)",
           title=title or f"{loss.name} over (W, b)")
    if paths:
        ax.legend(loc="best")
    if gif is not None:
        _save_gif(ax, lines, paths, Path(gif))
    return ax


def _one_input(model: Any, x: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    layers = getattr(model, "layers", [])
    if (len(layers) != 1 or not layers[0].built or layers[0].input_shape != (1,) or layers[0].units != 1
            or not layers[0].use_bias or layers[0].activation.name != "linear"):
        raise ValueError("`plot_loss_surface` draws the loss over (W, b) of a model made of one linear "
                         "Dense(1) layer with a bias on one input (built). Received: a model with layers "
                         f"{[layer.get_config() for layer in layers]}")
    x, y = np.asarray(x, dtype=np.float64).reshape(-1), np.asarray(y, dtype=np.float64).reshape(-1)
    if len(x) != len(y) or len(x) == 0:
        raise ValueError("`x` and `y` must hold the same (non-zero) number of samples. "
                         f"Received: {len(x)} and {len(y)}")
    return x, y


def _path(label: str, points: Sequence[Any]) -> np.ndarray:
    """Each point `(W, b)` or `[kernel, bias]` as a row `[W, b]` of floats."""
    try:
        path = np.array([[float(np.ravel(point[0])[0]), float(np.ravel(point[1])[0])] for point in points])
    except (TypeError, IndexError, ValueError):
        raise ValueError(f"Each point of a trajectory must be (W, b) or [kernel, bias]. "
                         f"Received for {label!r}: {list(points)[:3]!r}...") from None
    if len(path) == 0 or not np.isfinite(path).all():
        raise ValueError(f"Trajectory {label!r} must have at least one point, all finite. Received: {len(path)} points")
    return path


def _span(values: np.ndarray) -> tuple[float, float]:
    low, high = float(values.min()), float(values.max())
    margin = max(0.15 * (high - low), 0.5)
    return low - margin, high + margin


def _save_gif(ax: Axes, lines: dict[str, Any], paths: dict[str, np.ndarray], path: Path) -> None:
    """Saves the paths growing one epoch per frame, with matplotlib's Pillow writer."""
    if not animation.writers.is_available("pillow"):
        raise RuntimeError("Saving a GIF needs Pillow (`pip install pillow`). Received: gif=" + str(path))
    frames = max((len(p) for p in paths.values()), default=1)
    figure = ax.figure.canvas.figure  # the whole figure, also when `ax` is in a subfigure
    figure.canvas.draw()
    figure.set_layout_engine("none")

    def draw(frame: int) -> list[Any]:
        for label, line in lines.items():
            line.set_data(paths[label][:frame + 1, 0], paths[label][:frame + 1, 1])
        return list(lines.values())

    movie = animation.FuncAnimation(figure, draw, frames=frames, blit=False)
    movie.save(path, writer=animation.PillowWriter(fps=10), dpi=72)
    draw(frames - 1)
