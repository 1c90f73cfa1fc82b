"""A step schedule: constant learning rates between fixed step boundaries."""
from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

from minigrad._validation import check_real
from minigrad.optimizers.schedules.base import LearningRateSchedule, floatx_type


class PiecewiseConstantDecay(LearningRateSchedule):
    """Holds `values[i]` between `boundaries[i-1]` (excluded) and `boundaries[i]` (included).

        lr = values[0]      if step <= boundaries[0]
             values[i]      if boundaries[i-1] < step <= boundaries[i]
             values[-1]     if step > boundaries[-1]

    Args:
        boundaries: strictly increasing steps.
        values: the learning rates, each >= 0; one more than `boundaries`.
        name: default "PiecewiseConstant".

    Example:
    >>> schedule = PiecewiseConstantDecay(boundaries=[5, 10], values=[1.0, 0.5, 0.1])
    >>> [float(schedule(step)) for step in (4, 5, 6, 10, 11)]
    [1.0, 1.0, 0.5, 0.5, 0.10000000149011612]
    """

    config_names = ("boundaries", "values", "name")

    def __init__(self, boundaries: Sequence[float], values: Sequence[float], name: str = "PiecewiseConstant") -> None:
        boundaries, values = list(boundaries), list(values)
        if len(boundaries) != len(values) - 1:
            raise ValueError("The length of `boundaries` should be 1 less than the length of `values`. "
                             f"Received: boundaries={boundaries} of length {len(boundaries)}, and "
                             f"values={values} of length {len(values)}.")
        self.boundaries = [check_real(f"boundaries[{i}]", b) for i, b in enumerate(boundaries)]
        if any(low >= high for low, high in itertools.pairwise(self.boundaries)):
            raise ValueError(f"`boundaries` must be strictly increasing. Received: boundaries={self.boundaries}")
        self.values = [check_real(f"values[{i}]", v, low=0) for i, v in enumerate(values)]
        self.name = name

    def __call__(self, step: int) -> np.floating:
        # exercise: piecewise_constant_decay
        interval = int(np.searchsorted(self.boundaries, step, side="left"))
        return floatx_type()(self.values[interval])
        # end exercise
