"""`--grade`: each submission graded from the teacher's files only, many at a time.

From a submission, the grader reads the text of the exercise blocks in the marked files, and nothing else: no
test, fixture, manifest (`study.json`), pytest configuration, conftest or plugin of the student's folder is read or
imported. Each block that compiles on its own (as a function body) is put into a fresh copy of the teacher's own
package, in place of the teacher's solution; the exercises not graded keep the teacher's solutions. Then, in two
child processes with that copy first on the path:

1. the teacher's published tests of each exercise (a copy of the teacher's `tests/` per submission, a pytest
   configuration the grader writes, no plugin but the per-test time limit);
2. the hidden cases (`minigrad.study.hidden`): inputs drawn from `--seed` that the course never shows. The child
   only computes; its outputs come back as arrays and the grader compares them, in its own process, with what the
   teacher's minigrad gives on the same inputs.

An exercise counts when both pass. The student's code still runs (in the children) with the teacher's rights: grade
submissions you do not trust in a container or a throwaway account.
"""
from __future__ import annotations

import csv
import json
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any

import numpy as np

from minigrad._progress import Progress
from minigrad.study.check import TIMEOUT, judge, pytest_results, require_pytest, tests_by_exercise
from minigrad.study.exercise import Exercise
from minigrad.study.exercise_copy import IGNORED, marked_sources, project_root
from minigrad.study.hidden import compare, describe, make_cases, outputs
from minigrad.study.markers import blank, find_blocks, indentation, lines_of
from minigrad.study.registry import BY_ID

CHILD = ("import sys; sys.path.insert(0, sys.argv[1]); from minigrad.study.hidden import child; "
         "child(sys.argv[2], sys.argv[3])")
PYTEST_SETTINGS = "[pytest]\naddopts =\n"
Row = dict[str, Any]


def student_blocks(submission: Path, sources: dict[str, str], ids: set[str]
                   ) -> tuple[dict[tuple[str, str], list[list[str]]], dict[str, str]]:
    """The body lines (without the markers' indentation) of each block of `ids` in the submission's copies of the
    teacher's marked files `sources`, by (file, exercise id); and, by id, why an exercise's blocks cannot be used
    (a missing or linked file, markers removed or added, a block that does not compile)."""
    bodies: dict[tuple[str, str], list[list[str]]] = {}
    problems: dict[str, str] = {}
    inside = submission.resolve()
    for path, teacher_text in sources.items():
        wanted = [block.id for block in find_blocks(teacher_text, path) if block.id in ids]
        if not wanted:
            continue
        file = submission / path
        try:
            if file.is_symlink() or not file.resolve().is_relative_to(inside):
                raise OSError("is a link to a file outside the submission; only the submission's own files count")
            text = file.read_text(encoding="utf-8")
            found = find_blocks(text, path)
        except UnicodeDecodeError as error:
            problems.update(dict.fromkeys(wanted, f"{path}: not UTF-8 text ({error.reason})"))
            continue
        except ValueError as error:  # markers that break the convention (the message names the file and line)
            problems.update(dict.fromkeys(wanted, str(error)))
            continue
        except OSError as error:
            problems.update(dict.fromkeys(wanted, f"{path}: {error}"))
            continue
        lines = lines_of(text)
        for exercise_id in dict.fromkeys(wanted):
            mine = [block for block in found if block.id == exercise_id]
            if len(mine) != wanted.count(exercise_id):
                problems[exercise_id] = (f"{path}: expected {wanted.count(exercise_id)} block(s) marked "
                                         f"'# exercise: {exercise_id}', found {len(mine)} (keep the two comment lines)")
                continue
            blocks = []
            for block in mine:
                indent = len(indentation(lines[block.begin]))
                body = [line[indent:] if line.strip() else "\n" for line in lines[block.begin + 1:block.end]]
                try:
                    compile("def block():\n" + "".join(f"    {line}" for line in body) + "\n    pass\n", path, "exec")
                except SyntaxError as error:
                    problems[exercise_id] = f"syntax error in {path}:{block.begin + (error.lineno or 1)}: {error.msg}"
                    break
                blocks.append(body)
            else:
                bodies[(path, exercise_id)] = blocks
    return bodies, problems


def splice(teacher_text: str, path: str, bodies: dict[tuple[str, str], list[list[str]]], blanked: set[str]) -> str:
    """The teacher's file with the blocks of `blanked` raising NotImplementedError and those in `bodies` replaced
    by the student's lines, at the teacher's indentation."""
    text = blank(teacher_text, {i: BY_ID[i] for i in blanked}, path)
    lines, seen = lines_of(text), dict[str, int]()
    numbered = []
    for block in find_blocks(text, path):
        numbered.append((block, seen.get(block.id, 0)))
        seen[block.id] = seen.get(block.id, 0) + 1
    for block, number in reversed(numbered):
        if (path, block.id) in bodies:
            indent = indentation(lines[block.begin])
            student = bodies[(path, block.id)][number]
            lines[block.begin + 1:block.end] = [f"{indent}{line}" if line.strip() else line for line in student]
    return "".join(lines)


class Grader:
    """Grades submissions against the teacher's checkout (the one minigrad runs from)."""

    def __init__(self, exercises: list[Exercise], seed: int, timeout: float) -> None:
        self.root = project_root()
        self.exercises, self.seed, self.timeout = exercises, seed, timeout
        self.sources = marked_sources(self.root)
        self.cases = make_cases([e.id for e in exercises], seed)
        self.expected = self._reference()

    def _reference(self) -> dict[str, list[dict[str, np.ndarray]]]:
        """The teacher's outputs on every hidden case, computed here with the teacher's own minigrad."""
        expected = {}
        for exercise_id, cases in self.cases.items():
            try:
                expected[exercise_id] = [outputs(case) for case in cases]
            except NotImplementedError as error:
                raise RuntimeError(f"`--grade` compares with the teacher's solutions, but {self.root} raises "
                                   f"NotImplementedError for {exercise_id} ({error}). Run it from the teacher's "
                                   "checkout, not from a course.") from None
        return expected

    def grade(self, submission: Path) -> Row:
        """One submission's row; whatever its code does, the row is written."""
        start = time.perf_counter()
        row: Row = {"submission": str(submission), "done": 0, "exercises": len(self.exercises), "error": None,
                    "results": {e.id: {"done": False, "message": None} for e in self.exercises}}
        try:
            if not (submission / "minigrad").is_dir():
                raise FileNotFoundError(f"{submission} has no minigrad/ folder: not a course written by --out")
            with tempfile.TemporaryDirectory() as tmp:
                row["results"] = self._results(submission, Path(tmp))
        except Exception as error:  # a broken submission gets its row, with the reason, never stops the run
            row["error"] = f"{type(error).__name__}: {error}".splitlines()[0]
            for result in row["results"].values():
                result["message"] = result["message"] or "not graded: " + row["error"]
        row["done"] = sum(result["done"] for result in row["results"].values())
        row["seconds"] = round(time.perf_counter() - start, 2)
        return row

    def _results(self, submission: Path, tmp: Path) -> dict[str, dict]:
        ids = {e.id for e in self.exercises}
        bodies, problems = student_blocks(submission, self.sources, ids)
        package, run = tmp / "package", tmp / "run"
        shutil.copytree(self.root / "minigrad", package / "minigrad", ignore=IGNORED)
        for path, text in self.sources.items():
            (package / path).write_text(splice(text, path, bodies, set(problems)))
        shutil.copytree(self.root / "tests", run / "tests", ignore=shutil.ignore_patterns("__pycache__", "tutorials"))
        (run / "pytest.ini").write_text(PYTEST_SETTINGS)
        settings = ["-c", str(run / "pytest.ini"), "--rootdir", str(run), "--confcutdir", str(run)]
        graded: list[dict[str, Any]] = [{"id": e.id, "tests": list(e.tests), "requires": list(e.requires)}
                  for e in self.exercises if e.id not in problems]
        published = tests_by_exercise(
            lambda nodes: pytest_results(run, package, nodes, self.timeout, tmp / "report.xml", settings),
            graded, []) if graded else {}
        hidden_outputs = self._hidden_outputs(package, [e["id"] for e in graded], tmp)
        results = {}
        for exercise in self.exercises:
            if exercise.id in problems:
                results[exercise.id] = {"done": False, "message": problems[exercise.id]}
                continue
            entry = next(e for e in graded if e["id"] == exercise.id)
            verdict = judge(entry, published)
            message = verdict.status.removeprefix("not yet: ") if not verdict.done else \
                self._hidden_verdict(exercise.id, hidden_outputs)
            results[exercise.id] = {"done": message is None, "message": message}
        return results

    def _hidden_verdict(self, exercise_id: str, outputs: dict[str, list[dict[str, np.ndarray]] | str]) -> str | None:
        found = outputs[exercise_id]
        if isinstance(found, str):
            return found
        for number, (case, expected, actual) in enumerate(zip(self.cases[exercise_id], self.expected[exercise_id],
                                                              found, strict=True), 1):
            difference = compare(expected, actual)
            if difference is not None:
                return f"hidden case {number} ({describe(case)}): {difference}"
        return None

    def _hidden_outputs(self, package: Path, ids: list[str], tmp: Path
                        ) -> dict[str, list[dict[str, np.ndarray]] | str]:
        """Runs the hidden cases of `ids` in a child process (again for the rest when one stops Python); by id, the
        outputs per case, or what went wrong."""
        found: dict[str, list[dict[str, np.ndarray]] | str] = {}
        remaining = list(ids)
        for attempt in range(len(ids)):
            if not remaining:
                break
            out = tmp / f"hidden_{attempt}"
            out.mkdir()
            spec = out / "cases.json"
            spec.write_text(json.dumps({"timeout": self.timeout,
                                        "exercises": {i: self.cases[i] for i in remaining}}))
            command = [sys.executable, "-I", "-c", CHILD, str(package), str(spec), str(out)]
            try:
                completed = subprocess.run(command, cwd=tmp, capture_output=True, text=True, check=False,
                                           timeout=self.timeout * len(remaining) + 30)
                last = next((line for line in reversed(completed.stderr.splitlines()) if line.strip()), "")
            except subprocess.TimeoutExpired:
                last = f"did not finish in {self.timeout:g} s"
            for exercise_id in list(remaining):
                if (out / f"{exercise_id}.npz").is_file():
                    found[exercise_id] = _load_outputs(out / f"{exercise_id}.npz", len(self.cases[exercise_id]))
                elif (out / f"{exercise_id}.error").is_file():
                    found[exercise_id] = (out / f"{exercise_id}.error").read_text()[:2000]
                else:
                    continue
                remaining.remove(exercise_id)
            current = (out / "current").read_text() if (out / "current").is_file() else ""
            if current in remaining:
                found[current] = f"the hidden cases stopped Python or hung: {last.strip()}"[:2000]
                remaining.remove(current)
            elif remaining:
                found.update({i: f"the hidden cases could not run: {last.strip()}"[:2000] for i in remaining})
                break
        return found


def _load_outputs(path: Path, cases: int) -> list[dict[str, np.ndarray]] | str:
    """The child's arrays, by case (numbers only: no pickled object is ever loaded)."""
    try:
        with np.load(path, allow_pickle=False) as data:
            by_case: list[dict[str, np.ndarray]] = [{} for _ in range(cases)]
            for key in data.files:
                number, _, name = key.partition("|")
                if number.isdigit() and int(number) < cases:
                    by_case[int(number)][name] = np.asarray(data[key], dtype="float64")
            return by_case
    except (OSError, ValueError, TypeError) as error:
        return f"the hidden cases' outputs could not be read: {error}"


def grade(submissions: list[Path], exercises: list[Exercise], csv_path: Path | None, json_path: Path | None,
          timeout: float = TIMEOUT, jobs: int = 1, seed: int | None = None, quiet: bool = False) -> int:
    """Grades `submissions` (`jobs` at a time) on `exercises` and writes one row per submission to `csv_path`
    and/or `json_path`; prints one line per submission. 0 once written, whatever the grades."""
    require_pytest("--grade")
    if csv_path is None and json_path is None:
        raise ValueError("`--grade` writes its rows to --csv OUT and/or --json OUT. Received: neither")
    if not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"`--jobs` must be a positive int. Received: --jobs {jobs!r}")
    seed = secrets.randbelow(2**31) if seed is None else seed
    grader = Grader(exercises, seed, timeout)
    rows: list[Row | None] = [None] * len(submissions)
    with Progress("grade", len(submissions), quiet) as progress, ThreadPoolExecutor(jobs) as pool:
        futures = {pool.submit(grader.grade, submission): i for i, submission in enumerate(submissions)}
        for future in as_completed(futures):
            rows[futures[future]] = future.result()
            progress.advance(Path(submissions[futures[future]]).name)
    graded = [row for row in rows if row is not None]
    for row in graded:
        print(f"{row['submission']}: {row['done']} of {row['exercises']} done"
              + (f" ({row['error']})" if row["error"] else ""))
    ids = [e.id for e in exercises]
    if csv_path is not None:
        _write_csv(csv_path, graded, ids, seed)
    if json_path is not None:
        json_path.write_text(json.dumps({"seed": seed, "timeout": timeout, "exercises": ids, "submissions": graded},
                                        indent=1) + "\n")
    written = " and ".join(str(path) for path in (csv_path, json_path) if path is not None)
    print(f"Hidden cases drawn from seed {seed} (--seed {seed} draws them again). Wrote {written}.")
    return 0


def _write_csv(path: Path, rows: list[Row], ids: list[str], seed: int) -> None:
    """One line per submission: its totals, 1 or 0 per exercise, and the failing messages, `id: message | ...`."""
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["submission", "done", "exercises", "seed", "error", *ids, "feedback"])
        for row in rows:
            results = row["results"]
            feedback = " | ".join(f"{i}: {results[i]['message']}" for i in ids if results[i]["message"])
            writer.writerow([row["submission"], row["done"], row["exercises"], seed, row["error"] or "",
                             *(int(results[i]["done"]) for i in ids), feedback])
