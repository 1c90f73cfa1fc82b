"""The schedule base class, its (de)serialization and the float type schedules compute in."""
from __future__ import annotations

from typing import Any

import numpy as np

from minigrad import backend
from minigrad._validation import unknown_name


class LearningRateSchedule:
    """Base class: a subclass implements `__call__(step)` and names its constructor's arguments in `config_names`
    (kept in attributes of the same names) for `get_config()`, or writes `get_config()` itself.

    Example:
    >>> class Halving(LearningRateSchedule):
    ...     config_names = ("initial_learning_rate",)
    ...     def __init__(self, initial_learning_rate):
    ...         self.initial_learning_rate = initial_learning_rate
    ...     def __call__(self, step):
    ...         return self.initial_learning_rate * 0.5 ** step
    >>> Halving(0.1)(2), Halving(0.1).get_config()
    (0.025, {'initial_learning_rate': 0.1})
    """

    config_names: tuple[str, ...] = ()

    def __call__(self, step: int) -> float | np.floating:
        """Returns the learning rate for update `step` (0 for the first update)."""
        raise NotImplementedError(f"Learning rate schedule {type(self).__name__!r} must override `__call__(step)`.")

    def get_config(self) -> dict[str, Any]:
        """The constructor's arguments `config_names`, read back from the attributes of the same names."""
        if not self.config_names:
            raise NotImplementedError(f"Learning rate schedule {type(self).__name__!r} must override `get_config()`.")
        return {name: getattr(self, name) for name in self.config_names}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> LearningRateSchedule:
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


def _subclasses(cls: type[LearningRateSchedule]) -> list[type[LearningRateSchedule]]:
    return [sub for direct in cls.__subclasses__() for sub in (direct, *_subclasses(direct))]

