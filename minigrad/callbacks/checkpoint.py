"""`ModelCheckpoint` (save the model as it trains) and `BackupAndRestore` (resume an interrupted fit)."""
from __future__ import annotations

import math
import os
import warnings
from typing import Any

from minigrad import backend, model_file
from minigrad._validation import check_positive_int, check_real, unknown_name
from minigrad.callbacks.base import Callback
from minigrad.callbacks.old_names import WithOldNames


class ModelCheckpoint(Callback):
    """Saves the model (or only its weights) during training, every epoch or only when it improves.

    With `save_best_only=True` a file is written only when `monitor` improves on the best value so far:

        improved = best is None or (current < best if mode == "min" else current > best)

    Args:
        filepath: where to save; format fields `{epoch}` (1-based), `{batch}` and any log key are filled in,
            so `"model-{epoch:02d}-{val_loss:.2f}.npz"` keeps one file per epoch.
        monitor: the log key to compare (default `"val_loss"`).
        verbose: 0 (silent) or 1 (print a line each time it saves or does not improve).
        save_best_only: only save when `monitor` improves.
        save_weights_only: `model.save_weights` instead of `model.save`.
        mode: `"min"`, `"max"` or `"auto"` (as Keras: `"max"` if `monitor` contains `acc`, else `"min"`).
        save_freq: `"epoch"` or a positive int: save every that many batches.
        initial_value_threshold: the best value to beat at the start (default None: the first epoch saves).

    Example:
    >>> import os, tempfile
    >>> checkpoint = ModelCheckpoint(os.path.join(tempfile.mkdtemp(), "best.npz"), save_best_only=True)
    """

    def __init__(self, filepath: model_file.PathLike, monitor: str = "val_loss", verbose: int = 0,
                 save_best_only: bool = False, save_weights_only: bool = False, mode: str = "auto",
                 save_freq: str | int = "epoch", initial_value_threshold: float | None = None) -> None:
        super().__init__()
        self.filepath = _check_path("filepath", filepath)
        if not isinstance(monitor, str):
            raise TypeError("`monitor` must be the name of a logged value such as 'val_loss'. "
                            f"Received: monitor={monitor!r}")
        if verbose not in (0, 1) or isinstance(verbose, bool):
            raise ValueError(f"`verbose` must be 0 or 1. Received: verbose={verbose!r}")
        if mode not in ("auto", "min", "max"):
            raise unknown_name("mode", mode, ("auto", "min", "max"))
        self._batches_per_save = 0
        if save_freq != "epoch":
            if isinstance(save_freq, str):
                raise ValueError(f"`save_freq` must be 'epoch' or a positive int. Received: save_freq={save_freq!r}")
            self._batches_per_save = check_positive_int("save_freq", save_freq)
            self.on_train_batch_end = self._count_batch  # type: ignore[method-assign]  # dispatched only if needed
        self.monitor, self.verbose, self.mode, self.save_freq = monitor, verbose, mode, save_freq
        self.save_best_only, self.save_weights_only = bool(save_best_only), bool(save_weights_only)
        self.best = None if initial_value_threshold is None else check_real("initial_value_threshold",
                                                                            initial_value_threshold)
        self._epoch = 0
        self._batches_since_save = 0

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self._epoch = epoch

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        if self.save_freq == "epoch":
            self._save(epoch, None, logs or {})

    def _count_batch(self, batch: int, logs: dict | None = None) -> None:
        self._batches_since_save += 1
        if self._batches_since_save >= self._batches_per_save:
            self._batches_since_save = 0
            self._save(self._epoch, batch, logs or {})

    def _save(self, epoch: int, batch: int | None, logs: dict) -> None:
        fields = WithOldNames({"epoch": epoch + 1, **logs} if batch is None else
                              {"epoch": epoch + 1, "batch": batch + 1, **logs}, where="logs")
        try:
            filepath = self.filepath.format_map(fields)
        except KeyError as error:
            raise KeyError(f'Failed to format this callback filepath: "{self.filepath}". Reason: {error}') from None
        if not self._should_save(epoch, logs, filepath):
            return
        directory = os.path.dirname(filepath)
        if directory:
            os.makedirs(directory, exist_ok=True)
        save = self.model.save_weights if self.save_weights_only else self.model.save
        save(filepath, overwrite=True)

    def _should_save(self, epoch: int, logs: dict, filepath: str) -> bool:
        if not self.save_best_only:
            if self.verbose:
                print(f"\nEpoch {epoch + 1}: saving model to {filepath}")
            return True
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn(f"Can save best model only with {self.monitor} available. "
                          f"Logged keys: {', '.join(logs)}", stacklevel=2)
            return True
        best = "None" if self.best is None else f"{self.best:.5f}"
        maximize = self.mode == "max" or (self.mode == "auto" and "acc" in self.monitor)
        improved = self.best is None or (current > self.best if maximize else current < self.best)
        if improved and math.isfinite(current):
            if self.verbose:
                print(f"\nEpoch {epoch + 1}: {self.monitor} improved from {best} to {current:.5f}, "
                      f"saving model to {filepath}")
            self.best = current
            return True
        if self.verbose:
            print(f"\nEpoch {epoch + 1}: {self.monitor} did not improve from {best}")
        return False


class BackupAndRestore(Callback):
    """Backs up the training state at the end of every epoch so an interrupted `fit` can resume.

    Running the same `fit` again restores the weights, the optimizer state, the generator that shuffles the
    batches and the first unfinished epoch, so the result is bit-identical to an uninterrupted run (other
    callbacks' counters start afresh). The backup, `backup_dir/backup.npz`, is deleted when `fit` finishes.

    Args:
        backup_dir: the directory for the backup file (created if needed).
        save_freq: `"epoch"`, the only choice (a run resumed in mid-epoch could not repeat the same batches).
        delete_checkpoint: delete the backup when training ends normally (default True).

    Example:
    >>> import tempfile
    >>> backup = BackupAndRestore(tempfile.mkdtemp())
    """

    def __init__(self, backup_dir: model_file.PathLike, save_freq: str = "epoch",
                 delete_checkpoint: bool = True) -> None:
        super().__init__()
        self.backup_dir = _check_path("backup_dir", backup_dir)
        if save_freq != "epoch":
            raise ValueError("`save_freq` must be 'epoch': minigrad resumes at the start of an epoch, so a "
                             f"mid-epoch backup could not be resumed bit for bit. Received: save_freq={save_freq!r}")
        self.save_freq = save_freq
        self.delete_checkpoint = bool(delete_checkpoint)
        self.filepath = os.path.join(self.backup_dir, "backup.npz")

    def on_train_begin(self, logs: dict | None = None) -> None:
        if not os.path.exists(self.filepath):
            return
        training = model_file.load_training_state(self.model, self.filepath)
        if training is None:
            raise ValueError(f"The file {self.filepath!r} holds a model but no training state: it was not written "
                             "by BackupAndRestore. Move it away, or choose another `backup_dir`.")
        backend.rng().bit_generator.state = training["rng_state"]
        self.model.resume_epoch = training["epoch"]

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        os.makedirs(self.backup_dir, exist_ok=True)
        training = {"epoch": epoch + 1, "rng_state": backend.rng().bit_generator.state}
        model_file.save_training_state(self.model, self.filepath, training)

    def on_train_end(self, logs: dict | None = None) -> None:
        if self.delete_checkpoint and os.path.exists(self.filepath):
            os.remove(self.filepath)
            if not os.listdir(self.backup_dir):
                os.rmdir(self.backup_dir)


def _check_path(name: str, value: Any) -> str:
    if not isinstance(value, (str, os.PathLike)) or not os.fspath(value):
        raise ValueError(f"`{name}` must be a non-empty path. Received: {name}={value!r}")
    return os.fspath(value)
