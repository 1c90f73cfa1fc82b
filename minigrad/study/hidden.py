"""Hidden cases for `--grade`: inputs drawn at grade time from a seed (shapes, step counts, hyper-parameters the
course never shows), run through a student's exercise in a child process and through the teacher's own minigrad in
the grader's process, then compared there (`compare`).

A case is a JSON-able dict (`make_cases`); `outputs(case)` computes its named arrays with whichever `minigrad` is
imported: the student's blocks in a fresh copy of the teacher's package in the child (`child`), the teacher's
checkout in the grader. The cases call the marked functions on inputs they set up themselves (a Dense layer's
backward pass gets its `x`, `z` and `y` directly; the training step gets layers, a loss and an optimizer written
here), so an exercise's verdict depends on no other exercise (but `torch_adamw`'s, whose update is `torch_adam`'s,
as its tests say with `requires`).
"""
from __future__ import annotations

import contextlib
import json
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

import minigrad as keras
from minigrad import activations, backend, losses
from minigrad.layers import Dense
from minigrad.optimizers import Optimizer, legacy, pytorch, schedules

Case = dict[str, Any]
Sampler = Callable[[np.random.Generator], dict[str, Any]]
CASES_PER_EXERCISE = 3
RTOL, ATOL = 1e-4, 1e-7


def _uniform(rng: np.random.Generator, low: float, high: float, digits: int = 4) -> float:
    return round(float(rng.uniform(low, high)), digits)


def _log_uniform(rng: np.random.Generator, low: float, high: float) -> float:
    """Between 10 ** low and 10 ** high, rounded to 3 significant digits."""
    value = 10 ** rng.uniform(low, high)
    return float(f"{value:.3g}")


def _lr(rng: np.random.Generator) -> float:
    return _log_uniform(rng, -2.5, -0.5)


def _eps(rng: np.random.Generator) -> float:
    """Large enough (1e-3 to 1e-1) that where epsilon goes changes the result."""
    return _log_uniform(rng, -3, -1)


def _maybe(rng: np.random.Generator, value: float, otherwise: float = 0.0) -> float:
    return value if rng.integers(2) else otherwise


def _torch_sgd(rng: np.random.Generator) -> dict[str, Any]:
    dampening = _maybe(rng, _uniform(rng, 0.1, 0.5))
    return {"lr": _lr(rng), "momentum": _uniform(rng, 0.5, 0.95), "dampening": dampening,
            "nesterov": not dampening and bool(rng.integers(2)), "weight_decay": _maybe(rng, _uniform(rng, 0.01, 0.1))}


def _betas(rng: np.random.Generator) -> list[float]:
    return [_uniform(rng, 0.5, 0.95), _uniform(rng, 0.9, 0.999)]


# exercise id: (convention, class name, sampler of its constructor's arguments).
OPTIMIZERS: dict[str, tuple[str, str, Sampler]] = {
    "sgd": ("keras3", "SGD", lambda r: {"learning_rate": _lr(r)}),
    "sgd_momentum": ("keras3", "SGD", lambda r: {"learning_rate": _lr(r), "momentum": _uniform(r, 0.5, 0.95),
                                                 "nesterov": bool(r.integers(2))}),
    "rmsprop": ("keras3", "RMSprop", lambda r: {"learning_rate": _lr(r), "rho": _uniform(r, 0.8, 0.99),
                                                "momentum": _maybe(r, _uniform(r, 0.3, 0.9)), "epsilon": _eps(r),
                                                "centered": bool(r.integers(2))}),
    "adagrad": ("keras3", "Adagrad", lambda r: {"learning_rate": _lr(r), "epsilon": _eps(r),
                                                "initial_accumulator_value": _uniform(r, 0.01, 1.0)}),
    "adam": ("keras3", "Adam", lambda r: {"learning_rate": _lr(r), "beta_1": _uniform(r, 0.5, 0.95),
                                          "beta_2": _uniform(r, 0.9, 0.999), "epsilon": _eps(r),
                                          "amsgrad": bool(r.integers(2))}),
    "nadam": ("keras3", "Nadam", lambda r: {"learning_rate": _lr(r), "beta_1": _uniform(r, 0.5, 0.95),
                                            "beta_2": _uniform(r, 0.9, 0.999), "epsilon": _eps(r)}),
    "adamax": ("keras3", "Adamax", lambda r: {"learning_rate": _lr(r), "beta_1": _uniform(r, 0.5, 0.95),
                                              "beta_2": _uniform(r, 0.9, 0.999), "epsilon": _eps(r)}),
    "adadelta": ("keras3", "Adadelta", lambda r: {"learning_rate": _uniform(r, 0.1, 2.0),
                                                  "rho": _uniform(r, 0.8, 0.99), "epsilon": _eps(r)}),
    "legacy_rmsprop": ("legacy", "RMSprop", lambda r: {"learning_rate": _lr(r), "rho": _uniform(r, 0.8, 0.99),
                                                       "momentum": _maybe(r, _uniform(r, 0.3, 0.9)),
                                                       "epsilon": _eps(r), "centered": bool(r.integers(2))}),
    "legacy_adagrad": ("legacy", "Adagrad", lambda r: {"learning_rate": _lr(r), "epsilon": _eps(r),
                                                       "initial_accumulator_value": _uniform(r, 0.01, 1.0)}),
    "legacy_nadam": ("legacy", "Nadam", lambda r: {"learning_rate": _lr(r), "beta_1": _uniform(r, 0.5, 0.95),
                                                   "beta_2": _uniform(r, 0.9, 0.999), "epsilon": _eps(r),
                                                   "schedule_decay": _uniform(r, 0.001, 0.2)}),
    "torch_sgd": ("torch", "SGD", _torch_sgd),
    "torch_rmsprop": ("torch", "RMSprop", lambda r: {"lr": _lr(r), "alpha": _uniform(r, 0.8, 0.99), "eps": _eps(r),
                                                     "momentum": _maybe(r, _uniform(r, 0.3, 0.9)),
                                                     "centered": bool(r.integers(2))}),
    "torch_adagrad": ("torch", "Adagrad", lambda r: {"lr": _lr(r), "lr_decay": _uniform(r, 0.0, 0.5),
                                                     "initial_accumulator_value": _uniform(r, 0.0, 1.0),
                                                     "eps": _eps(r)}),
    "torch_adam": ("torch", "Adam", lambda r: {"lr": _lr(r), "betas": _betas(r), "eps": _eps(r),
                                               "amsgrad": bool(r.integers(2))}),
    "torch_adamw": ("torch", "AdamW", lambda r: {"lr": _lr(r), "betas": _betas(r), "eps": _eps(r),
                                                 "weight_decay": _uniform(r, 0.01, 0.5)}),
    "torch_nadam": ("torch", "NAdam", lambda r: {"lr": _lr(r), "betas": _betas(r), "eps": _eps(r),
                                                 "momentum_decay": _uniform(r, 0.001, 0.2)}),
    "torch_adamax": ("torch", "Adamax", lambda r: {"lr": _lr(r), "betas": _betas(r), "eps": _eps(r)}),
    "torch_adadelta": ("torch", "Adadelta", lambda r: {"lr": _uniform(r, 0.1, 2.0), "rho": _uniform(r, 0.8, 0.99),
                                                       "eps": _eps(r)}),
}
CONVENTIONS = {"keras3": keras.optimizers, "legacy": legacy, "torch": pytorch}


def _cosine(r: np.random.Generator) -> dict[str, Any]:
    warmup = bool(r.integers(2))
    return {"initial_learning_rate": _uniform(r, 0.01, 1.0), "decay_steps": int(r.integers(5, 40)),
            "alpha": _uniform(r, 0.0, 0.5), "warmup_target": _uniform(r, 0.01, 1.0) if warmup else None,
            "warmup_steps": int(r.integers(1, 15)) if warmup else 0}


def _piecewise(r: np.random.Generator) -> dict[str, Any]:
    boundaries = sorted(int(b) for b in r.choice(np.arange(1, 50), size=int(r.integers(2, 5)), replace=False))
    return {"boundaries": boundaries, "values": [_uniform(r, 0.001, 1.0) for _ in range(len(boundaries) + 1)]}


def _cyclical(r: np.random.Generator) -> dict[str, Any]:
    return {"base_learning_rate": _uniform(r, 0.0001, 0.01, 6), "max_learning_rate": _uniform(r, 0.02, 0.5),
            "step_size_up": int(r.integers(2, 15)), "step_size_down": int(r.integers(2, 15)) if r.integers(2) else None,
            "mode": str(r.choice(["triangular", "triangular2", "exp_range"])), "gamma": _uniform(r, 0.9, 0.999),
            "cycle_momentum": True, "base_momentum": _uniform(r, 0.7, 0.85), "max_momentum": _uniform(r, 0.86, 0.99)}


def _one_cycle(r: np.random.Generator) -> dict[str, Any]:
    return {"max_learning_rate": _uniform(r, 0.01, 1.0), "total_steps": int(r.integers(20, 80)),
            "pct_start": _uniform(r, 0.1, 0.45), "anneal_strategy": str(r.choice(["cos", "linear"])),
            "div_factor": _uniform(r, 5.0, 50.0), "final_div_factor": _uniform(r, 10.0, 1e4, 1),
            "three_phase": bool(r.integers(2)), "cycle_momentum": True, "base_momentum": _uniform(r, 0.7, 0.85),
            "max_momentum": _uniform(r, 0.86, 0.99)}


def _decay(r: np.random.Generator) -> dict[str, Any]:
    return {"initial_learning_rate": _uniform(r, 0.01, 1.0), "decay_steps": int(r.integers(2, 30)),
            "decay_rate": _uniform(r, 0.1, 0.99), "staircase": bool(r.integers(2))}


# exercise id: (schedule class name, sampler of its arguments, number of steps to evaluate).
SCHEDULES: dict[str, tuple[str, Sampler, int]] = {
    "exponential_decay": ("ExponentialDecay", _decay, 70),
    "inverse_time_decay": ("InverseTimeDecay", _decay, 70),
    "piecewise_constant_decay": ("PiecewiseConstantDecay", _piecewise, 60),
    "polynomial_decay": ("PolynomialDecay", lambda r: {
        "initial_learning_rate": _uniform(r, 0.01, 1.0), "decay_steps": int(r.integers(2, 30)),
        "end_learning_rate": _uniform(r, 0.0, 0.01, 6), "power": _uniform(r, 0.3, 3.0),
        "cycle": bool(r.integers(2))}, 80),
    "cosine_decay": ("CosineDecay", _cosine, 70),
    "cosine_decay_restarts": ("CosineDecayRestarts", lambda r: {
        "initial_learning_rate": _uniform(r, 0.01, 1.0), "first_decay_steps": int(r.integers(3, 15)),
        "t_mul": 1.0 if r.integers(2) else _uniform(r, 1.2, 3.0), "m_mul": _uniform(r, 0.3, 1.0),
        "alpha": _uniform(r, 0.0, 0.3)}, 100),
    "cyclical": ("CyclicalLearningRate", _cyclical, 70),
    "one_cycle": ("OneCycle", _one_cycle, 0),
}
LOSSES = {"mae": "MeanAbsoluteError", "mse": "MeanSquaredError", "huber": "Huber"}
DERIVATIVES = {"relu_derivative": "relu", "tanh_derivative": "tanh", "sigmoid_derivative": "sigmoid"}
FORWARD_ACTIVATIONS = [None, "relu", "tanh", "sigmoid", "softmax", "elu"]
BACKWARD_ACTIVATIONS = [None, "elu", "softplus", "swish", "softmax"]  # their backward passes are no exercise


def _array(rng: np.random.Generator, shape: tuple[int, ...], scale: float = 1.0) -> list:
    """float32 values (as a nested list) with about one entry in six exactly 0."""
    values = (rng.normal(size=shape) * scale).astype("float32")
    values[rng.random(size=shape) < 1 / 6] = 0
    return values.tolist()


def _dyadic(rng: np.random.Generator, shape: tuple[int, ...], limit: float, step: float) -> np.ndarray:
    """Multiples of `step` (a power of 2) in [-limit, limit]: sums and differences of them are exact in float32."""
    return rng.integers(-round(limit / step), round(limit / step) + 1, size=shape) * step


def _loss_case(rng: np.random.Generator, exercise_id: str) -> Case:
    shape = (int(rng.integers(2, 6)), int(rng.integers(1, 4)))
    config = {"delta": float(rng.integers(1, 12)) / 4} if exercise_id == "huber" else {}
    kinks = [0.0] + ([config["delta"], -config["delta"]] if config else [])
    e = _dyadic(rng, shape, 4.0, 0.125)
    at_kinks = rng.random(size=shape) < 0.4
    e[at_kinks] = rng.choice(kinks, size=int(at_kinks.sum()))
    return {"kind": "loss", "class": LOSSES[exercise_id], "config": config,
            "y_true": _dyadic(rng, shape, 3.0, 0.25).tolist(), "e": e.tolist()}


def _activation_case(rng: np.random.Generator, exercise_id: str) -> Case:
    shape = (int(rng.integers(1, 5)), int(rng.integers(2, 6)))
    return {"kind": "activation", "function": DERIVATIVES[exercise_id], "x": _array(rng, shape, 2.0)}


def _layer_specs(rng: np.random.Generator, count: int, names: list, input_dim: int) -> list[dict]:
    specs = []
    for _ in range(count):
        units, use_bias = int(rng.integers(1, 5)), bool(rng.integers(2))
        weights = [_array(rng, (input_dim, units))] + ([_array(rng, (units,))] if use_bias else [])
        specs.append({"units": units, "use_bias": use_bias, "activation": names[int(rng.integers(len(names)))],
                      "weights": weights})
        input_dim = units
    return specs


def _dense_case(rng: np.random.Generator, exercise_id: str, number: int) -> Case:
    """Case 0: one layer without bias, 1: one layer with a bias, then two layers (biases drawn)."""
    input_dim, batch = int(rng.integers(1, 5)), int(rng.integers(1, 5))
    names = FORWARD_ACTIVATIONS if exercise_id == "dense_forward" else BACKWARD_ACTIVATIONS
    layers = _layer_specs(rng, 1 if number < 2 else 2, names, input_dim)
    if number < 2:
        layers[0]["use_bias"] = bool(number)
        layers[0]["weights"] = layers[0]["weights"][:1] + ([_array(rng, (layers[0]["units"],))] if number else [])
    case: Case = {"kind": exercise_id, "x": _array(rng, (batch, input_dim)), "layers": layers}
    if exercise_id == "dense_backward":
        case["dy"] = _array(rng, (batch, layers[-1]["units"]))
        case["need_input_grad"] = number != 1
    return case


def _optimizer_case(rng: np.random.Generator, exercise_id: str) -> Case:
    convention, class_name, sample = OPTIMIZERS[exercise_id]
    rows, columns = int(rng.integers(1, 4)), int(rng.integers(1, 4))
    shapes = [(rows, columns), (columns,)] + ([(columns + 1,)] if rng.integers(2) else [])
    steps = int(rng.integers(3, 7))
    case: Case = {"kind": "optimizer", "convention": convention, "class": class_name, "config": sample(rng),
                  "theta0": [_array(rng, shape) for shape in shapes],
                  "grads": [[_array(rng, shape) for shape in shapes] for _ in range(steps)]}
    if rng.integers(2):
        case["new_learning_rate"] = {"before_update": int(rng.integers(2, steps + 1)), "value": _lr(rng)}
    return case


def _schedule_case(rng: np.random.Generator, exercise_id: str) -> Case:
    class_name, sample, count = SCHEDULES[exercise_id]
    while True:
        config = sample(rng)
        try:
            getattr(schedules, class_name)(**config)
        except ValueError:
            continue
        break
    steps = list(range(config["total_steps"] + 1)) if class_name == "OneCycle" else list(range(count))
    return {"kind": "schedule", "class": class_name, "config": config, "steps": steps,
            "momentum": bool(config.get("cycle_momentum"))}


def _fit_case(rng: np.random.Generator) -> Case:
    input_dim, batch = int(rng.integers(1, 4)), int(rng.integers(1, 4))
    units = [int(rng.integers(1, 4)) for _ in range(int(rng.integers(1, 4)))]
    samples = batch * int(rng.integers(1, 4)) + int(rng.integers(0, batch))
    dims = [input_dim, *units]
    return {"kind": "fit", "kernels": [_array(rng, (a, b), 0.5) for a, b in zip(dims, dims[1:], strict=False)],
            "x": _array(rng, (samples, input_dim)), "y": _array(rng, (samples, units[-1])), "batch_size": batch,
            "learning_rate": _lr(rng), "epochs": 2}


def make_cases(exercise_ids: list[str], seed: int) -> dict[str, list[Case]]:
    """`CASES_PER_EXERCISE` cases (dense layers: 4) for each exercise, drawn from `seed` (each exercise from its
    own stream, so grading fewer exercises draws the same cases for those)."""
    cases = {}
    for exercise_id in exercise_ids:
        rng = np.random.default_rng([seed, *exercise_id.encode()])
        if exercise_id in LOSSES:
            drawn = [_loss_case(rng, exercise_id) for _ in range(CASES_PER_EXERCISE)]
        elif exercise_id in DERIVATIVES:
            drawn = [_activation_case(rng, exercise_id) for _ in range(CASES_PER_EXERCISE)]
        elif exercise_id in ("dense_forward", "dense_backward"):
            drawn = [_dense_case(rng, exercise_id, number) for number in range(4)]
        elif exercise_id in OPTIMIZERS:
            drawn = [_optimizer_case(rng, exercise_id) for _ in range(CASES_PER_EXERCISE)]
        elif exercise_id in SCHEDULES:
            drawn = [_schedule_case(rng, exercise_id) for _ in range(CASES_PER_EXERCISE)]
        elif exercise_id == "fit_step":
            drawn = [_fit_case(rng) for _ in range(CASES_PER_EXERCISE)]
        else:
            raise ValueError(f"No hidden cases are defined for exercise {exercise_id!r}.")
        cases[exercise_id] = drawn
    return cases


def _f32(values: Any) -> np.ndarray:
    return np.array(values, dtype="float32")


def _arguments(config: dict[str, Any]) -> str:
    return ", ".join(f"{key}={value!r}" for key, value in config.items())


def describe(case: Case) -> str:
    """The case in a few words, for a feedback message."""
    kind = case["kind"]
    if kind == "loss":
        return f"{case['class']}({_arguments(case['config'])}) with e = y_pred - y_true = {case['e']}"
    if kind == "activation":
        return f"{case['function']}'(x) at x = {case['x']}"
    if kind in ("dense_forward", "dense_backward"):
        layers = " then ".join(f"Dense({spec['units']}, activation={spec['activation']!r}, "
                               f"use_bias={spec['use_bias']})" for spec in case["layers"])
        extra = f", need_input_grad={case['need_input_grad']}" if kind == "dense_backward" else ""
        return f"{layers} on a batch of shape {np.shape(case['x'])}{extra}"
    if kind == "optimizer":
        shapes = ", ".join(str(np.shape(theta)) for theta in case["theta0"])
        change = case.get("new_learning_rate")
        changed = f", learning rate set to {change['value']} before update {change['before_update']}" if change else ""
        return (f"{case['convention']} {case['class']}({_arguments(case['config'])}) on variables of shapes {shapes}, "
                f"{len(case['grads'])} updates{changed}")
    if kind == "schedule":
        return f"{case['class']}({_arguments(case['config'])}) at steps 0 to {case['steps'][-1]}"
    shapes = " -> ".join(str(np.shape(kernel)) for kernel in case["kernels"])
    return (f"fit of bias-free linear layers with kernels {shapes} on {len(case['x'])} samples, batch_size "
            f"{case['batch_size']}, {case['epochs']} epochs, plain SGD({case['learning_rate']})")


class _Linear(Dense):
    """`y = x @ kernel` and its backward pass, so the training-step cases need no layer exercise."""

    def __init__(self, units: int) -> None:
        super().__init__(units, use_bias=False)

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.x = x
        return x @ self.kernel

    def backward(self, dy: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        self.grads = [self.x.T @ dy]
        return dy @ self.kernel.T


class _HalfSquaredError(losses.ErrorLoss):
    def elementwise(self, e: np.ndarray) -> np.ndarray:
        return 0.5 * e * e

    def derivative(self, e: np.ndarray) -> np.ndarray:
        return e


class _PlainSGD(Optimizer):
    def update_step(self, gradient: np.ndarray, variable: np.ndarray, learning_rate: np.floating,
                    slots: dict[str, np.ndarray]) -> None:
        variable -= learning_rate * gradient


def _dense_layers(case: Case) -> list[Dense]:
    layers, input_dim = [], np.shape(case["x"])[1]
    for spec in case["layers"]:
        layer = Dense(spec["units"], activation=spec["activation"], use_bias=spec["use_bias"])
        layer.build(input_dim)
        layer.set_weights([_f32(w) for w in spec["weights"]])
        layers.append(layer)
        input_dim = spec["units"]
    return layers


def _as_array(value: Any) -> np.ndarray:
    """`value` as float64; None (a function that forgot its `return`) as an empty array, which `compare` names."""
    return np.empty(0) if value is None else np.asarray(value, dtype="float64")


def outputs(case: Case) -> dict[str, np.ndarray]:
    """The named arrays the exercise's code gives on `case`, computed with the imported minigrad."""
    backend.set_floatx("float32")
    kind = case["kind"]
    if kind == "loss":
        loss = getattr(losses, case["class"])(**case["config"])
        y_true, e = _f32(case["y_true"]), _f32(case["e"])
        value, gradient = loss.value_and_gradient(y_true, y_true + e)
        return {"elementwise(e)": _as_array(loss.elementwise(e)), "derivative(e)": _as_array(loss.derivative(e)),
                "loss": _as_array(value), "dL/dy_pred": _as_array(gradient)}
    if kind == "activation":
        x = _f32(case["x"])
        y = getattr(activations, case["function"])(x)
        return {"dy/dx": _as_array(getattr(activations, f"{case['function']}_derivative")(x, y))}
    if kind == "dense_forward":
        found, x = {}, _f32(case["x"])
        for number, layer in enumerate(_dense_layers(case), 1):
            y = layer.forward(x)
            found[f"layer {number}: forward's return value"] = _as_array(y)
            found.update({f"layer {number}: layer.{name}": _as_array(getattr(layer, name)) for name in "xzy"})
            x = y
        return found
    if kind == "dense_backward":
        return _backward_outputs(case)
    if kind == "optimizer":
        return _optimizer_outputs(case)
    if kind == "schedule":
        schedule = getattr(schedules, case["class"])(**case["config"])
        found = {"learning rate per step": _as_array([float(schedule(step)) for step in case["steps"]])}
        if case["momentum"]:
            found["momentum per step"] = _as_array([float(schedule.momentum_at(step)) for step in case["steps"]])
        return found
    return _fit_outputs(case)


def _backward_outputs(case: Case) -> dict[str, np.ndarray]:
    layers, x = _dense_layers(case), _f32(case["x"])
    for layer in layers:
        z = x @ layer.kernel + layer.bias if layer.use_bias else x @ layer.kernel
        layer.x, layer.z, layer.y = x, z, layer.activation.function(z)
        x = layer.y
    found, dy = {}, _f32(case["dy"])
    for number in range(len(layers), 0, -1):
        layer = layers[number - 1]
        wants_dx = number > 1 or case["need_input_grad"]
        dx = layer.backward(dy, need_input_grad=wants_dx)
        found[f"layer {number}: number of gradients in layer.grads"] = _as_array(len(layer.grads))
        names = ["d_kernel", "d_bias"] if layer.use_bias else ["d_kernel"]
        for name, grad in zip(names, layer.grads, strict=False):  # their number is compared first
            found[f"layer {number}: {name}"] = _as_array(grad)
        if not wants_dx:
            found[f"layer {number}: returns None with need_input_grad=False"] = _as_array(dx is None)
            break
        found[f"layer {number}: the returned dL/dx"] = _as_array(dx)
        if dx is None:
            break
        dy = dx
    return found


def _optimizer_outputs(case: Case) -> dict[str, np.ndarray]:
    config = dict(case["config"])
    if "betas" in config:
        config["betas"] = tuple(config["betas"])
    optimizer = getattr(CONVENTIONS[case["convention"]], case["class"])(**config)
    variables = [_f32(theta) for theta in case["theta0"]]
    change = case.get("new_learning_rate")
    found = {}
    for step, grads in enumerate(case["grads"], 1):
        if change and change["before_update"] == step:
            optimizer.learning_rate = change["value"]
        optimizer.apply([_f32(g) for g in grads], variables)
        for number, variable in enumerate(variables):
            found[f"variable {number} (shape {variable.shape}) after update {step}"] = _as_array(variable)
    return found


def _fit_outputs(case: Case) -> dict[str, np.ndarray]:
    kernels = [_f32(kernel) for kernel in case["kernels"]]
    model = keras.Sequential([keras.Input((kernels[0].shape[0],)), *(_Linear(k.shape[1]) for k in kernels)])
    model.set_weights(kernels)
    model.compile(optimizer=_PlainSGD(case["learning_rate"]), loss=_HalfSquaredError())
    found = {}

    def record(epoch: int, logs: dict) -> None:
        for number, weight in enumerate(model.get_weights(), 1):
            found[f"kernel {number} after epoch {epoch + 1}"] = _as_array(weight)

    history = model.fit(_f32(case["x"]), _f32(case["y"]), batch_size=case["batch_size"], epochs=case["epochs"],
                        shuffle=False, verbose=0, callbacks=[keras.callbacks.LambdaCallback(on_epoch_end=record)])
    found["loss per epoch"] = _as_array(history.history["loss"])
    return found


def compare(expected: dict[str, np.ndarray], actual: dict[str, np.ndarray]) -> str | None:
    """None if `actual` has every array of `expected`, of the same shape and close (rtol 1e-4, atol 1e-7);
    else what differs first, e.g. "variable 1 (shape (3,)) after update 2 at [0]: expected 0.25, got 0.5"."""
    for name, wanted in expected.items():
        if name not in actual:
            return f"{name}: missing"
        got = actual[name]
        if got.size == 0 and wanted.size:
            return f"{name}: expected an array of shape {wanted.shape}, got None"
        if got.shape != wanted.shape:
            return f"{name}: expected shape {wanted.shape}, got shape {got.shape}"
        close = np.isclose(got, wanted, rtol=RTOL, atol=ATOL)
        if not close.all():
            where = tuple(int(i) for i in np.argwhere(~close)[0])
            at = f" at {list(where)}" if where else ""
            return f"{name}{at}: expected {wanted[where]:.7g}, got {got[where]:.7g}"
    return None


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """TimeoutError after `seconds` of Python code (SIGALRM, on Linux and macOS; elsewhere no limit here)."""
    if not seconds or not hasattr(signal, "SIGALRM"):
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise TimeoutError(f"did not finish in {seconds:g} s (an endless loop?)")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def child(cases_file: str, out_folder: str) -> None:
    """Runs in the child process, with the student's package first on the path. For each exercise of `cases_file`
    (`{"timeout": seconds for all of an exercise's cases, "exercises": {id: [case, ...]}}`), writes `<id>.npz`
    (the outputs of every case, named `<case number>|<name>`) or `<id>.error` (what went wrong, one line) into
    `out_folder`, after naming the exercise in `out_folder/current` (so the grader knows which one stopped Python)."""
    spec, out = json.loads(Path(cases_file).read_text()), Path(out_folder)
    for exercise_id, cases in spec["exercises"].items():
        (out / "current").write_text(exercise_id)
        found: dict[str, Any] = {}
        failure, number = None, 0
        try:
            with _time_limit(spec["timeout"]):
                for number, case in enumerate(cases):
                    found.update({f"{number}|{name}": value for name, value in outputs(case).items()})
        except BaseException as error:  # the student's code may raise anything, SystemExit included
            first = next((line for line in str(error).splitlines() if line.strip()), "")
            failure = f"hidden case {number + 1} ({describe(cases[number])}): {type(error).__name__}: {first}"
        if failure is None:
            np.savez(out / f"{exercise_id}.npz", **found)
        else:
            (out / f"{exercise_id}.error").write_text(failure[:2000])
    (out / "current").write_text("")

