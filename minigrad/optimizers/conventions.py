"""The machinery of the two other conventions, where it differs from Keras 3's `Optimizer`.

`LegacyOptimizer` is tf.keras 2.x's (`OptimizerV2`, the article's era), `TorchOptimizer` torch.optim's. Each
algorithm's file (`sgd.py`, `adam.py`, ...) defines its legacy and PyTorch classes on them, beside the Keras 3 one.
"""
from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from minigrad._validation import check_real
from minigrad.optimizers.base import LearningRate, Optimizer


class LegacyOptimizer(Optimizer):
    """Base class of `minigrad.optimizers.legacy`: tf.keras 2.x's rules for the shared machinery.

    - Hyper-parameters are float32, as in TensorFlow's fused kernels: `1 - beta` is
      `f32(1) - f32(beta)` (Keras 3 computes it in double and then rounds).
    - `epsilon=0` or `epsilon=None` becomes 1e-7 (`epsilon or backend.epsilon()`).
    - `clipvalue` can be combined with one of `clipnorm` and `global_clipnorm`.
    - No `weight_decay` argument (tf.keras 2 used kernel regularizers for that).
    - `lr=` is accepted for `learning_rate`, with a deprecation warning.
    - The default `name` is the class's tf.keras name, `"Adam"` (Keras 3's is `"adam"`).
    """

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
        """A checked hyper-parameter, stored as float32 so that `1 - b` is `f32(1) - f32(b)`."""
        return self._float(super()._hyper(name, value, **bounds))

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        del config["weight_decay"]
        return config

    def _epsilon(self, value: Any) -> Any:
        """tf.keras's `epsilon or 1e-7`: 0 and None become 1e-7."""
        return super()._epsilon(1e-7 if value is None or value == 0 else value)


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
        super().__init__(lr, name=name or type(self).__name__.removeprefix("Torch").lower())
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

    @property
    def betas(self) -> tuple[float, float]:
        return self.beta_1, self.beta_2

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        return {"name": config["name"], "lr": config["learning_rate"], "weight_decay": self.weight_decay,
                **{name: config[name] for name in self.config_names}}
