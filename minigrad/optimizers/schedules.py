"""Learning-rate schedules: functions of the optimizer's step, `lr = schedule(iterations)`.

The optimizer calls its schedule with the number of updates already applied, so the first
batch uses `schedule(0)` and batch n (counted across epochs) uses `schedule(n)`.
"""
from __future__ import annotations

from typing import Any


class LearningRateSchedule:
    """Base class: a subclass implements `__call__(step)` and `get_config()`.

    Example:
    >>> class Halving(LearningRateSchedule):
    ...     def __init__(self, initial_learning_rate):
    ...         self.initial_learning_rate = initial_learning_rate
    ...     def __call__(self, step):
    ...         return self.initial_learning_rate * 0.5 ** step
    ...     def get_config(self):
    ...         return {"initial_learning_rate": self.initial_learning_rate}
    >>> Halving(0.1)(2)
    0.025
    """

    def __call__(self, step: int) -> float:
        raise NotImplementedError

    def get_config(self) -> dict[str, Any]:
        raise NotImplementedError

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> "LearningRateSchedule":
        return cls(**config)
