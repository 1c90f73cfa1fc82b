"""Progress of the long commands (`explore`, `reproduce --seeds N`): one line on stderr, redrawn in place.

The line says what is being computed, how far it is and an estimate of the time left:

    explore: f(x) = 2x + 5, Adam   [===========>........]  9/16  ETA 6 s

It is drawn only on a terminal (a log file or a pipe gets nothing) and never with `quiet=True`.
"""
from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import TextIO


class Progress:
    """A progress line for `total` steps of work, used as a context manager.

    Args:
        label: what the command is doing, e.g. `"explore"`.
        total: the number of steps, a positive int.
        quiet: draw nothing.
        stream: where to draw; default `sys.stderr`, and only if it is a terminal.

    Example:
    >>> import io
    >>> with Progress("sweep", total=3, stream=io.StringIO()) as progress:  # not a terminal: silent
    ...     for step in range(3):
    ...         progress.advance(f"rate {step}")
    >>> progress.done
    3
    """

    width = 20
    interval = 0.1

    def __init__(self, label: str, total: int, quiet: bool = False, stream: TextIO | None = None) -> None:
        if isinstance(total, bool) or not isinstance(total, int) or total < 1:
            raise ValueError(f"`total` must be a positive int. Received: total={total!r}")
        self.label, self.total, self.done = label, total, 0
        self.stream = sys.stderr if stream is None else stream
        self.shown = not quiet and self.stream.isatty()
        self.start = self.last_draw = time.perf_counter()
        self.line_length = 0

    def advance(self, detail: str = "", steps: int = 1) -> None:
        """Marks `steps` more steps done; `detail` names what was just computed."""
        self.done = min(self.total, self.done + steps)
        now = time.perf_counter()
        if self.shown and (now - self.last_draw >= self.interval or self.done == self.total):
            self.last_draw = now
            self._draw(detail, now - self.start)

    def _draw(self, detail: str, elapsed: float) -> None:
        filled = self.width * self.done // self.total
        bar = "=" * filled + (">" if filled < self.width else "") + "." * max(0, self.width - filled - 1)
        left = elapsed / max(self.done, 1) * (self.total - self.done)
        eta = f"ETA {left:.0f} s" if self.done < self.total else f"{elapsed:.1f} s"
        line = f"{self.label}: {detail:<28.28} [{bar}] {self.done:>{len(str(self.total))}}/{self.total}  {eta}"
        self.stream.write("\r" + line.ljust(self.line_length))
        self.stream.flush()
        self.line_length = len(line)

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if self.shown and self.line_length:
            self.stream.write("\n")
            self.stream.flush()
