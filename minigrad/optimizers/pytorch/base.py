"""The machinery of `torch.optim` where it differs from Keras: argument names, weight decay, no clipping."""
from __future__ import annotations

from typing import Any

import numpy as np

from minigrad._validation import check_real
from minigrad.optimizers.base import LearningRate, Optimizer


class TorchOptimizer(Optimizer):
    """Base class of `minigrad.optimizers.pytorch`: torch.optim's conventions on minigrad's machinery.

    - The learning rate is `lr`: a number, or a minigrad schedule standing for a torch
      `lr_scheduler` stepped after every batch (`schedule(k)` is the lr of update k).
    - `weight_decay` is coupled L2 regularization, added to the gradient before the update:
      `g = g + weight_decay * theta` (Keras 3 and AdamW decay the weights directly instead).
    - No `decay=` and no clipping arguments (torch clips with `clip_grad_norm_`, outside the
      optimizer).
    - The step count `t = iterations + 1` starts at 1, as torch's `state["step"]` after its increment.
    """

    def __init__(self, lr: LearningRate, *, weight_decay: float = 0.0, name: str | None = None,
                 **kwargs: Any) -> None:
        self._reject_unknown(kwargs, TorchOptimizer)
        if not callable(lr):
            check_real("lr", lr, low=0)
        super().__init__(lr, name=name)
        self.weight_decay = self._hyper("weight_decay", weight_decay, low=0)

    def apply_weight_decay(self, gradient: np.ndarray, variable: np.ndarray,
                           learning_rate: np.floating) -> np.ndarray:
        """torch.optim's coupled L2 penalty: returns `g + weight_decay * theta`."""
        return gradient + self.weight_decay * variable

    def _betas(self, betas: Any) -> tuple[float, float]:
        """torch's `betas=(beta_1, beta_2)`, each in [0, 1)."""
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise ValueError(f"`betas` must be a pair (beta_1, beta_2). Received: betas={betas!r}")
        return (self._hyper("betas[0]", betas[0], low=0, high=1, high_open=True),
                self._hyper("betas[1]", betas[1], low=0, high=1, high_open=True))

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        return {"name": config["name"], "lr": config["learning_rate"], "weight_decay": self.weight_decay}
