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
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from minigrad.article import run_experiment
from minigrad.article.claims import CLAIMS, epochs_to_reach

FIXTURE = Path(__file__).parent / "golden" / "article_tf_keras.json"
SEEDS = range(5)


@functools.cache
def tf_keras_runs(experiment_id: str) -> list[dict]:
    """The real tf.keras runs of one experiment, as {"W", "b", "mae", "val_mae", "W0"} per seed."""
    experiment = next(e for e in json.loads(FIXTURE.read_text())["experiments"] if e["id"] == experiment_id)
    return [{"W": np.array(run["W_per_epoch"]), "b": np.array(run.get("b_per_epoch", [np.nan])),
             "mae": np.array(run["mae_per_epoch"]), "val_mae": np.array(run["val_mae_per_epoch"]),
             "W0": run["initial_weights"][0][0][0]} for run in experiment["runs"]]


@functools.cache
def minigrad_runs(experiment_id: str) -> list[dict]:
    """minigrad's runs of one experiment over `SEEDS`, in the same shape as `tf_keras_runs`."""
    runs = []
    for seed in SEEDS:
        result = run_experiment(experiment_id, seed=seed)
        runs.append({"W": np.array(result.weights["W"]), "b": np.array(result.weights.get("b", [np.nan])),
                     "mae": np.array(result.history["mae"]), "val_mae": np.array(result.history["val_mae"]),
                     "W0": result.initial["W"]})
    return runs


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: f"{c.experiment}: {c.text}")
def test_claim_holds_on_every_seed_of_real_tf_keras_and_of_minigrad(claim):
    """Each claim of `minigrad.article.claims` (its docstring and `why` give the arithmetic behind the band):
    first on the five real tf.keras runs (if they fall outside, the band is wrong), then on minigrad's."""
    keras_values = [round(float(claim.statistic(run)), 4) for run in tf_keras_runs(claim.experiment)]
    assert all(claim.holds(v) for v in keras_values), \
        f"{claim.experiment}: the band for '{claim.text}' does not hold on real tf.keras either: {keras_values}"
    minigrad_values = [round(float(claim.statistic(run)), 4) for run in minigrad_runs(claim.experiment)]
    assert all(claim.holds(v) for v in minigrad_values), \
        f"{claim.experiment}: expected '{claim.text}' on every seed; minigrad gives {minigrad_values}, " \
        f"real tf.keras {keras_values}"


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
