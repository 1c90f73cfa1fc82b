"""What the tutorial runs share on real Keras (tests/golden/generate.py) and on minigrad (tests/test_tutorials.py).

A tutorial script draws its initial weights and its shuffling order from its framework's random generator, so two
frameworks never print the same losses. The harness (never the script) removes both differences by wrapping
the framework's `Model.fit`:

- the first time a model is fitted, its weights become `initial_weights(model.get_weights(), k)` for the k-th
  model the script fits (k = 0, 1, ...): every kernel drawn from Glorot's uniform law (Keras's default) with a
  NumPy generator seeded by k, every other weight (biases, BatchNormalization's gamma, beta and moving
  statistics) kept as the framework created it (zeros and ones in both);
- every fit runs with `shuffle=False`, so the batches follow the data's order.

Dropout's masks still come from each framework's own generator: lines that depend on them are not compared.

What a script printed is compared as a terminal shows it (`screen`): tf.keras 2 redraws its progress bar with
backspaces and carriage returns whenever it runs on a POSIX system, as often as time allows, so only the last
drawing of each line is reproducible.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np


def initial_weights(weights: list[np.ndarray], index: int) -> list[np.ndarray]:
    """`weights` with each kernel (an array of 2 or more axes) replaced by Glorot-uniform draws seeded by `index`:
    uniform in [-limit, limit], limit = sqrt(6 / (fan_in + fan_out)), float32."""
    rng = np.random.default_rng(index)
    drawn = []
    for weight in weights:
        if weight.ndim >= 2:
            limit = np.sqrt(6.0 / (np.prod(weight.shape[:-1]) + weight.shape[-1]))
            weight = rng.uniform(-limit, limit, weight.shape).astype(np.float32)
        drawn.append(weight)
    return drawn


def screen(printed: str) -> list[str]:
    """The lines a terminal shows for `printed`: `\\r` moves back to the start of the line and `\\b` one
    character left, and what follows overwrites what was there.

    Example:
    >>> screen("Epoch 1/2\\n\\r1/3 [=>...]\\b\\b\\b\\b\\b\\r3/3 [=====]\\n")
    ['Epoch 1/2', '3/3 [=====]']
    """
    lines = []
    for text in printed.split("\n"):
        shown: list[str] = []
        column = 0
        for character in text:
            if character == "\r":
                column = 0
            elif character == "\b":
                column = max(0, column - 1)
            else:
                shown[column:column + 1] = [character]
                column += 1
        lines.append("".join(shown))
    return lines[:-1] if printed.endswith("\n") else lines


def harnessed(fit: Callable[..., Any]) -> Callable[..., Any]:
    """`fit` that gives each model its harness weights at its first call and never shuffles (see the module)."""
    fitted: list[Any] = []

    def harnessed_fit(model: Any, *args: Any, **kwargs: Any) -> Any:
        if not any(model is seen for seen in fitted):
            if model.built:  # a model without an input shape is built by fit itself: its own weights stay
                model.set_weights(initial_weights(model.get_weights(), len(fitted)))
            fitted.append(model)
        return fit(model, *args, **{**kwargs, "shuffle": False})

    return harnessed_fit
