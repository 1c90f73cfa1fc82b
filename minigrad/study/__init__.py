"""Study mode: an exercise copy of minigrad that a student completes until the tests pass.

The marker convention. In minigrad's source, the lines a student should write sit between two
comment lines with the same indentation:

    # exercise: <id>
    <solution lines: at least one; every non-blank one indented at least as far as the markers>
    # end exercise

`<id>` (lowercase letters, digits and `_`) names an exercise of `minigrad.study.registry.EXERCISES`.
An exercise may mark several blocks (a loss's value and its derivative); blocks do not nest; marker
lines inside strings do not count. The exercise copy keeps both marker lines and replaces the lines
between them with one line at the markers' indentation,
`raise NotImplementedError("Exercise <id>: <task>; see the docstring and tests/<file>::<test>")`,
so the student sees where to write and the original can be put back byte for byte (`--restore`).
The exercises come in milestones (`registry.MILESTONES`), each ending with a fit that must follow
real Keras's trajectory.

    python -m minigrad study --out DIR [--only losses,adam]   # teacher: the copy, DIR/EXERCISES.md
    python -m minigrad study --check DIR [--json]              # student: done or not yet, per milestone
    python -m minigrad study --next DIR                        # student: the next exercise: file, line, command
    python -m minigrad study --hint ID [--course DIR]          # student: one more hint for an exercise
    python -m minigrad study --restore DIR [--only adam]       # teacher: put solutions back
    python -m minigrad study --grade DIR... --csv OUT [--json OUT] [--jobs N] [--seed N] [--only ...]
                                                               # teacher: grade from the teacher's files only

The student's commands run pytest: a course is installed with `pip install -e ".[study]"`. `--grade` takes from
each submission only the text of its exercise blocks (`minigrad.study.grading`) and also compares every exercise
with the teacher's solution on hidden cases drawn from `--seed` (`minigrad.study.hidden`); give it the `--only`
the course was written with.

In a notebook, `%load_ext minigrad.study` turns the traceback of a cell that needs an unfinished exercise into
one line naming it (`minigrad.study.notebook`).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from minigrad.study.check import TIMEOUT, check, next_exercise
from minigrad.study.exercise_copy import restore_copy, select, write_exercise_copy
from minigrad.study.grading import grade
from minigrad.study.hints import hint
from minigrad.study.notebook import load_ipython_extension
from minigrad.study.registry import EXERCISES

__all__ = ["add_arguments", "load_ipython_extension", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """One action (`--out`, `--check`, `--next`, `--hint`, `--restore`, `--grade`) and its options."""
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--out", type=Path, metavar="DIR", help="write the exercise copy and DIR/EXERCISES.md")
    action.add_argument("--check", type=Path, metavar="DIR", help="run each exercise's tests in DIR")
    action.add_argument("--next", type=Path, metavar="DIR", help="name the next exercise to do in DIR, at once")
    action.add_argument("--hint", metavar="ID", help="show the next hint for exercise ID (in --course, default .)")
    action.add_argument("--restore", type=Path, metavar="DIR", help="put the original solutions back into DIR")
    action.add_argument("--grade", type=Path, nargs="+", metavar="DIR",
                        help="grade these submissions into --csv and/or --json")
    groups = ", ".join(dict.fromkeys(e.group for e in EXERCISES))
    parser.add_argument("--only", metavar="NAMES", help=f"comma-separated groups ({groups}) or exercise ids")
    parser.add_argument("--json", nargs="?", const="-", metavar="OUT",
                        help="with --check: print JSON; with --grade: write the rows as JSON to OUT")
    parser.add_argument("--timeout", type=float, default=TIMEOUT,
                        help="seconds per test, and per exercise's hidden cases (default 60)")
    parser.add_argument("--tests-from", type=Path, metavar="DIR",
                        help="with --check: run the pristine tests of DIR (a checkout) against the course")
    parser.add_argument("--course", type=Path, default=Path("."), metavar="DIR", help="with --hint: the course")
    parser.add_argument("--csv", type=Path, metavar="OUT", help="with --grade: the table to write")
    parser.add_argument("--jobs", type=int, default=1, metavar="N", help="with --grade: submissions graded at once")
    parser.add_argument("--seed", type=int, metavar="N", help="with --grade: the hidden cases' seed (default: random)")
    parser.add_argument("--quiet", action="store_true", help="with --grade: no progress line")


def run(args: argparse.Namespace) -> int:
    """Runs the chosen action; 0 on success, 1 if work is left, 2 on errors."""
    try:
        if args.check:
            return check(args.check, args.only, args.json is not None, args.timeout, args.tests_from)
        if args.next:
            return next_exercise(args.next)
        if args.hint:
            return hint(args.course, select(args.hint)[0].id)
        if args.grade:
            if args.json == "-":
                raise ValueError("With `--grade`, `--json` names the file to write. Received: --json without OUT")
            return grade(args.grade, select(args.only), args.csv, None if args.json is None else Path(args.json),
                         args.timeout, args.jobs, args.seed, args.quiet)
        exercises = select(args.only)
        if args.restore:
            restore_copy(args.restore, None if args.only is None else {e.id for e in exercises})
            print(f"Put back the solutions of {len(exercises)} exercise(s) in {args.restore}.")
            return 0
        write_exercise_copy(args.out, exercises)
    except (ValueError, RuntimeError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"Wrote the exercise copy to {args.out} with {len(exercises)} exercise(s); "
          f"see {args.out / 'EXERCISES.md'}.")
    return 0
