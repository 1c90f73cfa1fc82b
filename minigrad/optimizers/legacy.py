"""tf.keras 2.x's legacy optimizers (`tf.keras.optimizers.legacy`), the article's era, number for number.

They take `decay=` (`lr / (1 + decay * iterations)`, per batch) and differ from Keras 3
(`minigrad.optimizers`) in a few places, each told in its algorithm's file beside the Keras 3 class:

- RMSprop: epsilon outside the root without momentum, inside with it (Keras 3: always inside).
- Adagrad: `sqrt(accumulator) + epsilon` (Keras 3: `sqrt(accumulator + epsilon)`).
- Nadam: momentum schedule `0.96 ** (0.004 * t)` (Keras 3: `0.96 ** t`); ignores `decay=`.
- All: float32 hyper-parameters, `epsilon=0` means 1e-7, clipvalue combinable with a norm clip
  (see `LegacyOptimizer`). SGD, Adam, Adamax and Adadelta otherwise compute as in Keras 3.
"""
from __future__ import annotations

from minigrad.optimizers.adadelta import LegacyAdadelta as Adadelta
from minigrad.optimizers.adagrad import LegacyAdagrad as Adagrad
from minigrad.optimizers.adam import LegacyAdam as Adam
from minigrad.optimizers.adamax import LegacyAdamax as Adamax
from minigrad.optimizers.conventions import LegacyOptimizer
from minigrad.optimizers.nadam import LegacyNadam as Nadam
from minigrad.optimizers.rmsprop import LegacyRMSprop as RMSprop
from minigrad.optimizers.sgd import LegacySGD as SGD

__all__ = ["Adadelta", "Adagrad", "Adam", "Adamax", "LegacyOptimizer", "Nadam", "RMSprop", "SGD"]


def __getattr__(name: str) -> None:
    if name == "AdamW":
        raise AttributeError("tf.keras 2's legacy optimizers have no AdamW (tf.keras.optimizers.legacy has none): "
                             "use minigrad.optimizers.AdamW (Keras 3) or minigrad.optimizers.pytorch.AdamW.")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
