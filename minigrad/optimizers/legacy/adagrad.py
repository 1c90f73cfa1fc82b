"""tf.keras 2.x's legacy Adagrad: epsilon added after the root."""
from __future__ import annotations

import numpy as np

from minigrad.optimizers import adagrad
from minigrad.optimizers.legacy.base import LegacyOptimizer


class Adagrad(LegacyOptimizer, adagrad.Adagrad):
    """Adagrad as `tf.keras.optimizers.legacy.Adagrad` computes it (see `minigrad.optimizers.Adagrad`).

    Update rule (ResourceApplyAdagradV2), with `g` the gradient and
    `lr = learning_rate / (1 + decay * iterations)`:

        accumulator = accumulator + g ** 2             # starts at initial_accumulator_value
        theta = theta - lr * g / (sqrt(accumulator) + epsilon)      # epsilon OUTSIDE the root

    Args: as `minigrad.optimizers.Adagrad` (learning_rate=0.001, initial_accumulator_value=0.1,
    epsilon=1e-7, decay=0.0), without `weight_decay`.

    Keras parity: legacy tf.keras, number for number. Keras 3 puts epsilon inside the root;
    PyTorch outside, but starts the accumulator at 0 with eps=1e-10 and lr=1e-2 by default.

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> Adagrad(learning_rate=0.1, epsilon=0.01).apply([g], [theta])  # accumulator = 0.1 + 0.25
    >>> theta, 1 - 0.1 * 0.5 / (0.35 ** 0.5 + 0.01)
    (array([0.9168894], dtype=float32), 0.9168894000700255)

    Reference: Duchi, Hazan and Singer, "Adaptive Subgradient Methods for Online Learning and
    Stochastic Optimization", JMLR 2011.
    """

    def update_step(self, g: np.ndarray, theta: np.ndarray, lr: np.floating, slots: dict[str, np.ndarray]) -> None:
        # exercise: legacy_adagrad
        accumulator = slots["accumulator"]
        accumulator += g ** 2
        theta -= lr * g / (np.sqrt(accumulator) + self.epsilon)
        # end exercise
