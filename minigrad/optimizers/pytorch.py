"""PyTorch's optimizer conventions (`torch.optim`): its class names, argument names and defaults.

They run on minigrad's machinery, so they work with `model.compile(optimizer=...)` and `fit`.
Where torch.optim differs from Keras (told in each algorithm's file, beside the Keras 3 class):

- SGD momentum keeps the learning rate outside the buffer (`theta -= lr * b`).
- RMSprop: `alpha=0.99`, `eps=1e-8` outside the root, lr=1e-2.
- Adagrad: the accumulator starts at 0, `eps=1e-10`, lr=1e-2, and `lr_decay`.
- Adam: `eps` added after the bias correction; AdamW's decoupled weight decay.
- NAdam: the momentum schedule `0.96 ** (0.004 * t)` (as legacy tf.keras), lr=2e-3.
- Adamax: `eps` inside the running maximum. Adadelta: lr=1.0, rho=0.9, eps=1e-6.
- `weight_decay` is a coupled L2 penalty, `g = g + weight_decay * theta` (see `TorchOptimizer`).
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
