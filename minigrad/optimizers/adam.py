"""Adam and AdamW: momentum divided by a running root-mean-square, bias-corrected (Keras 3, tf.keras 2.x, torch)."""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from minigrad.optimizers.base import LearningRate, Optimizer
from minigrad.optimizers.conventions import LegacyOptimizer, TorchBetasOptimizer


class Adam(Optimizer):
    """Adaptive moment estimation: RMSprop's per-weight scaling applied to a momentum.

    `m` is a running mean of the gradient, `v` of its square. Both start at 0, a bias that dividing by
    `1 - beta ** t` corrects (folded into `alpha`); each weight then moves by about `lr` per step:

        alpha = lr * sqrt(1 - beta_2 ** t) / (1 - beta_1 ** t)
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g ** 2
        if amsgrad:
            v_hat = maximum(v_hat, v)                   # the largest v so far
            v = v_hat
        theta = theta - m * alpha / (sqrt(v) + epsilon)  # epsilon is not bias-corrected

    Args:
        beta_1: decay of the mean of g, in [0, 1); default 0.9.
        beta_2: decay of the mean of g ** 2, in [0, 1); default 0.999.
        epsilon: small constant > 0 added to sqrt(v); default 1e-7.
        amsgrad: use the AMSGrad variant (never let v shrink); default False.
        learning_rate, **kwargs: see `Optimizer`.

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> Adam(learning_rate=0.1).apply([g], [theta])  # m = 0.05, v = 0.00025, alpha = 0.1 * sqrt(0.001) / 0.1
    >>> theta, 1 - 0.05 * (0.1 * 0.001 ** 0.5 / 0.1) / (0.00025 ** 0.5 + 1e-7)  # float32: 1 - 0.999 = 0.99999e-3
    (array([0.9000013], dtype=float32), 0.9000006324515321)

    Reference: Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015; Reddi,
    Kale and Kumar, "On the Convergence of Adam and Beyond", ICLR 2018 (AMSGrad).
    """

    cycled_momentum = "beta_1"
    config_names = ("beta_1", "beta_2", "epsilon", "amsgrad")

    def __init__(self, learning_rate: LearningRate = 0.001, beta_1: float = 0.9, beta_2: float = 0.999,
                 epsilon: float = 1e-7, amsgrad: bool = False, **kwargs: Any) -> None:
        super().__init__(learning_rate, **kwargs)
        self.beta_1 = self._hyper("beta_1", beta_1, low=0, high=1, high_open=True)
        self.beta_2 = self._hyper("beta_2", beta_2, low=0, high=1, high_open=True)
        self.epsilon = self._epsilon(epsilon)
        self.amsgrad = bool(amsgrad)
        self.slot_names = ("m", "v", "v_hat") if self.amsgrad else ("m", "v")

    def update_step(self, g: np.ndarray, theta: np.ndarray, lr: np.floating, slots: dict[str, np.ndarray]) -> None:
        # exercise: adam
        t = self.iterations + 1
        beta_1, beta_2, m, v = self.beta_1, self.beta_2, slots["m"], slots["v"]
        alpha = lr * np.sqrt(1 - self._float(beta_2) ** t) / (1 - self._float(beta_1) ** t)
        m[...] = beta_1 * m + (1 - beta_1) * g
        v[...] = beta_2 * v + (1 - beta_2) * g ** 2
        if self.amsgrad:
            v_hat = slots["v_hat"]
            np.maximum(v_hat, v, out=v_hat)
            v = v_hat
        theta -= m * alpha / (np.sqrt(v) + self.epsilon)
        # end exercise


class AdamW(Adam):
    """Adam with decoupled weight decay: each step first shrinks the weights, then takes Adam's step.

        theta = theta - theta * weight_decay * lr

    Decaying the weights directly, not through the gradient, keeps Adam's scaling from weakening it.

    Args:
        weight_decay: the decay per unit of learning rate, >= 0; default 0.004 (Keras 3's).
        learning_rate, beta_1, beta_2, epsilon, amsgrad, **kwargs: as `Adam`.

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.0], dtype="float32")
    >>> AdamW(learning_rate=0.1, weight_decay=0.5).apply([g], [theta]); theta  # 1 - 1 * 0.5 * 0.1
    array([0.95], dtype=float32)

    Reference: Loshchilov and Hutter, "Decoupled Weight Decay Regularization", ICLR 2019.
    """

    def __init__(self, learning_rate: LearningRate = 0.001, weight_decay: float = 0.004, beta_1: float = 0.9,
                 beta_2: float = 0.999, epsilon: float = 1e-7, amsgrad: bool = False, **kwargs: Any) -> None:
        if weight_decay is None:
            raise ValueError("Argument `weight_decay` must be a float. Received: weight_decay=None")
        super().__init__(learning_rate, beta_1, beta_2, epsilon, amsgrad, weight_decay=weight_decay, **kwargs)


class LegacyAdam(LegacyOptimizer, Adam):
    """`tf.keras.optimizers.legacy.Adam`: `Adam`'s update and arguments, in float32, without `weight_decay`.

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> LegacyAdam(learning_rate=0.1, epsilon=0).apply([g], [theta]); theta  # epsilon=0 means 1e-7
    array([0.90000063], dtype=float32)
    """


class TorchAdam(TorchBetasOptimizer):
    """`torch.optim.Adam`: eps is added after the bias correction, so Keras's `epsilon` acts as a torch `eps` of
    `epsilon / sqrt(1 - beta_2 ** t)` (about 32 times `epsilon` at t = 1 with the default beta_2).

        m = m + (1 - beta_1) * (g - m)
        v = beta_2 * v + (1 - beta_2) * g ** 2
        if amsgrad:
            v_max = maximum(v_max, v)
            v = v_max
        denominator = sqrt(v) / sqrt(1 - beta_2 ** t) + eps     # eps AFTER the bias correction
        theta = theta - lr / (1 - beta_1 ** t) * m / denominator

    Args:
        betas, eps, amsgrad: as `Adam`'s (beta_1, beta_2), epsilon and amsgrad.
        lr, weight_decay, name: see `TorchOptimizer`.

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> TorchAdam(lr=0.1, eps=0.01).apply([g], [theta]); theta  # m = 0.05, v = 0.00025: 1 - 0.05 / (0.5 + 0.01)
    array([0.9019608], dtype=float32)
    """

    cycled_momentum = "beta_1"
    config_names = ("betas", "eps", "amsgrad")

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


class TorchAdamW(TorchAdam):
    """`torch.optim.AdamW`: `TorchAdam` with decoupled weight decay (see `AdamW`), before its update; its
    `apply_weight_decay` shrinks theta in place and returns the gradient unchanged, for `TorchAdam`'s step:

        theta = theta * (1 - lr * weight_decay)
        return g

    Args: as `TorchAdam`, but `weight_decay` defaults to 1e-2 and is decoupled.

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> TorchAdamW(lr=0.1, eps=0.01, weight_decay=0.2).apply([g], [theta]); theta  # 0.98 - 0.0980392
    array([0.8819608], dtype=float32)
    """

    def __init__(self, lr: LearningRate = 1e-3, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 1e-2, amsgrad: bool = False, **kwargs: Any) -> None:
        super().__init__(lr, betas, eps, weight_decay, amsgrad, **kwargs)

    def apply_weight_decay(self, gradient: np.ndarray, variable: np.ndarray, learning_rate: np.floating) -> np.ndarray:
        # exercise: torch_adamw
        variable *= 1 - learning_rate * self.weight_decay
        return gradient
        # end exercise
