"""Stochastic gradient descent, with optional (Nesterov) momentum."""
from __future__ import annotations

from typing import Any

import numpy as np

from minigrad.optimizers.base import LearningRate, Optimizer


class SGD(Optimizer):
    """Gradient descent: step against the gradient, optionally with momentum.

    Plain SGD moves each weight by `learning_rate * gradient`. Momentum keeps a velocity `v`
    that accumulates past steps, so consistent gradients speed up and noisy ones cancel out.

    Update rule, with `g` the gradient and `lr` the learning rate of this step:

        if momentum == 0:
            theta = theta - lr * g
        else:
            v = momentum * v - lr * g                 # the learning rate sits inside v
            if nesterov:
                theta = theta + (momentum * v - lr * g)   # looks ahead along the new v, in one sum
            else:
                theta = theta + v

    Args:
        learning_rate: float >= 0, a schedule or a callable; default 0.01.
        momentum: in [0, 1]; default 0.0.
        nesterov: use Nesterov momentum; default False.
        **kwargs: `decay`, `clipnorm`, `clipvalue`, `global_clipnorm`, `weight_decay`, `name` (see
            `Optimizer`).

    Keras parity: the same formulas, defaults and operation order in Keras 3 and legacy tf.keras
    (the Nesterov step adds `momentum * v - lr * g` as one sum in both). PyTorch keeps the
    learning rate outside the velocity (`b = momentum * b + g; theta -= lr * b`), which gives the
    same trajectory while lr is constant but differs once lr changes; its default lr is 1e-3.

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> SGD(learning_rate=0.1).apply([g], [theta]); theta  # 1 - 0.1 * 0.5
    array([0.95], dtype=float32)

    Reference: Polyak, 1964 (momentum); Sutskever et al., 2013 (Nesterov momentum in deep learning).
    """

    cycled_momentum = "momentum"

    def __init__(self, learning_rate: LearningRate = 0.01, momentum: float = 0.0,
                 nesterov: bool = False, **kwargs: Any) -> None:
        super().__init__(learning_rate, **kwargs)
        self.momentum = self._hyper("momentum", momentum, low=0, high=1)
        self.nesterov = bool(nesterov)
        self.slot_names = ("momentum",) if self.momentum else ()

    def update_step(self, gradient: np.ndarray, theta: np.ndarray, lr: np.floating,
                    slots: dict[str, np.ndarray]) -> None:
        if not self.momentum:
            # exercise: sgd
            theta -= lr * gradient
            # end exercise
            return
        # exercise: sgd_momentum
        v = slots["momentum"]
        v *= self.momentum
        v -= lr * gradient
        if self.nesterov:
            theta += self.momentum * v - lr * gradient
        else:
            theta += v
        # end exercise

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "momentum": self.momentum, "nesterov": self.nesterov}
