"""EXERCISES.md: per exercise its goal, where to write, the formula and the command that checks it."""
from __future__ import annotations

import re

from minigrad.study.exercise import Exercise
from minigrad.study.markers import find_blocks, lines_of
from minigrad.study.registry import MILESTONES


def locations(sources: dict[str, str]) -> dict[str, str]:
    """Where each exercise's blocks are in `sources` ({path: text}): "`minigrad/losses.py`: `Huber.derivative`"."""
    places: dict[str, dict[str, list[str]]] = {}
    for path, text in sources.items():
        for block in find_blocks(text, path):
            functions = places.setdefault(block.id, {}).setdefault(path, [])
            name = f"`{enclosing(lines_of(text), block.begin)}`"
            if name not in functions:
                functions.append(name)
    return {exercise_id: "; ".join(f"`{path}`: {', '.join(names)}" for path, names in paths.items())
            for exercise_id, paths in places.items()}


def enclosing(lines: list[str], number: int) -> str:
    """The dotted name of the function (and class) around line `number`."""
    names, indent = [], len(lines[number]) - len(lines[number].lstrip())
    for line in reversed(lines[:number]):
        match = re.match(r"^(\s*)(?:async\s+)?(?:def|class)\s+(\w+)", line)
        if match and len(match[1]) < indent:
            names.append(match[2])
            indent = len(match[1])
    return ".".join(reversed(names))


def exercises_markdown(exercises: list[Exercise], sources: dict[str, str]) -> str:
    """The text of EXERCISES.md for `exercises`, whose blocks are in `sources` ({path: text}), by milestone."""
    where = locations(sources)
    parts = ["# Exercises\n\nFirst install the course with what its checks need (pytest): `pip install -e "
             "\".[study]\"`. Work in order, from this folder, one milestone after the other: each ends with your "
             "code training a real model. In each exercise some lines of minigrad were replaced by "
             "`raise NotImplementedError(...)`, between the comments `# exercise: <id>` and `# end exercise`: "
             "replace that line by your code (the docstring around it gives the rule) until the exercise's tests "
             "pass. `python -m minigrad study --check .` says which exercises are done, `--next .` what to do next "
             "and `--hint ID` gives one more hint each time. Update arrays in place (`theta -= lr * g`, "
             "`m[...] = ...`): `theta = theta - lr * g` makes a new array that the model never sees. Keep the two "
             "comment lines: they let your teacher put a solution back.\n"]
    chosen = {e.id: e for e in exercises}
    number = 0
    for milestone in MILESTONES:
        mine = [chosen[i] for i in milestone.exercises if i in chosen]
        if not mine:
            continue
        parts.append(f"\n# {milestone.heading}\n")
        for e in mine:
            number += 1
            needs = f"\nNeeds: {', '.join(e.requires)} (its tests run that code too).\n" if e.requires else ""
            parts.append(f"\n## {number}. `{e.id}` ({e.group})\n\nGoal: {e.task}.\n\n"
                         f"Where: {where.get(e.id, '(not marked in this version)')}\n\n"
                         f"Formula:\n\n```python\n{e.in_place_formula}\n```\n\n"
                         f"Check:\n\n```bash\npython -m pytest -q {' '.join(e.tests)}\n```\n{needs}")
        if milestone.trains:
            parts.append(f"\n## It trains\n\n```bash\npython -m pytest -q {milestone.trains}\n{milestone.run}\n```\n")
        if milestone.questions:
            parts.append("\n## Run and explain\n\n" + "".join(f"- {q}\n" for q in milestone.questions))
    return "".join(parts)
