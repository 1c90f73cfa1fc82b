"""`--check`, `--next` and `--grade`: run each exercise's tests and say, per exercise and milestone, done or not yet."""
from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from xml.etree import ElementTree

import minigrad
from minigrad.study.exercise_copy import IGNORED, read_manifest, select
from minigrad.study.markers import blank, find_blocks
from minigrad.study.registry import BY_ID, MILESTONES

TIMEOUT = 60.0
ENVIRONMENT_VARIABLE = "MINIGRAD_TEST_TIMEOUT"  # read by timeout_plugin in the test process


@dataclass
class TestResult:
    """One pytest node: None if it passed, else the first line of its failure; its time in seconds."""

    message: str | None
    seconds: float


@dataclass
class ExerciseResult:
    """What `--check --json` reports per exercise."""

    id: str
    milestone: str
    done: bool
    status: str
    failing_test: str | None
    message: str | None
    seconds: float


def run_tests(folder: Path, node_ids: list[str], timeout: float | None = None,
              tests_from: Path | None = None) -> dict[str, TestResult]:
    """Runs `node_ids` with the course in `folder` first on the path; the tests of `tests_from` if given."""
    folder = folder.resolve()
    path = os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": path, ENVIRONMENT_VARIABLE: str(timeout or 0)}
    with tempfile.TemporaryDirectory() as tmp:
        cwd = folder if tests_from is None else _pristine_tests(Path(tests_from), Path(tmp) / "pristine")
        report = Path(tmp) / "report.xml"
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                   "-p", "minigrad.study.timeout_plugin", f"--junitxml={report}", *node_ids]
        limit = None if timeout is None else timeout * len(node_ids) + 60
        try:
            completed = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False,
                                       timeout=limit)
        except subprocess.TimeoutExpired:
            return {node: TestResult(f"the tests did not finish in {limit:g} s", timeout) for node in node_ids}
        if not report.exists():
            raise RuntimeError(f"pytest could not run in {cwd}:\n{completed.stdout}{completed.stderr}")
        cases = list(ElementTree.parse(report).iter("testcase"))
    results = {}
    for node_id in node_ids:
        test_path, *names = node_id.split("::")
        classname = ".".join([test_path.removesuffix(".py").replace("/", "."), *names[:-1]])
        matching = [c for c in cases if c.get("classname") == classname
                    and (c.get("name") == names[-1] or c.get("name", "").startswith(names[-1] + "["))]
        failures = [f for c in matching for f in (*c.iter("failure"), *c.iter("error"))]
        seconds = sum(float(c.get("time", 0)) for c in matching)
        if not matching:
            message = "was not collected (a syntax or import error? run its pytest command)"
        elif failures:
            lines = failures[0].get("message", "").splitlines()
            message = next((line.strip() for line in lines if line.strip()), "failed")
        else:
            message = None
        results[node_id] = TestResult(message, seconds)
    return results


def _pristine_tests(source: Path, target: Path) -> Path:
    """A folder with the teacher's `tests/` (and pytest settings) from `source`, a checkout or a course."""
    tests = source / "tests" if (source / "tests").is_dir() else source
    if not tests.is_dir():
        raise FileNotFoundError(f"`--tests-from` needs a folder holding `tests/`. Received: {source}")
    shutil.copytree(tests, target / "tests", ignore=shutil.ignore_patterns("__pycache__", "tutorials"))
    for name in ("pyproject.toml", "setup.cfg"):
        if (tests.parent / name).is_file():
            shutil.copy2(tests.parent / name, target / name)
    return target


def results_of(folder: Path, only: str | None = None, timeout: float = TIMEOUT,
               tests_from: Path | None = None) -> tuple[list[ExerciseResult], dict[str, TestResult]]:
    """Runs every exercise's tests (and the milestones' training tests) of the course in `folder`."""
    manifest = read_manifest(folder, "--check")
    wanted = {e.id for e in select(only)} if only else {e["id"] for e in manifest}
    exercises = [e for e in manifest if e["id"] in wanted]
    trains = [m.trains for m in MILESTONES if m.trains and any(e["id"] in m.exercises for e in exercises)]
    nodes = [node for e in exercises for node in e["tests"]] + trains
    with tempfile.TemporaryDirectory() as scratch:
        course, syntax_errors = _without_syntax_errors(folder, Path(scratch), {e["id"] for e in manifest})
        results = run_tests(course, nodes, timeout, tests_from)
    return [_judge(e, results, syntax_errors.get(e["id"])) for e in exercises], results


def _without_syntax_errors(folder: Path, scratch: Path, course_ids: set[str]) -> tuple[Path, dict[str, str]]:
    """`folder`, or a copy of it with the exercise block holding each syntax error blanked again (a syntax error
    outside the blocks: the checker's own copy of the file, the course's exercises blanked); and those errors."""
    broken = {}
    for path in sorted((folder / "minigrad").rglob("*.py")):
        if (error := _syntax_error(path.read_text(), path)) is not None:
            broken[path] = error
    if not broken:
        return folder, {}
    course = scratch / "course"
    shutil.copytree(folder, course, ignore=IGNORED)
    syntax_errors = {}
    for path, error in broken.items():
        where = path.relative_to(folder).as_posix()
        text = path.read_text()
        blocks = find_blocks(text, where)
        at_error = [b for b in blocks if b.begin < (error.lineno or 0) - 1 < b.end] or blocks
        fixed = blank(text, {b.id: BY_ID[b.id] for b in at_error}, where)
        checker_copy = Path(minigrad.__file__).resolve().parent.parent / where
        if _syntax_error(fixed, path) is not None and checker_copy.resolve() != path.resolve() \
                and checker_copy.is_file():
            text = checker_copy.read_text()
            at_error = [b for b in find_blocks(text, where) if b.id in course_ids]
            fixed = blank(text, {b.id: BY_ID[b.id] for b in at_error}, where)
        (course / where).write_text(fixed)
        syntax_errors.update({b.id: f"syntax error in {where}:{error.lineno}: {error.msg}" for b in at_error})
    return course, syntax_errors


def _syntax_error(text: str, path: Path) -> SyntaxError | None:
    try:
        compile(text, str(path), "exec")
    except SyntaxError as error:
        return error
    return None


def _judge(exercise: dict, results: dict[str, TestResult], syntax_error: str | None = None) -> ExerciseResult:
    failed = [(node, results[node].message) for node in exercise["tests"] if results[node].message is not None]
    seconds = sum(results[node].seconds for node in exercise["tests"])
    milestone = next((m.id for m in MILESTONES if exercise["id"] in m.exercises), "bonus")
    node, message = failed[0] if failed else (None, None)
    if syntax_error:
        node, message, status = None, syntax_error, f"not yet: {syntax_error}"
    elif not failed:
        status = "done"
    elif f"Exercise {exercise['id']}:" in message:
        status = "not yet: still raises NotImplementedError"
    elif any(f"Exercise {needed}:" in message for needed in exercise["requires"]):
        status = f"not yet: finish {', '.join(exercise['requires'])} first (its tests run that code)"
    else:
        status = f"not yet: {node.split('::')[-1]}: {message}"
    return ExerciseResult(exercise["id"], milestone, status == "done", status, node, message, seconds)


def check(folder: Path, only: str | None = None, as_json: bool = False, timeout: float = TIMEOUT,
          tests_from: Path | None = None) -> int:
    """Prints, per milestone and exercise of the course in `folder`, done or not yet; 0 if everything is done."""
    exercises, results = results_of(folder, only, timeout, tests_from)
    by_id = {e.id: e for e in exercises}
    milestones = []
    for milestone in MILESTONES:
        mine = [by_id[i] for i in milestone.exercises if i in by_id]
        if mine:
            trains = None if milestone.trains is None else results[milestone.trains].message is None
            milestones.append((milestone, mine, trains))
    if as_json:
        summaries = [{"id": m.id, "title": m.title, "done": sum(e.done for e in mine), "exercises": len(mine),
                      "trains": trains} for m, mine, trains in milestones]
        print(json.dumps({"exercises": [asdict(e) for e in exercises], "milestones": summaries}, indent=1))
    else:
        number = 0
        for milestone, mine, trains in milestones:
            print(f"{milestone.heading} ({sum(e.done for e in mine)} of {len(mine)} done)")
            for exercise in mine:
                number += 1
                print(f"{number:3}. {exercise.id:<22} {exercise.status}")
            if trains is not None:
                print(f"     it trains: {'yes' if trains else 'not yet'}"
                      + (f"; now run `{milestone.run}`" if trains and milestone.run else ""))
        print(f"{sum(e.done for e in exercises)} of {len(exercises)} exercises done.")
    return 0 if all(e.done for e in exercises) else 1


def next_exercise(folder: Path, timeout: float = TIMEOUT) -> int:
    """Prints the first exercise not done yet, with where it is and the command that checks it."""
    exercises, _ = results_of(folder, timeout=timeout)
    exercise = next((e for e in exercises if not e.done), None)
    if exercise is None:
        print("Every exercise is done: run `python -m minigrad reproduce` to see the article from your own code.")
        return 0
    entry = next(e for e in read_manifest(folder, "--check") if e["id"] == exercise.id)
    print(f"Next: {exercise.id} (milestone {exercise.milestone}): {entry['task']}.\n"
          f"Check it with: python -m pytest -q {' '.join(entry['tests'])}\n"
          f"Stuck? python -m minigrad study --hint {exercise.id}")
    return 1


def grade(submissions: list[Path], csv_path: Path, tests_from: Path | None, timeout: float = TIMEOUT) -> int:
    """Checks every submission with the pristine tests and writes one CSV row per submission."""
    rows = []
    for submission in submissions:
        exercises, _ = results_of(submission, timeout=timeout, tests_from=tests_from)
        rows.append({"submission": str(submission), "done": sum(e.done for e in exercises),
                     "exercises": len(exercises), **{e.id: int(e.done) for e in exercises}})
        print(f"{submission}: {rows[-1]['done']} of {rows[-1]['exercises']} done")
    fields = list(dict.fromkeys(key for row in rows for key in row))
    with open(csv_path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, restval=0)
        writer.writeheader()
        writer.writerows(rows)
    print(f"Wrote {csv_path}.")
    return 0
