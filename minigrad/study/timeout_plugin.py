"""The pytest plugin `--check` runs with: each test gets `MINIGRAD_TEST_TIMEOUT` seconds, then fails as timed out.

The alarm interrupts Python code (the loops a student writes); it needs SIGALRM (Linux and macOS).
"""
from __future__ import annotations

import os
import signal
from collections.abc import Iterator

import pytest

from minigrad.study.check import ENVIRONMENT_VARIABLE


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    seconds = float(os.environ.get(ENVIRONMENT_VARIABLE, "0"))
    if not seconds or not hasattr(signal, "SIGALRM"):
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise TimeoutError(f"timed out after {seconds:g} s (an endless loop?)")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
