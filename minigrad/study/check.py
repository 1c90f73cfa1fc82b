"""`--check` and `--next`: run each exercise's tests and say, per exercise and milestone, done or not yet."""
from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from xml.etree import ElementTree

import minigrad
from minigrad.study.exercise_copy import IGNORED, marked_sources, read_manifest, select
from minigrad.study.handout import enclosing
from minigrad.study.markers import blank, find_blocks, lines_of
from minigrad.study.registry import BY_ID, MILESTONES

TIMEOUT = 60.0
ENVIRONMENT_VARIABLE = "MINIGRAD_TEST_TIMEOUT"  # read by timeout_plugin in the test process
INSTALL = 'pip install -e ".[study]"'
STATE = ".study_check.json"  # the last --check's verdicts, by the text of each exercise's blocks, for --next


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


class TestsCrashed(RuntimeError):
    """pytest ended without writing its report: the tests stopped Python (`os._exit`, a crash) or could not start."""


def require_pytest(option: str) -> None:
    """RuntimeError, one line naming the install command, when pytest (which `option` runs) is not installed."""
    if importlib.util.find_spec("pytest") is None:
        raise RuntimeError(f"`{option}` runs the course's tests with pytest, which is not installed here: {INSTALL}")


def run_tests(folder: Path, node_ids: list[str], timeout: float | None = None,
              tests_from: Path | None = None) -> dict[str, TestResult]:
    """Runs `node_ids` with the course in `folder` first on the path; the tests of `tests_from` if given."""
    with tempfile.TemporaryDirectory() as tmp:
        cwd = folder if tests_from is None else _pristine_tests(Path(tests_from), Path(tmp) / "pristine")
        return pytest_results(cwd, folder, node_ids, timeout, Path(tmp) / "report.xml")


def pytest_results(cwd: Path, package_parent: Path, node_ids: list[str], timeout: float | None, report: Path,
                   settings: list[str] | None = None) -> dict[str, TestResult]:
    """Runs `node_ids` (paths relative to `cwd`) in a child pytest with `package_parent/minigrad` first on the path,
    each test limited to `timeout` seconds, without the plugins other packages register and with `settings` (by
    default: the configuration in `cwd` without its `addopts`); TestsCrashed if pytest wrote no report."""
    path = os.pathsep.join(filter(None, [str(package_parent.resolve()), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": path, ENVIRONMENT_VARIABLE: str(timeout or 0),
           "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *(settings or ["-o", "addopts="]),
               "-p", "minigrad.study.timeout_plugin", f"--junitxml={report}", *node_ids]
    limit = None if timeout is None else timeout * len(node_ids) + 60
    try:
        completed = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False,
                                   timeout=limit)
    except subprocess.TimeoutExpired:
        return {node: TestResult(f"the tests did not finish in {limit:g} s", timeout or 0) for node in node_ids}
    if not report.exists():
        raise TestsCrashed(f"pytest could not run in {cwd} (exit status {completed.returncode}):\n"
                           f"{completed.stdout[-2000:]}{completed.stderr[-2000:]}")
    cases = list(ElementTree.parse(report).iter("testcase"))
    report.unlink()
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


def tests_by_exercise(run: Callable[[list[str]], dict[str, TestResult]], exercises: list[dict],
                      extra: list[str]) -> dict[str, TestResult]:
    """`run(node_ids)` on every exercise's tests and `extra` at once; if that crashes, once per exercise (and once
    for `extra`), so a block that stops Python fails its own exercise only."""
    groups = [e["tests"] for e in exercises] + ([extra] if extra else [])
    try:
        return run([node for group in groups for node in group])
    except TestsCrashed:
        pass
    results: dict[str, TestResult] = {}
    crashes = []
    for group in groups:
        try:
            results.update(run(group))
        except TestsCrashed as error:
            crashes.append(error)
            last = next((line for line in reversed(str(error).splitlines()) if line.strip()), "")
            results.update({node: TestResult(f"the tests stopped Python before reporting: {last.strip()}", 0.0)
                            for node in group})
    if len(crashes) == len(groups):
        raise crashes[0]
    return results


def results_of(folder: Path, only: str | None = None, timeout: float = TIMEOUT,
               tests_from: Path | None = None) -> tuple[list[ExerciseResult], dict[str, TestResult]]:
    """Runs every exercise's tests (and the milestones' training tests) of the course in `folder`."""
    require_pytest("--check")
    manifest = read_manifest(folder, "--check")
    wanted = {e.id for e in select(only)} if only else {e["id"] for e in manifest}
    exercises = [e for e in manifest if e["id"] in wanted]
    trains = [m.trains for m in MILESTONES if m.trains and any(e["id"] in m.exercises for e in exercises)]
    with tempfile.TemporaryDirectory() as scratch:
        course, syntax_errors = _without_syntax_errors(folder, Path(scratch), {e["id"] for e in manifest})
        results = tests_by_exercise(lambda nodes: run_tests(course, nodes, timeout, tests_from), exercises, trains)
    return [judge(e, results, syntax_errors.get(e["id"])) for e in exercises], results


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


def judge(exercise: dict, results: dict[str, TestResult], syntax_error: str | None = None) -> ExerciseResult:
    """The verdict on one exercise (`{"id", "tests", "requires"}`) from its tests' results."""
    failed = [(node, results[node].message) for node in exercise["tests"] if results[node].message is not None]
    seconds = sum(results[node].seconds for node in exercise["tests"])
    milestone = next((m.id for m in MILESTONES if exercise["id"] in m.exercises), "bonus")
    if syntax_error:
        return ExerciseResult(exercise["id"], milestone, False, f"not yet: {syntax_error}", None, syntax_error,
                              seconds)
    if not failed:
        return ExerciseResult(exercise["id"], milestone, True, "done", None, None, seconds)
    node, message = failed[0]
    assert message is not None
    if f"Exercise {exercise['id']}:" in message:
        status = "not yet: still raises NotImplementedError"
    elif any(f"Exercise {needed}:" in message for needed in exercise["requires"]):
        status = f"not yet: finish {', '.join(exercise['requires'])} first (its tests run that code)"
    else:
        status = f"not yet: {node.split('::')[-1]}: {message}"
    return ExerciseResult(exercise["id"], milestone, False, status, node, message, seconds)


def check(folder: Path, only: str | None = None, as_json: bool = False, timeout: float = TIMEOUT,
          tests_from: Path | None = None) -> int:
    """Prints, per milestone and exercise of the course in `folder`, done or not yet; 0 if everything is done.

    A milestone "trains" only when every one of its exercises is done and its training test passes."""
    exercises, results = results_of(folder, only, timeout, tests_from)
    _remember(folder, exercises)
    by_id = {e.id: e for e in exercises}
    milestones = []
    for milestone in MILESTONES:
        mine = [by_id[i] for i in milestone.exercises if i in by_id]
        if mine:
            missing = [e.id for e in mine if not e.done]
            why_not = f"finish {', '.join(missing)} first" if missing else None
            if milestone.trains is not None and not missing:
                why_not = results[milestone.trains].message
            trains = None if milestone.trains is None else why_not is None
            milestones.append((milestone, mine, trains, missing, why_not))
    if as_json:
        summaries = [{"id": m.id, "title": m.title, "done": sum(e.done for e in mine), "exercises": len(mine),
                      "trains": trains, "missing": missing} for m, mine, trains, missing, _ in milestones]
        print(json.dumps({"exercises": [asdict(e) for e in exercises], "milestones": summaries}, indent=1))
        return 0 if all(e.done for e in exercises) else 1
    number = 0
    for milestone, mine, trains, _, why_not in milestones:
        print(f"{milestone.heading} ({sum(e.done for e in mine)} of {len(mine)} done)")
        for exercise in mine:
            number += 1
            print(f"{number:3}. {exercise.id:<22} {exercise.status}")
        if trains:
            print("     it trains: yes" + (f"; now run `{milestone.run}`" if milestone.run else ""))
        elif trains is not None:
            print(f"     it trains: not yet: {why_not}")
    print(f"{sum(e.done for e in exercises)} of {len(exercises)} exercises done.")
    return 0 if all(e.done for e in exercises) else 1


def exercise_places(folder: Path) -> dict[str, list[tuple[str, int, str, str]]]:
    """Each exercise's blocks in the course: (file, line of the block's first line, enclosing function, the block's
    lines), in file order."""
    places: dict[str, list[tuple[str, int, str, str]]] = {}
    for path, text in marked_sources(folder).items():
        lines = lines_of(text)
        for block in find_blocks(text, path):
            places.setdefault(block.id, []).append(
                (path, block.begin + 2, enclosing(lines, block.begin), "".join(lines[block.begin + 1:block.end])))
    return places


def _fingerprint(places: list[tuple[str, int, str, str]]) -> str:
    return hashlib.sha256("\0".join(body for *_, body in places).encode()).hexdigest()


def _remember(folder: Path, exercises: list[ExerciseResult]) -> None:
    """Saves each exercise's verdict with a fingerprint of its blocks' text in `folder/STATE`, for `--next`."""
    places = exercise_places(folder)
    state_file = folder / STATE
    state = json.loads(state_file.read_text()) if state_file.is_file() else {}
    for exercise in exercises:
        state[exercise.id] = {"blocks": _fingerprint(places.get(exercise.id, [])), "done": exercise.done,
                              "status": exercise.status}
    state_file.write_text(json.dumps(state, indent=1) + "\n")


def next_exercise(folder: Path) -> int:
    """Prints the first exercise not done yet (by the last `--check`, or changed since), the file, line and
    function to write in and the command that checks it; runs no test, so it answers at once."""
    manifest = read_manifest(folder, "--next")
    places = exercise_places(folder)
    state_file = folder / STATE
    state = json.loads(state_file.read_text()) if state_file.is_file() else {}
    for entry in manifest:
        mine = places.get(entry["id"], [])
        seen = state.get(entry["id"], {})
        unchanged = seen.get("blocks") == _fingerprint(mine)
        if unchanged and seen["done"]:
            continue
        if all(body.strip().startswith(f'raise NotImplementedError("Exercise {entry["id"]}:') for *_, body in mine):
            status = "not started"
        elif unchanged:
            status = seen["status"]
        else:
            status = "changed since the last `python -m minigrad study --check .`: run its tests"
        milestone = next((m.id for m in MILESTONES if entry["id"] in m.exercises), "bonus")
        where = ", ".join(f"{path}:{line} ({function})" for path, line, function, _ in mine) or "(no marker found)"
        print(f"Next: {entry['id']} (milestone {milestone}): {entry['task']}; {status}.\n"
              f"Write it in: {where}\n"
              f"Check it with: python -m pytest -q {' '.join(entry['tests'])}\n"
              f"Stuck? python -m minigrad study --hint {entry['id']}")
        return 1
    print("Every exercise passed its tests at the last --check: run `python -m minigrad reproduce` to see the "
          "article from your own code.")
    return 0
