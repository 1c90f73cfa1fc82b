"""`--hint ID`: hints for one exercise, revealed one at a time; the course folder remembers how many were shown."""
from __future__ import annotations

import json
from pathlib import Path

from minigrad.study.exercise_copy import MANIFEST, marked_sources, select
from minigrad.study.handout import locations

STATE = ".study_hints.json"


def hints_for(exercise_id: str, course: Path) -> list[str]:
    """Where to write, then the formula in the form the code needs, then the test whose message to read."""
    exercise = select(exercise_id)[0]
    where = locations(marked_sources(course)).get(exercise_id, "(not marked in this copy)")
    return [f"Where: {where}. The docstring around it states the rule in words and symbols.",
            f"The rule, in the form the code needs (update arrays in place: `theta -= ...`, `m[...] = ...`):\n"
            f"{exercise.in_place_formula}",
            f"Run the most telling test and read its message (expected and actual values):\n"
            f"python -m pytest -q {exercise.tests[0]}"]


def hint(course: Path, exercise_id: str) -> int:
    """Prints the next hint for `exercise_id` and remembers it in `course`; 0, or 1 when none is left."""
    if not (course / MANIFEST).is_file():
        raise FileNotFoundError(f"`--hint` runs inside a course written by `--out` (with {MANIFEST}). "
                                f"Received: --course {course}")
    hints = hints_for(exercise_id, course)
    state_file = course / STATE
    shown = json.loads(state_file.read_text()) if state_file.is_file() else {}
    count = shown.get(exercise_id, 0)
    if count >= len(hints):
        print(f"No more hints for {exercise_id}: all {len(hints)} were shown. Ask your teacher.")
        return 1
    shown[exercise_id] = count + 1
    state_file.write_text(json.dumps(shown, indent=1) + "\n")
    print(f"Hint {count + 1} of {len(hints)} for {exercise_id}:\n{hints[count]}")
    return 0
