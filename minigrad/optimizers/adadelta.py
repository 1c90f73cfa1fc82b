"""Adadelta: steps whose units match the weights, from running averages of steps and gradients.

Keras 3's `Adadelta` (`minigrad.optimizers`) first, the idea and equation stated there once; then, beside it,
tf.keras 2.x's `LegacyAdadelta` (`legacy.Adadelta`) and torch.optim's `TorchAdadelta` (`pytorch.Adadelta`),
each saying where it differs.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from minigrad.optimizers.base import LearningRate, Optimizer
from minigrad.optimizers.conventions import LegacyOptimizer, TorchOptimizer


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
    """tf.keras 2.x's legacy Adadelta: the same update as `minigrad.optimizers.Adadelta`, in float32.

    Update rule: the Keras 3 class's (its docstring states it), with
    `lr = learning_rate / (1 + decay * iterations)`.

    Args: as `minigrad.optimizers.Adadelta` (learning_rate=0.001, rho=0.95, epsilon=1e-7,
    decay=0.0), without `weight_decay`.

    Keras parity: `tf.keras.optimizers.legacy.Adadelta` (ResourceApplyAdadelta), number for number.

    Example:
    >>> import numpy as np
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> LegacyAdadelta(learning_rate=1.0, rho=0.9, epsilon=0.01).apply([g], [theta]); theta
    array([0.7327388], dtype=float32)

    Reference: Zeiler, "ADADELTA: An Adaptive Learning Rate Method", arXiv:1212.5701, 2012.
    """


class TorchAdadelta(TorchOptimizer):
    """Adadelta with PyTorch's defaults (see `minigrad.optimizers.Adadelta` for the idea).

    Update rule, with `g` the gradient and `lr` the learning rate of this step:

        square_avg = rho * square_avg + (1 - rho) * g ** 2
        delta = sqrt(acc_delta + eps) / sqrt(square_avg + eps) * g
        acc_delta = rho * acc_delta + (1 - rho) * delta ** 2
        theta = theta - lr * delta

    Args:
        lr: float >= 0 or a schedule; default 1.0 (the paper's: no learning rate).
        rho: decay of the running averages, in [0, 1); default 0.9.
        eps: small constant > 0 inside both roots; default 1e-6.
        weight_decay: coupled L2 penalty >= 0; default 0.
        name: the optimizer's name.

    Keras parity: `torch.optim.Adadelta`; Keras (3 and legacy) has the same formula with
    lr=0.001, rho=0.95 and epsilon=1e-7.

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> TorchAdadelta(lr=1.0, eps=0.01).apply([g], [theta]); theta  # 1 - sqrt(0.01) / sqrt(0.035) * 0.5
    array([0.73273873], dtype=float32)

    Reference: Zeiler, "ADADELTA: An Adaptive Learning Rate Method", arXiv:1212.5701, 2012.
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
