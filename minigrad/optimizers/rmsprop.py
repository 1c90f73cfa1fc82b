"""RMSprop: divide each step by a running root-mean-square of recent gradients (Keras 3, tf.keras 2.x, torch)."""
from __future__ import annotations

from typing import Any

import numpy as np

from minigrad.optimizers.base import LearningRate, Optimizer
from minigrad.optimizers.conventions import LegacyOptimizer, TorchOptimizer


class RMSprop(Optimizer):
    """Scales each weight's step by the inverse root of its recent squared gradients, so all move at a similar pace.

    `rho` sets how far back "recent" reaches (about `1 / (1 - rho)` updates); `centered=True` divides by the
    running variance instead of the second moment. Update rule:

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
        rho: discount of the running average, in [0, 1); default 0.9.
        momentum: in [0, 1]; default 0.0.
        epsilon: small constant > 0 inside the root; default 1e-7.
        centered: normalize by the variance of the gradient; default False.
        learning_rate, **kwargs: see `Optimizer`.

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([2.0], dtype="float32")
    >>> RMSprop(learning_rate=0.1).apply([g], [theta]); theta  # v = 0.1 * 4: 1 - 0.1 * 2 / sqrt(0.4 + 1e-7)
    array([0.68377227], dtype=float32)

    Reference: Hinton, Lecture 6e of "Neural Networks for Machine Learning", 2012.
    """

    cycled_momentum = "momentum"
    config_names = ("rho", "momentum", "epsilon", "centered")

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


class LegacyRMSprop(LegacyOptimizer, RMSprop):
    """`tf.keras.optimizers.legacy.RMSprop`: `RMSprop`'s arguments, but a Python update, epsilon after the root,
    when `momentum == 0` and TensorFlow's fused kernel (ResourceApplyRMSProp), epsilon inside, when `momentum > 0`:

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

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> LegacyRMSprop(learning_rate=0.1, epsilon=0.01).apply([g], [theta]); theta  # 1 - 0.05 / (sqrt(0.025) + 0.01)
    array([0.7025826], dtype=float32)
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


class TorchRMSprop(TorchOptimizer):
    """`torch.optim.RMSprop`: eps outside the root, lr outside the momentum buffer.

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
        alpha, eps, momentum, centered: as `RMSprop`'s rho, epsilon, momentum and centered.
        lr, weight_decay, name: see `TorchOptimizer`.

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> TorchRMSprop(lr=0.1, eps=0.01).apply([g], [theta]); theta  # v = 0.01 * 0.25: 1 - 0.05 / (0.05 + 0.01)
    array([0.16666669], dtype=float32)

    Reference: Graves, "Generating Sequences With Recurrent Neural Networks", 2013 (centered).
    """

    cycled_momentum = "momentum"
    config_names = ("alpha", "eps", "momentum", "centered")

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
