"""tf.keras 2.x's legacy RMSprop: epsilon outside the root without momentum, inside with it."""
from __future__ import annotations

import numpy as np

from minigrad.optimizers import rmsprop
from minigrad.optimizers.legacy.base import LegacyOptimizer


class RMSprop(LegacyOptimizer, rmsprop.RMSprop):
    """RMSprop as `tf.keras.optimizers.legacy.RMSprop` computes it (see `minigrad.optimizers.RMSprop`).

    Legacy tf.keras ran two different codes: a Python update when `momentum == 0`, with epsilon
    added after the root, and TensorFlow's fused kernel (ResourceApplyRMSProp) when
    `momentum > 0`, with epsilon inside the root. With a large epsilon the two differ visibly.

    Update rule, with `g` the gradient and `lr = learning_rate / (1 + decay * iterations)`:

        v = rho * v + (1 - rho) * g ** 2
        if centered:
            a = rho * a + (1 - rho) * g
            denominator = v - a ** 2
        else:
            denominator = v
        if momentum > 0:
            m = momentum * m + lr * g / sqrt(denominator + epsilon)     # epsilon INSIDE the root
            theta = theta - m
        else:
            theta = theta - lr * g / (sqrt(denominator) + epsilon)     # epsilon OUTSIDE the root

    Args: as `minigrad.optimizers.RMSprop` (learning_rate=0.001, rho=0.9, momentum=0.0,
    epsilon=1e-7, centered=False, decay=0.0), without `weight_decay`.

    Keras parity: legacy tf.keras, number for number. Keras 3 always puts epsilon inside the
    root; PyTorch always outside (with alpha=0.99, eps=1e-8 and lr=1e-2 by default).

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> RMSprop(learning_rate=0.1, epsilon=0.01).apply([g], [theta])  # v = 0.1 * 0.25
    >>> theta, 1 - 0.1 * 0.5 / (0.025 ** 0.5 + 0.01)
    (array([0.7025826], dtype=float32), 0.7025825642401226)

    Reference: Hinton, Lecture 6e of "Neural Networks for Machine Learning", 2012.
    """

    def update_step(self, g: np.ndarray, theta: np.ndarray, lr: np.floating, slots: dict[str, np.ndarray]) -> None:
        # exercise: legacy_rmsprop
        rho, v = self.rho, slots["velocity"]
        v[...] = rho * v + (1 - rho) * g ** 2
        if self.centered:
            a = slots["average_gradient"]
            a[...] = rho * a + (1 - rho) * g
            denominator = v - a ** 2
        else:
            denominator = v
        if self.momentum > 0:
            m = slots["momentum"]
            m[...] = self.momentum * m + lr * g / np.sqrt(denominator + self.epsilon)
            theta -= m
        else:
            theta -= lr * g / (np.sqrt(denominator) + self.epsilon)
        # end exercise
