"""torch.optim.Adamax: eps inside the running maximum."""
from __future__ import annotations

from typing import Any

import numpy as np

from minigrad.optimizers.base import LearningRate
from minigrad.optimizers.pytorch.base import TorchOptimizer


class Adamax(TorchOptimizer):
    """Adamax with PyTorch's conventions (see `minigrad.optimizers.Adamax` for the idea).

    Update rule, with `g` the gradient, `lr` the learning rate of this step and `t = iterations + 1`:

        m = m + (1 - beta_1) * (g - m)
        u = maximum(beta_2 * u, abs(g) + eps)           # eps INSIDE the maximum: it accumulates
        theta = theta - lr / (1 - beta_1 ** t) * m / u

    Args:
        lr: float >= 0 or a schedule; default 2e-3.
        betas: `(beta_1, beta_2)`, each in [0, 1); default (0.9, 0.999).
        eps: small constant > 0; default 1e-8.
        weight_decay: coupled L2 penalty >= 0; default 0.
        name: the optimizer's name.

    Keras parity: `torch.optim.Adamax`. Keras (3 and legacy) adds epsilon (1e-7) at the
    division, `m / (u + epsilon)`, and defaults to lr=1e-3.

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> Adamax(lr=0.1, eps=0.01).apply([g], [theta]); theta  # 1 - 0.1 / 0.1 * 0.05 / 0.51
    array([0.9019608], dtype=float32)

    Reference: Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015, section 7.
    """

    cycled_momentum = "beta_1"

    slot_names = ("exp_avg", "exp_inf")

    def __init__(self, lr: LearningRate = 2e-3, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0.0, **kwargs: Any) -> None:
        super().__init__(lr, weight_decay=weight_decay, **kwargs)
        self.beta_1, self.beta_2 = self._betas(betas)
        self.eps = self._hyper("eps", eps, low=0, low_open=True)

    def update_step(self, g: np.ndarray, theta: np.ndarray, lr: np.floating, slots: dict[str, np.ndarray]) -> None:
        # exercise: torch_adamax
        t, m, u = self.iterations + 1, slots["exp_avg"], slots["exp_inf"]
        m += (1 - self.beta_1) * (g - m)
        np.maximum(self.beta_2 * u, np.abs(g) + self.eps, out=u)
        theta -= lr / (1 - self.beta_1 ** t) * m / u
        # end exercise

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "betas": (self.beta_1, self.beta_2), "eps": self.eps}
