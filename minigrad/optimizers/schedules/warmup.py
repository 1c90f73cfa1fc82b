"""Linear warmup in front of any learning rate or schedule."""
from __future__ import annotations

from typing import Any

import numpy as np

from minigrad._validation import check_positive_int, check_real
from minigrad.optimizers.schedules.base import LearningRateSchedule, deserialize, floatx_type, serialize


class LinearWarmup(LearningRateSchedule):
    """Rises linearly from `initial_learning_rate` to where `after` starts, then follows `after`.

        target = after(0) if after is a schedule else after
        if step < warmup_steps:
            lr = initial_learning_rate + (target - initial_learning_rate) * step / warmup_steps
        else:
            lr = after(step - warmup_steps) if after is a schedule else after

    Args:
        after: the learning rate (>= 0) or `LearningRateSchedule` to follow after the warmup.
        warmup_steps: length of the warmup, a positive integer.
        initial_learning_rate: the rate at step 0, >= 0; default 0.0.

    Around a constant `rate` it is torch's `LinearLR(s, total_iters=warmup_steps)`, `initial_learning_rate = s * rate`.

    Example:
    >>> schedule = LinearWarmup(0.1, warmup_steps=10, initial_learning_rate=0.025)
    >>> [round(float(schedule(step)), 4) for step in (0, 5, 10, 50)]  # 0.025 + (0.1 - 0.025) * step / 10
    [0.025, 0.0625, 0.1, 0.1]

    Reference: Goyal et al., 2017, "Accurate, Large Minibatch SGD: Training ImageNet in 1 Hour".
    """

    config_names = ("after", "warmup_steps", "initial_learning_rate")

    def __init__(self, after: float | LearningRateSchedule, warmup_steps: int,
                 initial_learning_rate: float = 0.0) -> None:
        self.after = after if isinstance(after, LearningRateSchedule) else check_real("after", after, low=0)
        self.warmup_steps = check_positive_int("warmup_steps", warmup_steps)
        self.initial_learning_rate = check_real("initial_learning_rate", initial_learning_rate, low=0)

    def _after(self, step: int) -> float | np.floating:
        return self.after(step) if isinstance(self.after, LearningRateSchedule) else floatx_type()(self.after)

    def __call__(self, step: int) -> float | np.floating:
        if step >= self.warmup_steps:
            return self._after(step - self.warmup_steps)
        initial = self.initial_learning_rate
        return initial + (self._after(0) - initial) * (floatx_type()(step) / self.warmup_steps)

    def get_config(self) -> dict[str, Any]:
        after = serialize(self.after) if isinstance(self.after, LearningRateSchedule) else self.after
        return {**super().get_config(), "after": after}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> LinearWarmup:
        after = config["after"]
        return cls(**{**config, "after": deserialize(after) if isinstance(after, dict) else after})
