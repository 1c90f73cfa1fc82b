"""Adagrad: each weight's step shrinks with the sum of its past squared gradients (Keras 3, tf.keras 2.x, torch)."""
from __future__ import annotations

from typing import Any

import numpy as np

from minigrad.optimizers.base import LearningRate, Optimizer
from minigrad.optimizers.conventions import LegacyOptimizer, TorchOptimizer


class Adagrad(Optimizer):
    """Divides each weight's step by the root of the sum of its squared gradients so far.

    The sum only grows, so the effective learning rate only falls: no decay schedule is needed, but long runs
    can stall:

        accumulator = accumulator + g ** 2             # starts at initial_accumulator_value
        theta = theta - lr * g / sqrt(accumulator + epsilon)    # epsilon INSIDE the root

    Args:
        initial_accumulator_value: starting value of the accumulator, >= 0; default 0.1.
        epsilon: small constant > 0 inside the root; default 1e-7.
        learning_rate, **kwargs: see `Optimizer`.

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> Adagrad(learning_rate=0.1).apply([g], [theta]); theta  # 1 - 0.1 * 0.5 / sqrt(0.1 + 0.25 + 1e-7)
    array([0.9154846], dtype=float32)

    Reference: Duchi, Hazan and Singer, "Adaptive Subgradient Methods for Online Learning and
    Stochastic Optimization", JMLR 2011.
    """

    slot_names = ("accumulator",)
    config_names = ("initial_accumulator_value", "epsilon")

    def __init__(self, learning_rate: LearningRate = 0.001, initial_accumulator_value: float = 0.1,
                 epsilon: float = 1e-7, **kwargs: Any) -> None:
        super().__init__(learning_rate, **kwargs)
        self.initial_accumulator_value = self._hyper("initial_accumulator_value", initial_accumulator_value, low=0)
        self.epsilon = self._epsilon(epsilon)

    def initial_slot(self, name: str, variable: np.ndarray) -> np.ndarray:
        return np.full_like(variable, self.initial_accumulator_value)

    def update_step(self, g: np.ndarray, theta: np.ndarray, lr: np.floating, slots: dict[str, np.ndarray]) -> None:
        # exercise: adagrad
        accumulator = slots["accumulator"]
        accumulator += g ** 2
        theta -= lr * g / np.sqrt(accumulator + self.epsilon)
        # end exercise


class LegacyAdagrad(LegacyOptimizer, Adagrad):
    """`tf.keras.optimizers.legacy.Adagrad`: `Adagrad`'s arguments, epsilon after the root (ResourceApplyAdagradV2).

        accumulator = accumulator + g ** 2             # starts at initial_accumulator_value
        theta = theta - lr * g / (sqrt(accumulator) + epsilon)      # epsilon OUTSIDE the root

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> LegacyAdagrad(learning_rate=0.1, epsilon=0.01).apply([g], [theta]); theta  # 1 - 0.05 / (sqrt(0.35) + 0.01)
    array([0.9168894], dtype=float32)
    """

    def update_step(self, g: np.ndarray, theta: np.ndarray, lr: np.floating, slots: dict[str, np.ndarray]) -> None:
        # exercise: legacy_adagrad
        accumulator = slots["accumulator"]
        accumulator += g ** 2
        theta -= lr * g / (np.sqrt(accumulator) + self.epsilon)
        # end exercise


class TorchAdagrad(TorchOptimizer):
    """`torch.optim.Adagrad`: the accumulator starts at 0, eps after the root, and its own `lr_decay`.

        clr = lr / (1 + (t - 1) * lr_decay)
        s = s + g ** 2                                  # starts at initial_accumulator_value
        theta = theta - clr * g / (sqrt(s) + eps)       # eps OUTSIDE the root

    Args:
        lr_decay: time-based decay of the learning rate, >= 0 (like Keras's `decay=`); default 0.
        initial_accumulator_value: starting value of `s`, >= 0; default 0.
        eps: small constant > 0 added after the root; default 1e-10.
        lr, weight_decay, name: see `TorchOptimizer`.

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> TorchAdagrad(lr=0.1).apply([g], [theta]); theta  # s = 0.25: the first step is lr * sign(g)
    array([0.9], dtype=float32)
    """

    slot_names = ("sum",)
    config_names = ("lr_decay", "initial_accumulator_value", "eps")

    def __init__(self, lr: LearningRate = 1e-2, lr_decay: float = 0.0, weight_decay: float = 0.0,
                 initial_accumulator_value: float = 0.0, eps: float = 1e-10, **kwargs: Any) -> None:
        super().__init__(lr, weight_decay=weight_decay, **kwargs)
        self.lr_decay = self._hyper("lr_decay", lr_decay, low=0)
        self.initial_accumulator_value = self._hyper("initial_accumulator_value", initial_accumulator_value, low=0)
        self.eps = self._hyper("eps", eps, low=0, low_open=True)

    def initial_slot(self, name: str, variable: np.ndarray) -> np.ndarray:
        return np.full_like(variable, self.initial_accumulator_value)

    def update_step(self, g: np.ndarray, theta: np.ndarray, lr: np.floating, slots: dict[str, np.ndarray]) -> None:
        # exercise: torch_adagrad
        t, s = self.iterations + 1, slots["sum"]
        clr = lr / (1 + (t - 1) * self.lr_decay)
        s += g ** 2
        theta -= clr * g / (np.sqrt(s) + self.eps)
        # end exercise
