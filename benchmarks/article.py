"""Benchmark 3: the whole article reproduction, E1 to E10 with one seed and no plotting.

It times `minigrad.article.run_experiments(seed=0)`, the function behind
`python -m minigrad reproduce` without the figures: eleven fits (E5 also runs the schedule the
author meant), about 12,000 SGD and Adam updates in all. Target: under one second.
"""
from __future__ import annotations

import statistics

from benchmarks.harness import Candidate, Result, Settings, Skip, format_seconds, measure

TITLE = "The article reproduction: E1 to E10, one seed, no plotting"


def selection(settings: Settings) -> list[str] | None:
    return ["E1", "E2"] if settings.quick else None


def run(settings: Settings) -> Result:
    try:
        from minigrad.article import run_experiments
    except ImportError as error:
        raise Skip(f"the reproduction module `minigrad.article` cannot be imported ({error}).") from None
    only = selection(settings)
    per_experiment: dict[str, list[float]] = {}

    def prepare():
        def reproduce() -> None:
            for name, result in run_experiments(only=only, seed=0).items():
                per_experiment.setdefault(name, []).append(result.seconds)

        return reproduce

    timings = measure([Candidate("minigrad run_experiments(seed=0)", prepare)], settings.repeats, quiet=settings.quiet)
    split = ", ".join(f"{name} {format_seconds(statistics.median(times))}" for name, times in per_experiment.items())
    notes = [f"Experiments: {', '.join(only) if only else 'all'}. Target: under 1 s.",
             f"Median time per experiment: {split}."]
    return Result(TITLE, "minigrad run_experiments(seed=0)", timings, notes)
