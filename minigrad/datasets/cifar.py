"""Reading one CIFAR batch file without letting it run code.

A CIFAR batch is a Python 2 pickle of a dict: `b"data"`, a uint8 array of shape (n, 3072) (each row the red,
then green, then blue 32x32 plane), `b"labels"`, a list of n ints, and two descriptive entries. `pickle.load`
would run whatever a tampered file names (a `__reduce__` calling `os.system`), so the unpickler here resolves
only the three names NumPy needs to rebuild an array; any other name in the file stops the load before it runs.
"""
from __future__ import annotations

import pickle
from typing import Any

import numpy as np

ALLOWED_GLOBALS = frozenset({
    ("numpy", "ndarray"),
    ("numpy", "dtype"),
    ("numpy.core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "_reconstruct"),
})
"""The only callables a CIFAR batch may name: NumPy's array rebuilding (NumPy 1 and NumPy 2 spellings)."""


class _ArrayOnlyUnpickler(pickle.Unpickler):
    """An unpickler that looks up no global outside `ALLOWED_GLOBALS`."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in ALLOWED_GLOBALS:
            raise pickle.UnpicklingError(f"it names `{module}.{name}`")
        return super().find_class(module, name)


def load_batch(fpath: str, label_key: str = "labels") -> tuple[np.ndarray, np.ndarray]:
    """Reads a CIFAR batch file: images as (n, 3, 32, 32) uint8, labels as (n,) uint8.

    Args:
        fpath: the batch file (e.g. `data_batch_1`).
        label_key: the entry holding the labels (`"labels"`; CIFAR-100 has `"fine_labels"`, `"coarse_labels"`).

    Returns:
        `(data, labels)`.

    Raises:
        pickle.UnpicklingError: the file names anything but NumPy's array rebuilding, or is not a pickle.
        ValueError: the pickle holds something else than a CIFAR batch.

    Example:
    >>> import pathlib, pickle, tempfile
    >>> batch = {b"data": np.zeros((2, 3072), np.uint8), b"labels": [3, 8]}
    >>> scratch = tempfile.TemporaryDirectory()
    >>> file = pathlib.Path(scratch.name) / "data_batch_1"
    >>> _ = file.write_bytes(pickle.dumps(batch))
    >>> data, labels = load_batch(str(file))
    >>> data.shape, labels
    ((2, 3, 32, 32), array([3, 8], dtype=uint8))
    >>> scratch.cleanup()
    """
    try:
        with open(fpath, "rb") as file:
            batch = _ArrayOnlyUnpickler(file, encoding="bytes").load()
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError) as error:
        raise pickle.UnpicklingError(
            f"Refusing to load {fpath}: {error}. A CIFAR batch holds only a dict of bytes, ints, lists and NumPy "
            "arrays, so the file is corrupted or malicious; delete it and load the data again.") from None
    if not isinstance(batch, dict):
        raise ValueError(f"{fpath} holds a {type(batch).__name__}, not a CIFAR batch's dict.")
    entries = {key.decode("utf8") if isinstance(key, bytes) else key: value for key, value in batch.items()}
    data, labels = entries.get("data"), entries.get(label_key)
    if not (isinstance(data, np.ndarray) and data.dtype == np.uint8 and data.ndim == 2 and data.shape[1] == 3072
            and isinstance(labels, list) and len(labels) == len(data)
            and all(isinstance(label, int) and 0 <= label < 256 for label in labels)):
        raise ValueError(f"{fpath} is not a CIFAR batch: it needs `data`, a uint8 array of shape (n, 3072), and "
                         f"`{label_key}`, a list of n ints from 0 to 255. Found keys: {sorted(entries)}.")
    return data.reshape(len(data), 3, 32, 32), np.array(labels, dtype=np.uint8)
