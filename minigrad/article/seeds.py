"""The article's experiments over many seeds at once, with the vectorized sweep: run k is, bit for bit,
what `run_experiment(id, seeds[k])` gives with `fit`, in a fraction of the time.
"""
from __future__ import annotations

import math
import time
from collections.abc import Sequence

import numpy as np

import minigrad as keras
from minigrad.article.claims import Run
from minigrad.article.experiments import Experiment, ExperimentResult, identity_data, linear_data
from minigrad.sweep import SweepResult, sweep


def sweep_experiment(experiment: Experiment, seeds: Sequence[int],
                     learning_rates: Sequence[float] | None = None) -> SweepResult:
    """One experiment for every seed, crossed with `learning_rates` (by default the experiment's own rate)."""
    optimizer = experiment.optimizer()
    config = {key: value for key, value in optimizer.get_config().items() if key not in ("name", "learning_rate")}
    x, y, x_val, y_val = linear_data(experiment.n) if experiment.use_bias else identity_data()
    model = keras.Sequential([keras.Input(1), keras.layers.Dense(1, use_bias=experiment.use_bias)])
    rates = [float(optimizer.learning_rate)] if learning_rates is None else learning_rates
    return sweep(model, x, y, rates, optimizer=type(optimizer), loss="mae", epochs=experiment.epochs,
                 batch_size=32, validation_data=(x_val, y_val), shuffle=True, seeds=list(seeds),
                 schedule=experiment.schedule, record_weights=True, **config)


def learning_rate_per_epoch(experiment: Experiment) -> np.ndarray:
    """The rate of each epoch's last update, as `History` logs it: the schedule's value or the decayed rate."""
    optimizer = experiment.optimizer()
    steps = math.ceil(len((linear_data(experiment.n) if experiment.use_bias else identity_data())[0]) / 32)
    rates = []
    for epoch in range(experiment.epochs):
        if experiment.schedule is not None:
            optimizer.learning_rate = experiment.schedule(epoch)
        rates.append(float(optimizer.learning_rate_at((epoch + 1) * steps - 1)))
    return np.array(rates)


def run_over_seeds(experiment: Experiment, seeds: Sequence[int]) -> tuple[list[Run], list[ExperimentResult]]:
    """One experiment over `seeds`: the runs `{"W", "b", "mae", "val_mae", "W0"}` the claims read, and one
    `ExperimentResult` per seed."""
    start = time.perf_counter()
    result = sweep_experiment(experiment, seeds)
    seconds = (time.perf_counter() - start) / len(seeds)
    rates = learning_rate_per_epoch(experiment).tolist()
    names = ("W", "b") if experiment.use_bias else ("W",)
    per_epoch, initial_weights = result.weights_per_epoch, result.initial_weights
    assert per_epoch is not None and initial_weights is not None  # sweep_experiment records them
    runs, results = [], []
    for k, seed in enumerate(seeds):
        mae, val_mae = result.history["loss"][k], result.history["val_loss"][k]
        run = {name: weight[k].reshape(-1) for name, weight in zip(names, per_epoch, strict=True)}
        initial = {name: float(weight[k].flat[0]) for name, weight in zip(names, initial_weights, strict=True)}
        runs.append({**run, "mae": mae, "val_mae": val_mae, "W0": initial["W"]})
        history = {"loss": mae.tolist(), "mae": mae.tolist(), "val_loss": val_mae.tolist(),
                   "val_mae": val_mae.tolist(), "learning_rate": rates}
        weights = {name: values.tolist() for name, values in run.items()}
        results.append(ExperimentResult(experiment, seed, history, weights, initial, seconds))
    return runs, results
