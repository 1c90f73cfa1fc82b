"""The tf.keras 2 progress output that the article prints (`verbose=1` bar, `verbose=2` line)."""
from __future__ import annotations

import sys
import time

from minigrad.callbacks.base import Callback


def format_value(value: float, verbose: int = 1) -> str:
    """`f"{v:.4f}"` if `abs(v) > 1e-3` (verbose 1; `v > 1e-3` for verbose 2), else `f"{v:.4e}"`.

    Example:
    >>> format_value(68.63468), format_value(0.0)
    ('68.6347', '0.0000e+00')
    """
    big = abs(value) > 1e-3 if verbose == 1 else value > 1e-3
    return f"{value:.4f}" if big else f"{value:.4e}"


def format_time_per_step(seconds: float) -> str:
    """`25ms/step`, `3s/step` or `250us/step`, as Keras prints it."""
    if seconds >= 1 or seconds == 0:
        return f"{seconds:.0f}s/step"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.0f}ms/step"
    return f"{seconds * 1e6:.0f}us/step"


def bar(current: int, target: int, width: int = 30) -> str:
    """`3/10 [========>.....................]`: the step count and a bar of `width` characters.

    Example:
    >>> bar(4, 4, width=8)
    '4/4 [========]'
    """
    done = int(width * current / target)
    arrow = "=" * (done - 1) + (">" if current < target else "=") if done > 0 else ""
    return f"{current:{len(str(target))}d}/{target} [{arrow}{'.' * (width - done)}]"


def final_line(steps: int, elapsed: float, per_step: float, logs: dict | None, verbose: int) -> str:
    """The line tf.keras 2 prints when an epoch, an `evaluate` or a `predict` ends (`logs` None: no values):

        verbose=1   `3/3 [==============================] - 0s 25ms/step - loss: 68.6347 - mae: 73.1572`
        verbose=2   `3/3 - 0s - loss: 68.6347 - mae: 73.1572 - 75ms/epoch - 25ms/step`

    Example:
    >>> final_line(4, 0.2, 0.05, None, verbose=2)
    '4/4 - 0s - 200ms/epoch - 50ms/step'
    """
    values = "".join(f" - {key}: {format_value(v, verbose)}" for key, v in (logs or {}).items())
    if verbose == 1:
        return f"{bar(steps, steps)} - {elapsed:.0f}s {format_time_per_step(per_step)}{values}"
    return (f"{steps}/{steps} - {elapsed:.0f}s{values} - "
            f"{format_time_per_step(elapsed).replace('step', 'epoch')} - {format_time_per_step(per_step)}")


class ProgbarLogger(Callback):
    """Prints `Epoch i/E` and, at the end of each epoch, the tf.keras 2 line:

    `3/3 [==============================] - 0s 25ms/step - loss: 68.6347 - mae: 73.1572`

    With `verbose=2`: `3/3 - 0s - loss: 68.6347 - mae: 73.1572 - 75ms/epoch - 25ms/step`.
    On a terminal, `verbose=1` also redraws the bar during the epoch (at most every 0.05 s).
    """

    width = 30

    def __init__(self, verbose: int = 1, stream=None) -> None:
        super().__init__()
        self.verbose = verbose
        self.stream = stream
        self._first_step_end: float | None = None

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self._out = self.stream or sys.stdout
        self._dynamic = self.verbose == 1 and self._out.isatty()
        if self.params["epochs"] > 1:
            print(f"Epoch {epoch + 1}/{self.params['epochs']}", file=self._out)
        self._start = self._last_draw = time.perf_counter()
        self._first_step_end = None

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        now = time.perf_counter()
        if batch == 0:
            self._first_step_end = now
        if self._dynamic and now - self._last_draw >= 0.05:
            self._last_draw = now
            eta = (now - self._start) / (batch + 1) * (self.params["steps"] - batch - 1)
            values = "".join(f" - {key}: {format_value(v)}" for key, v in (logs or {}).items())
            line = f"{bar(batch + 1, self.params['steps'], self.width)} - ETA: {eta:.0f}s{values}"
            print("\r" + line, end="", file=self._out, flush=True)

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        steps = self.params["steps"]
        elapsed = time.perf_counter() - self._start
        if steps > 1 and self._first_step_end is not None:
            per_step = (time.perf_counter() - self._first_step_end) / (steps - 1)
        else:
            per_step = elapsed / steps
        line = final_line(steps, elapsed, per_step, logs, self.verbose)
        print(("\r" if self._dynamic else "") + line, file=self._out)  # only verbose=1 redraws (`_dynamic`)
