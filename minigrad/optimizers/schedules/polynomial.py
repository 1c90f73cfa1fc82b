"""Polynomial decay: from the initial rate to an end rate along `(1 - t) ** power`, optionally cycling."""
from __future__ import annotations

import numpy as np

from minigrad._validation import check_real
from minigrad.optimizers.schedules.base import LearningRateSchedule, floatx_type


class PolynomialDecay(LearningRateSchedule):
    """Goes from `initial_learning_rate` to `end_learning_rate` in `decay_steps` steps along a polynomial.

        if cycle:
            s = step
            D = decay_steps * (1 if step == 0 else ceil(step / decay_steps))
        else:
            s = min(step, decay_steps)
            D = decay_steps
        lr = (initial_learning_rate - end_learning_rate) * (1 - s / D) ** power + end_learning_rate

    Args:
        initial_learning_rate: the rate at step 0, >= 0.
        decay_steps: > 0.
        end_learning_rate: the final rate, >= 0; default 1e-4.
        power: the polynomial's power, >= 0; default 1.0.
        cycle: restart after each horizon, stretched to the next multiple of `decay_steps`; default False.
        name: default "PolynomialDecay".

    Example:
    >>> schedule = PolynomialDecay(0.1, decay_steps=20, end_learning_rate=0.01)
    >>> round(float(schedule(10)), 6), round(float(schedule(30)), 6)  # (0.1 - 0.01) * (1 - 10 / 20) + 0.01, held
    (0.055, 0.01)
    """

    config_names = ("initial_learning_rate", "decay_steps", "end_learning_rate", "power", "cycle", "name")

    def __init__(self, initial_learning_rate: float, decay_steps: float, end_learning_rate: float = 0.0001,
                 power: float = 1.0, cycle: bool = False, name: str = "PolynomialDecay") -> None:
        self.initial_learning_rate = check_real("initial_learning_rate", initial_learning_rate, low=0)
        self.decay_steps = check_real("decay_steps", decay_steps, low=0, low_open=True)
        self.end_learning_rate = check_real("end_learning_rate", end_learning_rate, low=0)
        self.power = check_real("power", power, low=0)
        self.cycle = bool(cycle)
        self.name = name

    def __call__(self, step: int) -> np.floating:
        # exercise: polynomial_decay
        f = floatx_type()
        s, horizon = f(step), f(self.decay_steps)
        if self.cycle:
            horizon = horizon * (1 if step == 0 else np.ceil(s / horizon))
        else:
            s = min(s, horizon)
        initial, end = f(self.initial_learning_rate), f(self.end_learning_rate)
        return (initial - end) * (1 - s / horizon) ** self.power + end
        # end exercise
