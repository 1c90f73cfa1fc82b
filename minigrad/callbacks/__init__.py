"""Callbacks, as in `keras.callbacks`."""
from __future__ import annotations

from minigrad.callbacks.base import Callback, CallbackList, History, LambdaCallback
from minigrad.callbacks.checkpoint import BackupAndRestore, ModelCheckpoint
from minigrad.callbacks.csv_logger import CSVLogger
from minigrad.callbacks.early_stopping import EarlyStopping
from minigrad.callbacks.learning_rate_scheduler import LearningRateScheduler
from minigrad.callbacks.progbar import ProgbarLogger
from minigrad.callbacks.reduce_lr_on_plateau import ReduceLROnPlateau
from minigrad.callbacks.terminate_on_nan import TerminateOnNaN

__all__ = [
    "BackupAndRestore", "CSVLogger", "Callback", "CallbackList", "EarlyStopping", "History", "LambdaCallback",
    "LearningRateScheduler", "ModelCheckpoint", "ProgbarLogger", "ReduceLROnPlateau", "TerminateOnNaN",
]
