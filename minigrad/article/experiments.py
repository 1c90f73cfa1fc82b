"""The article's ten experiments, written the way a reader writes them after `import minigrad as keras`.

Two things differ from the article's code blocks, on purpose: each experiment starts from a fresh model
(the article's E2 starts where E1 stopped), the seed fixing the initial weights and the shuffling; and for
E9 and E10, whose SGD-with-momentum the article does not give, minigrad uses
`SGD(learning_rate=1e-4, momentum=0.9)`, which gives the article's W and b on real tf.keras.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

import minigrad as keras
from minigrad._validation import unknown_name
from minigrad.callbacks import Callback, LambdaCallback, LearningRateScheduler
from minigrad.data import train_test_split


def lr_schedule(epoch):
    """The article's E5 schedule, as written: `5 >= epoch > 25` and `25 >= epoch > 50` are never true."""
    if epoch<5:
        return 0.02
    elif 5>=epoch>25:
        return 0.01
    elif 25>=epoch>50:
        return 0.001
    else:
        return 0.0001


def intended_lr_schedule(epoch):
    """The schedule the author meant: 0.02, then 0.01 from epoch 5, 0.001 from 25, 0.0001 from 50."""
    if epoch < 5:
        return 0.02
    elif 5 <= epoch < 25:
        return 0.01
    elif 25 <= epoch < 50:
        return 0.001
    else:
        return 0.0001


def identity_data() -> tuple[np.ndarray, ...]:
    """f(x) = x: train on `X[:80]`, validate on `X[80:]`, with `X = np.arange(100)`."""
    X = np.arange(100)
    return X[:80], X[:80], X[80:], X[80:]


def linear_data(n: int) -> tuple[np.ndarray, ...]:
    """f(x) = 2x + 5 on `np.arange(n)`, split twice as the article does; returns train and validation."""
    X = np.arange(n)
    y = 2*X+5
    X_train_full, X_test, y_train_full, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
    X_train, X_valid, y_train, y_valid = train_test_split(X_train_full, y_train_full, test_size=0.2, random_state=42)
    return X_train, y_train, X_valid, y_valid


@dataclass(frozen=True)
class Experiment:
    """One of the article's runs: its data, optimizer, epochs and what the article says happened."""

    id: str
    title: str
    n: int
    use_bias: bool
    optimizer: Callable[[], keras.optimizers.Optimizer]
    epochs: int
    article: str
    schedule: Callable[[int], float] | None = None
    note: str = ""

    @property
    def targets(self) -> dict[str, float]:
        return {"W": 2.0, "b": 5.0} if self.use_bias else {"W": 1.0}


@dataclass
class ExperimentResult:
    """What one run gave: the `fit` history's lists and each epoch's `learning_rate` (`History.learning_rates`), W
    (and b) after each epoch and before training, the seed, the time."""

    experiment: Experiment
    seed: int
    history: dict[str, list[float]]
    weights: dict[str, list[float]] = field(default_factory=dict)
    initial: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0

    def final(self, key: str) -> float:
        """The last epoch's value of a history key (`"mae"`, `"val_mae"`) or of `"W"` / `"b"`."""
        return float((self.weights[key] if key in ("W", "b") else self.history[key])[-1])


_MOMENTUM = "learning_rate=1e-4, momentum=0.9: our choice, the article does not give them"
EXPERIMENTS = {e.id: e for e in [
    Experiment("E1", "f(x)=x, SGD(0.1)", 100, False, lambda: keras.optimizers.SGD(0.1), 100,
               "MAE fluctuates and never drops; W does a random walk (loss 68.6 -> 80.8, val 220.6 -> 58.1)"),
    Experiment("E2", "f(x)=x, SGD(0.001)", 100, False, lambda: keras.optimizers.SGD(0.001), 100,
               "MAE falls fast then fluctuates; W near 1 but never reaches it (loss 1.13, val 1.56)"),
    Experiment("E3", "f(x)=x, SGD(0.0001)", 100, False, lambda: keras.optimizers.SGD(0.0001), 200,
               "slow: W gets close to 1 only after nearly 200 epochs, then stays tight"),
    Experiment("E4", "f(x)=x, SGD(0.01, decay=0.01)", 100, False, lambda: keras.optimizers.SGD(0.01, decay=0.01), 250,
               "much better, but never fully settles and takes long"),
    Experiment("E5", "f(x)=x, SGD() + the article's lr_schedule", 100, False, lambda: keras.optimizers.SGD(), 100,
               "some fluctuation at first, largely converged before epoch 40", schedule=lr_schedule,
               note="lr_schedule as written: its middle branches never fire (0.02, then 0.0001 from epoch 5)"),
    Experiment("E5b", "f(x)=x, SGD() + the schedule the author meant", 100, False,
               lambda: keras.optimizers.SGD(), 100, "(not in the article: its lr_schedule with the bug fixed)",
               schedule=intended_lr_schedule, note="0.02, 0.01 from epoch 5, 0.001 from 25, 0.0001 from 50"),
    Experiment("E6", "f(x)=x, Adam()", 100, False, lambda: keras.optimizers.Adam(), 100,
               "stable within 100 epochs without tuning"),
    Experiment("E7", "f(x)=2x+5, Adam(), 100 points", 100, True, lambda: keras.optimizers.Adam(), 200,
               "does not converge in 200 epochs, but makes steady progress",
               note="the article's code also passes E5's `lrate` to this fit (callbacks=[lrate]); like its "
                    "text, minigrad runs Adam() alone"),
    Experiment("E8", "f(x)=2x+5, Adam(), 1000 points", 1000, True, lambda: keras.optimizers.Adam(), 200,
               "W = 2.004, b = 1.94: right weight, bias far from 5"),
    Experiment("E9", "f(x)=2x+5, SGD with momentum, 100 points", 100, True,
               lambda: keras.optimizers.SGD(learning_rate=1e-4, momentum=0.9), 200,
               "W = 2.071, b = 0.23", note=_MOMENTUM),
    Experiment("E10", "f(x)=2x+5, SGD with momentum, 1000 points", 1000, True,
               lambda: keras.optimizers.SGD(learning_rate=1e-4, momentum=0.9), 200,
               "W = 2.05, b = 0.34: no better with more data; W settles fast, b crawls", note=_MOMENTUM),
]}


def select(only: list[str] | None = None) -> list[Experiment]:
    """The experiments named in `only` (all by default), in the article's order; `E5` brings `E5b` along."""
    if not only:
        return list(EXPERIMENTS.values())
    for name in only:
        if name not in EXPERIMENTS:
            raise unknown_name("experiment", name, EXPERIMENTS)
    return [e for e in EXPERIMENTS.values() if e.id in only or e.id.rstrip("b") in only]


def run_experiment(experiment: Experiment | str, seed: int = 0) -> ExperimentResult:
    """Trains one experiment from a fresh model, with `keras.utils.set_random_seed(seed)` first.

    Example:
    >>> result = run_experiment("E2", seed=0)
    >>> len(result.weights["W"]), abs(result.final("W") - 1) < 0.1
    (100, True)
    """
    experiment = select([experiment])[0] if isinstance(experiment, str) else experiment
    start = time.perf_counter()
    keras.utils.set_random_seed(seed)
    x, y, x_val, y_val = linear_data(experiment.n) if experiment.use_bias else identity_data()
    model = keras.models.Sequential([
        keras.layers.Input(1),
        keras.layers.Dense(1, use_bias=experiment.use_bias)
    ])
    weights: dict[str, list[float]] = {"W": [], "b": []} if experiment.use_bias else {"W": []}
    initial = {name: float(value.flat[0]) for name, value in zip(weights, model.layers[0].get_weights(), strict=True)}

    def save(epoch, logs):
        for name, value in zip(weights, model.layers[0].get_weights(), strict=True):
            weights[name].append(float(value.flat[0]))

    callbacks: list[Callback] = [LambdaCallback(on_epoch_end=save)]
    if experiment.schedule is not None:
        callbacks.append(LearningRateScheduler(experiment.schedule))
    model.compile(loss='mae', optimizer=experiment.optimizer(), metrics=['mae'])
    history = model.fit(x, y, epochs=experiment.epochs, validation_data=(x_val, y_val), callbacks=callbacks,
                        verbose=0)
    logs = {**history.history, "learning_rate": history.learning_rates}
    return ExperimentResult(experiment, seed, logs, weights, initial, time.perf_counter() - start)


def run_experiments(only: list[str] | None = None, seed: int = 0,
                    progress: Callable[[str], None] | None = None) -> dict[str, ExperimentResult]:
    """Trains the selected experiments (all by default) with one seed, no plotting: `{id: ExperimentResult}`.

    Args:
        only: experiment ids such as `["E1", "E5"]`; `E5` also runs `E5b`, the intended schedule.
        seed: the seed given to `keras.utils.set_random_seed` before each experiment.
        progress: called with a one-line message after each experiment, e.g. `print`.
    """
    chosen = select(only)
    results = {}
    for number, experiment in enumerate(chosen, 1):
        results[experiment.id] = run_experiment(experiment, seed)
        if progress is not None:
            progress(f"[{number}/{len(chosen)}] {experiment.id} {experiment.title}: "
                     f"{results[experiment.id].seconds:.2f} s")
    return results
