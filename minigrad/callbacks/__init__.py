"""Callbacks, as in `keras.callbacks`."""
from __future__ import annotations

from minigrad.callbacks.base import Callback, CallbackList, History, LambdaCallback
from minigrad.callbacks.checkpoint import BackupAndRestore, ModelCheckpoint
from minigrad.callbacks.progbar import ProgbarLogger

__all__ = [
    "BackupAndRestore", "ModelCheckpoint", "Callback", "CallbackList", "History", "LambdaCallback", "ProgbarLogger",
]
