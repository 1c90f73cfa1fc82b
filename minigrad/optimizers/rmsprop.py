"""RMSprop: divide each step by a running root-mean-square of recent gradients."""
from __future__ import annotations

from typing import Any

import numpy as np

from minigrad.optimizers.base import LearningRate, Optimizer


class RMSprop(Optimizer):
    """Scales each weight's step by the inverse root of its recent squared gradients.

    A weight whose gradients are large gets small steps and one whose gradients are small gets
    large steps, so every weight moves at a similar pace. `rho` sets how far back "recent" reaches
    (about `1 / (1 - rho)` updates). `centered=True` divides by the running variance instead of
    the running second moment; `momentum` adds a velocity on top.

    Update rule (Keras 3), with `g` the gradient and `lr` the learning rate of this step:

        v = rho * v + (1 - rho) * g ** 2
        if centered:
            a = rho * a + (1 - rho) * g
            denominator = v - a ** 2 + epsilon
        else:
            denominator = v + epsilon                   # epsilon INSIDE the root
        increment = lr * g / sqrt(denominator)
        if momentum > 0:
            m = momentum * m + increment
            theta = theta - m
        else:
            theta = theta - increment

    Args:
        learning_rate: float >= 0, a schedule or a callable; default 0.001.
        rho: discount of the running average, in [0, 1); default 0.9.
        momentum: in [0, 1]; default 0.0.
        epsilon: small constant > 0 inside the root; default 1e-7.
        centered: normalize by the variance of the gradient; default False.
        **kwargs: `decay`, `clipnorm`, `clipvalue`, `global_clipnorm`, `weight_decay`, `name`.

    Keras parity: Keras 3's formulas and defaults. Legacy tf.keras puts epsilon OUTSIDE the root
    without momentum (`sqrt(v) + epsilon`) and inside with it. PyTorch's `RMSprop` uses
    `alpha=0.99` (rho), `eps=1e-8` outside the root, lr=1e-2, and keeps lr outside the momentum.

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([2.0], dtype="float32")
    >>> RMSprop(learning_rate=0.1).apply([g], [theta])  # v = 0.1 * 4 = 0.4
    >>> theta, 1 - 0.1 * 2 / (0.4 + 1e-7) ** 0.5
    (array([0.68377227], dtype=float32), 0.6837722735116254)

    Reference: Hinton, Lecture 6e of "Neural Networks for Machine Learning", 2012.
    """

    cycled_momentum = "momentum"

    def __init__(self, learning_rate: LearningRate = 0.001, rho: float = 0.9, momentum: float = 0.0,
                 epsilon: float = 1e-7, centered: bool = False, **kwargs: Any) -> None:
        super().__init__(learning_rate, **kwargs)
        self.rho = self._hyper("rho", rho, low=0, high=1, high_open=True)
        self.momentum = self._hyper("momentum", momentum, low=0, high=1)
        self.epsilon = self._epsilon(epsilon)
        self.centered = bool(centered)
        self.slot_names = (("velocity",) + (("momentum",) if self.momentum > 0 else ())
                           + (("average_gradient",) if self.centered else ()))

    def update_step(self, g: np.ndarray, theta: np.ndarray, lr: np.floating, slots: dict[str, np.ndarray]) -> None:
        # exercise: rmsprop
        rho, v = self.rho, slots["velocity"]
        v[...] = rho * v + (1 - rho) * g ** 2
        if self.centered:
            a = slots["average_gradient"]
            a[...] = rho * a + (1 - rho) * g
            denominator = v - a ** 2 + self.epsilon
        else:
            denominator = v + self.epsilon
        increment = lr * g / np.sqrt(denominator)
        if self.momentum > 0:
            m = slots["momentum"]
            m[...] = self.momentum * m + increment
            theta -= m
        else:
            theta -= increment
        # end exercise

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "rho": self.rho, "momentum": self.momentum, "epsilon": self.epsilon,
                "centered": self.centered}
