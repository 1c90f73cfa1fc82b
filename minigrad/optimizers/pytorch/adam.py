"""torch.optim.Adam and AdamW: epsilon added after the bias correction."""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from minigrad.optimizers.base import LearningRate
from minigrad.optimizers.pytorch.base import TorchOptimizer


class Adam(TorchOptimizer):
    """Adam with PyTorch's conventions (see `minigrad.optimizers.Adam` for the idea).

    Update rule, with `g` the gradient, `lr` the learning rate of this step and `t = iterations + 1`:

        m = m + (1 - beta_1) * (g - m)
        v = beta_2 * v + (1 - beta_2) * g ** 2
        if amsgrad:
            v_max = maximum(v_max, v)
            v = v_max
        denominator = sqrt(v) / sqrt(1 - beta_2 ** t) + eps     # eps AFTER the bias correction
        theta = theta - lr / (1 - beta_1 ** t) * m / denominator

    Args:
        lr: float >= 0 or a schedule; default 1e-3.
        betas: `(beta_1, beta_2)`, each in [0, 1); default (0.9, 0.999).
        eps: small constant > 0; default 1e-8.
        weight_decay: coupled L2 penalty >= 0 (`g = g + weight_decay * theta`); default 0.
        amsgrad: never let v shrink; default False.
        name: the optimizer's name.

    Keras parity: `torch.optim.Adam`. Keras (3 and legacy) adds epsilon (1e-7) to `sqrt(v)` before
    the bias correction, so Keras's epsilon acts like a torch eps of
    `epsilon / sqrt(1 - beta_2 ** t)`: about 32 times larger on the first step.

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> Adam(lr=0.1, eps=0.01).apply([g], [theta])  # m = 0.05, v = 0.00025
    >>> theta, 1 - 0.1 / 0.1 * 0.05 / ((0.00025 / 0.001) ** 0.5 + 0.01)
    (array([0.9019608], dtype=float32), 0.9019607843137255)

    Reference: Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015.
    """

    cycled_momentum = "beta_1"

    def __init__(self, lr: LearningRate = 1e-3, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0.0, amsgrad: bool = False, **kwargs: Any) -> None:
        super().__init__(lr, weight_decay=weight_decay, **kwargs)
        self.beta_1, self.beta_2 = self._betas(betas)
        self.eps = self._hyper("eps", eps, low=0, low_open=True)
        self.amsgrad = bool(amsgrad)
        self.slot_names = ("exp_avg", "exp_avg_sq") + (("max_exp_avg_sq",) if self.amsgrad else ())

    def update_step(self, g: np.ndarray, theta: np.ndarray, lr: np.floating, slots: dict[str, np.ndarray]) -> None:
        # exercise: torch_adam
        t, m, v = self.iterations + 1, slots["exp_avg"], slots["exp_avg_sq"]
        m += (1 - self.beta_1) * (g - m)
        v[...] = self.beta_2 * v + (1 - self.beta_2) * g ** 2
        if self.amsgrad:
            v_max = slots["max_exp_avg_sq"]
            np.maximum(v_max, v, out=v_max)
            v = v_max
        denominator = np.sqrt(v) / math.sqrt(1 - self.beta_2 ** t) + self.eps
        theta -= lr / (1 - self.beta_1 ** t) * m / denominator
        # end exercise

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "betas": (self.beta_1, self.beta_2), "eps": self.eps,
                "amsgrad": self.amsgrad}


class AdamW(Adam):
    """torch.optim.AdamW: Adam with decoupled weight decay, `theta = theta * (1 - lr * weight_decay)`.

    The decay shrinks the weights directly before the Adam step instead of entering the gradient,
    so Adam's per-weight scaling does not weaken it (Loshchilov and Hutter's point).

    Update rule, before `Adam`'s update with the raw `g`:

        theta = theta * (1 - lr * weight_decay)

    Args: as `Adam`, but `weight_decay` defaults to 1e-2 and is decoupled.

    Keras parity: `torch.optim.AdamW`. Keras 3's `weight_decay=` argument (any optimizer) has the
    same decoupled form, `theta = theta - theta * weight_decay * lr`.

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> AdamW(lr=0.1, eps=0.01, weight_decay=0.2).apply([g], [theta]); theta  # 0.98 - 0.0980392
    array([0.8819608], dtype=float32)

    Reference: Loshchilov and Hutter, "Decoupled Weight Decay Regularization", ICLR 2019.
    """

    def __init__(self, lr: LearningRate = 1e-3, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 1e-2, amsgrad: bool = False, **kwargs: Any) -> None:
        super().__init__(lr, betas, eps, weight_decay, amsgrad, **kwargs)

    def apply_weight_decay(self, gradient: np.ndarray, variable: np.ndarray,
                           learning_rate: np.floating) -> np.ndarray:
        """Decoupled: `theta = theta * (1 - lr * weight_decay)`; the gradient is left unchanged."""
        # exercise: torch_adamw
        variable *= 1 - learning_rate * self.weight_decay
        return gradient
        # end exercise
