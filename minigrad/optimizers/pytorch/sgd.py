"""torch.optim.SGD: momentum with the learning rate outside the buffer."""
from __future__ import annotations

from typing import Any

import numpy as np

from minigrad.optimizers.base import LearningRate
from minigrad.optimizers.pytorch.base import TorchOptimizer


class SGD(TorchOptimizer):
    """Gradient descent with PyTorch's form of (Nesterov) momentum and dampening.

    PyTorch's buffer `b` accumulates raw gradients and the learning rate multiplies it at the
    end, whereas Keras's velocity accumulates `lr * g`. With a constant learning rate the two
    give the same trajectory; when the learning rate changes (a schedule), Keras's velocity keeps
    the old rates while PyTorch rescales the whole buffer by the new one.

    Update rule, with `g` the gradient and `lr` the learning rate of this step:

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
        lr: float >= 0 or a schedule; default 1e-3.
        momentum: in [0, 1]; default 0.
        dampening: in [0, 1]; default 0.
        weight_decay: coupled L2 penalty >= 0 (`g = g + weight_decay * theta`); default 0.
        nesterov: Nesterov momentum (needs momentum > 0 and dampening = 0); default False.
        name: the optimizer's name.

    Keras parity: `torch.optim.SGD`. Keras 3 and legacy tf.keras keep lr inside the velocity
    (`v = momentum * v - lr * g; theta = theta + v`) and default to lr=0.01.

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> opt = SGD(lr=0.1, momentum=0.9)
    >>> opt.apply([g], [theta]); opt.apply([g], [theta]); theta  # b = 0.5, then 0.9 * 0.5 + 0.5
    array([0.855], dtype=float32)

    Reference: Sutskever et al., "On the importance of initialization and momentum in deep
    learning", ICML 2013.
    """

    cycled_momentum = "momentum"

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

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "momentum": self.momentum, "dampening": self.dampening,
                "nesterov": self.nesterov}
