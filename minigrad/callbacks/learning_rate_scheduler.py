"""`LearningRateScheduler`: set the optimizer's learning rate from a Python function at each epoch."""
from __future__ import annotations

from collections.abc import Callable

from minigrad.callbacks.base import Callback
from minigrad.optimizers.schedules.epoch_function import checked_learning_rate, takes_learning_rate


class LearningRateScheduler(Callback):
    """At the start of every epoch, sets the learning rate to `schedule(epoch)` or `schedule(epoch, lr)`.

    `epoch` counts from 0, `lr` is the optimizer's current rate, and the function's signature decides which call
    is made. The rate the epoch's last update used is logged under `learning_rate` (float32), so `History` has it.

        lr = schedule(epoch, lr) if schedule takes two arguments else schedule(epoch)
        optimizer.learning_rate = lr                   # at on_epoch_begin

    Args:
        schedule: a function `f(epoch)` or `f(epoch, lr)` returning a finite rate >= 0.
        verbose: 1 prints `Epoch 1: LearningRateScheduler setting learning rate to 0.02.` each epoch; default 0.

    Example (the article's experiment 5; `schedules.describe` shows what it really does):
    >>> def lr_schedule(epoch):
    ...     return 0.02 if epoch < 5 else 0.0001
    >>> callback = LearningRateScheduler(lr_schedule)
    """

    def __init__(self, schedule: Callable[..., float], verbose: int = 0) -> None:
        super().__init__()
        self._takes_lr = takes_learning_rate(schedule)
        self.schedule = schedule
        self.verbose = verbose

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        optimizer = self.model.optimizer
        if self._takes_lr:
            learning_rate = self.schedule(epoch, float(optimizer.learning_rate))
        else:
            learning_rate = self.schedule(epoch)
        optimizer.learning_rate = checked_learning_rate(learning_rate, self.schedule, epoch)
        if self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: LearningRateScheduler setting learning rate to {learning_rate}.")

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        if logs is not None:
            logs["learning_rate"] = self.model.optimizer.last_learning_rate
