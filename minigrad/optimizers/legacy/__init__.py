"""tf.keras 2.x's legacy optimizers (`tf.keras.optimizers.legacy`), the article's era, number for number.

They take `decay=` (`lr / (1 + decay * iterations)`, per batch) and differ from Keras 3
(`minigrad.optimizers`) in a few places:

- RMSprop: epsilon outside the root without momentum, inside with it (Keras 3: always inside).
- Adagrad: `sqrt(accumulator) + epsilon` (Keras 3: `sqrt(accumulator + epsilon)`).
- Nadam: momentum schedule `0.96 ** (0.004 * t)` (Keras 3: `0.96 ** t`); ignores `decay=`.
- All: float32 hyper-parameters, `epsilon=0` means 1e-7, clipvalue combinable with a norm clip
  (see `LegacyOptimizer`). SGD, Adam, Adamax and Adadelta otherwise compute as in Keras 3.
"""
from __future__ import annotations

from minigrad.optimizers.legacy.adagrad import Adagrad
from minigrad.optimizers.legacy.base import LegacyOptimizer
from minigrad.optimizers.legacy.nadam import Nadam
from minigrad.optimizers.legacy.rmsprop import RMSprop
from minigrad.optimizers.legacy.unchanged import SGD, Adadelta, Adam, Adamax

__all__ = ["Adadelta", "Adagrad", "Adam", "Adamax", "LegacyOptimizer", "Nadam", "RMSprop", "SGD"]


def __getattr__(name: str) -> None:
    if name == "AdamW":
        raise AttributeError("tf.keras 2's legacy optimizers have no AdamW (tf.keras.optimizers.legacy has none): "
                             "use minigrad.optimizers.AdamW (Keras 3) or minigrad.optimizers.pytorch.AdamW.")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
