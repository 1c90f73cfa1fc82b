"""Decays that shrink the learning rate by a factor per `decay_steps`: exponential and inverse time."""
from __future__ import annotations

import numpy as np

from minigrad._validation import check_real
from minigrad.optimizers.schedules.base import LearningRateSchedule, floatx_type


class _DecayPerStep(LearningRateSchedule):
    """What ExponentialDecay and InverseTimeDecay share: their arguments."""

    config_names = ("initial_learning_rate", "decay_steps", "decay_rate", "staircase", "name")

    def __init__(self, initial_learning_rate: float, decay_steps: float, decay_rate: float,
                 staircase: bool = False, name: str | None = None) -> None:
        self.initial_learning_rate = check_real("initial_learning_rate", initial_learning_rate, low=0)
        self.decay_steps = check_real("decay_steps", decay_steps, low=0, low_open=True)
        self.decay_rate = check_real("decay_rate", decay_rate, low=0)
        self.staircase = bool(staircase)
        self.name = name or type(self).__name__


class ExponentialDecay(_DecayPerStep):
    """Multiplies the learning rate by `decay_rate` every `decay_steps` steps.

        p = step / decay_steps
        if staircase:
            p = floor(p)
        lr = initial_learning_rate * decay_rate ** p

    Args:
        initial_learning_rate: the rate at step 0, >= 0.
        decay_steps: steps per factor of `decay_rate`, > 0.
        decay_rate: the factor, >= 0 (below 1 to decay).
        staircase: floor `p`, so the rate changes only every `decay_steps` steps; default False.
        name: default "ExponentialDecay".

    Example:
    >>> round(float(ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)(5)), 6)  # 0.1 * 0.5 ** (5 / 10)
    0.070711
    """

    def __call__(self, step: int) -> np.floating:
        # exercise: exponential_decay
        p = floatx_type()(step) / self.decay_steps
        if self.staircase:
            p = np.floor(p)
        return self.initial_learning_rate * self.decay_rate ** p
        # end exercise


class InverseTimeDecay(_DecayPerStep):
    """Divides the learning rate by `1 + decay_rate * step / decay_steps`: the article's `decay=`.

        p = step / decay_steps
        if staircase:
            p = floor(p)
        lr = initial_learning_rate / (1 + decay_rate * p)

    Args: those of `ExponentialDecay`; `name` defaults to "InverseTimeDecay".

    Example (the article's `SGD(0.01, decay=0.01)` after 100 updates):
    >>> round(float(InverseTimeDecay(0.01, decay_steps=1, decay_rate=0.01)(100)), 6)  # 0.01 / (1 + 0.01 * 100)
    0.005
    """

    def __call__(self, step: int) -> np.floating:
        # exercise: inverse_time_decay
        p = floatx_type()(step) / self.decay_steps
        if self.staircase:
            p = np.floor(p)
        return self.initial_learning_rate / (1 + self.decay_rate * p)
        # end exercise
