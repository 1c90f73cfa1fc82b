"""`python -m minigrad study --grade` of a class, one submission at a time against `--jobs N`.

    python -m benchmarks.study_grade [--submissions 20] [--jobs 2] [--repeats 3]

The submissions are copies of a course with every exercise, submission k with its first k * 36 / n exercises'
solutions put back (from none to nearly all). Each repeat times the serial run and then the parallel one (the same
seed, so the same hidden cases) and prints the median wall times and their ratio. Not part of `python -m benchmarks`:
one repeat takes about a minute.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.harness import machine
from minigrad.study.exercise_copy import restore_copy, write_exercise_copy
from minigrad.study.registry import EXERCISES


def submissions(folder: Path, count: int) -> list[Path]:
    """`count` submissions in `folder`, from a blank course to one with all but its last exercises solved."""
    course = folder / "course"
    write_exercise_copy(course, list(EXERCISES))
    made = []
    for k in range(count):
        made.append(folder / f"student_{k:03}")
        shutil.copytree(course, made[-1])
        solved = {e.id for e in EXERCISES[:k * len(EXERCISES) // count]}
        if solved:
            restore_copy(made[-1], solved)
    return made


def grade_seconds(folders: list[Path], jobs: int, out: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "minigrad", "study", "--grade", *map(str, folders), "--json", str(out),
                    "--jobs", str(jobs), "--seed", "1", "--quiet"], check=True, capture_output=True)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.study_grade", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--submissions", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    if min(args.submissions, args.jobs, args.repeats) < 1:
        parser.error("--submissions, --jobs and --repeats take positive integers.")
    times: dict[int, list[float]] = {1: [], args.jobs: []}
    with tempfile.TemporaryDirectory() as tmp:
        folders = submissions(Path(tmp), args.submissions)
        for _ in range(args.repeats):
            for jobs in times:
                times[jobs].append(grade_seconds(folders, jobs, Path(tmp) / f"grades_{jobs}.json"))
    serial = statistics.median(times[1])
    print(f"Machine: {machine()}.\n\n### --grade of {args.submissions} submissions ({len(EXERCISES)} exercises), "
          f"{args.repeats} repeat(s)\n\n| --jobs | median | per submission | runs | ratio to serial |\n"
          "|---|---|---|---|---|")
    for jobs, runs in times.items():
        median = statistics.median(runs)
        print(f"| {jobs} | {median:.1f} s | {median / args.submissions:.2f} s | "
              f"{', '.join(f'{run:.1f}' for run in runs)} | {median / serial:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
