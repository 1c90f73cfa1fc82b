"""`EarlyStopping`: stop training when the monitored quantity has stopped improving."""
from __future__ import annotations

from minigrad._validation import check_positive_int, check_real
from minigrad.callbacks.monitor import MonitorCallback


class EarlyStopping(MonitorCallback):
    """Stops training after `patience` epochs without improvement, optionally restoring the best weights.

    At the end of each epoch from `start_from_epoch` on:

        wait += 1
        if improved(current, best):
            best, best_epoch = current, epoch          # and remember the weights
            if baseline is None or improved(current, baseline):
                wait = 0                               # beating best but not the baseline keeps counting
        elif wait >= patience and epoch > 0:
            model.stop_training = True
    and at the end of training, with `restore_best_weights`, the best epoch's weights are set back.

    Args:
        monitor, min_delta, mode: see `MonitorCallback`; defaults "val_loss", 0 and "auto".
        patience: epochs without improvement before stopping, >= 0; default 0.
        verbose: 1 prints when training stops and when weights are restored; default 0.
        baseline: a value the monitored quantity must beat to reset the patience; default None.
        restore_best_weights: set the best epoch's weights at the end of training, even without an early stop.
        start_from_epoch: epochs to ignore at the start (a warmup), >= 0; default 0.

    Example (with patience 2 and no improvement after epoch e, training stops after epoch e + 2):
    >>> early_stopping = EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True)
    """

    def __init__(self, monitor: str = "val_loss", min_delta: float = 0, patience: int = 0, verbose: int = 0,
                 mode: str = "auto", baseline: float | None = None, restore_best_weights: bool = False,
                 start_from_epoch: int = 0) -> None:
        super().__init__(monitor, mode, min_delta=min_delta)
        self.patience = check_positive_int("patience", patience, allow_zero=True)
        self.verbose = verbose
        self.baseline = None if baseline is None else check_real("baseline", baseline)
        self.restore_best_weights = bool(restore_best_weights)
        self.start_from_epoch = check_positive_int("start_from_epoch", start_from_epoch, allow_zero=True)
        self.on_train_begin()

    def on_train_begin(self, logs: dict | None = None) -> None:
        self.wait = 0
        self.stopped_epoch = 0
        self.best = None
        self.best_weights = None
        self.best_epoch = 0

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        current = self._monitored(logs, "Early stopping")
        if current is None or epoch < self.start_from_epoch:
            return
        self.wait += 1
        if self._is_improvement(current, self.best):
            self.best = current
            self.best_epoch = epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            if self.baseline is None or self._is_improvement(current, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs: dict | None = None) -> None:
        if self.stopped_epoch > 0 and self.verbose > 0:
            print(f"Epoch {self.stopped_epoch + 1}: early stopping")
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose > 0:
                print(f"Restoring model weights from the end of the best epoch: {self.best_epoch + 1}.")
            self.model.set_weights(self.best_weights)
