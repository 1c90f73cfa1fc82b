"""`TerminateOnNaN`: stop training as soon as the loss becomes NaN or infinite."""
from __future__ import annotations

import math

from minigrad.callbacks.base import Callback


class TerminateOnNaN(Callback):
    """Stops training when a batch's running loss is NaN or infinite (a diverging run).

    A learning rate that is too large makes the loss grow without bound; once it overflows
    there is nothing more to learn. The remaining batches of the epoch are skipped, but the
    epoch still ends normally, so `History` keeps everything up to and including that epoch.

    Args:
        raise_error: raise a RuntimeError instead of stopping gracefully; default False.

    Keras parity: Keras 3 (checks `logs["loss"]` after every batch and prints
    `Batch 3: Invalid loss, terminating training`); tf_keras has no `raise_error`.

    Example:
    >>> callback = TerminateOnNaN()
    """

    def __init__(self, raise_error: bool = False) -> None:
        super().__init__()
        self.raise_error = bool(raise_error)

    def on_batch_end(self, batch: int, logs: dict | None = None) -> None:
        loss = (logs or {}).get("loss")
        if loss is None or math.isfinite(loss):
            return
        if self.raise_error:
            raise RuntimeError(f"NaN or Inf loss encountered at batch {batch}. "
                               f"Loss value: {loss}. Terminating training immediately.")
        print(f"Batch {batch}: Invalid loss, terminating training")
        self.model.stop_training = True
