"""The base of callbacks that watch a logged quantity: which direction is better, and by how much."""
from __future__ import annotations

import warnings

from minigrad._validation import check_real, unknown_name
from minigrad.callbacks.base import Callback
from minigrad.callbacks.old_names import keras_2_2_name

_MODES = ("auto", "min", "max")


class MonitorCallback(Callback):
    """Tracks whether `monitor` improved: by more than `min_delta`, downwards ("min") or upwards ("max").

        min: improved = current + min_delta < best        (best is None at first: always improved)
        max: improved = current - min_delta > best

    `mode="auto"` minimizes `loss`, and a compiled metric in its direction, as Keras 3 decides: an accuracy is
    maximized, an error (`mae`) or a cross-entropy minimized. Keras 2.2's name of a compiled metric (`val_acc`)
    counts as that metric; any other name needs a `mode`.

    Args:
        monitor: the logged key, e.g. "val_loss" (default) or "loss".
        mode: "auto" (default), "min" or "max".
        min_delta: the smallest change that counts as an improvement (its absolute value is used).
    """

    def __init__(self, monitor: str = "val_loss", mode: str = "auto", min_delta: float = 0) -> None:
        super().__init__()
        if mode not in _MODES:
            raise unknown_name("mode", mode, _MODES)
        self.monitor = monitor
        self.mode = mode
        self.min_delta = abs(check_real("min_delta", min_delta))
        self.best: float | None = None
        self._minimize: bool | None = None

    def _direction(self) -> bool:
        """True to minimize, decided on first use (the model's metrics are known by then)."""
        if self.mode != "auto":
            return self.mode == "min"
        name = self.monitor.removeprefix("val_")
        if name == "loss":
            return True
        for metric in getattr(self.model, "metrics", []):
            if name in (metric.name, keras_2_2_name(metric.name)):
                return metric.direction == "down"
        raise ValueError(f"{type(self).__name__} received monitor={self.monitor!r} and cannot tell whether "
                         "it should be minimized or maximized: pass mode='min' or mode='max'.")

    def _is_improvement(self, current: float, reference: float | None) -> bool:
        if self._minimize is None:
            self._minimize = self._direction()
        if reference is None:
            return True
        if self._minimize:
            return current + self.min_delta < reference
        return current - self.min_delta > reference

    def _monitored(self, logs: dict | None, what: str) -> float | None:
        """`logs[monitor]`, or None with a warning naming the keys that are available."""
        current = (logs or {}).get(self.monitor)
        if current is None:
            warnings.warn(f"{what} is conditioned on metric `{self.monitor}` which is not available. "
                          f"Available metrics are: {','.join(logs or {})}.", stacklevel=3)
        return current
