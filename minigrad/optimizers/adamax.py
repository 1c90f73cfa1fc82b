"""Adamax: Adam with the infinity norm (a running maximum) in place of the root-mean-square."""
from __future__ import annotations

from typing import Any

import numpy as np

from minigrad.optimizers.base import LearningRate, Optimizer


class Adamax(Optimizer):
    """Adam's momentum divided by a decaying maximum of the gradient's size.

    `u` remembers the largest recent |g| (shrinking by `beta_2` each step), so a single large
    gradient slows the weight for a while. The max needs no bias correction; only `m` does.

    Update rule (Keras 3), with `g` the gradient, `lr` the learning rate of this step and
    `t = iterations + 1`:

        m = beta_1 * m + (1 - beta_1) * g
        u = maximum(beta_2 * u, abs(g))
        theta = theta - lr * m / ((1 - beta_1 ** t) * (u + epsilon))

    Args:
        learning_rate: float >= 0, a schedule or a callable; default 0.001.
        beta_1: decay of the mean of g, in [0, 1); default 0.9.
        beta_2: decay of the maximum of |g|, in [0, 1); default 0.999.
        epsilon: small constant > 0 added to u; default 1e-7.
        **kwargs: `decay`, `clipnorm`, `clipvalue`, `global_clipnorm`, `weight_decay`, `name`.

    Keras parity: Keras 3 and legacy tf.keras share this formula. PyTorch puts its eps inside the
    maximum, `u = maximum(beta_2 * u, abs(g) + eps)`, and defaults to lr=2e-3 and eps=1e-8.

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> Adamax(learning_rate=0.1).apply([g], [theta])  # m = 0.05, u = 0.5
    >>> theta, 1 - 0.1 * 0.05 / ((1 - 0.9) * (0.5 + 1e-7))
    (array([0.90000004], dtype=float32), 0.9000000199999959)

    Reference: Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015, section 7.
    """

    cycled_momentum = "beta_1"

    slot_names = ("m", "u")

    def __init__(self, learning_rate: LearningRate = 0.001, beta_1: float = 0.9, beta_2: float = 0.999,
                 epsilon: float = 1e-7, **kwargs: Any) -> None:
        super().__init__(learning_rate, **kwargs)
        self.beta_1 = self._hyper("beta_1", beta_1, low=0, high=1, high_open=True)
        self.beta_2 = self._hyper("beta_2", beta_2, low=0, high=1, high_open=True)
        self.epsilon = self._epsilon(epsilon)

    def update_step(self, g: np.ndarray, theta: np.ndarray, lr: np.floating, slots: dict[str, np.ndarray]) -> None:
        # exercise: adamax
        t = self.iterations + 1
        m, u = slots["m"], slots["u"]
        m[...] = self.beta_1 * m + (1 - self.beta_1) * g
        np.maximum(self.beta_2 * u, np.abs(g), out=u)
        theta -= lr * m / ((1 - self._float(self.beta_1) ** t) * (u + self.epsilon))
        # end exercise

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon}
