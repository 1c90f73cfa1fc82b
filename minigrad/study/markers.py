"""The exercise markers (see `minigrad.study`): find the marked blocks, blank them, put them back."""
from __future__ import annotations

import io
import json
import re
import tokenize
from typing import NamedTuple

from minigrad.study.exercise import Exercise

BEGIN = re.compile(r"^(?P<indent>[ \t]*)# exercise: (?P<id>[a-z0-9_]+)[ \t]*$")
END = re.compile(r"^(?P<indent>[ \t]*)# end exercise[ \t]*$")


def indentation(marker_line: str) -> str:
    """The indentation of a `# exercise: <id>` line."""
    match = BEGIN.match(marker_line)
    if match is None:
        raise ValueError(f"Not an exercise marker. Received: {marker_line!r}")
    return match["indent"]


class Block(NamedTuple):
    """A marked block: its exercise id and the line numbers (0-based) of its two markers."""

    id: str
    begin: int
    end: int


def lines_of(text: str) -> list[str]:
    """`text` split after each newline, as `tokenize` counts lines."""
    return io.StringIO(text).readlines()


def _comment_lines(text: str) -> tuple[set[int], int | None]:
    """The numbers (0-based) of the lines holding a comment, and the line from which `tokenize` failed
    (None if it read the whole text): a student's unfinished code must not stop `--restore`."""
    comments, line = set(), 0
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                comments.add(token.start[0] - 1)
            line = token.end[0]
    except (tokenize.TokenError, SyntaxError):
        return comments, line
    return comments, None


def find_blocks(text: str, where: str = "<text>") -> list[Block]:
    """The marked blocks of a file (marker-like lines inside strings do not count); ValueError naming `where` and
    the line if the markers break the rules."""
    blocks, open_block, lines = [], None, lines_of(text)
    comments, unreadable_from = _comment_lines(text)
    for number, line in enumerate(lines):
        if number not in comments and (unreadable_from is None or number < unreadable_from):
            continue
        begin, end = BEGIN.match(line), END.match(line)
        if begin and open_block is None:
            open_block = (begin["id"], number, begin["indent"])
        elif end and open_block is not None and end["indent"] == open_block[2] and number > open_block[1] + 1:
            outdented = [n for n in range(open_block[1] + 1, number)
                         if lines[n].strip() and not lines[n].startswith(open_block[2])]
            if outdented:
                raise ValueError(f"{where}:{outdented[0] + 1}: a line of exercise {open_block[0]!r} is indented "
                                 "less than its markers.")
            blocks.append(Block(open_block[0], open_block[1], number))
            open_block = None
        elif begin or end:
            raise ValueError(f"{where}:{number + 1}: unexpected marker {line.strip()!r}: markers pair as "
                             "'# exercise: <id>', solution lines, '# end exercise', at the same indentation.")
    if open_block is not None:
        raise ValueError(f"{where}:{open_block[1] + 1}: '# exercise: {open_block[0]}' has no '# end exercise'.")
    return blocks


def blank(text: str, exercises: dict[str, Exercise], where: str = "<text>") -> str:
    """`text` with the body of every block whose id is in `exercises` replaced by its NotImplementedError."""
    lines = lines_of(text)
    for block in reversed(find_blocks(text, where)):
        if block.id in exercises:
            exercise = exercises[block.id]
            indent = indentation(lines[block.begin])
            message = f"Exercise {exercise.id}: {exercise.task}; see the docstring and {exercise.tests[0]}"
            lines[block.begin + 1:block.end] = [f"{indent}raise NotImplementedError({json.dumps(message)})\n"]
    return "".join(lines)


def restore(text: str, solution: str, ids: set[str] | None = None, where: str = "<text>") -> str:
    """`text` with the body of each block (of `ids`, or all) taken from the same block of `solution`."""
    lines, solution_lines = lines_of(text), lines_of(solution)
    blocks, solved = find_blocks(text, where), find_blocks(solution, where)
    if [b.id for b in blocks] != [b.id for b in solved]:
        raise ValueError(f"{where}: the exercise markers differ from the original's, so the solution "
                         f"cannot be put back. Received: {[b.id for b in blocks]}, original {[b.id for b in solved]}")
    for block, original in reversed(list(zip(blocks, solved, strict=True))):
        if ids is None or block.id in ids:
            lines[block.begin + 1:block.end] = solution_lines[original.begin + 1:original.end]
    return "".join(lines)
