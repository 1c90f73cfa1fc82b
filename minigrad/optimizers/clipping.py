"""Keras's gradient clipping: by value, by each gradient's norm, by the norm of all gradients together."""
from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np


def clip_gradients(grads: Sequence[np.ndarray], clipvalue: float | None = None, clipnorm: float | None = None,
                   global_clipnorm: float | None = None) -> Sequence[np.ndarray]:
    """Clips the gradients as Keras does, in this order (each step only if its argument is set):

        g = clip(g, -clipvalue, clipvalue)                          # each element
        g = g * clipnorm / max(norm(g), clipnorm)                   # each gradient on its own
        N = sqrt(sum(norm(g) ** 2 for g in grads))
        g = g * global_clipnorm / max(N, global_clipnorm)           # all gradients together

    Args:
        grads: one gradient array per variable.
        clipvalue, clipnorm, global_clipnorm: positive numbers or None.

    Returns: the clipped gradients as new arrays (`grads` itself when no clip is set).

    Example:
    >>> clip_gradients([np.array([3.0, 4.0])], clipnorm=1.0)  # norm 5 -> 1
    [array([0.6, 0.8])]
    """
    if clipvalue is not None:
        grads = [np.clip(g, -clipvalue, clipvalue) for g in grads]
    if clipnorm is not None:
        grads = [g * clipnorm / max(float(np.linalg.norm(g)), clipnorm) for g in grads]
    if global_clipnorm is not None:
        norm = math.sqrt(sum(float(np.sum(np.square(g))) for g in grads))
        grads = [g * global_clipnorm / max(norm, global_clipnorm) for g in grads]
    return grads


def check_clips(clipnorm: float | None, clipvalue: float | None, global_clipnorm: float | None,
                clipvalue_with_a_norm_clip: bool) -> None:
    """Keras 3 allows one clip; legacy tf.keras allows `clipvalue` together with one norm clip."""
    norms = [c for c in (clipnorm, global_clipnorm) if c is not None]
    several = len(norms) + (clipvalue is not None) > 1
    if several and (len(norms) > 1 or not clipvalue_with_a_norm_clip):
        allowed = ("`clipvalue` can be combined with one of `clipnorm` and `global_clipnorm`"
                   if clipvalue_with_a_norm_clip else
                   "Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set")
        raise ValueError(f"{allowed}. Received: clipnorm={clipnorm}, clipvalue={clipvalue}, "
                         f"global_clipnorm={global_clipnorm}")
