"""torch.optim.RMSprop: epsilon outside the root, alpha=0.99, lr outside the momentum buffer."""
from __future__ import annotations

from typing import Any

import numpy as np

from minigrad.optimizers.base import LearningRate
from minigrad.optimizers.pytorch.base import TorchOptimizer


class RMSprop(TorchOptimizer):
    """RMSprop with PyTorch's conventions (see `minigrad.optimizers.RMSprop` for the idea).

    Update rule, with `g` the gradient and `lr` the learning rate of this step:

        v = alpha * v + (1 - alpha) * g ** 2
        if centered:
            a = a + (1 - alpha) * (g - a)
            avg = sqrt(v - a ** 2) + eps                # eps OUTSIDE the root
        else:
            avg = sqrt(v) + eps
        if momentum > 0:
            b = momentum * b + g / avg                  # lr outside the buffer
            theta = theta - lr * b
        else:
            theta = theta - lr * g / avg

    Args:
        lr: float >= 0 or a schedule; default 1e-2.
        alpha: discount of the running average (Keras's rho), in [0, 1); default 0.99.
        eps: small constant > 0 added after the root; default 1e-8.
        weight_decay: coupled L2 penalty >= 0; default 0.
        momentum: in [0, 1]; default 0.
        centered: normalize by the variance of the gradient; default False.
        name: the optimizer's name.

    Keras parity: `torch.optim.RMSprop`. Keras 3 uses rho=0.9, epsilon=1e-7 inside the root and
    lr=1e-3, with lr inside the momentum; legacy tf.keras puts epsilon outside only without momentum.

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> RMSprop(lr=0.1, eps=0.01).apply([g], [theta])  # v = 0.01 * 0.25
    >>> theta, 1 - 0.1 * 0.5 / (0.0025 ** 0.5 + 0.01)
    (array([0.16666669], dtype=float32), 0.16666666666666674)

    Reference: Hinton, Lecture 6e of "Neural Networks for Machine Learning", 2012; Graves,
    "Generating Sequences With Recurrent Neural Networks", 2013 (centered).
    """

    cycled_momentum = "momentum"

    def __init__(self, lr: LearningRate = 1e-2, alpha: float = 0.99, eps: float = 1e-8, weight_decay: float = 0.0,
                 momentum: float = 0.0, centered: bool = False, **kwargs: Any) -> None:
        super().__init__(lr, weight_decay=weight_decay, **kwargs)
        self.alpha = self._hyper("alpha", alpha, low=0, high=1, high_open=True)
        self.eps = self._hyper("eps", eps, low=0, low_open=True)
        self.momentum = self._hyper("momentum", momentum, low=0, high=1)
        self.centered = bool(centered)
        self.slot_names = (("square_avg",) + (("momentum_buffer",) if self.momentum > 0 else ())
                           + (("grad_avg",) if self.centered else ()))

    def update_step(self, g: np.ndarray, theta: np.ndarray, lr: np.floating, slots: dict[str, np.ndarray]) -> None:
        # exercise: torch_rmsprop
        alpha, v = self.alpha, slots["square_avg"]
        v[...] = alpha * v + (1 - alpha) * g ** 2
        if self.centered:
            a = slots["grad_avg"]
            a += (1 - alpha) * (g - a)
            avg = np.sqrt(v - a ** 2) + self.eps
        else:
            avg = np.sqrt(v) + self.eps
        if self.momentum > 0:
            b = slots["momentum_buffer"]
            b[...] = self.momentum * b + g / avg
            theta -= lr * b
        else:
            theta -= lr * g / avg
        # end exercise

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "alpha": self.alpha, "eps": self.eps, "momentum": self.momentum,
                "centered": self.centered}
