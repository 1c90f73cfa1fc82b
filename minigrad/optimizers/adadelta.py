"""Adadelta: steps whose units match the weights, from running averages of steps and gradients."""
from __future__ import annotations

from typing import Any

import numpy as np

from minigrad.optimizers.base import LearningRate, Optimizer


class Adadelta(Optimizer):
    """Scales the gradient by the ratio of the recent step size to the recent gradient size.

    Like RMSprop it divides by a running root-mean-square of the gradient, but it multiplies by
    the running root-mean-square of its own past steps, so the step has the units of the weight.
    The paper needs no learning rate (lr = 1); Keras keeps one, with a default of 0.001.

    Update rule (Keras 3), with `g` the gradient and `lr` the learning rate of this step:

        accumulated_grad = rho * accumulated_grad + (1 - rho) * g ** 2
        delta = sqrt(accumulated_delta + epsilon) / sqrt(accumulated_grad + epsilon) * g
        accumulated_delta = rho * accumulated_delta + (1 - rho) * delta ** 2    # without lr
        theta = theta - lr * delta

    Args:
        learning_rate: float >= 0, a schedule or a callable; default 0.001.
        rho: decay of the running averages, in [0, 1); default 0.95.
        epsilon: small constant > 0 inside both roots; default 1e-7.
        **kwargs: `decay`, `clipnorm`, `clipvalue`, `global_clipnorm`, `weight_decay`, `name`.

    Keras parity: Keras 3, legacy tf.keras and PyTorch share this formula. PyTorch's defaults are
    lr=1.0, rho=0.9 and eps=1e-6.

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> Adadelta(learning_rate=1.0, rho=0.9, epsilon=0.01).apply([g], [theta])
    >>> theta, 1 - 1.0 * (0.01 ** 0.5 / (0.1 * 0.25 + 0.01) ** 0.5 * 0.5)
    (array([0.73273873], dtype=float32), 0.7327387580875756)

    Reference: Zeiler, "ADADELTA: An Adaptive Learning Rate Method", arXiv:1212.5701, 2012.
    """

    slot_names = ("accumulated_grad", "accumulated_delta")

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

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "rho": self.rho, "epsilon": self.epsilon}
