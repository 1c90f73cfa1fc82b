"""torch.optim.NAdam: Dozat's momentum schedule `0.96 ** (momentum_decay * t)`."""
from __future__ import annotations

from typing import Any

import numpy as np

from minigrad.optimizers.base import LearningRate
from minigrad.optimizers.pytorch.base import TorchOptimizer


class NAdam(TorchOptimizer):
    """Nadam with PyTorch's conventions (see `minigrad.optimizers.Nadam` for the idea).

    Update rule, with `g` the gradient, `lr` the learning rate of this step and `t = iterations + 1`:

        mu = beta_1 * (1 - 0.5 * 0.96 ** (t * momentum_decay))
        mu_next = beta_1 * (1 - 0.5 * 0.96 ** ((t + 1) * momentum_decay))
        mu_product = mu_product * mu                    # once per update; starts at 1
        m = m + (1 - beta_1) * (g - m)
        v = beta_2 * v + (1 - beta_2) * g ** 2
        denominator = sqrt(v / (1 - beta_2 ** t)) + eps
        theta = theta - lr * (1 - mu) / (1 - mu_product) * g / denominator
        theta = theta - lr * mu_next / (1 - mu_product * mu_next) * m / denominator

    Args:
        lr: float >= 0 or a schedule; default 2e-3.
        betas: `(beta_1, beta_2)`, each in [0, 1); default (0.9, 0.999).
        eps: small constant > 0; default 1e-8.
        weight_decay: coupled L2 penalty >= 0; default 0.
        momentum_decay: the momentum schedule's rate, >= 0; default 4e-3.
        name: the optimizer's name.

    Keras parity: `torch.optim.NAdam`, the same formula as legacy tf.keras's Nadam
    (`schedule_decay=0.004`); Keras 3's Nadam uses `0.96 ** t` and defaults to lr=1e-3, eps=1e-7.

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> NAdam(lr=0.1, eps=0.01).apply([g], [theta]); theta  # as legacy Nadam(0.1, epsilon=0.01)
    array([0.8964263], dtype=float32)

    Reference: Dozat, "Incorporating Nesterov Momentum into Adam", ICLR workshop 2016.
    """

    cycled_momentum = "beta_1"

    slot_names = ("exp_avg", "exp_avg_sq")
    state_attributes = ("mu_product",)

    def __init__(self, lr: LearningRate = 2e-3, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0.0, momentum_decay: float = 4e-3, **kwargs: Any) -> None:
        super().__init__(lr, weight_decay=weight_decay, **kwargs)
        self.beta_1, self.beta_2 = self._betas(betas)
        self.eps = self._hyper("eps", eps, low=0, low_open=True)
        self.momentum_decay = self._hyper("momentum_decay", momentum_decay, low=0)
        self.mu_product = self._float(1)

    def prepare_step(self) -> None:
        # exercise: torch_nadam
        t = self.iterations + 1
        self.mu_product = self.mu_product * (self.beta_1 * (1 - 0.5 * 0.96 ** (t * self.momentum_decay)))
        # end exercise

    def update_step(self, g: np.ndarray, theta: np.ndarray, lr: np.floating, slots: dict[str, np.ndarray]) -> None:
        # exercise: torch_nadam
        t, beta_1, m, v = self.iterations + 1, self.beta_1, slots["exp_avg"], slots["exp_avg_sq"]
        mu = beta_1 * (1 - 0.5 * 0.96 ** (t * self.momentum_decay))
        mu_next = beta_1 * (1 - 0.5 * 0.96 ** ((t + 1) * self.momentum_decay))
        m += (1 - beta_1) * (g - m)
        v[...] = self.beta_2 * v + (1 - self.beta_2) * g ** 2
        denominator = np.sqrt(v / (1 - self.beta_2 ** t)) + self.eps
        theta -= lr * (1 - mu) / (1 - self.mu_product) * g / denominator
        theta -= lr * mu_next / (1 - self.mu_product * mu_next) * m / denominator
        # end exercise

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "betas": (self.beta_1, self.beta_2), "eps": self.eps,
                "momentum_decay": self.momentum_decay}
