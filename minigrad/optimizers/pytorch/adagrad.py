"""torch.optim.Adagrad: accumulator from 0, eps outside the root, and its own `lr_decay`."""
from __future__ import annotations

from typing import Any

import numpy as np

from minigrad.optimizers.base import LearningRate
from minigrad.optimizers.pytorch.base import TorchOptimizer


class Adagrad(TorchOptimizer):
    """Adagrad with PyTorch's conventions (see `minigrad.optimizers.Adagrad` for the idea).

    Update rule, with `g` the gradient, `lr` the learning rate of this step and `t = iterations + 1`:

        clr = lr / (1 + (t - 1) * lr_decay)
        s = s + g ** 2                                  # starts at initial_accumulator_value
        theta = theta - clr * g / (sqrt(s) + eps)       # eps OUTSIDE the root

    Args:
        lr: float >= 0 or a schedule; default 1e-2.
        lr_decay: time-based decay of the learning rate, >= 0 (like Keras's `decay=`); default 0.
        weight_decay: coupled L2 penalty >= 0; default 0.
        initial_accumulator_value: starting value of `s`, >= 0; default 0.
        eps: small constant > 0 added after the root; default 1e-10.
        name: the optimizer's name.

    Keras parity: `torch.optim.Adagrad`. Keras starts the accumulator at 0.1 (so the first
    steps are smaller) with epsilon=1e-7 and lr=1e-3; Keras 3 puts epsilon inside the root.

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> Adagrad(lr=0.1).apply([g], [theta]); theta  # s = 0.25: the first step is lr * sign(g)
    array([0.9], dtype=float32)

    Reference: Duchi, Hazan and Singer, "Adaptive Subgradient Methods for Online Learning and
    Stochastic Optimization", JMLR 2011.
    """

    slot_names = ("sum",)

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

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "lr_decay": self.lr_decay,
                "initial_accumulator_value": self.initial_accumulator_value, "eps": self.eps}
