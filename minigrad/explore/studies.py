"""The numbers behind the explorable page: every setting a reader can choose, trained over seeds by `sweep`.

A study is one of the article's problems trained at every combination of its controls' values (optimizer,
learning rate, decay, schedule, input scaling), each setting over the same seeds, with one `sweep` per
combination of the controls other than the learning rate. For every setting s it keeps

    bands[s, series, :, epoch]   10th percentile, median and 90th percentile over the seeds
    run[s, series, epoch]        the first seed's own run (its path is the one drawn on the loss surface)
    moment[s, field, epoch]      what the page prints beside the charts at each epoch (`MOMENT_FIELDS`)

where the series are the training MAE, the validation MAE, W and (with a bias) b after every epoch, as `fit`
logs them. Runs with standardised inputs are trained on `x' = (x - mean) / std` and drawn in f's units:

    W = W' / std        b = b' - W' * mean / std        # the same predictions on the raw x
"""
from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

import minigrad as keras
from minigrad import analysis, losses
from minigrad.article.experiments import identity_data, intended_lr_schedule, linear_data, lr_schedule
from minigrad.lr_finder import find_lr
from minigrad.sweep import SweepResult, sweep

RATES = tuple(float(f"{mantissa}e{exponent}") for exponent in range(-5, 0) for mantissa in (1, 2, 5)) + (1.0,)
DECAYS = (0.0, 1e-4, 3e-4, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
OPTIMIZERS: dict[str, tuple[type, dict[str, float]]] = {
    "SGD": (keras.optimizers.SGD, {}),
    "SGD, momentum 0.9": (keras.optimizers.SGD, {"momentum": 0.9}),
    "RMSprop": (keras.optimizers.RMSprop, {}),
    "Adagrad": (keras.optimizers.Adagrad, {}),
    "Adam": (keras.optimizers.Adam, {}),
    "Nadam": (keras.optimizers.Nadam, {}),
}
SCHEDULES: dict[str, Callable[[int], float]] = {"as written": lr_schedule, "as intended": intended_lr_schedule}
SCALINGS = ("none", "standardised")
STATISTICS = ("p10", "median", "p90")
# The numbers of the moment: the first seed's run after epoch e (e = 0: before training), p being W or b.
#   learning_rate   the rate of epoch e's last update (for e = 0, of the first update)
#   loss            minigrad's MAE over the training data at the epoch's weights
#   W, b            the weights, in f's units
#   step_p          how far one update moves p (`typical_step`)         } in the model's own weights
#   distance_p      abs(p - its target)                                  } (W' and b' when the inputs
#   updates_p       distance_p / step_p                                  }  are standardised)
#   moved_p         abs(p after epoch e - p before it)                   }
MOMENT_FIELDS = ("learning_rate", "loss", "W", "step_W", "distance_W", "updates_W", "moved_W")
BIAS_FIELDS = ("b", "step_b", "distance_b", "updates_b", "moved_b")
DECAY_RATE = 0.01  # E4's SGD(0.01, decay=...)
SURFACE_POINTS = 81


@dataclass(frozen=True)
class Study:
    """One problem trained at every combination of `controls`' values, the learning rate (if a control) last.

    Attributes:
        title: the problem, e.g. `"f(x) = 2x + 5, 1000 points"`.
        n: the article's `np.arange(n)`: 100 for f(x) = x, 100 or 1000 for f(x) = 2x + 5.
        use_bias: whether the model is `Dense(1)` (f(x) = 2x + 5) or `Dense(1, use_bias=False)` (f(x) = x).
        epochs: epochs of every run.
        controls: each control's values, e.g. `{"optimizer": ("SGD", "Adam"), "learning_rate": (1e-4, 1e-3)}`.
    """

    title: str
    n: int
    use_bias: bool
    epochs: int
    controls: dict[str, tuple]

    @property
    def parameters(self) -> tuple[str, ...]:
        return ("W", "b") if self.use_bias else ("W",)

    @property
    def targets(self) -> dict[str, float]:
        return {"W": 2.0, "b": 5.0} if self.use_bias else {"W": 1.0}

    def data(self, scaling: str = "none") -> tuple[np.ndarray, ...]:
        """The article's training and validation data, the inputs standardised with the training mean and std
        when `scaling == "standardised"`."""
        x, y, x_val, y_val = (linear_data(self.n) if self.use_bias else identity_data())
        if scaling == "none":
            return x, y, x_val, y_val
        mean, std = self.standardisation()
        return (x - mean) / std, y, (x_val - mean) / std, y_val

    def standardisation(self) -> tuple[float, float]:
        """The training inputs' mean and standard deviation."""
        x = np.asarray((linear_data(self.n) if self.use_bias else identity_data())[0], dtype=np.float64)
        return float(x.mean()), float(x.std())

    def updates_per_epoch(self) -> int:
        return math.ceil(len(self.data()[0]) / 32)

    def groups(self) -> list[dict[str, Any]]:
        """Every combination of the controls but the learning rate: one sweep each."""
        names = [name for name in self.controls if name != "learning_rate"]
        return [dict(zip(names, values, strict=True))
                for values in itertools.product(*(self.controls[name] for name in names))]

    def rates(self) -> tuple[float, ...]:
        return self.controls.get("learning_rate", (DECAY_RATE,))


def make_studies(rates: Sequence[float] = RATES, optimizers: Sequence[str] = tuple(OPTIMIZERS)) -> dict[str, Study]:
    """The five studies the sections draw from (E1 to E3 and E6 share one, as do E7 and E9, and E8 and E10)."""
    rates, optimizers = tuple(float(rate) for rate in rates), tuple(optimizers)
    return {
        "identity": Study("f(x) = x", 100, False, 200, {"optimizer": optimizers, "learning_rate": rates}),
        "decay": Study("f(x) = x", 100, False, 250, {"decay": DECAYS}),
        "schedule": Study("f(x) = x", 100, False, 100, {"schedule": tuple(SCHEDULES), "learning_rate": rates}),
        "linear100": Study("f(x) = 2x + 5, 100 points", 100, True, 200,
                           {"optimizer": optimizers, "learning_rate": rates}),
        "linear1000": Study("f(x) = 2x + 5, 1000 points", 1000, True, 200,
                            {"scaling": SCALINGS, "optimizer": optimizers, "learning_rate": rates}),
    }


def scaled_schedule(schedule: Callable[[int], float]) -> Callable[[int, float], float]:
    """`schedule(epoch)` made relative to its first value: each epoch multiplies the current rate by
    `schedule(epoch) / schedule(epoch - 1)`, so starting from `schedule(0)` it gives the schedule itself, and
    from any other rate the same steps scaled.

    Example:
    >>> halve_at_5 = scaled_schedule(lambda epoch: 0.02 if epoch < 5 else 0.01)
    >>> halve_at_5(4, 0.1), halve_at_5(5, 0.1)
    (0.1, 0.05)
    """
    def relative(epoch: int, lr: float) -> float:
        return lr if epoch == 0 else lr * schedule(epoch) / schedule(epoch - 1)

    return relative


def typical_step(optimizer: str, learning_rate: np.ndarray, gradient_scale: float, updates: np.ndarray) -> np.ndarray:
    """How far one update moves a weight whose MAE gradient keeps one sign and has size `gradient_scale`:

        SGD                    learning_rate * gradient_scale
        SGD, momentum m        learning_rate * gradient_scale / (1 - m)       # the velocity's steady size
        RMSprop, Adam, Nadam   learning_rate                                   # the gradient over its own RMS
        Adagrad                learning_rate * g / sqrt(0.1 + updates * g ** 2)  # the squares add up from 0.1

    MAE's gradient is `mean(sign(error) * x)`: `mean(abs(x))` for W while the errors keep one sign, 1 for b
    (`analysis.gradient_scales`), whatever the distance to the target.

    Example:
    >>> typical_step("SGD", np.array([0.1]), 39.5, np.array([1]))  # E1: 0.1 * 39.5
    array([3.95])
    """
    learning_rate = np.asarray(learning_rate, dtype=np.float64)
    momentum = OPTIMIZERS[optimizer][1].get("momentum", 0.0)
    if optimizer.startswith("SGD"):
        return learning_rate * gradient_scale / (1 - momentum)
    if optimizer == "Adagrad":
        return learning_rate * gradient_scale / np.sqrt(0.1 + np.maximum(updates, 1) * gradient_scale ** 2)
    return learning_rate


@dataclass
class GroupResult:
    """One group's numbers, every array with a leading axis over the rates."""

    bands: np.ndarray
    run: np.ndarray
    moment: np.ndarray
    learning_rate: np.ndarray | None
    range_test: float | None


def train_group(study: Study, group: dict[str, Any], seeds: Sequence[int]) -> GroupResult:
    """One sweep: the group's setting at every rate of the study, over `seeds`."""
    rates = study.rates()
    name = group.get("optimizer", "SGD")
    cls, kwargs = OPTIMIZERS[name]
    kwargs = {**kwargs, **({"decay": group["decay"]} if "decay" in group else {})}
    schedule = scaled_schedule(SCHEDULES[group["schedule"]]) if "schedule" in group else None
    scaling = group.get("scaling", "none")
    x, y, x_val, y_val = study.data(scaling)
    model = keras.Sequential([keras.Input(1), keras.layers.Dense(1, use_bias=study.use_bias)])
    result = sweep(model, x, y, rates, optimizer=cls, loss="mae", epochs=study.epochs, batch_size=32,
                   validation_data=(x_val, y_val), shuffle=True, seeds=list(seeds), schedule=schedule,
                   record_weights=True, **kwargs)
    model_paths = _paths(result, study, len(seeds), len(rates))
    paths = _in_f_units(model_paths, study, scaling)
    per_seed = {"mae": result.history["loss"], "val_mae": result.history["val_loss"]}
    per_seed = {key: values.reshape(len(seeds), len(rates), -1) for key, values in per_seed.items()}
    per_seed.update({p: path[:, :, 1:] for p, path in paths.items()})
    series = ["mae", "val_mae", *study.parameters]
    bands = np.stack([_statistics(per_seed[key]) for key in series], axis=1)
    run = np.stack([per_seed[key][0] for key in series], axis=1).astype(np.float32)
    changing = "decay" in group or schedule is not None
    learning_rate = _learning_rate_per_epoch(cls, kwargs, schedule, rates, study) if changing else None
    per_epoch_rate = (learning_rate if learning_rate is not None
                      else np.repeat(np.asarray(rates, dtype=np.float32)[:, None], study.epochs, axis=1))
    moment = _moment(study, name, scaling, per_epoch_rate, {p: path[0] for p, path in model_paths.items()},
                     {p: path[0] for p, path in paths.items()})
    range_test = None if "optimizer" not in group else _range_test(study, cls, kwargs, scaling, seeds[0])
    return GroupResult(bands, run, moment, learning_rate, range_test)


def _paths(result: SweepResult, study: Study, seeds: int, rates: int) -> dict[str, np.ndarray]:
    """Each weight before training and after every epoch, shape (seeds, rates, epochs + 1), float64."""
    assert result.weights_per_epoch is not None and result.initial_weights is not None
    return {p: np.concatenate([initial.reshape(seeds, rates, 1), per_epoch.reshape(seeds, rates, -1)],
                              axis=2).astype(np.float64)
            for p, initial, per_epoch in zip(study.parameters, result.initial_weights, result.weights_per_epoch,
                                             strict=True)}


def _in_f_units(paths: dict[str, np.ndarray], study: Study, scaling: str) -> dict[str, np.ndarray]:
    """The weights of the model on the raw x that predicts what the standardised model predicts."""
    if scaling == "none":
        return paths
    mean, std = study.standardisation()
    return {"W": paths["W"] / std, "b": paths["b"] - paths["W"] * mean / std}


def _statistics(per_seed: np.ndarray) -> np.ndarray:
    """(seeds, rates, epochs) -> (rates, statistics, epochs): 10th percentile, median, 90th percentile of the
    finite values (a diverged run leaves the statistics; `nanpercentile` only when one did, it is much slower)."""
    finite = np.isfinite(per_seed)
    if finite.all():
        statistics = np.percentile(per_seed, [10, 50, 90], axis=0)
    else:
        with np.errstate(invalid="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            statistics = np.nanpercentile(np.where(finite, per_seed, np.nan), [10, 50, 90], axis=0)
    return np.stack(statistics, axis=1).astype(np.float32)


def _learning_rate_per_epoch(cls: type, kwargs: dict, schedule: Callable[[int, float], float] | None,
                             rates: Sequence[float], study: Study) -> np.ndarray:
    """Each rate's value at every epoch's last update (`decay=` or the schedule applied), shape (rates, epochs)."""
    steps = study.updates_per_epoch()
    table = []
    for rate in rates:
        optimizer, row = cls(learning_rate=rate, **kwargs), []
        for epoch in range(study.epochs):
            if schedule is not None:
                optimizer.learning_rate = schedule(epoch, float(optimizer.learning_rate))
            row.append(float(optimizer.learning_rate_at((epoch + 1) * steps - 1)))
        table.append(row)
    return np.array(table, dtype=np.float32)


def _moment(study: Study, optimizer: str, scaling: str, learning_rate: np.ndarray, model_path: dict[str, np.ndarray],
            path: dict[str, np.ndarray]) -> np.ndarray:
    """The first seed's numbers at every epoch (0 = before training), shape (rates, fields, epochs + 1).

    Steps, distances and updates are in the model's own weights (W' and b' when the inputs are standardised);
    W and b are in f's units; `loss` is minigrad's MAE over the training data at the epoch's weights.
    """
    x, y, _, _ = study.data(scaling)
    first = np.asarray(study.rates(), dtype=np.float32)[:, None]  # decay and the schedules start at the rate itself
    rate_at = np.concatenate([first, learning_rate], axis=1)
    updates = np.arange(study.epochs + 1) * study.updates_per_epoch()
    scales = analysis.gradient_scales(x, study.use_bias)
    targets = _model_targets(study, scaling)
    fields = {"learning_rate": rate_at, "loss": _loss_along(x, y, model_path)}
    for p, scale in zip(study.parameters, scales, strict=True):
        step = typical_step(optimizer, rate_at, float(scale), updates)
        distance = np.abs(model_path[p] - targets[p])
        moved = np.abs(np.diff(model_path[p], axis=1, prepend=model_path[p][:, :1]))
        fields.update({p: path[p], f"step_{p}": step, f"distance_{p}": distance, f"updates_{p}": distance / step,
                       f"moved_{p}": moved})
    names = MOMENT_FIELDS + (BIAS_FIELDS if study.use_bias else ())
    return np.stack([fields[name] for name in names], axis=1).astype(np.float32)


def _model_targets(study: Study, scaling: str) -> dict[str, float]:
    """The weights the model should learn, in its own units: W' = 2 * std, b' = 2 * mean + 5 when standardised."""
    if scaling == "none":
        return study.targets
    mean, std = study.standardisation()
    return {"W": study.targets["W"] * std, "b": study.targets["W"] * mean + study.targets["b"]}


def _loss_along(x: np.ndarray, y: np.ndarray, path: dict[str, np.ndarray]) -> np.ndarray:
    """minigrad's MAE of `y = W * x (+ b)` over the data at every point of the path, shape of `path["W"]`."""
    x = np.asarray(x, dtype=np.float64)
    predictions = path["W"][..., None] * x + (path["b"][..., None] if "b" in path else 0.0)
    return np.asarray(losses.get("mae")(np.asarray(y, dtype=np.float64), predictions[..., None]))


def _range_test(study: Study, cls: type, kwargs: dict, scaling: str, seed: int) -> float:
    """The LR range test's suggestion for the first seed's model (`find_lr` from 1e-5 to 1)."""
    x, y, _, _ = study.data(scaling)
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input(1), keras.layers.Dense(1, use_bias=study.use_bias)])
    model.compile(optimizer=cls(**kwargs), loss="mae")
    return float(find_lr(model, x, y, start_lr=1e-5, end_lr=1.0).suggestion)


def surface(study: Study, paths: Sequence[dict[str, np.ndarray]]) -> dict[str, Any]:
    """minigrad's MAE over the training data on a grid around `paths` (each `{"W": ..., "b": ...}`) and the target.

    With a bias the grid is `SURFACE_POINTS` x `SURFACE_POINTS` over (W, b) (`loss[i, j]` at `b[i]`, `W[j]`);
    without, a line of W values through the target, as wide as the paths, on which MAE is exactly
    `abs(W - 1) * mean(abs(x))` between grid points.
    """
    x, y, _, _ = study.data()
    target = study.targets
    if not study.use_bias:
        values = np.concatenate([np.ravel(path["W"]) for path in paths] + [[target["W"]]])
        low, high = _padded(values[np.isfinite(values)])
        w = np.union1d(np.linspace(low, high, 4 * SURFACE_POINTS), [target["W"]])
        return {"W": w, "b": None, "loss": _loss_along(x, y, {"W": w})}
    corners = [np.concatenate([np.ravel(path[p]) for path in paths] + [[target[p]]]) for p in ("W", "b")]
    w, b = (np.linspace(*_padded(values[np.isfinite(values)]), SURFACE_POINTS) for values in corners)
    grid_w, grid_b = np.meshgrid(w, b)
    return {"W": w, "b": b, "loss": _loss_along(x, y, {"W": grid_w, "b": grid_b})}


def _padded(values: np.ndarray) -> tuple[float, float]:
    low, high = float(values.min()), float(values.max())
    margin = max(0.08 * (high - low), 0.25)
    return low - margin, high + margin


def contour_levels(loss: np.ndarray, count: int = 12) -> np.ndarray:
    """`count + 1` log-spaced boundaries from the smallest positive loss to the largest: the colour bands."""
    positive = loss[np.isfinite(loss) & (loss > 0)]
    return np.geomspace(positive.min(), positive.max(), count + 1)
