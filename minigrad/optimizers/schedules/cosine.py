"""Cosine decay (with optional linear warmup) and cosine decay with warm restarts (SGDR).

Reference: Loshchilov & Hutter, 2017, "SGDR: Stochastic Gradient Descent with Warm Restarts"; Goyal et al., 2017.
"""
from __future__ import annotations

import math

import numpy as np

from minigrad._validation import check_real
from minigrad.optimizers.schedules.base import LearningRateSchedule, floatx_type


class CosineDecay(LearningRateSchedule):
    """Half a cosine wave from the starting rate down to `alpha` times it, after an optional warmup.

        def decay(s, start):
            return start * ((1 - alpha) * 0.5 * (1 + cos(pi * s / decay_steps)) + alpha)

        if warmup_target is None:                    # warmup_steps is then ignored
            lr = decay(min(step, decay_steps), initial_learning_rate)
        else:
            s = min(step, decay_steps + warmup_steps)
            if s < warmup_steps:
                lr = initial_learning_rate + (warmup_target - initial_learning_rate) * s / warmup_steps
            else:
                lr = decay(s - warmup_steps, warmup_target)

    Args:
        initial_learning_rate: the rate at step 0 (the warmup's start), >= 0.
        decay_steps: length of the decay, > 0.
        alpha: the final rate as a fraction of the starting one, in [0, 1]; default 0.0.
        name: default "CosineDecay".
        warmup_target: the rate reached after the warmup, >= 0; default None (no warmup).
        warmup_steps: length of the warmup, >= 0; default 0.

    Example:
    >>> round(float(CosineDecay(0.1, decay_steps=40)(20)), 6)  # 0.1 * 0.5 * (1 + cos(pi / 2))
    0.05
    """

    config_names = ("initial_learning_rate", "decay_steps", "alpha", "name", "warmup_target", "warmup_steps")

    def __init__(self, initial_learning_rate: float, decay_steps: float, alpha: float = 0.0,
                 name: str = "CosineDecay", warmup_target: float | None = None, warmup_steps: float = 0) -> None:
        self.initial_learning_rate = check_real("initial_learning_rate", initial_learning_rate, low=0)
        self.decay_steps = check_real("decay_steps", decay_steps, low=0, low_open=True)
        self.alpha = check_real("alpha", alpha, low=0, high=1)
        self.name = name
        self.warmup_target = None if warmup_target is None else check_real("warmup_target", warmup_target, low=0)
        self.warmup_steps = check_real("warmup_steps", warmup_steps, low=0)

    def _decay(self, s: np.floating, start: np.floating) -> np.floating:
        # exercise: cosine_decay
        cosine = 0.5 * (1 + np.cos(math.pi * (s / self.decay_steps)))
        return start * ((1 - self.alpha) * cosine + self.alpha)
        # end exercise

    def __call__(self, step: int) -> np.floating:
        # exercise: cosine_decay
        f = floatx_type()
        initial = f(self.initial_learning_rate)
        if self.warmup_target is None:
            return self._decay(min(f(step), f(self.decay_steps)), initial)
        target, warmup_steps = f(self.warmup_target), f(self.warmup_steps)
        s = min(f(step), f(self.decay_steps) + warmup_steps)
        if s < warmup_steps:
            return (target - initial) * (s / warmup_steps) + initial
        return self._decay(s - warmup_steps, target)
        # end exercise


class CosineDecayRestarts(LearningRateSchedule):
    """Cosine decay that restarts from the top, each cycle `t_mul` times longer and `m_mul` times lower.

        f = step / first_decay_steps                 # in float32: the cycle index is rounding-sensitive
        if t_mul == 1:
            i = floor(f)
            f = f - i
        else:
            i = floor(log(1 - f * (1 - t_mul)) / log(t_mul))
            f = (f - (1 - t_mul ** i) / (1 - t_mul)) / t_mul ** i
        lr = initial_learning_rate * ((1 - alpha) * 0.5 * m_mul ** i * (1 + cos(pi * f)) + alpha)

    Args:
        initial_learning_rate: the rate at step 0, >= 0.
        first_decay_steps: length of the first cycle, > 0.
        t_mul: cycle length factor, > 0; default 2.0.
        m_mul: peak factor per cycle, >= 0; default 1.0.
        alpha: the floor as a fraction of `initial_learning_rate` (not scaled by `m_mul`), in [0, 1]; default 0.0.
        name: default "SGDRDecay".

    Example:
    >>> schedule = CosineDecayRestarts(0.1, first_decay_steps=10)
    >>> [round(float(schedule(step)), 6) for step in (0, 5, 10, 20)]  # cycles of 10, 20, 40, ... steps
    [0.1, 0.05, 0.1, 0.05]
    """

    config_names = ("initial_learning_rate", "first_decay_steps", "t_mul", "m_mul", "alpha", "name")

    def __init__(self, initial_learning_rate: float, first_decay_steps: float, t_mul: float = 2.0,
                 m_mul: float = 1.0, alpha: float = 0.0, name: str = "SGDRDecay") -> None:
        self.initial_learning_rate = check_real("initial_learning_rate", initial_learning_rate, low=0)
        self.first_decay_steps = check_real("first_decay_steps", first_decay_steps, low=0, low_open=True)
        self.t_mul = check_real("t_mul", t_mul, low=0, low_open=True)
        self.m_mul = check_real("m_mul", m_mul, low=0)
        self.alpha = check_real("alpha", alpha, low=0, high=1)
        self.name = name

    def __call__(self, step: int) -> np.floating:
        # exercise: cosine_decay_restarts
        f = floatx_type()
        t_mul, alpha = f(self.t_mul), f(self.alpha)
        fraction = f(step) / self.first_decay_steps
        if self.t_mul == 1.0:
            i = np.floor(fraction)
            fraction = fraction - i
        else:
            i = np.floor(np.log(1 - fraction * (1 - t_mul)) / np.log(t_mul))
            fraction = (fraction - (1 - t_mul ** i) / (1 - t_mul)) / t_mul ** i
        cosine = 0.5 * self.m_mul ** i * (1 + np.cos(math.pi * fraction))
        return self.initial_learning_rate * ((1 - alpha) * cosine + alpha)
        # end exercise
