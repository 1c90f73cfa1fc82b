"""Adamax: Adam with a running maximum in place of the root-mean-square (Keras 3, tf.keras 2.x, torch)."""
from __future__ import annotations

from typing import Any

import numpy as np

from minigrad.optimizers.base import LearningRate, Optimizer
from minigrad.optimizers.conventions import LegacyOptimizer, TorchBetasOptimizer


class Adamax(Optimizer):
    """Adam's momentum divided by a decaying maximum of the gradient's size.

    `u` remembers the largest recent |g| (shrinking by `beta_2` each step); it needs no bias correction:

        m = beta_1 * m + (1 - beta_1) * g
        u = maximum(beta_2 * u, abs(g))
        theta = theta - lr * m / ((1 - beta_1 ** t) * (u + epsilon))

    Args:
        beta_1: decay of the mean of g, in [0, 1); default 0.9.
        beta_2: decay of the maximum of |g|, in [0, 1); default 0.999.
        epsilon: small constant > 0 added to u; default 1e-7.
        learning_rate, **kwargs: see `Optimizer`.

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> Adamax(learning_rate=0.1).apply([g], [theta]); theta  # m = 0.05, u = 0.5: 1 - 0.1 * 0.05 / (0.1 * 0.5)
    array([0.90000004], dtype=float32)

    Reference: Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015, section 7.
    """

    cycled_momentum = "beta_1"
    slot_names = ("m", "u")
    config_names = ("beta_1", "beta_2", "epsilon")

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


class LegacyAdamax(LegacyOptimizer, Adamax):
    """`tf.keras.optimizers.legacy.Adamax`: `Adamax`'s update and arguments, in float32, without `weight_decay`.

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> LegacyAdamax(learning_rate=0.1).apply([g], [theta]); theta  # 1 - 0.1 * 0.05 / (0.1 * 0.5)
    array([0.90000004], dtype=float32)
    """


class TorchAdamax(TorchBetasOptimizer):
    """`torch.optim.Adamax`: eps inside the running maximum, where it accumulates.

        m = m + (1 - beta_1) * (g - m)
        u = maximum(beta_2 * u, abs(g) + eps)           # eps INSIDE the maximum: it accumulates
        theta = theta - lr / (1 - beta_1 ** t) * m / u

    Args:
        betas, eps: as `Adamax`'s (beta_1, beta_2) and epsilon.
        lr, weight_decay, name: see `TorchOptimizer`.

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> TorchAdamax(lr=0.1, eps=0.01).apply([g], [theta]); theta  # 1 - 0.1 / 0.1 * 0.05 / 0.51
    array([0.9019608], dtype=float32)
    """

    cycled_momentum = "beta_1"
    slot_names = ("exp_avg", "exp_inf")
    config_names = ("betas", "eps")

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
