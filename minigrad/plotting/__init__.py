"""Plots for histories, weights, learning rates and schedules; the only place matplotlib is imported."""
from __future__ import annotations

from minigrad.plotting.history import (
    compare_runs,
    learning_rate_slider,
    plot_band,
    plot_history,
    plot_learning_rate,
    plot_run,
    plot_runs,
    plot_weights,
    save_figure,
)
from minigrad.plotting.landscape import plot_loss_surface
from minigrad.plotting.lr_tools import plot_lr_finder, plot_schedule, plot_sweep

__all__ = [
    "compare_runs", "learning_rate_slider", "plot_band", "plot_history", "plot_learning_rate", "plot_loss_surface",
    "plot_lr_finder", "plot_run", "plot_runs", "plot_schedule", "plot_sweep", "plot_weights", "save_figure",
]
