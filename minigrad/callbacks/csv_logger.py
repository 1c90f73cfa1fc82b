"""`CSVLogger`: write each epoch's logs as a row of a CSV file."""
from __future__ import annotations

import csv
import os
from typing import IO

from minigrad.callbacks.base import Callback


class CSVLogger(Callback):
    """Streams the epoch index and each epoch's logs (loss, metrics, `val_*`, ...) to a CSV file.

    The columns are `epoch` then the first epoch's log keys in alphabetical order (`NA` if a later epoch lacks one).

    Args:
        filename: the CSV file's path.
        separator: the field separator; default ",".
        append: add to an existing file (no second header) instead of overwriting it; default False.

    Example:
    >>> csv_logger = CSVLogger("training.csv")
    """

    def __init__(self, filename: str | os.PathLike, separator: str = ",", append: bool = False) -> None:
        super().__init__()
        self.filename = os.fspath(filename)
        self.sep = separator
        self.append = bool(append)
        self.keys: list[str] | None = None
        self.writer: csv.DictWriter | None = None
        self.csv_file: IO[str] | None = None

    def on_train_begin(self, logs: dict | None = None) -> None:
        self.append_header = True
        if self.append and os.path.exists(self.filename):
            with open(self.filename) as existing:
                self.append_header = not existing.readline()
        self.csv_file = open(self.filename, "a" if self.append else "w", newline="")
        self.keys = None
        self.writer = None

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        logs = logs or {}
        if self.csv_file is None:
            raise RuntimeError("CSVLogger writes between on_train_begin and on_train_end, which fit calls.")
        if self.writer is None or self.keys is None:
            self.keys = sorted(logs)
            self.writer = csv.DictWriter(self.csv_file, fieldnames=["epoch", *self.keys], delimiter=self.sep)
            if self.append_header:
                self.writer.writeheader()
        self.writer.writerow({"epoch": epoch, **{key: logs.get(key, "NA") for key in self.keys}})
        self.csv_file.flush()

    def on_train_end(self, logs: dict | None = None) -> None:
        if self.csv_file is not None and not self.csv_file.closed:
            self.csv_file.close()
        self.writer = None
