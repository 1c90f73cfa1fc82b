"""torch.optim.Adadelta: Keras's formula with lr=1.0, rho=0.9 and eps=1e-6."""
from __future__ import annotations

from typing import Any

import numpy as np

from minigrad.optimizers.base import LearningRate
from minigrad.optimizers.pytorch.base import TorchOptimizer


class Adadelta(TorchOptimizer):
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
    >>> Adadelta(lr=1.0, eps=0.01).apply([g], [theta]); theta  # 1 - sqrt(0.01) / sqrt(0.035) * 0.5
    array([0.73273873], dtype=float32)

    Reference: Zeiler, "ADADELTA: An Adaptive Learning Rate Method", arXiv:1212.5701, 2012.
    """

    slot_names = ("square_avg", "acc_delta")

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

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "rho": self.rho, "eps": self.eps}
