"""Keras 3's optimizers, plus the article's `decay=`; tf.keras 2.x's are in `legacy`, torch.optim's in `pytorch`."""
from __future__ import annotations

from minigrad._validation import unknown_name
from minigrad.optimizers import legacy, pytorch, schedules
from minigrad.optimizers.adadelta import Adadelta
from minigrad.optimizers.adagrad import Adagrad
from minigrad.optimizers.adam import Adam, AdamW
from minigrad.optimizers.adamax import Adamax
from minigrad.optimizers.base import Optimizer
from minigrad.optimizers.nadam import Nadam
from minigrad.optimizers.rmsprop import RMSprop
from minigrad.optimizers.sgd import SGD

_BY_NAME = {"sgd": SGD, "rmsprop": RMSprop, "adagrad": Adagrad, "adam": Adam, "adamw": AdamW, "nadam": Nadam,
            "adamax": Adamax, "adadelta": Adadelta}


def get(identifier: str | Optimizer) -> Optimizer:
    """Returns an optimizer object for a Keras name (`"sgd"`, `"adam"`, ...) with default arguments."""
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, str) and identifier.lower() in _BY_NAME:
        return _BY_NAME[identifier.lower()]()
    raise unknown_name("optimizer", identifier, _BY_NAME)


__all__ = ["Adadelta", "Adagrad", "Adam", "AdamW", "Adamax", "Nadam", "Optimizer", "RMSprop", "SGD", "get", "legacy",
           "pytorch", "schedules"]
