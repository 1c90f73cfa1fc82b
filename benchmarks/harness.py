"""Timing machinery shared by every benchmark: interleaved repetitions, median, spread, a Markdown table.

A benchmark compares candidates (minigrad, a bare NumPy loop, a peer framework) on the same work.
Each candidate is a `prepare()` function that builds everything untimed (model, data, optimizer)
and returns the zero-argument function to time. `measure` runs the candidates interleaved, one
after the other in every repetition (rotating who goes first), so a slow moment of the machine
hits them all alike instead of favouring whoever ran in a quiet spell. Besides the wall-clock
time it records the process CPU time, which other programs running on the machine disturb less
(for a multi-threaded peer it adds up the time of all its threads).
"""
from __future__ import annotations

import gc
import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

TABLE_HEADER = "| candidate | median | spread (min to max) | ratio | CPU time | CPU ratio |"


class Skip(Exception):
    """Raised when a benchmark or candidate cannot run here (a peer is not installed); the message says why."""


@dataclass(frozen=True)
class Settings:
    """How hard to measure: `quick` shrinks the work (fewer epochs) for a smoke run; `repeats` timed runs each;
    `quiet` draws no progress line on stderr."""

    quick: bool = False
    repeats: int = 7
    quiet: bool = False


@dataclass
class Candidate:
    """One contender: `prepare()` builds it (untimed) and returns the function whose call is timed."""

    name: str
    prepare: Callable[[], Callable[[], Any]]


class Timings(dict):
    """`{candidate: [wall seconds per run]}`, with the matching process CPU seconds in `cpu`."""

    def __init__(self, wall: dict[str, list[float]], cpu: dict[str, list[float]]) -> None:
        super().__init__(wall)
        self.cpu = cpu

    def scaled(self, factor: float) -> Timings:
        """Every time multiplied by `factor` (e.g. `1 / steps` for a time per step)."""
        return Timings({k: [t * factor for t in v] for k, v in self.items()},
                       {k: [t * factor for t in v] for k, v in self.cpu.items()})


@dataclass
class Result:
    """The timings of one benchmark and how to print them.

    `ratio` in the table is `median(candidate) / median(reference)`: 2.0 means twice as slow as the
    reference; `CPU ratio` is the same for the process CPU time.
    """

    title: str
    reference: str
    timings: Timings
    notes: list[str] = field(default_factory=list)

    def markdown(self) -> str:
        wall, cpu = self.timings, self.timings.cpu
        reference, cpu_reference = statistics.median(wall[self.reference]), statistics.median(cpu[self.reference])
        lines = [f"### {self.title}", "", TABLE_HEADER, "|---|---:|---:|---:|---:|---:|"]
        for name, times in wall.items():
            median, cpu_median = statistics.median(times), statistics.median(cpu[name])
            lines.append(f"| {name} | {format_seconds(median)} | {format_seconds(min(times))} to "
                         f"{format_seconds(max(times))} | {median / reference:.2f}x | "
                         f"{format_seconds(cpu_median)} | {cpu_median / cpu_reference:.2f}x |")
        runs = {len(times) for times in wall.values()}
        lines += ["", f"- median and spread: wall-clock time; ratio: median / median of *{self.reference}*; "
                      "CPU time: median process CPU time (all threads); "
                      f"{'/'.join(map(str, sorted(runs)))} timed runs each, interleaved."]
        lines += [f"- {note}" for note in self.notes]
        return "\n".join(lines)


def measure(candidates: list[Candidate], repeats: int, warmup: int = 1, quiet: bool = False) -> Timings:
    """Times each candidate `repeats` times, interleaved, after `warmup` untimed runs; seconds per run.

    On a terminal, and unless `quiet`, a progress line on stderr counts the runs.
    """
    from minigrad._progress import Progress  # here: importing minigrad imports NumPy (see `machine`)

    names = [candidate.name for candidate in candidates]
    timings = Timings({name: [] for name in names}, {name: [] for name in names})
    with Progress("measuring", total=len(candidates) * (warmup + repeats), quiet=quiet) as progress:
        for candidate in candidates:
            for _ in range(warmup):
                candidate.prepare()()
                progress.advance(f"{candidate.name} (warm-up)")
        for repeat in range(repeats):
            shift = repeat % len(candidates)
            for candidate in candidates[shift:] + candidates[:shift]:
                run = candidate.prepare()
                gc.collect()
                start, cpu_start = time.perf_counter(), time.process_time()
                run()
                timings[candidate.name].append(time.perf_counter() - start)
                timings.cpu[candidate.name].append(time.process_time() - cpu_start)
                progress.advance(candidate.name)
    return timings


def available(candidates: list[Callable[[Settings], Candidate]],
              settings: Settings) -> tuple[list[Candidate], list[str]]:
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
    """One line naming the CPU, its cores, Python, NumPy and the BLAS NumPy uses.

    NumPy is imported here rather than at the top so that `--threads` can still set its BLAS threads.
    """
    import numpy as np

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
