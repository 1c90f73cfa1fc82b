"""Stochastic gradient descent, with optional (Nesterov) momentum: Keras 3's, tf.keras 2.x's and torch.optim's."""
from __future__ import annotations

from typing import Any

import numpy as np

from minigrad.optimizers.base import LearningRate, Optimizer
from minigrad.optimizers.conventions import LegacyOptimizer, TorchOptimizer


class SGD(Optimizer):
    """Gradient descent: step against the gradient; momentum's velocity `v` lets consistent gradients add up.

    Without momentum (`momentum=0`):

        theta = theta - lr * g

    With momentum:

        v = momentum * v - lr * g                 # the learning rate sits inside v
        if nesterov:
            theta = theta + (momentum * v - lr * g)   # looks ahead along the new v, in one sum
        else:
            theta = theta + v

    Args:
        momentum: in [0, 1]; default 0.0.
        nesterov: use Nesterov momentum; default False.
        learning_rate, **kwargs: see `Optimizer`.

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> SGD(learning_rate=0.1).apply([g], [theta]); theta  # 1 - 0.1 * 0.5
    array([0.95], dtype=float32)

    Reference: Robbins and Monro, 1951; Polyak, 1964 (momentum); Sutskever et al., "On the importance of
    initialization and momentum in deep learning", ICML 2013 (Nesterov momentum).
    """

    cycled_momentum = "momentum"
    config_names = ("momentum", "nesterov")

    def __init__(self, learning_rate: LearningRate = 0.01, momentum: float = 0.0,
                 nesterov: bool = False, **kwargs: Any) -> None:
        super().__init__(learning_rate, **kwargs)
        self.momentum = self._hyper("momentum", momentum, low=0, high=1)
        self.nesterov = bool(nesterov)
        self.slot_names = ("momentum",) if self.momentum else ()

    def update_step(self, gradient: np.ndarray, theta: np.ndarray, lr: np.floating,
                    slots: dict[str, np.ndarray]) -> None:
        if not self.momentum:
            # exercise: sgd
            theta -= lr * gradient
            # end exercise
            return
        # exercise: sgd_momentum
        v = slots["momentum"]
        v *= self.momentum
        v -= lr * gradient
        if self.nesterov:
            theta += self.momentum * v - lr * gradient
        else:
            theta += v
        # end exercise


class LegacySGD(LegacyOptimizer, SGD):
    """`tf.keras.optimizers.legacy.SGD`: `SGD`'s update and arguments, in float32, without `weight_decay`.

    Example (the article's E4):
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> opt = LegacySGD(0.01, decay=0.01)
    >>> opt.apply([g], [theta]); opt.apply([g], [theta]); theta  # 1 - 0.01 * 0.5 - 0.01 / 1.01 * 0.5
    array([0.9900495], dtype=float32)
    """


class TorchSGD(TorchOptimizer):
    """`torch.optim.SGD`: its buffer `b` holds raw gradients and lr multiplies it at the end (Keras's `v` holds
    `lr * g`): the same trajectory while lr is constant, different once a schedule changes it.

        if momentum == 0:
            theta = theta - lr * g
        else:
            if first step:
                b = g                                   # no dampening on the first step
            else:
                b = momentum * b + (1 - dampening) * g
            if nesterov:
                theta = theta - lr * (g + momentum * b)
            else:
                theta = theta - lr * b

    Args:
        momentum: in [0, 1]; default 0.
        dampening: in [0, 1]; default 0.
        nesterov: Nesterov momentum (needs momentum > 0 and dampening = 0); default False.
        lr, weight_decay, name: see `TorchOptimizer`.

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> opt = TorchSGD(lr=0.1, momentum=0.9)
    >>> opt.apply([g], [theta]); opt.apply([g], [theta]); theta  # b = 0.5, then 0.9 * 0.5 + 0.5
    array([0.855], dtype=float32)
    """

    cycled_momentum = "momentum"
    config_names = ("momentum", "dampening", "nesterov")

    def __init__(self, lr: LearningRate = 1e-3, momentum: float = 0.0, dampening: float = 0.0,
                 weight_decay: float = 0.0, nesterov: bool = False, **kwargs: Any) -> None:
        super().__init__(lr, weight_decay=weight_decay, **kwargs)
        self.momentum = self._hyper("momentum", momentum, low=0, high=1)
        self.dampening = self._hyper("dampening", dampening, low=0, high=1)
        self.nesterov = bool(nesterov)
        if self.nesterov and (self.momentum == 0 or self.dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening. "
                             f"Received: momentum={momentum}, dampening={dampening}")
        self.slot_names = ("momentum_buffer",) if self.momentum else ()

    def update_step(self, g: np.ndarray, theta: np.ndarray, lr: np.floating, slots: dict[str, np.ndarray]) -> None:
        # exercise: torch_sgd
        if not self.momentum:
            theta -= lr * g
            return
        b = slots["momentum_buffer"]
        if self.iterations == 0:
            b[...] = g
        else:
            b[...] = self.momentum * b + (1 - self.dampening) * g
        if self.nesterov:
            theta -= lr * (g + self.momentum * b)
        else:
            theta -= lr * b
        # end exercise
