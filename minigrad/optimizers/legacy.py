"""tf.keras 2.x's legacy optimizers (`tf.keras.optimizers.legacy`), the article's era, each beside its Keras 3 class."""
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
