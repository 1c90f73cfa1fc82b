"""Fashion-MNIST: `load_data()` as `keras.datasets.fashion_mnist.load_data`.

Zalando's drop-in replacement for MNIST: 28x28 grey images of ten kinds of clothing, in the four gzipped IDX
files of the original release, which Keras keeps in `~/.keras/datasets/fashion-mnist/` (and does not hash).

The IDX format: two zero bytes, a type byte (0x08 for unsigned bytes), the number of dimensions `d`, then `d`
sizes as big-endian 32-bit integers, then the values in row-major order. A label file has `d = 1` (8-byte
header), an image file `d = 3` (16-byte header).
"""
from __future__ import annotations

import gzip
import os
import zlib

import numpy as np

from minigrad._download import get_file

ORIGIN_FOLDER = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
FILES = ("train-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz",
         "t10k-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz")
CACHE_SUBDIR = os.path.join("datasets", "fashion-mnist")


def read_idx(path: str, ndim: int) -> np.ndarray:
    """Reads a gzipped IDX file of unsigned bytes with `ndim` dimensions into a (writable) uint8 array.

    Args:
        path: the `.gz` file.
        ndim: the number of dimensions the file must have (1 for labels, 3 for images).

    Returns:
        A uint8 array of the shape the header gives.

    Example:
    >>> import gzip, pathlib, tempfile
    >>> header = bytes([0, 0, 0x08, 1]) + (3).to_bytes(4, "big")
    >>> scratch = tempfile.TemporaryDirectory()
    >>> file = pathlib.Path(scratch.name) / "labels-idx1-ubyte.gz"
    >>> _ = file.write_bytes(gzip.compress(header + bytes([7, 2, 1])))
    >>> read_idx(str(file), ndim=1)
    array([7, 2, 1], dtype=uint8)
    >>> scratch.cleanup()
    """
    try:
        with gzip.open(path, "rb") as file:
            content = file.read()
    except (gzip.BadGzipFile, EOFError, zlib.error) as error:
        raise ValueError(f"{path} is not a complete gzip file ({error}). Delete it and load the data again.") from None
    header_size = 4 + 4 * ndim
    if len(content) < header_size or content[:4] != bytes([0, 0, 0x08, ndim]):
        raise ValueError(f"{path} is not an IDX file of unsigned bytes with {ndim} dimensions: it starts with "
                         f"{content[:4].hex(' ')} instead of 00 00 08 {ndim:02x}.")
    shape = tuple(int.from_bytes(content[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim))
    values = bytearray(content[header_size:])
    if len(values) != int(np.prod(shape)):
        raise ValueError(f"{path} holds {len(values)} values but its header announces shape {shape}: the file is "
                         "truncated or corrupted. Delete it and load the data again.")
    return np.frombuffer(values, dtype=np.uint8).reshape(shape)


def load_data(cache_dir: str | os.PathLike[str] | None = None
              ) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Loads Fashion-MNIST: 60,000 training and 10,000 test images, 28x28 grey levels, of ten kinds of clothing.

    The four files are downloaded once from Keras's address into `~/.keras/datasets/fashion-mnist/`
    (`$KERAS_HOME/datasets/fashion-mnist/` when `KERAS_HOME` is set). Like Keras, no hash is checked; the
    IDX headers are (a truncated file gives a clear error).

    | Label | 0           | 1       | 2        | 3     | 4    | 5      | 6     | 7       | 8   | 9          |
    |-------|-------------|---------|----------|-------|------|--------|-------|---------|-----|------------|
    | Kind  | T-shirt/top | Trouser | Pullover | Dress | Coat | Sandal | Shirt | Sneaker | Bag | Ankle boot |

    Args:
        cache_dir: the cache folder instead of `~/.keras` (tf.keras 2's argument).

    Returns:
        `(x_train, y_train), (x_test, y_test)`: uint8 arrays of shapes (60000, 28, 28), (60000,),
        (10000, 28, 28) and (10000,); pixels from 0 to 255, labels from 0 to 9.

    Example:
    >>> import minigrad as keras
    >>> (x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()  # doctest: +SKIP
    >>> x_train.shape, y_test.shape, y_train[:3]  # doctest: +SKIP
    ((60000, 28, 28), (10000,), array([9, 0, 0], dtype=uint8))
    """
    labels_train, images_train, labels_test, images_test = (
        [get_file(name, origin=ORIGIN_FOLDER + name, cache_dir=cache_dir, cache_subdir=CACHE_SUBDIR) for name in FILES])
    y_train, y_test = read_idx(labels_train, ndim=1), read_idx(labels_test, ndim=1)
    x_train, x_test = read_idx(images_train, ndim=3), read_idx(images_test, ndim=3)
    for images, labels in ((x_train, y_train), (x_test, y_test)):
        if len(images) != len(labels):
            raise ValueError(f"The Fashion-MNIST files in {os.path.dirname(labels_train)} do not match: "
                             f"{len(images)} images but {len(labels)} labels.")
    return (x_train, y_train), (x_test, y_test)
