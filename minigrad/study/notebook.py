"""In a notebook, `%load_ext minigrad.study` makes a cell that runs an unfinished exercise say what it needs.

Instead of a traceback, the cell's output is one line on stderr, `needs: adam (python -m minigrad study --next .)`,
and the cell still counts as failed (Run All stops there); any other error keeps its traceback.
"""
from __future__ import annotations

import re
import sys
from types import TracebackType
from typing import Any

EXERCISE = re.compile(r"Exercise (\w+):")


def unfinished_exercises(error: BaseException) -> list[str]:
    """The study exercise ids an exercise copy's NotImplementedError names ("Exercise adam: ...")."""
    return EXERCISE.findall(str(error)) or [str(error) or "an unfinished function"]


def load_ipython_extension(ipython: Any) -> None:
    """Called by `%load_ext minigrad.study`: installs the "needs: ..." handler for NotImplementedError."""
    ipython.set_custom_exc((NotImplementedError,), _say_what_it_needs)


def _say_what_it_needs(shell: Any, kind: type, error: BaseException, traceback: TracebackType,
                       tb_offset: int | None = None) -> None:
    if EXERCISE.search(str(error)):
        print(f"needs: {', '.join(unfinished_exercises(error))} (python -m minigrad study --next .)", file=sys.stderr)
    else:
        shell.showtraceback((kind, error, traceback), tb_offset=tb_offset)
