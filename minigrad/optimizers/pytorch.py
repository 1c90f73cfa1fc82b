"""PyTorch's optimizers (`torch.optim`): its class names, argument names, defaults and update rules.

They run on minigrad's machinery (`model.compile(optimizer=...)`, `fit`). Each is defined in its algorithm's
file beside the Keras 3 class, saying where it differs.
"""
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
