"""Boston Housing prices: `load_data()` as `keras.datasets.boston_housing.load_data`.

506 districts of Boston in the 1970s, 13 features each, and the median house price in thousands of dollars.
Keras's warning stands: one feature, "B", encodes an assumption about race and house prices; use the data to
discuss that, not as a neutral benchmark.
"""
from __future__ import annotations

import numbers
import os

import numpy as np

from minigrad._download import get_file

ORIGIN_FOLDER = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
FILE_NAME = "boston_housing.npz"
FILE_HASH = "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5"
"""Keras's sha256 of `boston_housing.npz`."""


def load_data(path: str | os.PathLike[str] = "boston_housing.npz", test_split: float = 0.2, seed: int | None = 113,
              cache_dir: str | os.PathLike[str] | None = None
              ) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Loads Boston Housing, shuffled and split into training and test sets as Keras splits it.

    The split, for the `n` rows `x`, `y` of the file:

        order = np.arange(n); np.random.RandomState(seed).shuffle(order)
        n_train = int(n * (1 - test_split))
        train = order[:n_train], test = order[n_train:]

    so the defaults give Keras's 404 training and 102 test rows, in Keras's order.

    Args:
        path: the file's name in the cache folder (`~/.keras/datasets/` or `$KERAS_HOME/datasets/`).
        test_split: the fraction of rows kept for testing, in [0, 1).
        seed: the seed of the shuffle before the split (None: a different shuffle each time).
        cache_dir: the cache folder instead of `~/.keras` (tf.keras 2's argument).

    Returns:
        `(x_train, y_train), (x_test, y_test)`: float64 arrays of shapes (404, 13), (404,), (102, 13) and
        (102,) with the defaults; the targets are prices in k$, mostly between 10 and 50.

    Example:
    >>> import minigrad as keras
    >>> (x_train, y_train), (x_test, y_test) = keras.datasets.boston_housing.load_data()  # doctest: +SKIP
    >>> x_train.shape, x_test.shape, y_train.dtype  # doctest: +SKIP
    ((404, 13), (102, 13), dtype('float64'))
    """
    if isinstance(test_split, bool) or not isinstance(test_split, numbers.Real) or not 0 <= test_split < 1:
        raise ValueError(f"`test_split` must be a number in [0, 1). Received: test_split={test_split!r}")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or
                             not 0 <= seed < 2**32):
        raise ValueError(f"`seed` must be an integer from 0 to 2**32 - 1, or None. Received: seed={seed!r}")
    file = get_file(path, origin=ORIGIN_FOLDER + FILE_NAME, file_hash=FILE_HASH, cache_dir=cache_dir)
    with np.load(file, allow_pickle=False) as arrays:
        x, y = arrays["x"], arrays["y"]
    order = np.arange(len(x))
    np.random.RandomState(seed).shuffle(order)
    n_train = int(len(x) * (1 - test_split))
    return (x[order[:n_train]], y[order[:n_train]]), (x[order[n_train:]], y[order[n_train:]])
