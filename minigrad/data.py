"""`train_test_split`, with scikit-learn's signature and the same split for the same `random_state`."""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from minigrad._validation import check_positive_int


def _count(name: str, size: float | int | None, n: int) -> int | None:
    """A fraction in (0, 1) becomes a count (`ceil` for the test set, `floor` for the train set)."""
    if size is None:
        return None
    if isinstance(size, (float, np.floating)):
        if not 0 < size < 1:
            raise ValueError(f"`{name}` as a fraction must be in (0, 1). Received: {name}={size}")
        return math.ceil(size * n) if name == "test_size" else math.floor(size * n)
    count = check_positive_int(name, size)
    if count >= n:
        raise ValueError(f"`{name}` as a count must be less than the {n} samples. Received: {name}={size}")
    return count


def train_test_split(*arrays: Any, test_size: float | int | None = None,
                     train_size: float | int | None = None, random_state: int | None = None,
                     shuffle: bool = True) -> list[np.ndarray]:
    """Splits arrays into train and test parts: `[a_train, a_test, b_train, b_test, ...]`.

    `test_size`/`train_size` are fractions (float) or counts (int), the test set 25% with neither; the
    permutation is `np.random.RandomState(random_state)`'s, test first, so `random_state=42` gives the article's split.

    Example:
    >>> x_train, x_test = train_test_split(np.arange(5), test_size=0.4, shuffle=False)
    >>> x_train, x_test
    (array([0, 1, 2]), array([3, 4]))
    """
    if not arrays:
        raise ValueError("train_test_split needs at least one array. Received: no arrays")
    arrays = tuple(np.asarray(a) for a in arrays)
    n = len(arrays[0])
    if any(len(a) != n for a in arrays):
        raise ValueError(f"All arrays must have the same length. Received lengths: {[len(a) for a in arrays]}")
    n_test = _count("test_size", test_size, n)
    n_train = _count("train_size", train_size, n)
    if n_test is None:
        n_test = n - n_train if n_train is not None else math.ceil(0.25 * n)
    if n_train is None:
        n_train = n - n_test
    if n_train + n_test > n or n_train == 0 or n_test == 0:
        raise ValueError(
            f"With {n} samples, test_size={test_size} and train_size={train_size} give "
            f"{n_test} test and {n_train} train samples: each must be at least 1 and together at most {n}."
        )
    if shuffle:
        permutation = np.random.RandomState(random_state).permutation(n)
        test, train = permutation[:n_test], permutation[n_test:n_test + n_train]
    else:
        train, test = np.arange(n_train), np.arange(n_train, n_train + n_test)
    return [part for a in arrays for part in (a[train], a[test])]
