"""Cyclical learning rates (Smith, 2017): torch's `CyclicLR` formula, in double precision as torch computes it."""
from __future__ import annotations

import math

from minigrad._validation import check_real, unknown_name
from minigrad.optimizers.schedules.base import LearningRateSchedule

_MODES = ("triangular", "triangular2", "exp_range")


class CyclicalLearningRate(LearningRateSchedule):
    """Rises linearly from `base_learning_rate` to `max_learning_rate` and back, over and over (LR cycling).

        total = step_size_up + step_size_down
        r = step_size_up / total                          # fraction of a cycle spent rising
        cycle = floor(1 + step / total)                   # 1, 2, 3, ...
        x = 1 + step / total - cycle                      # position in the cycle, in [0, 1)
        height = x / r if x <= r else (x - 1) / (r - 1)   # 0 -> 1 -> 0
        scale = {"triangular": 1, "triangular2": 1 / 2 ** (cycle - 1), "exp_range": gamma ** step}[mode]
        lr = base_learning_rate + (max_learning_rate - base_learning_rate) * height * scale
        momentum = max_momentum - (max_momentum - base_momentum) * height * scale

    Args:
        base_learning_rate: the lowest rate, >= 0.
        max_learning_rate: the peak rate, >= 0.
        step_size_up: steps from base to peak, > 0; default 2000.
        step_size_down: steps from peak back to base, > 0; default `step_size_up`.
        mode: "triangular" (default), "triangular2" or "exp_range".
        gamma: the per-step factor of "exp_range", in (0, 1]; default 1.0.
        cycle_momentum: also set the optimizer's `momentum`/`beta_1` (it must use one); default False (torch: True).
        base_momentum, max_momentum: the momentum at the peak and at the base rate, in [0, 1]; defaults 0.8, 0.9.

    Example:
    >>> schedule = CyclicalLearningRate(0.001, 0.006, step_size_up=4)
    >>> [round(schedule(step), 6) for step in range(9)]  # period 8
    [0.001, 0.00225, 0.0035, 0.00475, 0.006, 0.00475, 0.0035, 0.00225, 0.001]

    Reference: Smith, 2017, "Cyclical Learning Rates for Training Neural Networks".
    """

    config_names = ("base_learning_rate", "max_learning_rate", "step_size_up", "step_size_down", "mode", "gamma",
                    "cycle_momentum", "base_momentum", "max_momentum")

    def __init__(self, base_learning_rate: float, max_learning_rate: float, step_size_up: float = 2000,
                 step_size_down: float | None = None, mode: str = "triangular", gamma: float = 1.0,
                 cycle_momentum: bool = False, base_momentum: float = 0.8, max_momentum: float = 0.9) -> None:
        self.base_learning_rate = check_real("base_learning_rate", base_learning_rate, low=0)
        self.max_learning_rate = check_real("max_learning_rate", max_learning_rate, low=0)
        self.step_size_up = check_real("step_size_up", step_size_up, low=0, low_open=True)
        self.step_size_down = (self.step_size_up if step_size_down is None
                               else check_real("step_size_down", step_size_down, low=0, low_open=True))
        if mode not in _MODES:
            raise unknown_name("mode", mode, _MODES)
        self.mode = mode
        self.gamma = check_real("gamma", gamma, low=0, high=1, low_open=True)
        self.cycle_momentum = bool(cycle_momentum)
        self.base_momentum = check_real("base_momentum", base_momentum, low=0, high=1)
        self.max_momentum = check_real("max_momentum", max_momentum, low=0, high=1)

    def _height_and_scale(self, step: int) -> tuple[float, float]:
        # exercise: cyclical
        total = self.step_size_up + self.step_size_down
        ratio = self.step_size_up / total
        cycle = math.floor(1 + step / total)
        x = 1.0 + step / total - cycle
        height = x / ratio if x <= ratio else (x - 1) / (ratio - 1)
        if self.mode == "triangular":
            return height, 1.0
        if self.mode == "triangular2":
            return height, 1 / (2.0 ** (cycle - 1))
        return height, self.gamma ** step
        # end exercise

    def __call__(self, step: int) -> float:
        # exercise: cyclical
        height, scale = self._height_and_scale(step)
        return self.base_learning_rate + (self.max_learning_rate - self.base_learning_rate) * height * scale
        # end exercise

    def momentum_at(self, step: int) -> float:
        """The momentum (or `beta_1`) for update `step`: low where the rate is high."""
        # exercise: cyclical
        height, scale = self._height_and_scale(step)
        return self.max_momentum - (self.max_momentum - self.base_momentum) * height * scale
        # end exercise
