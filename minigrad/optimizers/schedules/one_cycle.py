"""The one-cycle policy (Smith, 2018): torch's `OneCycleLR` formula, in double precision as torch computes it."""
from __future__ import annotations

import itertools
import math

from minigrad._validation import check_positive_int, check_real, unknown_name
from minigrad.optimizers.schedules.base import LearningRateSchedule


def _cos(start: float, end: float, pct: float) -> float:
    # exercise: one_cycle
    return end + (start - end) / 2.0 * (math.cos(math.pi * pct) + 1)
    # end exercise


def _linear(start: float, end: float, pct: float) -> float:
    # exercise: one_cycle
    return (end - start) * pct + start
    # end exercise


_ANNEAL = {"cos": _cos, "linear": _linear}


class OneCycle(LearningRateSchedule):
    """One cycle over the whole run: warm up to `max_learning_rate`, then anneal to almost zero.

        initial = max_learning_rate / div_factor
        minimum = initial / final_div_factor
        phases (end step, lr from -> to, momentum from -> to):
            two phases:   (pct_start * total_steps - 1,     initial -> max,     max_m -> base_m)
                          (total_steps - 1,                 max -> minimum,     base_m -> max_m)
            three phases: (pct_start * total_steps - 1,     initial -> max,     max_m -> base_m)
                          (2 * pct_start * total_steps - 2, max -> initial,     base_m -> max_m)
                          (total_steps - 1,                 initial -> minimum, max_m -> max_m)
        for step: the first phase whose end >= step (else the last); start = the previous end (0 first)
        pct = (step - start) / (end - start)
        cos:    anneal(a, b, pct) = b + (a - b) / 2 * (cos(pi * pct) + 1)
        linear: anneal(a, b, pct) = (b - a) * pct + a

    Args:
        max_learning_rate: the peak rate, >= 0.
        total_steps: the number of updates of the run, a positive integer (step `total_steps` overshoots, as in torch).
        pct_start: fraction of the steps spent rising, in [0, 1]; default 0.3.
        anneal_strategy: "cos" (default) or "linear".
        div_factor, final_div_factor: the divisors giving `initial` and `minimum`, > 0; defaults 25.0, 1e4.
        three_phase: default False.
        cycle_momentum: as for `CyclicalLearningRate`; default False.
        base_momentum, max_momentum: the momentum at the peak and at the start and end, in [0, 1]; defaults 0.85, 0.95.

    Example:
    >>> schedule = OneCycle(0.1, total_steps=100)
    >>> round(schedule(0), 6), round(schedule(29), 6), schedule(99)  # 0.1 / 25, the peak, 0.004 / 1e4
    (0.004, 0.1, 4e-07)

    Reference: Smith, 2018, "A disciplined approach to neural network hyper-parameters: Part 1";
    Smith & Topin, 2017, "Super-Convergence".
    """

    config_names = ("max_learning_rate", "total_steps", "pct_start", "anneal_strategy", "div_factor",
                    "final_div_factor", "three_phase", "cycle_momentum", "base_momentum", "max_momentum")

    def __init__(self, max_learning_rate: float, total_steps: int, pct_start: float = 0.3,
                 anneal_strategy: str = "cos", div_factor: float = 25.0, final_div_factor: float = 1e4,
                 three_phase: bool = False, cycle_momentum: bool = False, base_momentum: float = 0.85,
                 max_momentum: float = 0.95) -> None:
        self.max_learning_rate = check_real("max_learning_rate", max_learning_rate, low=0)
        self.total_steps = check_positive_int("total_steps", total_steps)
        self.pct_start = check_real("pct_start", pct_start, low=0, high=1)
        if anneal_strategy not in _ANNEAL:
            raise unknown_name("anneal_strategy", anneal_strategy, _ANNEAL)
        self.anneal_strategy = anneal_strategy
        self.div_factor = check_real("div_factor", div_factor, low=0, low_open=True)
        self.final_div_factor = check_real("final_div_factor", final_div_factor, low=0, low_open=True)
        self.three_phase = bool(three_phase)
        self.cycle_momentum = bool(cycle_momentum)
        self.base_momentum = check_real("base_momentum", base_momentum, low=0, high=1)
        self.max_momentum = check_real("max_momentum", max_momentum, low=0, high=1)
        ends = [0.0] + [phase[0] for phase in self._phases()]
        if any(start >= end for start, end in itertools.pairwise(ends)):
            raise ValueError(f"With total_steps={total_steps}, `pct_start` leaves a phase without steps "
                             f"(phase ends {ends[1:]}): `pct_start * total_steps` must exceed 1 and leave "
                             f"steps for the descent. Received: pct_start={pct_start}")

    def _phases(self) -> list[tuple[float, float, float, float, float]]:
        """(end step, lr from, lr to, momentum from, momentum to) of each phase."""
        initial = self.max_learning_rate / self.div_factor
        minimum = initial / self.final_div_factor
        peak, low_m, high_m = self.max_learning_rate, self.base_momentum, self.max_momentum
        rise = (float(self.pct_start * self.total_steps) - 1, initial, peak, high_m, low_m)
        if not self.three_phase:
            return [rise, (self.total_steps - 1, peak, minimum, low_m, high_m)]
        return [rise, (float(2 * self.pct_start * self.total_steps) - 2, peak, initial, low_m, high_m),
                (self.total_steps - 1, initial, minimum, high_m, high_m)]

    def _anneal(self, step: int, momentum: bool) -> float:
        if step > self.total_steps:
            raise ValueError(f"OneCycle was asked for step {step}, but it was built for "
                             f"total_steps={self.total_steps}: raise `total_steps` to cover the whole run.")
        # exercise: one_cycle
        phases = self._phases()
        i = next((i for i, phase in enumerate(phases) if step <= phase[0]), len(phases) - 1)
        start = phases[i - 1][0] if i > 0 else 0.0
        end, lr_from, lr_to, m_from, m_to = phases[i]
        pct = (step - start) / (end - start)
        anneal = _ANNEAL[self.anneal_strategy]
        return anneal(m_from, m_to, pct) if momentum else anneal(lr_from, lr_to, pct)
        # end exercise

    def __call__(self, step: int) -> float:
        return self._anneal(step, momentum=False)

    def momentum_at(self, step: int) -> float:
        """The momentum (or `beta_1`) for update `step`: low where the rate is high."""
        return self._anneal(step, momentum=True)
