"""`Exercise`: one entry of study mode's registry (`minigrad.study.registry.EXERCISES`)."""
from __future__ import annotations

import ast
import inspect
import pkgutil
import re
import textwrap
from typing import Any, NamedTuple


class Exercise(NamedTuple):
    """One exercise.

    Attributes:
        id: the id in its markers (`# exercise: <id>`); one exercise may mark several blocks.
        group: what `--only` also accepts besides ids (`losses`, `optimizers`, ...).
        task: one line, said by the NotImplementedError and EXERCISES.md.
        source: `module:qualified.name` of the class or function whose docstring states the formula.
        tests: the pytest node ids that check it, the most telling first.
        requires: exercises whose code these tests also run (Dense's backward pass needs the forward pass).
        formula_number: which indented block of `source`'s docstring is this exercise's formula (0: the first),
            when a docstring states several (SGD: without momentum, then with).
    """

    id: str
    group: str
    task: str
    source: str
    tests: tuple[str, ...]
    requires: tuple[str, ...] = ()
    formula_number: int = 0

    @property
    def formula(self) -> str:
        """The indented block `formula_number` of `source`'s docstring: exactly what the exercise's blocks compute."""
        return formula_block(raw_docstring(pkgutil.resolve_name(self.source)), self.source, self.formula_number)

    @property
    def in_place_formula(self) -> str:
        """`formula` with each `x = x - expr` written as the in-place update the code needs, `x -= expr`."""
        return "\n".join(map(in_place_form, self.formula.splitlines()))


class Milestone(NamedTuple):
    """A step of the course that ends with something that trains.

    Attributes:
        id: `"1"` to `"4"`, or `"bonus"`.
        title: what the student can run once it is done.
        exercises: its exercise ids, in order.
        trains: the test that runs the student's code through a real fit against a golden trajectory.
        run: the command that shows the milestone's result.
        questions: "run and explain" questions, each answerable from a figure of `run`.
    """

    id: str
    title: str
    exercises: tuple[str, ...]
    trains: str | None
    run: str | None
    questions: tuple[str, ...]

    @property
    def heading(self) -> str:
        """`Milestone 1: <title>`, or `Bonus track: <title>`."""
        return f"{'Bonus track' if self.id == 'bonus' else f'Milestone {self.id}'}: {self.title}"


def raw_docstring(documented_object: Any) -> str:
    """The docstring as written in the source, indentation included (Python 3.13 strips it from `__doc__`)."""
    node = ast.parse(textwrap.dedent(inspect.getsource(documented_object))).body[0]
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        raise TypeError(f"A formula is read from a class or function. Received: {documented_object!r}")
    return ast.get_docstring(node, clean=False) or ""


def formula_block(docstring: str, where: str = "<docstring>", number: int = 0) -> str:
    """Block `number` (0: the first) of the docstring's blocks indented deeper than its text (whose margin is that
    of the closing quotes' line, if blank), dedented: a formula. A block starts after a blank line and runs to the
    next line of text."""
    first, *rest = docstring.expandtabs().splitlines() or [""]
    margin = len(rest[-1]) if rest and not rest[-1].strip() else min(
        (len(line) - len(line.lstrip()) for line in rest if line.strip()), default=0)
    lines = [first.strip(), *(line[margin:] for line in rest)]
    blocks: list[list[str]] = []
    in_block = False
    for i, line in enumerate(lines):
        if line.strip() and not line.startswith("    "):
            in_block = False
        elif in_block:
            blocks[-1].append(line[4:])
        elif line.startswith("    ") and i and not lines[i - 1].strip():
            in_block = True
            blocks.append([line[4:]])
    if number >= len(blocks):
        raise ValueError(f"{where}: the docstring has no indented formula block number {number} "
                         f"(it has {len(blocks)}).")
    return "\n".join(blocks[number]).rstrip()


_UPDATE = re.compile(r"^(?P<indent>\s*)(?P<target>\w+) = (?P<value>[^#]*?)(?P<comment>\s+#.*)?$")
_OPERATORS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}


def in_place_form(line: str) -> str:
    """`line` as an in-place update if it reads `x = x <op> expr` with <op> applied to all of expr, else as is.

    Example:
    >>> in_place_form("theta = theta - lr * g"), in_place_form("theta = theta - a + b")
    ('theta -= lr * g', 'theta = theta - a + b')
    """
    match = _UPDATE.match(line)
    if match is None:
        return line
    try:
        value = ast.parse(match["value"], mode="eval").body
    except SyntaxError:
        return line
    if not (isinstance(value, ast.BinOp) and isinstance(value.left, ast.Name) and value.left.id == match["target"]
            and type(value.op) in _OPERATORS):
        return line
    return (f"{match['indent']}{match['target']} {_OPERATORS[type(value.op)]}= {ast.unparse(value.right)}"
            f"{match['comment'] or ''}")

