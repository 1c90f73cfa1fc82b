"""The article's claims, each as a number computed from one run and the band it must fall in.

A run is `{"W", "b", "mae", "val_mae"}` (arrays per epoch) and `"W0"` (the initial W). The arithmetic behind
the bands: f(x)=x trains on 0..79 (mean |x| = 39.5, 3 batches an epoch), so one SGD step on MAE moves W by
about `lr * 39.5` however close W is to 1; Adam's step is about `lr` whatever the gradient's size.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

Run = dict[str, np.ndarray]


@dataclass(frozen=True)
class Claim:
    """One claim of the article about one experiment: `holds(statistic(run))`."""

    experiment: str
    text: str
    statistic: Callable[[Run], float]
    holds: Callable[[float], bool]
    why: str

    def check(self, run: Run) -> bool:
        return bool(self.holds(float(self.statistic(run))))


def last(key: str, epochs: int = 10) -> Callable[[Run], float]:
    """The mean of `key` over the last `epochs` epochs."""
    return lambda run: float(np.mean(run[key][-epochs:]))


def spread_of_w(epochs: int = 20) -> Callable[[Run], float]:
    """W's standard deviation over the last `epochs` epochs."""
    return lambda run: float(np.std(run["W"][-epochs:]))


def epochs_to_reach(target: float, tolerance: float) -> Callable[[Run], float]:
    """The first epoch whose W is within `tolerance` of `target` (infinity if none)."""
    def statistic(run: Run) -> float:
        close = np.flatnonzero(np.abs(run["W"] - target) < tolerance)
        return float(close[0]) if close.size else np.inf
    return statistic


CLAIMS = [
    Claim("E1", "MAE never drops: last-10-epoch training MAE > 30", last("mae"), lambda v: v > 30,
          "a step moves W by ~0.1 * 39.5 ~ 4, so W hops across 1 and |W - 1| * 39.5 stays large"),
    Claim("E1", "W does a random walk: std over the last 20 epochs > 1", spread_of_w(), lambda v: v > 1,
          "steps of ~4 in either direction"),
    Claim("E2", "MAE falls: last-10-epoch training MAE < 2", last("mae"), lambda v: v < 2,
          "steps of ~0.001 * 39.5 ~ 0.04 leave W within a few steps of 1"),
    Claim("E2", "W near 1: |W - 1| < 0.1 at the end", lambda run: abs(run["W"][-1] - 1), lambda v: v < 0.1,
          "as above"),
    Claim("E2", "W never settles: std over the last 20 epochs > 0.005", spread_of_w(), lambda v: v > 0.005,
          "the MAE gradient does not shrink near W = 1"),
    Claim("E4", "decay reaches a small MAE: last-10-epoch training MAE < 2", last("mae"), lambda v: v < 2,
          "lr falls to 0.01 / (1 + 0.01 * 749) ~ 0.0012, E2's size"),
    Claim("E4", "decay never fully settles: W std over the last 20 epochs > 0.005", spread_of_w(),
          lambda v: v > 0.005, "the rate is still E2's at the end"),
    Claim("E5", "the schedule ends close to 1: |W - 1| < 0.02", lambda run: abs(run["W"][-1] - 1),
          lambda v: v < 0.02, "0.02 for 5 epochs, then E3's 0.0001 (the middle branches never fire)"),
    Claim("E5", "and settled: W std over the last 20 epochs < 0.005", spread_of_w(), lambda v: v < 0.005,
          "E3's tightness"),
    Claim("E6", "Adam moves W by at most ~lr per step: |W_100 - W_0| <= 0.315",
          lambda run: abs(run["W"][-1] - run["W0"]), lambda v: v <= 0.315,
          "300 steps of about 0.001: 'stable within 100 epochs' needs W_0 within 0.3 of 1"),
    Claim("E7", "Adam's b moves lr per step: b = 0.4 +- 0.01", lambda run: run["b"][-1], lambda v: abs(v - 0.4) < 0.01,
          "every prediction is below its target: 200 epochs * 2 batches * 0.001 = 0.4"),
    Claim("E7", "not converged: final training MAE > 1", last("mae", 1), lambda v: v > 1, "b is far from 5"),
    Claim("E8", "W close to 2: |W - 2| < 0.01", lambda run: abs(run["W"][-1] - 2), lambda v: v < 0.01,
          "inputs ~300 give W a large gradient"),
    Claim("E8", "b far from 5: b < 4.5", lambda run: run["b"][-1], lambda v: v < 4.5,
          "20 batches * 200 epochs * 0.001 bounds b's travel by 4"),
    Claim("E9", "SGD with momentum: W within 0.02 of 2.07", lambda run: abs(run["W"][-1] - 2.07),
          lambda v: v < 0.02, "article: W = 2.071"),
    Claim("E9", "b far from 5: b < 0.5", lambda run: run["b"][-1], lambda v: v < 0.5, "article: b = 0.23"),
    Claim("E10", "W near 2 within 10 epochs", epochs_to_reach(2.0, 0.1), lambda v: v < 10,
          "1,000 points: 20 batches an epoch"),
    Claim("E10", "W stays near 2: |W - 2| < 0.2 at the end", lambda run: abs(run["W"][-1] - 2), lambda v: v < 0.2,
          "article: W = 2.05"),
]


def fractions(runs: dict[str, list[Run]]) -> list[tuple[Claim, float]]:
    """Each claim whose experiment is in `runs` (`{id: [run per seed]}`), with the fraction of runs where it holds."""
    return [(claim, float(np.mean([claim.check(run) for run in runs[claim.experiment]])))
            for claim in CLAIMS if claim.experiment in runs]
