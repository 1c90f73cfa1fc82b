"""CIFAR-10: `load_data()` as `keras.datasets.cifar10.load_data`.

The CIFAR-10 archive `cifar-10-python.tar.gz` (from its authors' site, as Keras uses) holds a folder
`cifar-10-batches-py/` with five training batches `data_batch_1` ... `data_batch_5` and one `test_batch`, each a
pickled dict read by `minigrad.datasets.cifar.load_batch` (which refuses to run code).
"""
from __future__ import annotations

import os

import numpy as np

from minigrad._download import get_file
from minigrad.datasets.cifar import load_batch

ORIGIN_FOLDER = "https://www.cs.toronto.edu/~kriz/"
FILE_NAME = "cifar-10-python.tar.gz"
FILE_HASH = "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce"
"""Keras's sha256 of `cifar-10-python.tar.gz`."""
CACHE_NAME = "cifar-10-batches-py-target"
"""Keras 3's name for it in the cache: the archive is saved as `..._archive` and extracted into this folder."""


def load_data(cache_dir: str | os.PathLike[str] | None = None
              ) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Loads CIFAR-10: 50,000 training and 10,000 test colour images, 32x32, of ten classes.

    The archive (170 MB) is downloaded once into `~/.keras/datasets/` (`$KERAS_HOME/datasets/` when
    `KERAS_HOME` is set) as Keras 3 names it, `cifar-10-batches-py-target_archive`, its sha256 hash checked,
    and extracted into `cifar-10-batches-py-target/`. The images come channels last, as with Keras's default
    `image_data_format`.

    Args:
        cache_dir: the cache folder instead of `~/.keras` (tf.keras 2's argument).

    Returns:
        `(x_train, y_train), (x_test, y_test)`: uint8 arrays of shapes (50000, 32, 32, 3), (50000, 1),
        (10000, 32, 32, 3) and (10000, 1); pixels from 0 to 255, labels from 0 to 9 (airplane, automobile,
        bird, cat, deer, dog, frog, horse, ship, truck).

    Example:
    >>> import minigrad as keras
    >>> (x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()  # doctest: +SKIP
    >>> x_train.shape, y_train.shape, y_train.dtype  # doctest: +SKIP
    ((50000, 32, 32, 3), (50000, 1), dtype('uint8'))
    """
    folder = get_file(CACHE_NAME, origin=ORIGIN_FOLDER + FILE_NAME, extract=True, file_hash=FILE_HASH,
                      cache_dir=cache_dir)
    batches = os.path.join(folder, "cifar-10-batches-py")
    train = [load_batch(os.path.join(batches, f"data_batch_{i}")) for i in range(1, 6)]
    x_train, y_train = np.concatenate([x for x, _ in train]), np.concatenate([y for _, y in train])
    x_test, y_test = load_batch(os.path.join(batches, "test_batch"))
    return ((x_train.transpose(0, 2, 3, 1), y_train.reshape(-1, 1)),
            (x_test.transpose(0, 2, 3, 1), y_test.reshape(-1, 1)))
