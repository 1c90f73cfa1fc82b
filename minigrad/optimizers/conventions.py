"""The machinery of tf.keras 2.x's (`LegacyOptimizer`) and torch.optim's (`TorchOptimizer`) conventions.

Each algorithm's file defines its legacy and PyTorch classes on them, beside the Keras 3 one. The hooks differ:

| hook                 | Keras 3 (`Optimizer`)                | legacy (`LegacyOptimizer`) | torch (`TorchOptimizer`)  |
|----------------------|--------------------------------------|----------------------------|---------------------------|
| `_hyper`             | Python float: `1 - b` in double      | float32: f32(1) - f32(b)   | Python float              |
| `_epsilon`           | must be > 0                          | 0 or None becomes 1e-7     | must be > 0               |
| clipping             | at most one of the three             | clipvalue + one norm clip  | none (clips outside)      |
| `apply_weight_decay` | decoupled `theta -= theta * wd * lr` | none                       | coupled `g += wd * theta` |
"""
from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from minigrad._validation import check_real
from minigrad.optimizers.base import LearningRate, Optimizer


class LegacyOptimizer(Optimizer):
    """Base class of `minigrad.optimizers.legacy` (see the table above); its default `name` is tf.keras's, `"Adam"`."""

    clipvalue_with_a_norm_clip = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if "weight_decay" in kwargs:
            raise ValueError(f"Argument(s) not recognized: {{'weight_decay': {kwargs['weight_decay']!r}}}. "
                             "Legacy tf.keras optimizers have no weight decay: use minigrad.optimizers (Keras 3).")
        if "lr" in kwargs:
            warnings.warn("The `lr` argument is deprecated, use `learning_rate` instead.", UserWarning, stacklevel=3)
            kwargs["learning_rate"] = kwargs.pop("lr")
        kwargs["name"] = kwargs.get("name") or type(self).__name__.removeprefix("Legacy")
        super().__init__(*args, **kwargs)

    def _hyper(self, name: str, value: Any, **bounds: Any) -> Any:
        return self._float(super()._hyper(name, value, **bounds))

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        del config["weight_decay"]
        return config

    def _epsilon(self, value: Any) -> Any:
        return super()._epsilon(1e-7 if value is None or value == 0 else value)


class TorchOptimizer(Optimizer):
    """Base class of `minigrad.optimizers.pytorch` (see the table above): no `decay=`, no clipping arguments.

    Args:
        lr: a number >= 0, or a schedule standing for a torch `lr_scheduler` stepped after every batch.
        weight_decay: coupled L2 penalty >= 0, `g = g + weight_decay * theta`; default 0.
        name: the optimizer's name.
    """

    weight_decay: float  # never None here: torch's default is 0

    def __init__(self, lr: LearningRate, *, weight_decay: float = 0.0, name: str | None = None, **kwargs: Any) -> None:
        self._reject_unknown(kwargs, TorchOptimizer)
        if not callable(lr):
            check_real("lr", lr, low=0)
        super().__init__(lr, name=name or type(self).__name__.removeprefix("Torch").lower())
        self.weight_decay = self._hyper("weight_decay", weight_decay, low=0)

    def apply_weight_decay(self, gradient: np.ndarray, variable: np.ndarray, learning_rate: np.floating) -> np.ndarray:
        return gradient + self.weight_decay * variable

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        return {"name": config["name"], "lr": config["learning_rate"], "weight_decay": self.weight_decay,
                **{name: config[name] for name in self.config_names}}


class TorchBetasOptimizer(TorchOptimizer):
    """Base class of the torch optimizers that take `betas=(beta_1, beta_2)`: Adam, AdamW, Adamax and NAdam."""

    beta_1: float
    beta_2: float

    def _betas(self, betas: Any) -> tuple[float, float]:
        """torch's `betas=(beta_1, beta_2)`, each in [0, 1)."""
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise ValueError(f"`betas` must be a pair (beta_1, beta_2). Received: betas={betas!r}")
        return (self._hyper("betas[0]", betas[0], low=0, high=1, high_open=True),
                self._hyper("betas[1]", betas[1], low=0, high=1, high_open=True))

    @property
    def betas(self) -> tuple[float, float]:
        return self.beta_1, self.beta_2
