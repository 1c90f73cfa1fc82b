"""`Exercise`: one entry of study mode's registry (`minigrad.study.registry.EXERCISES`)."""
from __future__ import annotations

import ast
import inspect
import pkgutil
import re
import textwrap
from typing import NamedTuple


class Exercise(NamedTuple):
    """One exercise.

    Attributes:
        id: the id in its markers (`# exercise: <id>`); one exercise may mark several blocks.
        group: what `--only` also accepts besides ids (`losses`, `optimizers`, ...).
        task: one line, said by the NotImplementedError and EXERCISES.md.
        source: `module:qualified.name` of the class or function whose docstring states the formula.
        tests: the pytest node ids that check it, the most telling first.
        requires: exercises whose code these tests also run (Dense's backward pass needs the forward pass).
    """

    id: str
    group: str
    task: str
    source: str
    tests: tuple[str, ...]
    requires: tuple[str, ...] = ()

    @property
    def formula(self) -> str:
        """The first indented block of `source`'s docstring: the rule to implement."""
        return formula_block(raw_docstring(pkgutil.resolve_name(self.source)), self.source)

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


def raw_docstring(documented_object: object) -> str:
    """The docstring as written in the source, indentation included (Python 3.13 strips it from `__doc__`)."""
    node = ast.parse(textwrap.dedent(inspect.getsource(documented_object))).body[0]
    return ast.get_docstring(node, clean=False) or ""


def formula_block(docstring: str, where: str = "<docstring>") -> str:
    """The first block of a docstring indented deeper than its text (whose margin is that of the closing quotes'
    line, if blank): the formula, dedented."""
    first, *rest = docstring.expandtabs().splitlines() or [""]
    margin = len(rest[-1]) if rest and not rest[-1].strip() else min(
        (len(line) - len(line.lstrip()) for line in rest if line.strip()), default=0)
    lines = [first.strip(), *(line[margin:] for line in rest)]
    start = next((i for i, line in enumerate(lines) if line.startswith("    ") and not lines[i - 1].strip()), None)
    if start is None:
        raise ValueError(f"{where}: the docstring has no indented formula block.")
    block = []
    for line in lines[start:]:
        if line.strip() and not line.startswith("    "):
            break
        block.append(line[4:])
    return "\n".join(block).rstrip()


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

