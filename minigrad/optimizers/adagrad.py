"""Adagrad: each weight's step shrinks with the sum of all its past squared gradients."""
from __future__ import annotations

from typing import Any

import numpy as np

from minigrad.optimizers.base import LearningRate, Optimizer


class Adagrad(Optimizer):
    """Divides each weight's step by the root of the sum of its squared gradients so far.

    Weights that have seen large or frequent gradients slow down; rarely updated weights keep
    large steps. The sum only grows, so the effective learning rate only falls: Adagrad needs no
    decay schedule, but can stall on long runs.

    Update rule (Keras 3), with `g` the gradient and `lr` the learning rate of this step:

        accumulator = accumulator + g ** 2             # starts at initial_accumulator_value
        theta = theta - lr * g / sqrt(accumulator + epsilon)    # epsilon INSIDE the root

    Args:
        learning_rate: float >= 0, a schedule or a callable; default 0.001.
        initial_accumulator_value: starting value of the accumulator, >= 0; default 0.1.
        epsilon: small constant > 0 inside the root; default 1e-7.
        **kwargs: `decay`, `clipnorm`, `clipvalue`, `global_clipnorm`, `weight_decay`, `name`.

    Keras parity: Keras 3's formula and defaults. Legacy tf.keras computes
    `lr * g / (sqrt(accumulator) + epsilon)` (epsilon outside). PyTorch's `Adagrad` starts the
    accumulator at 0, uses `eps=1e-10` outside the root, lr=1e-2, and has its own `lr_decay`.

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> Adagrad(learning_rate=0.1).apply([g], [theta])  # accumulator = 0.1 + 0.25
    >>> theta, 1 - 0.1 * 0.5 / (0.35 + 1e-7) ** 0.5
    (array([0.9154846], dtype=float32), 0.9154845866007779)

    Reference: Duchi, Hazan and Singer, "Adaptive Subgradient Methods for Online Learning and
    Stochastic Optimization", JMLR 2011.
    """

    slot_names = ("accumulator",)

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

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "initial_accumulator_value": self.initial_accumulator_value,
                "epsilon": self.epsilon}
