"""`model.summary()` in the tf.keras 2 layout that the article prints (65 columns, plain ASCII)."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

LINE_LENGTH = 65
COLUMN_ENDS = (29, 55, 65)  # 45%, 85% and 100% of the line


def readable_size(num_bytes: float) -> str:
    """`8.00 Byte`, `4.00 KB`, ... as tf.keras prints a parameter memory size.

    Example:
    >>> readable_size(8), readable_size(4100)
    ('8.00 Byte', '4.00 KB')
    """
    for unit in ("Byte", "KB", "MB", "GB", "TB"):
        if num_bytes / 1024 < 1:
            return f"{num_bytes:.2f} {unit}"
        num_bytes /= 1024
    return f"{num_bytes:.2f} PB"


def _rows(fields: tuple[str, str, str]) -> list[str]:
    """One table row, on as many lines as its longest field needs, as tf.keras wraps them.

    Each column starts where the one before ends; a field longer than its column (less two spaces between
    columns and the leading space of the first) continues on the next line:

    >>> _rows(("batch_normalization (BatchNormalization)", "(None, 4)", "16"))[1]
    ' Normalization)                                                 '
    """
    left, lines = list(fields), []
    while any(left):
        line = ""
        for column, end in enumerate(COLUMN_ENDS):
            start = COLUMN_ENDS[column - 1] if column else 0
            last = column == len(COLUMN_ENDS) - 1
            width = end - start if last else end - start - 3
            line += ("" if column else " ") + left[column][:width]
            left[column] = left[column][width:]
            line = line.ljust(end)
        lines.append(line)
    return lines


def _parameters(weights: Sequence[np.ndarray]) -> str:
    """`count (size)`: the number of parameters and their memory, as the totals print them."""
    return f"{sum(w.size for w in weights)} ({readable_size(sum(w.nbytes for w in weights))})"


def print_summary(model: Any, print_fn: Callable[[str], Any] = print) -> None:
    """Prints the table of `model`'s layers (name and type, output shape, parameters) and the parameter totals:
    all the weights, the trainable ones and the others (BatchNormalization's moving statistics)."""
    if not model.built:
        raise ValueError("This model has not yet been built. Build the model first by starting it with an "
                         "`Input`, by calling `build(input_shape)` or by fitting it.")
    print_fn(f'Model: "{model.name}"')
    print_fn("_" * LINE_LENGTH)
    print_fn(_rows(("Layer (type)", "Output Shape", "Param #"))[0])
    print_fn("=" * LINE_LENGTH)
    for layer in model.layers:
        for line in _rows((f"{layer.name} ({type(layer).__name__})", str((None, *layer.output_shape)),
                           str(layer.count_params()))):
            print_fn(line)
        print_fn(" " * LINE_LENGTH)
    print_fn("=" * LINE_LENGTH)
    print_fn(f"Total params: {_parameters(model.weights)}")
    print_fn(f"Trainable params: {_parameters(model.trainable_weights)}")
    print_fn(f"Non-trainable params: {_parameters(model.non_trainable_weights)}")
    print_fn("_" * LINE_LENGTH)
