"""torch.optim's optimizers (names, arguments, defaults, update rules) on minigrad's machinery, beside Keras 3's."""
from __future__ import annotations

from minigrad.optimizers.adadelta import TorchAdadelta as Adadelta
from minigrad.optimizers.adagrad import TorchAdagrad as Adagrad
from minigrad.optimizers.adam import TorchAdam as Adam
from minigrad.optimizers.adam import TorchAdamW as AdamW
from minigrad.optimizers.adamax import TorchAdamax as Adamax
from minigrad.optimizers.conventions import TorchOptimizer
from minigrad.optimizers.nadam import TorchNAdam as NAdam
from minigrad.optimizers.rmsprop import TorchRMSprop as RMSprop
from minigrad.optimizers.sgd import TorchSGD as SGD

__all__ = ["Adadelta", "Adagrad", "Adam", "AdamW", "Adamax", "NAdam", "RMSprop", "SGD", "TorchOptimizer"]
