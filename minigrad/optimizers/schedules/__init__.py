"""Learning-rate schedules: functions of the optimizer's step, `lr = schedule(iterations)`.

Pass one as `learning_rate` and the optimizer evaluates it before every update, with the
number of updates already applied: the first batch uses `schedule(0)` and batch n (counted
across epochs) uses `schedule(n)`.

- Keras's decays (`keras.optimizers.schedules`): `ExponentialDecay`, `InverseTimeDecay`,
  `PiecewiseConstantDecay`, `PolynomialDecay`, `CosineDecay`, `CosineDecayRestarts`.
- LR cycling with PyTorch's formulas: `CyclicalLearningRate` and `OneCycle`, which can also
  cycle the optimizer's momentum; `LinearWarmup` in front of any rate or schedule.
- `values` and `describe` show what a schedule (or an epoch function such as the article's
  `lr_schedule`) does over a run, before training.
"""
from __future__ import annotations

from minigrad.optimizers.schedules.base import LearningRateSchedule, deserialize, serialize
from minigrad.optimizers.schedules.cosine import CosineDecay, CosineDecayRestarts
from minigrad.optimizers.schedules.cyclical import CyclicalLearningRate
from minigrad.optimizers.schedules.exponential import ExponentialDecay, InverseTimeDecay
from minigrad.optimizers.schedules.inspector import describe, values
from minigrad.optimizers.schedules.one_cycle import OneCycle
from minigrad.optimizers.schedules.piecewise import PiecewiseConstantDecay
from minigrad.optimizers.schedules.polynomial import PolynomialDecay
from minigrad.optimizers.schedules.warmup import LinearWarmup

__all__ = [
    "CosineDecay", "CosineDecayRestarts", "CyclicalLearningRate", "ExponentialDecay", "InverseTimeDecay",
    "LearningRateSchedule", "LinearWarmup", "OneCycle", "PiecewiseConstantDecay", "PolynomialDecay",
    "describe", "deserialize", "serialize", "values",
]
