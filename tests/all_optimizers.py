"""Every concrete optimizer class of the three conventions (Keras 3, legacy tf.keras, PyTorch), for property tests."""
import inspect

import minigrad as keras
from minigrad.optimizers import Optimizer


def _concrete(module):
    for name in module.__all__:
        cls = getattr(module, name)
        if isinstance(cls, type) and issubclass(cls, Optimizer) and cls.update_step is not Optimizer.update_step:
            yield f"{module.__name__.removeprefix('minigrad.optimizers').lstrip('.') or 'keras3'}.{name}", cls


CONVENTIONS = [keras.optimizers] + [getattr(keras.optimizers, name) for name in ("legacy", "pytorch")
                                    if hasattr(keras.optimizers, name)]
ALL_OPTIMIZERS = [entry for module in CONVENTIONS for entry in _concrete(module)]
IDS = [name for name, _ in ALL_OPTIMIZERS]
CLASSES = [cls for _, cls in ALL_OPTIMIZERS]


def make(cls, learning_rate, **kwargs):
    """`cls(learning_rate=...)`, or `cls(lr=...)` for torch.optim's argument name."""
    name = "lr" if "lr" in inspect.signature(cls).parameters else "learning_rate"
    return cls(**{name: learning_rate}, **kwargs)
