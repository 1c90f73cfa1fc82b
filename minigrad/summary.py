"""`model.summary()` in the tf.keras 2 layout that the article prints (65 columns, plain ASCII)."""
from __future__ import annotations

from typing import Any, Callable

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


def _row(fields: tuple[str, str, str]) -> str:
    line = " "
    for field, end in zip(fields, COLUMN_ENDS):
        line = (line + field).ljust(end)
    return line


def print_summary(model: Any, print_fn: Callable[[str], Any] = print) -> None:
    """Prints the table of `model`'s layers and parameter totals (4 bytes per float32 parameter)."""
    print_fn(f'Model: "{model.name}"')
    print_fn("_" * LINE_LENGTH)
    print_fn(_row(("Layer (type)", "Output Shape", "Param #")))
    print_fn("=" * LINE_LENGTH)
    for layer in model.layers:
        params = layer.count_params() if layer.built else 0
        print_fn(_row((f"{layer.name} ({type(layer).__name__})", f"(None, {layer.units})", f"{params:,}")))
        print_fn(" " * LINE_LENGTH)
    print_fn("=" * LINE_LENGTH)
    total = model.count_params() if model.built else 0
    itemsize = model.layers[0].weights[0].itemsize if model.built else 4
    print_fn(f"Total params: {total:,} ({readable_size(total * itemsize)})")
    print_fn(f"Trainable params: {total:,} ({readable_size(total * itemsize)})")
    print_fn(f"Non-trainable params: 0 ({readable_size(0)})")
    print_fn("_" * LINE_LENGTH)
