"""Learning-rate schedules, `lr = schedule(iterations)`: Keras's decays, PyTorch's LR cycling, a linear warmup.

Passed as `learning_rate`, one is evaluated before every update with the number of updates already applied:
batch n (counted across epochs) uses `schedule(n)`. `values` and `describe` show a schedule's run before training.
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
