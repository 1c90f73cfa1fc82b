"""MNIST handwritten digits: `load_data()` as `keras.datasets.mnist.load_data`.

Keras stores MNIST as one NumPy `.npz` file of four arrays: `x_train` (60000, 28, 28), `y_train` (60000,),
`x_test` (10000, 28, 28), `y_test` (10000,), all uint8 (pixels 0 to 255, digits 0 to 9).
"""
from __future__ import annotations

import os

import numpy as np

from minigrad._download import get_file

ORIGIN_FOLDER = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
FILE_NAME = "mnist.npz"
FILE_HASH = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"
"""Keras's sha256 of `mnist.npz`."""


def load_data(path: str | os.PathLike[str] = "mnist.npz", cache_dir: str | os.PathLike[str] | None = None
              ) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Loads MNIST: 60,000 training and 10,000 test images of handwritten digits, 28x28 grey levels.

    The file is downloaded once from Keras's address to `~/.keras/datasets/mnist.npz` (`$KERAS_HOME/datasets/`
    when `KERAS_HOME` is set) and its sha256 hash checked on every call.

    Args:
        path: the file's name in the cache folder.
        cache_dir: the cache folder instead of `~/.keras` (tf.keras 2's argument).

    Returns:
        `(x_train, y_train), (x_test, y_test)`: uint8 arrays of shapes (60000, 28, 28), (60000,),
        (10000, 28, 28) and (10000,); pixels from 0 to 255, labels from 0 to 9.

    Example:
    >>> import minigrad as keras
    >>> (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()  # doctest: +SKIP
    >>> x_train.shape, x_train.dtype, y_train[:5]  # doctest: +SKIP
    ((60000, 28, 28), dtype('uint8'), array([5, 0, 4, 1, 9], dtype=uint8))
    """
    file = get_file(path, origin=ORIGIN_FOLDER + FILE_NAME, file_hash=FILE_HASH, cache_dir=cache_dir)
    with np.load(file, allow_pickle=False) as arrays:
        return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])
