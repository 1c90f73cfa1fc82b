"""minigrad: the slice of Keras that "Simple intuitions for setting learning rates" uses, in NumPy.

Write `import minigrad as keras` and the article's code runs unchanged.
"""
from __future__ import annotations

from minigrad import (
    _old_module_paths,  # noqa: F401  (Keras 2.2's `keras.layers.core`, `keras.utils.np_utils`)
    activations,
    analysis,
    backend,
    callbacks,
    data,
    datasets,
    initializers,
    layers,
    losses,
    lr_finder,
    metrics,
    models,
    ops,
    optimizers,
    saving,
    sweep,
    utils,
)
from minigrad.layers import Input
from minigrad.models import Sequential

__version__ = "0.1.0"

__all__ = [
    "Input", "Sequential", "activations", "analysis", "backend", "callbacks", "data", "datasets", "initializers",
    "layers", "losses", "lr_finder", "metrics", "models", "ops", "optimizers", "saving", "sweep", "utils",
]
