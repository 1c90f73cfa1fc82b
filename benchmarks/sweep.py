"""Benchmark 5: `minigrad.sweep` (1,000 learning rates in one batched run) against 1,000 separate fits.

The work is the article's E1 at every learning rate of `np.logspace(-6, 0, 1000)`: f(x) = x with
`Dense(1, use_bias=False)`, trained on `X[:80]` of `X = np.arange(100)`, batches of 32, SGD, MAE,
validation on `X[80:]` after every epoch, 100 epochs, `shuffle=False`, all from the same initial
weight. The separate fits are the loop a student would write: `set_weights`, `compile`, `fit`.
Target: the sweep at least 50x faster. Before timing, a sample of runs is checked to agree.
"""
from __future__ import annotations

import numpy as np

from benchmarks.harness import Candidate, Result, Settings, measure

TITLE = "LR sweep: 1,000 learning rates in one batched run vs 1,000 fits"
X = np.arange(100)


def sizes_for(settings: Settings) -> tuple[int, int]:
    """`(learning rates, epochs)`: 1,000 x 100, or 20 x 5 for a quick run."""
    return (20, 5) if settings.quick else (1000, 100)


def e1_model():
    import minigrad as keras

    keras.utils.set_random_seed(0)
    return keras.models.Sequential([keras.layers.Input(1), keras.layers.Dense(1, use_bias=False)])


def run_sweep(learning_rates: np.ndarray, epochs: int):
    from minigrad.sweep import sweep

    return sweep(e1_model(), X[:80], X[:80], learning_rates, optimizer="sgd", loss="mae", epochs=epochs,
                 validation_data=(X[80:], X[80:]))


def run_fits(learning_rates: np.ndarray, epochs: int) -> list[tuple[dict, np.ndarray]]:
    import minigrad as keras

    model = e1_model()
    initial_weights = model.get_weights()
    results = []
    for learning_rate in learning_rates:
        model.set_weights(initial_weights)
        model.compile(optimizer=keras.optimizers.SGD(float(learning_rate)), loss="mae")
        history = model.fit(X[:80], X[:80], epochs=epochs, validation_data=(X[80:], X[80:]),
                            shuffle=False, verbose=0)
        results.append((history.history, model.get_weights()[0]))
    return results


def agreement(learning_rates: np.ndarray, epochs: int) -> str:
    """Compares the sweep with separate fits on 10 learning rates spread over the range."""
    sample = learning_rates[np.linspace(0, len(learning_rates) - 1, 10).astype(int)]
    swept = run_sweep(sample, epochs)
    worst = 0.0
    for k, (history, kernel) in enumerate(run_fits(sample, epochs)):
        pairs = [(swept.history[key][k], np.array(history[key])) for key in ("loss", "val_loss")]
        pairs.append((swept.weights[0][k], kernel))
        for a, b in pairs:
            with np.errstate(invalid="ignore"):
                difference = np.abs(a - b) / np.maximum(np.abs(b), 1e-30)
            both_nan = np.isnan(a) & np.isnan(b)
            worst = max(worst, float(np.max(np.where(both_nan | (a == b), 0.0, difference))))
    if worst == 0.0:
        return "On 10 sampled learning rates the sweep and the fits give bit-identical histories and weights."
    return f"On 10 sampled learning rates the sweep and the fits differ by at most {worst:.2e} (relative)."


def run(settings: Settings) -> Result:
    count, epochs = sizes_for(settings)
    learning_rates = np.logspace(-6, 0, count)
    candidates = [Candidate("sweep (one batched run)", lambda: lambda: run_sweep(learning_rates, epochs)),
                  Candidate(f"{count:,} separate fits", lambda: lambda: run_fits(learning_rates, epochs))]
    repeats = min(settings.repeats, 3)
    timings = measure(candidates, repeats, quiet=settings.quiet)
    notes = [f"{count:,} learning rates x {epochs} epochs of E1 (3 batches each, validation every epoch); "
             "target: the separate fits at least 50x slower than the sweep.",
             f"{repeats} timed runs (the fits take seconds each, so fewer than the other benchmarks).",
             agreement(learning_rates, epochs)]
    return Result(TITLE, "sweep (one batched run)", timings, notes)
