"""Runs the golden fit cases and optimizer test vectors (tests/golden/*.json) through minigrad.

Shared by the optimizer, core and schedule tests. A fit case (written by tests/golden/generate.py
from the real framework) holds the model, the fixed initial weights, the data, the loss, the
optimizer `{class_name, config}` with the framework's own argument names, and what the framework
recorded: the weights after every epoch and the history. `run_fit_case` trains the same model in
minigrad with `shuffle=False`; `assert_fit_case_matches` compares the two.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
from golden_fixtures import load

import minigrad as keras
from minigrad.optimizers import legacy, pytorch, schedules

CONVENTIONS = {"keras3": keras.optimizers, "legacy": legacy, "torch": pytorch}
FIT_FILES = {"keras3": "fit_keras3", "legacy": "fit_legacy", "torch": "fit_torch"}

# torch.optim.lr_scheduler classes as minigrad schedules: (schedule name, torch -> minigrad argument names,
# torch's defaults where minigrad's differ).
TORCH_SCHEDULERS = {
    "CyclicLR": ("CyclicalLearningRate", {"base_lr": "base_learning_rate", "max_lr": "max_learning_rate"},
                 {"cycle_momentum": True}),
    "OneCycleLR": ("OneCycle", {"max_lr": "max_learning_rate"}, {"cycle_momentum": True}),
}


def fit_cases(convention: str) -> list[dict]:
    """The fit cases of one convention (a missing fixture file fails the test that asks)."""
    return load(FIT_FILES[convention])["cases"]


def step_records(convention: str) -> list[dict]:
    """The optimizer test vectors (`theta0`, five `grads`, the framework's `thetas`) of one convention."""
    return load("optimizer_steps")[convention]


def schedule_from(spec: dict) -> schedules.LearningRateSchedule:
    """A Keras schedule `{class_name, config}` as the minigrad schedule of that name."""
    return getattr(schedules, spec["class_name"])(**spec["config"])


def torch_schedule_from(spec: dict) -> schedules.LearningRateSchedule:
    """A torch `lr_scheduler` stepped after every batch, as the minigrad schedule that gives the same rates."""
    name, renames, torch_defaults = TORCH_SCHEDULERS[spec["class_name"]]
    config = {**torch_defaults, **spec["config"]}
    return schedule_from({"class_name": name, "config": {renames.get(k, k): v for k, v in config.items()}})


def optimizer_from(convention: str, spec: dict, scheduler: dict | None = None) -> keras.optimizers.Optimizer:
    """The minigrad optimizer for a fixture's `{class_name, config}` (a missing class fails the test)."""
    config = dict(spec["config"])
    rate_name = "lr" if convention == "torch" else "learning_rate"
    if isinstance(config.get(rate_name), dict):
        config[rate_name] = schedule_from(config[rate_name])
    if scheduler is not None:
        config[rate_name] = torch_schedule_from(scheduler)
    if "betas" in config:
        config["betas"] = tuple(config["betas"])
    return getattr(CONVENTIONS[convention], spec["class_name"])(**config)


def run_steps(optimizer: keras.optimizers.Optimizer, record: dict) -> list[list[np.ndarray]]:
    """Applies a test vector's gradients one update at a time; returns the variables after each update.

    A non-zero gradient that leaves every variable exactly as it was means the update made a new array
    instead of changing the variable in place: that is reported as such, since a model would never see it.
    """
    multi = record.get("multi", False)
    theta0 = record["theta0"] if multi else [record["theta0"]]
    variables = [np.array(t, dtype="float32") for t in theta0]
    after = []
    for grads in record["grads"]:
        grads = [np.array(g, dtype="float32") for g in (grads if multi else [grads])]
        before = [v.copy() for v in variables]
        optimizer.apply(grads, variables)
        if any(np.any(g != 0) for g in grads) and all(map(np.array_equal, variables, before)):
            raise AssertionError("theta was not updated in place: after a non-zero gradient it is unchanged. "
                                 "Write `theta -= lr * g` (or `theta[...] = ...`): `theta = theta - lr * g` makes "
                                 "a new array that the model never sees.")
        after.append([v.copy() for v in variables])
    return after


def expected_steps(record: dict) -> list[list[np.ndarray]]:
    return [[np.array(t) for t in (thetas if record.get("multi") else [thetas])] for thetas in record["thetas"]]


def layer_from(spec: dict) -> keras.layers.Layer:
    """A layer from a fixture's spec: a Dense's arguments, or `{"class_name": ..., **arguments}` for another."""
    config = dict(spec)
    return getattr(keras.layers, config.pop("class_name", "Dense"))(**config)


def model_from(case: dict, make_layer: Callable[[dict], keras.layers.Layer] = layer_from) -> keras.models.Sequential:
    """The case's Sequential (each layer made by `make_layer` from its spec), with its fixed initial weights."""
    layers = [keras.layers.Input((case["input_dim"],)), *(make_layer(spec) for spec in case["layers"])]
    model = keras.models.Sequential(layers)
    model.set_weights([np.array(w, dtype="float32") for w in case["initial_weights"]])
    return model


def run_fit_case(case: dict, convention: str, make_layer: Callable[[dict], keras.layers.Layer] = layer_from,
                 ) -> tuple[list[list[np.ndarray]], dict[str, list[float]]]:
    """Trains the case in minigrad (`shuffle=False`, `verbose=0`): the weights after each epoch and the history."""
    model = model_from(case, make_layer)
    model.compile(optimizer=optimizer_from(convention, case["optimizer"], case.get("scheduler")),
                  loss=case["loss"], metrics=case["metrics"])
    weights_per_epoch = []
    record = keras.callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: weights_per_epoch.append([w.copy() for w in model.get_weights()]))
    validation = (np.array(case["x_val"]), np.array(case["y_val"])) if "x_val" in case else None
    history = model.fit(np.array(case["x"]), np.array(case["y"]), batch_size=case["batch_size"],
                        epochs=case["epochs"], validation_data=validation, shuffle=False, verbose=0,
                        callbacks=[record])
    return weights_per_epoch, history.history


def relative_deviation(actual: np.ndarray, expected: np.ndarray, floor: float = 1e-6) -> float:
    """max(|actual - expected| / max(|expected|, floor)): the relative deviation, with `floor` for values near 0."""
    actual, expected = np.asarray(actual, dtype="float64"), np.asarray(expected, dtype="float64")
    return float(np.max(np.abs(actual - expected) / np.maximum(np.abs(expected), floor)))


def history_atol(case: dict) -> float:
    """A few float32 ulps of the targets: the resolution of a loss such as mean |y_pred - y|.

    When the fit is close (W near 1 on the article's data), the loss is a difference of nearly
    equal numbers of size |y|, so a one-ulp difference in the weights (a fused multiply-add in
    the framework, none in NumPy) moves it by about `|y| * 1.2e-7`, whatever its own size.
    """
    targets = [np.abs(np.array(case[key])).max() for key in ("y", "y_val") if key in case]
    return 4 * float(np.finfo(np.float32).eps) * max(targets)


def assert_steps_match(optimizer: keras.optimizers.Optimizer, record: dict, framework: str,
                       maxulp: int | None = None) -> None:
    """Runs a test-vector record through `optimizer` and compares theta after every step with the framework's.

    With `maxulp`, to that many float32 units in the last place (`np.testing.assert_array_max_ulp`): a different
    operation order shows up as an ulp or more. Without it, to rtol 1e-5 (atol 1e-7 near 0).
    """
    steps = zip(run_steps(optimizer, record), expected_steps(record), strict=True)
    for step, (actual, expected) in enumerate(steps, 1):
        for a, e in zip(actual, expected, strict=True):
            where = f"{record['id']}: theta after step {step}, minigrad vs {framework}"
            if maxulp is None:
                np.testing.assert_allclose(a, e, rtol=1e-5, atol=1e-7, err_msg=where)
            else:
                try:
                    np.testing.assert_array_max_ulp(a, e.astype(a.dtype), maxulp)
                except AssertionError as error:
                    raise AssertionError(f"{where}: {a.tolist()} vs {e.tolist()}: {error}") from None


def assert_fit_case_matches(case: dict, weights_per_epoch: list, history: dict, rtol: float = 1e-5,
                            atol: float = 1e-6) -> None:
    """Weights after every epoch to `rtol` (plus `atol` near 0); the history to `rtol` plus `history_atol`."""
    label = f"{case['id']} ({case['optimizer']['class_name']} {case['optimizer']['config']})"
    assert len(weights_per_epoch) == len(case["weights_per_epoch"]), f"{label}: number of epochs"
    for epoch, (actual, expected) in enumerate(zip(weights_per_epoch, case["weights_per_epoch"], strict=True), 1):
        for i, (a, e) in enumerate(zip(actual, expected, strict=True)):
            np.testing.assert_allclose(a, np.array(e), rtol=rtol, atol=atol,
                                       err_msg=f"{label}: weight {i} after epoch {epoch}, minigrad vs framework")
    for key, expected in case["history"].items():
        np.testing.assert_allclose(history[key], expected, rtol=rtol, atol=atol + history_atol(case),
                                   err_msg=f"{label}: history[{key!r}] per epoch, minigrad vs framework")
