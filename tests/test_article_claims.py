"""The article's qualitative claims hold on minigrad, over seeds 0 to 4, as they hold on real tf.keras.

A 1x1 model's run depends a lot on its seed (the initial W and the shuffling), so every claim is
checked on five seeds, and its band is justified twice: by the arithmetic in the test's docstring,
and by running the same check on the five real tf.keras runs recorded in
`tests/golden/article_tf_keras.json` (legacy optimizers, seeds 0 to 4, written by
`tests/golden/generate.py article`). If real tf.keras falls outside a band, the band is wrong and
the test says so. The seeds cannot match run for run (NumPy's random numbers are not TensorFlow's).

Useful arithmetic: the training set of f(x)=x is 0..79 (mean |x| = 39.5) in 3 batches per epoch;
f(x)=2x+5 has 64 training points (2 batches) for n=100 and 640 (20 batches) for n=1000. With MAE
the gradient of W is mean(sign(error) * x), so one SGD step moves W by about lr * 39.5 however close
W is to 1; Adam's step is about lr whatever the gradient's size.
"""
from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Callable

import numpy as np
import pytest

from minigrad.article import run_experiment

FIXTURE = Path(__file__).parent / "golden" / "article_tf_keras.json"
SEEDS = range(5)


@functools.lru_cache(maxsize=None)
def tf_keras_runs(experiment_id: str) -> list[dict]:
    """The real tf.keras runs of one experiment, as {"W", "b", "mae", "val_mae", "W0"} per seed."""
    experiment = next(e for e in json.loads(FIXTURE.read_text())["experiments"] if e["id"] == experiment_id)
    return [{"W": np.array(run["W_per_epoch"]), "b": np.array(run.get("b_per_epoch", [np.nan])),
             "mae": np.array(run["mae_per_epoch"]), "val_mae": np.array(run["val_mae_per_epoch"]),
             "W0": run["initial_weights"][0][0][0]} for run in experiment["runs"]]


@functools.lru_cache(maxsize=None)
def minigrad_runs(experiment_id: str) -> list[dict]:
    """minigrad's runs of one experiment over `SEEDS`, in the same shape as `tf_keras_runs`."""
    runs = []
    for seed in SEEDS:
        result = run_experiment(experiment_id, seed=seed)
        runs.append({"W": np.array(result.weights["W"]), "b": np.array(result.weights.get("b", [np.nan])),
                     "mae": np.array(result.history["mae"]), "val_mae": np.array(result.history["val_mae"]),
                     "W0": result.initial["W"]})
    return runs


def check_claim(experiment_id: str, statistic: Callable[[dict], float], holds: Callable[[float], bool],
                claim: str) -> None:
    """Asserts `holds(statistic(run))` for every real tf.keras run (the band is right) and every minigrad run."""
    keras_values = [round(float(statistic(run)), 4) for run in tf_keras_runs(experiment_id)]
    assert all(holds(v) for v in keras_values), f"{experiment_id}: the band for '{claim}' does not hold on " \
                                                f"real tf.keras either: {keras_values}"
    minigrad_values = [round(float(statistic(run)), 4) for run in minigrad_runs(experiment_id)]
    assert all(holds(v) for v in minigrad_values), \
        f"{experiment_id}: expected '{claim}' on every seed; minigrad gives {minigrad_values}, " \
        f"real tf.keras {keras_values}"


def last(key: str, epochs: int = 10) -> Callable[[dict], float]:
    return lambda run: run[key][-epochs:].mean()


def epochs_to_reach(target: float, tolerance: float) -> Callable[[dict], float]:
    """The first epoch whose W is within `tolerance` of `target` (infinity if none)."""
    def statistic(run: dict) -> float:
        close = np.flatnonzero(np.abs(run["W"] - target) < tolerance)
        return float(close[0]) if close.size else np.inf
    return statistic


def test_e1_lr_0_1_never_converges_training_mae_stays_above_30():
    """E1: a step moves W by ~0.1 * 39.5 ~ 4, so W hops across 1 and |W - 1| * 39.5 stays large.

    Band: the mean training MAE of the last 10 epochs > 30 (a tenth of the error at W=0 is 3.95;
    real tf.keras stays between 75 and 81)."""
    check_claim("E1", last("mae"), lambda v: v > 30, "training MAE stays high")


def test_e1_w_does_a_random_walk_of_steps_around_4():
    """E1: W's standard deviation over the last 20 epochs > 1 (real tf.keras: about 2 to 2.4)."""
    check_claim("E1", lambda run: run["W"][-20:].std(), lambda v: v > 1, "W keeps jumping")


def test_e2_lr_0_001_reaches_a_small_mae_and_w_near_1():
    """E2: steps of ~0.001 * 39.5 ~ 0.04 leave W within a few steps of 1: last-10-epoch MAE < 2, |W - 1| < 0.1."""
    check_claim("E2", last("mae"), lambda v: v < 2, "small training MAE")
    check_claim("E2", lambda run: abs(run["W"][-1] - 1), lambda v: v < 0.1, "W close to 1")


def test_e2_w_keeps_fluctuating_and_never_settles_exactly():
    """E2: the MAE gradient does not shrink near W=1, so W keeps moving: std over the last 20 epochs > 0.005."""
    check_claim("E2", lambda run: run["W"][-20:].std(), lambda v: v > 0.005, "W still fluctuates")


def test_e3_lr_0_0001_is_ten_times_tighter_than_e2_once_there():
    """E3 ends with W fluctuating about 10x less than E2 (10x smaller steps): median std ratio > 4."""
    def ratio(runs_of: Callable[[str], list[dict]]) -> float:
        spread = [np.median([r["W"][-20:].std() for r in runs_of(e)]) for e in ("E2", "E3")]
        return spread[0] / spread[1]

    assert ratio(tf_keras_runs) > 4, f"the band does not hold on real tf.keras: ratio {ratio(tf_keras_runs)}"
    assert ratio(minigrad_runs) > 4, f"expected E2's W spread > 4x E3's; minigrad {ratio(minigrad_runs):.2f}, " \
                                     f"tf.keras {ratio(tf_keras_runs):.2f}"


def test_e3_takes_longer_than_e2_to_get_within_0_05_of_1():
    """E3 moves W by at most 0.0001 * 39.5 * 3 ~ 0.012 an epoch: the median epoch at which
    |W - 1| < 0.05 comes later than in E2 (real tf.keras: 76 against 7)."""
    def median_epoch(runs: list[dict]) -> float:
        return float(np.median([epochs_to_reach(1.0, 0.05)(run) for run in runs]))

    for runs_of in (tf_keras_runs, minigrad_runs):
        e2, e3 = median_epoch(runs_of("E2")), median_epoch(runs_of("E3"))
        assert e3 > e2, f"{runs_of.__name__}: expected E3 slower than E2, got median epochs {e3} and {e2}"


def test_e4_decay_reaches_a_small_mae_but_never_fully_settles():
    """E4: lr falls to 0.01 / (1 + 0.01 * 749) ~ 0.0012 by the end, E2's size: MAE < 2, W std > 0.005."""
    check_claim("E4", last("mae"), lambda v: v < 2, "small training MAE")
    check_claim("E4", lambda run: run["W"][-20:].std(), lambda v: v > 0.005, "W still fluctuates")


def test_e5_buggy_schedule_still_ends_tight_around_1():
    """E5: after 5 epochs at 0.02 the rate is 0.0001 (the middle branches never fire), E3's rate:
    by epoch 100 W is within 0.02 of 1 with E3's tightness (std over 20 epochs < 0.005)."""
    check_claim("E5", lambda run: abs(run["W"][-1] - 1), lambda v: v < 0.02, "W close to 1")
    check_claim("E5", lambda run: run["W"][-20:].std(), lambda v: v < 0.005, "W settled")


def test_e6_adam_moves_w_by_at_most_about_lr_per_step():
    """E6: Adam() takes steps of about lr = 0.001, 300 of them: |W_100 - W_0| <= 0.3 * 1.05. So
    Adam "stable within 100 epochs" only holds when W starts within 0.3 of 1 (one tf.keras seed of five)."""
    check_claim("E6", lambda run: abs(run["W"][-1] - run["W0"]), lambda v: v <= 0.315, "|W_100 - W_0| <= 0.3")


def test_e7_adam_bias_moves_lr_per_step_so_does_not_converge():
    """E7: every prediction is below its target, so b's gradient sign never changes and Adam moves
    b by lr each step: 200 epochs * 2 batches * 0.001 = 0.4, far from 5, and the MAE stays > 1."""
    check_claim("E7", lambda run: run["b"][-1], lambda v: abs(v - 0.4) < 0.01, "b = 400 steps * 0.001")
    check_claim("E7", last("mae", 1), lambda v: v > 1, "not converged")


def test_e8_adam_learns_w_close_to_2_with_b_far_from_5():
    """E8: 20 batches * 200 epochs * 0.001 bounds b's travel by 4 < 5, while W (input ~300) fits
    quickly: |W - 2| < 0.01 and b < 4.5 (article: W = 2.004, b = 1.94)."""
    check_claim("E8", lambda run: abs(run["W"][-1] - 2), lambda v: v < 0.01, "W close to 2")
    check_claim("E8", lambda run: run["b"][-1], lambda v: v < 4.5, "b far from 5")


def test_e9_sgd_momentum_gives_the_articles_w_2_07_and_small_b():
    """E9 with SGD(1e-4, momentum=0.9): W within 0.02 of 2.07 and b < 0.5 (article: W = 2.071, b = 0.23)."""
    check_claim("E9", lambda run: abs(run["W"][-1] - 2.07), lambda v: v < 0.02, "W near 2.07")
    check_claim("E9", lambda run: run["b"][-1], lambda v: v < 0.5, "b far from 5")


def test_e10_more_data_does_not_help_sgd_momentum():
    """E10: W settles near 2 within 10 epochs but keeps oscillating (|W - 2| < 0.2 at the end), b stays
    < 1 (article: W = 2.05, b = 0.34), and the final MAE is worse than E9's (> 2)."""
    check_claim("E10", epochs_to_reach(2.0, 0.1), lambda v: v < 10, "W near 2 within 10 epochs")
    check_claim("E10", lambda run: abs(run["W"][-1] - 2), lambda v: v < 0.2, "W near 2")
    check_claim("E10", lambda run: run["b"][-1], lambda v: v < 1, "b far from 5")
    check_claim("E10", last("mae"), lambda v: v > 2, "no better than E9")
