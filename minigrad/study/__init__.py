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

    python -m minigrad study --out DIR [--only losses,adam]   # teacher: the copy, DIR/EXERCISES.md
    python -m minigrad study --check DIR                       # student: done or not yet, per exercise
    python -m minigrad study --restore DIR [--only adam]       # teacher: put solutions back
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from minigrad.study.check import check
from minigrad.study.exercise_copy import restore_copy, select, write_exercise_copy
from minigrad.study.registry import EXERCISES


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """`--out DIR`, `--check DIR` or `--restore DIR`, and `--only NAMES`."""
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--out", type=Path, metavar="DIR", help="write the exercise copy and DIR/EXERCISES.md")
    action.add_argument("--check", type=Path, metavar="DIR", help="run each exercise's tests in DIR")
    action.add_argument("--restore", type=Path, metavar="DIR", help="put the original solutions back into DIR")
    groups = ", ".join(dict.fromkeys(e.group for e in EXERCISES))
    parser.add_argument("--only", metavar="NAMES", help=f"comma-separated groups ({groups}) or exercise ids")


def run(args: argparse.Namespace) -> int:
    """Writes, checks or restores an exercise copy; 0 on success, 1 if `--check` finds work left, 2 on errors."""
    try:
        if args.check:
            return check(args.check, args.only)
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
