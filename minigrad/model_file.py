"""The model file: one `.npz` file (see `npz_file`) holding

    header            JSON text: format and version, the architecture (layer configs), the compile
                      config (loss, metrics, optimizer class and arguments) and the optimizer's
                      iteration count and slot names
    weight_0, ...     the weights, in `model.get_weights()` order
    slot_0_momentum   the optimizer's slots (state per trainable weight, such as Adam's `m` and `v`), ...

Layers and optimizers are built only from minigrad's own classes, so a file can never make Python
run code. `models.load_model` turns what `read_model` returns into a `Sequential`.
"""
from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from minigrad import backend, layers, losses, optimizers
from minigrad.npz_file import PathLike, file_errors, read, write_atomically
from minigrad.optimizers import schedules

LAYER_CLASSES: dict[str, type[layers.Layer]] = {
    cls.__name__: cls for cls in (layers.Dense, layers.Flatten, layers.Activation, layers.Softmax, layers.Dropout,
                                  layers.BatchNormalization)}


def save_model(model: Any, filepath: PathLike, overwrite: bool = True) -> None:
    """Saves the architecture, compile config, weights and optimizer state to one `.npz` file.

    Example:
    >>> import os, tempfile, minigrad as keras
    >>> model = keras.Sequential([keras.Input(1), keras.layers.Dense(1, use_bias=False)])
    >>> model.compile(optimizer=keras.optimizers.SGD(0.1, momentum=0.9), loss="mae")
    >>> path = os.path.join(tempfile.mkdtemp(), "model.npz")
    >>> save_model(model, path)
    >>> [w.tolist() for w in keras.models.load_model(path).get_weights()] == [w.tolist() for w in model.get_weights()]
    True
    """
    save_training_state(model, filepath, training=None, overwrite=overwrite)


def save_training_state(model: Any, filepath: PathLike, training: dict | None, overwrite: bool = True) -> None:
    """`save_model` plus a small JSON-able `training` dict (BackupAndRestore's epoch and RNG state)."""
    header = {"kind": "model", "model": _architecture(model), "compile": None, "optimizer_state": None,
              "training": training}
    arrays = _weight_arrays(model)
    if model.optimizer is not None:
        header["compile"] = {"optimizer": _optimizer_config(model.optimizer), "loss": model.loss.get_config(),
                             "metrics": [metric.name for metric in model.metrics]}
        header["optimizer_state"], optimizer_arrays = _optimizer_state(model.optimizer)
        arrays.update(optimizer_arrays)
    write_atomically(filepath, header, arrays, overwrite)


def save_weights(model: Any, filepath: PathLike, overwrite: bool = True) -> None:
    """Saves only the weights (`model.get_weights()`) to one `.npz` file."""
    shapes = [list(w.shape) for w in model.get_weights()]
    write_atomically(filepath, {"kind": "weights", "shapes": shapes}, _weight_arrays(model), overwrite)


class SavedModel(NamedTuple):
    """What a model file describes: `models.load_model` builds the `Sequential` and calls `restore`."""

    name: str
    sample_shape: tuple[int, ...] | None
    layers: list[layers.Layer]
    compile_config: dict | None
    restore: Callable[[Any], None]


def read_model(filepath: PathLike) -> SavedModel:
    """Reads a file written by `save_model`; every check happens here, before any model exists."""
    header, arrays = read(filepath, kinds=("model",))
    with file_errors(filepath):
        spec = header["model"]
        if spec["floatx"] != backend.floatx():
            raise TypeError(f"the model was saved with floatx={spec['floatx']!r}: call "
                            f"keras.backend.set_floatx({spec['floatx']!r}) before loading it")
        stack = []
        for layer in spec["layers"]:
            if layer["class_name"] not in LAYER_CLASSES:
                raise ValueError(f"unknown layer class {layer['class_name']!r}")
            config = dict(layer["config"])
            if layer["class_name"] == "Dense":
                config["kernel_initializer"] = "zeros"
            stack.append(LAYER_CLASSES[layer["class_name"]](**config))
        compile_config = None
        if header["compile"] is not None:
            compile_config = {"optimizer": _build_optimizer(header["compile"]["optimizer"]),
                              "loss": _build_loss(header["compile"]["loss"]), "metrics": header["compile"]["metrics"]}
        shape = spec["input_shape"]
    return SavedModel(spec["name"], None if shape is None else tuple(shape), stack, compile_config,
                      lambda model: _restore(model, header, arrays, filepath))


def load_weights(model: Any, filepath: PathLike) -> None:
    """Sets the model's weights from a file written by `save_weights` or `save`; the shapes must match."""
    _, arrays = read(filepath, kinds=("model", "weights"))
    model.set_weights(_weights_from(arrays, filepath))


def load_training_state(model: Any, filepath: PathLike) -> dict | None:
    """Restores weights and optimizer state from a `save_training_state` file; returns its `training` dict."""
    header, arrays = read(filepath, kinds=("model",))
    saved = (header.get("compile") or {}).get("optimizer", {}).get("class_name")
    if model.optimizer is None or type(model.optimizer).__name__ != saved:
        raise ValueError(f"The file {os.fspath(filepath)!r} holds the state of a {saved} optimizer. "
                         f"Received: a model compiled with {type(model.optimizer).__name__}")
    _restore(model, header, arrays, filepath)
    learning_rate = header["compile"]["optimizer"]["config"].get("learning_rate")
    if isinstance(learning_rate, (int, float)) and isinstance(model.optimizer.get_config()["learning_rate"], float):
        model.optimizer.learning_rate = learning_rate  # ReduceLROnPlateau or a user may have changed it
    return header["training"]


# -- what goes into the file -------------------------------------------------------------------

def _architecture(model: Any) -> dict:
    for layer in model.layers:
        if type(layer) not in LAYER_CLASSES.values():
            raise TypeError(f"Only {', '.join(LAYER_CLASSES)} layers can be saved. Received: a layer {layer!r}")
    return {"name": model.name, "input_shape": None if model.sample_shape is None else list(model.sample_shape),
            "floatx": backend.floatx(),
            "layers": [{"class_name": type(layer).__name__, "config": layer.get_config()} for layer in model.layers]}


def _weight_arrays(model: Any) -> dict[str, np.ndarray]:
    return {f"weight_{i}": w for i, w in enumerate(model.get_weights())}


def _optimizer_config(optimizer: optimizers.Optimizer) -> dict:
    config = optimizer.get_config()
    if callable(config.get("learning_rate")):
        raise ValueError("A model whose optimizer has a plain function as `learning_rate` cannot be saved: "
                         "use a `LearningRateSchedule`, or `save_weights`. "
                         f"Received: learning_rate={config['learning_rate']!r}")
    cls = type(optimizer)
    return {"module": cls.__module__, "class_name": cls.__qualname__, "config": config}


def _optimizer_state(optimizer: optimizers.Optimizer) -> tuple[dict, dict[str, np.ndarray]]:
    """The JSON part (iterations, slot names, plain-number attributes) and the arrays of `get_state()`."""
    state = optimizer.get_state()
    arrays: dict[str, np.ndarray] = {}
    slots = state.pop("slots")
    for i, variable_slots in enumerate(slots or []):
        arrays.update({f"slot_{i}_{name}": value for name, value in variable_slots.items()})
    attributes = {}
    for name, value in state.items():
        if isinstance(value, (np.ndarray, np.generic)):
            arrays[f"state_{name}"] = np.asarray(value)
            value = {"array": f"state_{name}", "scalar": isinstance(value, np.generic)}
        attributes[name] = value
    names = None if slots is None else [list(variable_slots) for variable_slots in slots]
    return {"slot_names": names, "attributes": attributes}, arrays


# -- what comes out of it ----------------------------------------------------------------------

def _build_optimizer(spec: dict) -> optimizers.Optimizer:
    """Only a subclass of `Optimizer` defined in `minigrad.optimizers` can be named by a file."""
    module, class_name = spec["module"], spec["class_name"]
    if not re.fullmatch(r"minigrad\.optimizers(\.\w+)*", module):
        raise ValueError(f"optimizer module {module!r} is not part of minigrad.optimizers")
    cls = getattr(importlib.import_module(module), class_name, None)
    if not (isinstance(cls, type) and issubclass(cls, optimizers.Optimizer)):
        raise ValueError(f"{module}.{class_name} is not a minigrad optimizer")
    config = dict(spec["config"])
    if isinstance(config.get("learning_rate"), dict):
        config["learning_rate"] = schedules.deserialize(config["learning_rate"])
    return cls(**config)


def _build_loss(config: dict) -> losses.Loss:
    config = dict(config)
    return type(losses.get(config.pop("name")))(**config)


def _weights_from(arrays: dict[str, np.ndarray], filepath: PathLike) -> list[np.ndarray]:
    count = sum(name.startswith("weight_") for name in arrays)
    missing = [i for i in range(count) if f"weight_{i}" not in arrays]
    if missing:
        raise ValueError(f"The file {os.fspath(filepath)!r} is corrupted: weight_{missing[0]} is missing.")
    return [arrays[f"weight_{i}"] for i in range(count)]


def _restore(model: Any, header: dict, arrays: dict[str, np.ndarray], filepath: PathLike) -> None:
    """Sets the weights and the optimizer state; all of it is read and checked before anything changes."""
    weights = _weights_from(arrays, filepath)
    state = header["optimizer_state"]
    if state is not None:
        with file_errors(filepath):
            attributes = {name: _decode(value, arrays) for name, value in state["attributes"].items()}
            slots = None if state["slot_names"] is None else [
                {name: arrays[f"slot_{i}_{name}"] for name in names} for i, names in enumerate(state["slot_names"])]
            for weight, variable_slots in zip(model.trainable_variables, slots or [], strict=False):
                for name, slot in variable_slots.items():
                    if slot.shape != weight.shape:
                        raise ValueError(f"slot {name!r} has shape {slot.shape} but its weight {weight.shape}")
    model.set_weights(weights)
    if state is not None:
        if slots is not None:
            model.optimizer.build(model.trainable_variables)
        model.optimizer.set_state({"slots": slots, **attributes})


def _decode(value: Any, arrays: dict[str, np.ndarray]) -> Any:
    if isinstance(value, dict) and "array" in value:
        array = arrays[value["array"]]
        return array[()] if value["scalar"] else array
    return value
