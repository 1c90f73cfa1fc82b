"""`ReduceLROnPlateau`: divide the learning rate when the monitored quantity stops improving."""
from __future__ import annotations

import numpy as np

from minigrad import backend
from minigrad._validation import check_positive_int, check_real
from minigrad.callbacks.monitor import MonitorCallback


class ReduceLROnPlateau(MonitorCallback):
    """Multiplies the learning rate by `factor` after `patience` epochs without improvement.

    At the end of each epoch:

        logs["learning_rate"] = the rate used this epoch         # logged before any reduction
        if cooldown_counter > 0:
            cooldown_counter -= 1
            wait = 0
        if improved(current, best):
            best, wait = current, 0
        elif cooldown_counter == 0:
            wait += 1
            if wait >= patience and lr > min_lr:
                lr = max(lr * factor, min_lr)
                cooldown_counter, wait = cooldown, 0

    Args:
        monitor, mode, min_delta: see `MonitorCallback`; defaults "val_loss", "auto" and 1e-4.
        factor: the multiplier, in [0, 1); default 0.1.
        patience: epochs without improvement before a reduction, >= 0; default 10.
        verbose: 1 prints a message at each reduction; default 0.
        cooldown: epochs to wait after a reduction, >= 0; default 0.
        min_lr: the rate is never reduced below this, >= 0; default 0.0.

    Example:
    >>> reduce_lr = ReduceLROnPlateau(monitor="loss", factor=0.5, patience=2, cooldown=1)
    """

    def __init__(self, monitor: str = "val_loss", factor: float = 0.1, patience: int = 10, verbose: int = 0,
                 mode: str = "auto", min_delta: float = 1e-4, cooldown: int = 0, min_lr: float = 0.0) -> None:
        super().__init__(monitor, mode, min_delta=min_delta)
        self.factor = check_real("factor", factor, low=0)
        if self.factor >= 1.0:
            raise ValueError(f"ReduceLROnPlateau does not support a factor >= 1.0. Received: factor={factor}")
        self.patience = check_positive_int("patience", patience, allow_zero=True)
        self.verbose = verbose
        self.cooldown = check_positive_int("cooldown", cooldown, allow_zero=True)
        self.min_lr = check_real("min_lr", min_lr, low=0)
        self.on_train_begin()

    def on_train_begin(self, logs: dict | None = None) -> None:
        self.best = None
        self.cooldown_counter = 0
        self.wait = 0

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        logs = {} if logs is None else logs
        logs["learning_rate"] = self.model.optimizer.last_learning_rate
        current = self._monitored(logs, "Learning rate reduction")
        if current is None:
            return
        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            self.wait = 0
        if self._is_improvement(current, self.best):
            self.best = current
            self.wait = 0
        elif self.cooldown_counter == 0:
            self.wait += 1
            if self.wait >= self.patience and self._reduce(epoch):
                self.cooldown_counter = self.cooldown
                self.wait = 0

    def _reduce(self, epoch: int) -> bool:
        """Sets `max(lr * factor, min_lr)` unless the rate is already at `min_lr`; True if it did."""
        optimizer = self.model.optimizer
        floatx = np.dtype(backend.floatx()).type
        old_lr = float(optimizer.learning_rate)
        if old_lr <= floatx(self.min_lr):
            return False
        new_lr = max(old_lr * self.factor, self.min_lr)
        optimizer.learning_rate = new_lr
        if self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing learning rate to {new_lr}.")
        return True
