"""`Exercise`: one entry of study mode's registry (`minigrad.study.registry.EXERCISES`)."""
from __future__ import annotations

from typing import NamedTuple


class Exercise(NamedTuple):
    """One exercise.

    Attributes:
        id: the id in its markers (`# exercise: <id>`); one exercise may mark several blocks.
        group: what `--only` also accepts: `losses`, `activations`, `layers`, `optimizers`, `legacy`,
            `pytorch`, `schedules` or `fit`.
        task: one line, said by the NotImplementedError and EXERCISES.md.
        formula: the rule to implement, as Python.
        tests: the pytest node ids that check it, the most telling first.
        requires: exercises whose code these tests also run (Dense's backward pass needs the forward pass).
    """

    id: str
    group: str
    task: str
    formula: str
    tests: tuple[str, ...]
    requires: tuple[str, ...] = ()


class Milestone(NamedTuple):
    """A step of the course that ends with something that trains, and questions to answer from a figure.

    Attributes:
        id: `"1"` to `"4"`, or `"bonus"`.
        title: what the student can run once it is done.
        exercises: its exercise ids, in order.
        trains: the test that runs the student's code through a real fit against a golden trajectory.
        run: the command that shows the milestone's result (the article's figures from the student's code).
        questions: "run and explain" questions, each answerable from a figure of `run`.
    """

    id: str
    title: str
    exercises: tuple[str, ...]
    trains: str | None
    run: str | None
    questions: tuple[str, ...]


def tests_in(file: str, *names: str) -> tuple[str, ...]:
    """The node ids `tests/<file>::<name>` of `names`."""
    return tuple(f"tests/{file}::{name}" for name in names)
