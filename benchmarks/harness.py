"""Timing machinery shared by every benchmark: interleaved repetitions, median, spread, a Markdown table.

A benchmark compares candidates (minigrad, a bare NumPy loop, a peer framework) on the same work.
Each candidate is a `prepare()` function that builds everything untimed (model, data, optimizer)
and returns the zero-argument function to time. `measure` runs the candidates interleaved, one
after the other in every repetition (rotating who goes first), so a slow moment of the machine
hits them all alike instead of favouring whoever ran in a quiet spell.
"""
from __future__ import annotations

import gc
import os
import platform
import statistics
import time
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np


class Skip(Exception):
    """Raised when a benchmark or candidate cannot run here (a peer is not installed); the message says why."""


@dataclass(frozen=True)
class Settings:
    """How hard to measure: `quick` shrinks the work (fewer epochs) for a smoke run; `repeats` timed runs each."""

    quick: bool = False
    repeats: int = 7


@dataclass
class Candidate:
    """One contender: `prepare()` builds it (untimed) and returns the function whose call is timed."""

    name: str
    prepare: Callable[[], Callable[[], Any]]


@dataclass
class Result:
    """The timings of one benchmark and how to print them.

    `ratio` in the table is `median(candidate) / median(reference)`: 2.0 means twice as slow as the reference.
    """

    title: str
    reference: str
    timings: dict[str, list[float]]
    notes: list[str] = field(default_factory=list)

    def markdown(self) -> str:
        reference = statistics.median(self.timings[self.reference])
        lines = [f"### {self.title}", "",
                 "| candidate | median | spread (min to max) | ratio |",
                 "|---|---:|---:|---:|"]
        for name, times in self.timings.items():
            median = statistics.median(times)
            lines.append(f"| {name} | {format_seconds(median)} | {format_seconds(min(times))} to "
                         f"{format_seconds(max(times))} | {median / reference:.2f}x |")
        runs = {len(times) for times in self.timings.values()}
        lines += ["", f"- ratio: median time / median time of *{self.reference}*; "
                      f"{'/'.join(map(str, sorted(runs)))} timed runs each, interleaved."]
        lines += [f"- {note}" for note in self.notes]
        return "\n".join(lines)


def measure(candidates: list[Candidate], repeats: int, warmup: int = 1) -> dict[str, list[float]]:
    """Times each candidate `repeats` times, interleaved, after `warmup` untimed runs; seconds per run.

    A candidate whose `prepare` raises `Skip` is left out (the caller reports why).
    """
    timings: dict[str, list[float]] = {candidate.name: [] for candidate in candidates}
    for candidate in candidates:
        for _ in range(warmup):
            candidate.prepare()()
    for repeat in range(repeats):
        shift = repeat % len(candidates)
        for candidate in candidates[shift:] + candidates[:shift]:
            run = candidate.prepare()
            gc.collect()
            start = time.perf_counter()
            run()
            timings[candidate.name].append(time.perf_counter() - start)
    return timings


def available(candidates: list[Callable[[Settings], Candidate]], settings: Settings) -> tuple[list[Candidate], list[str]]:
    """Builds each candidate factory; those that raise `Skip` become one-line notes instead."""
    built, notes = [], []
    for factory in candidates:
        try:
            built.append(factory(settings))
        except Skip as reason:
            notes.append(f"Skipped: {reason}")
    return built, notes


def format_seconds(seconds: float) -> str:
    """`1.23 s`, `45.6 ms` or `789 us`: three significant digits in the natural unit."""
    unit, scale = ("s", 1.0) if seconds >= 1 else ("ms", 1e-3) if seconds >= 1e-3 else ("us", 1e-6)
    value = seconds / scale
    return f"{value:.3g} {unit}" if value < 100 else f"{value:.0f} {unit}"


def machine() -> str:
    """One line naming the CPU, its cores, Python, NumPy and the BLAS NumPy uses."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]["name"]
    except (KeyError, TypeError):
        blas = "unknown BLAS"
    return (f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"NumPy {np.__version__} ({blas})")
