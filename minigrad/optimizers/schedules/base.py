"""The schedule base class, its (de)serialization and the float type schedules compute in."""
from __future__ import annotations

import inspect
from typing import Any

import numpy as np

from minigrad import backend
from minigrad._validation import unknown_name


class LearningRateSchedule:
    """Base class: a subclass implements `__call__(step)`, and `get_config()` if it is not the default.

    Example:
    >>> class Halving(LearningRateSchedule):
    ...     def __init__(self, initial_learning_rate):
    ...         self.initial_learning_rate = initial_learning_rate
    ...     def __call__(self, step):
    ...         return self.initial_learning_rate * 0.5 ** step
    >>> Halving(0.1)(2), Halving(0.1).get_config()
    (0.025, {'initial_learning_rate': 0.1})
    """

    def __call__(self, step: int) -> float:
        raise NotImplementedError(f"Learning rate schedule {type(self).__name__!r} must override `__call__(step)`.")

    def get_config(self) -> dict[str, Any]:
        """The constructor's arguments, read back from the attributes of the same names."""
        names = [name for name in inspect.signature(type(self).__init__).parameters if name != "self"]
        if not all(hasattr(self, name) for name in names):
            raise NotImplementedError(f"Learning rate schedule {type(self).__name__!r} must override `get_config()`.")
        return {name: getattr(self, name) for name in names}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> "LearningRateSchedule":
        return cls(**config)


def floatx_type() -> type[np.floating]:
    """The scalar type schedules compute in, as Keras's float32 tensors: `np.float32` unless `backend.set_floatx`."""
    return np.dtype(backend.floatx()).type


def serialize(schedule: LearningRateSchedule) -> dict[str, Any]:
    """`{"class_name": ..., "config": ...}`, the form Keras and the golden fixtures use."""
    return {"class_name": type(schedule).__name__, "config": schedule.get_config()}


def deserialize(config: dict[str, Any]) -> LearningRateSchedule:
    """Rebuilds a schedule from `serialize`'s dict; the class is looked up among the schedules.

    Example:
    >>> config = {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5}
    >>> round(float(deserialize({"class_name": "ExponentialDecay", "config": config})(10)), 6)  # 0.1 * 0.5 ** 1
    0.05
    """
    if not isinstance(config, dict) or set(config) != {"class_name", "config"}:
        raise ValueError("A serialized schedule is a dict with the keys 'class_name' and 'config'. "
                         f"Received: config={config!r}")
    classes = {cls.__name__: cls for cls in _subclasses(LearningRateSchedule)}
    if config["class_name"] not in classes:
        raise unknown_name("learning rate schedule", config["class_name"], classes)
    return classes[config["class_name"]].from_config(config["config"])


def _subclasses(cls: type) -> list[type]:
    return [sub for direct in cls.__subclasses__() for sub in (direct, *_subclasses(direct))]

