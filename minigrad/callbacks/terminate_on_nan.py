"""`TerminateOnNaN`: stop training as soon as the loss becomes NaN or infinite."""
from __future__ import annotations

import math

from minigrad.callbacks.base import Callback


class TerminateOnNaN(Callback):
    """Stops training when a batch's running loss is NaN or infinite (a diverging run).

    The epoch's remaining batches are skipped, but it ends normally, so `History` keeps it.

    Args:
        raise_error: raise a RuntimeError instead of stopping gracefully; default False.

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
