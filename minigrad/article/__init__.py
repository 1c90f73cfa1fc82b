"""The article's experiments E1 to E10, rerun with minigrad; `python -m minigrad reproduce` drives them.

`run_experiments()` trains them (no plotting) and returns one `ExperimentResult` per experiment.
"""
from __future__ import annotations

from minigrad.article.experiments import (
    EXPERIMENTS,
    Experiment,
    ExperimentResult,
    intended_lr_schedule,
    lr_schedule,
    run_experiment,
    run_experiments,
)

__all__ = ["EXPERIMENTS", "Experiment", "ExperimentResult", "intended_lr_schedule", "lr_schedule",
           "run_experiment", "run_experiments"]
