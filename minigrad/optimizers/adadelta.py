"""Adadelta: steps whose units match the weights' (Keras 3, tf.keras 2.x and torch.optim: one formula)."""
from __future__ import annotations

from typing import Any

import numpy as np

from minigrad.optimizers.base import LearningRate, Optimizer
from minigrad.optimizers.conventions import LegacyOptimizer, TorchOptimizer


class Adadelta(Optimizer):
    """Scales the gradient by the ratio of the recent step size to the recent gradient size.

    Like RMSprop it divides by a running root-mean-square of the gradient, and it multiplies by that of its own
    past steps. The paper needs no learning rate (lr = 1); Keras keeps one:

        accumulated_grad = rho * accumulated_grad + (1 - rho) * g ** 2
        delta = sqrt(accumulated_delta + epsilon) / sqrt(accumulated_grad + epsilon) * g
        accumulated_delta = rho * accumulated_delta + (1 - rho) * delta ** 2    # without lr
        theta = theta - lr * delta

    Args:
        rho: decay of the running averages, in [0, 1); default 0.95.
        epsilon: small constant > 0 inside both roots; default 1e-7.
        learning_rate, **kwargs: see `Optimizer`.

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> Adadelta(learning_rate=1.0, rho=0.9, epsilon=0.01).apply([g], [theta]); theta  # 1 - sqrt(0.01 / 0.035) * 0.5
    array([0.73273873], dtype=float32)

    Reference: Zeiler, "ADADELTA: An Adaptive Learning Rate Method", arXiv:1212.5701, 2012.
    """

    slot_names = ("accumulated_grad", "accumulated_delta")
    config_names = ("rho", "epsilon")

    def __init__(self, learning_rate: LearningRate = 0.001, rho: float = 0.95, epsilon: float = 1e-7,
                 **kwargs: Any) -> None:
        super().__init__(learning_rate, **kwargs)
        self.rho = self._hyper("rho", rho, low=0, high=1, high_open=True)
        self.epsilon = self._epsilon(epsilon)

    def update_step(self, g: np.ndarray, theta: np.ndarray, lr: np.floating, slots: dict[str, np.ndarray]) -> None:
        # exercise: adadelta
        rho, accumulated_grad, accumulated_delta = self.rho, slots["accumulated_grad"], slots["accumulated_delta"]
        accumulated_grad[...] = rho * accumulated_grad + (1 - rho) * g ** 2
        delta = np.sqrt(accumulated_delta + self.epsilon) / np.sqrt(accumulated_grad + self.epsilon) * g
        accumulated_delta[...] = rho * accumulated_delta + (1 - rho) * delta ** 2
        theta -= lr * delta
        # end exercise


class LegacyAdadelta(LegacyOptimizer, Adadelta):
    """`tf.keras.optimizers.legacy.Adadelta`: `Adadelta`'s update and arguments, in float32, without `weight_decay`.

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> LegacyAdadelta(learning_rate=1.0, rho=0.9, epsilon=0.01).apply([g], [theta]); theta
    array([0.7327388], dtype=float32)
    """


class TorchAdadelta(TorchOptimizer):
    """`torch.optim.Adadelta`: `Adadelta` with torch's names and defaults.

        square_avg = rho * square_avg + (1 - rho) * g ** 2
        delta = sqrt(acc_delta + eps) / sqrt(square_avg + eps) * g
        acc_delta = rho * acc_delta + (1 - rho) * delta ** 2
        theta = theta - lr * delta

    Args:
        rho, eps: as `Adadelta`'s rho and epsilon.
        lr, weight_decay, name: see `TorchOptimizer`.

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> TorchAdadelta(lr=1.0, eps=0.01).apply([g], [theta]); theta  # 1 - sqrt(0.01) / sqrt(0.035) * 0.5
    array([0.73273873], dtype=float32)
    """

    slot_names = ("square_avg", "acc_delta")
    config_names = ("rho", "eps")

    def __init__(self, lr: LearningRate = 1.0, rho: float = 0.9, eps: float = 1e-6, weight_decay: float = 0.0,
                 **kwargs: Any) -> None:
        super().__init__(lr, weight_decay=weight_decay, **kwargs)
        self.rho = self._hyper("rho", rho, low=0, high=1, high_open=True)
        self.eps = self._hyper("eps", eps, low=0, low_open=True)

    def update_step(self, g: np.ndarray, theta: np.ndarray, lr: np.floating, slots: dict[str, np.ndarray]) -> None:
        # exercise: torch_adadelta
        rho, square_avg, acc_delta = self.rho, slots["square_avg"], slots["acc_delta"]
        square_avg[...] = rho * square_avg + (1 - rho) * g ** 2
        delta = np.sqrt(acc_delta + self.eps) / np.sqrt(square_avg + self.eps) * g
        acc_delta[...] = rho * acc_delta + (1 - rho) * delta ** 2
        theta -= lr * delta
        # end exercise
