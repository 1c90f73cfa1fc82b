"""The machinery of tf.keras 2.x's legacy optimizers (`OptimizerV2`), where it differs from Keras 3.

Everything else (the learning rate and `decay=`, `iterations`, slots, state) is `Optimizer`'s.
"""
from __future__ import annotations

import warnings
from typing import Any

from minigrad.optimizers.base import Optimizer


class LegacyOptimizer(Optimizer):
    """Base class of `minigrad.optimizers.legacy`: tf.keras 2.x's rules for the shared machinery.

    - Hyper-parameters are float32, as in TensorFlow's fused kernels: `1 - beta` is
      `f32(1) - f32(beta)` (Keras 3 computes it in double and then rounds).
    - `epsilon=0` or `epsilon=None` becomes 1e-7 (`epsilon or backend.epsilon()`).
    - `clipvalue` can be combined with one of `clipnorm` and `global_clipnorm`.
    - No `weight_decay` argument (tf.keras 2 used kernel regularizers for that).
    - `lr=` is accepted for `learning_rate`, with a deprecation warning.
    """

    clipvalue_with_a_norm_clip = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if "weight_decay" in kwargs:
            raise ValueError(f"Argument(s) not recognized: {{'weight_decay': {kwargs['weight_decay']!r}}}. "
                             "Legacy tf.keras optimizers have no weight decay: use minigrad.optimizers (Keras 3).")
        if "lr" in kwargs:
            warnings.warn("The `lr` argument is deprecated, use `learning_rate` instead.", UserWarning, stacklevel=3)
            kwargs["learning_rate"] = kwargs.pop("lr")
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
