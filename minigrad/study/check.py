"""`--check`: run each exercise's tests in an exercise copy and say, per exercise, done or not yet."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from minigrad.study.exercise_copy import MANIFEST, select


def run_tests(folder: Path, node_ids: list[str]) -> dict[str, str | None]:
    """Runs `node_ids` in `folder` with this Python and `folder` first on the path.

    Returns, per node id, None if it passed, else the first line of its first failure.
    """
    folder = folder.resolve()
    path = os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")]))
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.xml"
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={report}", *node_ids]
        completed = subprocess.run(command, cwd=folder, env={**os.environ, "PYTHONPATH": path},
                                   capture_output=True, text=True)
        if not report.exists():
            raise RuntimeError(f"pytest could not run in {folder}:\n{completed.stdout}{completed.stderr}")
        cases = list(ElementTree.parse(report).iter("testcase"))
    results = {}
    for node_id in node_ids:
        path, *names = node_id.split("::")
        classname = ".".join([path.removesuffix(".py").replace("/", "."), *names[:-1]])
        matching = [c for c in cases if c.get("classname") == classname
                    and (c.get("name") == names[-1] or c.get("name", "").startswith(names[-1] + "["))]
        failures = [f for c in matching for f in (*c.iter("failure"), *c.iter("error"))]
        if not matching:
            results[node_id] = "was not collected (a syntax or import error? run its pytest command)"
        else:
            results[node_id] = _first_line(failures[0].get("message", "")) if failures else None
    return results


def _first_line(message: str) -> str:
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    return lines[0] if lines else "failed"


def check(folder: Path, only: str | None = None) -> int:
    """Prints, per exercise of the copy in `folder`, done or not yet (with the first failure); 0 if all done."""
    manifest = folder / MANIFEST
    if not manifest.is_file():
        raise FileNotFoundError(f"`--check` expects a folder written by `--out`, with {MANIFEST}. Received: {folder}")
    exercises = json.loads(manifest.read_text())["exercises"]
    if only:
        wanted = {e.id for e in select(only)}
        exercises = [e for e in exercises if e["id"] in wanted]
    results = run_tests(folder, [node for e in exercises for node in e["tests"]])
    done = 0
    for number, exercise in enumerate(exercises, 1):
        failed = [(node, results[node]) for node in exercise["tests"] if results[node] is not None]
        if not failed:
            done += 1
            status = "done"
        elif f"Exercise {exercise['id']}:" in failed[0][1]:
            status = "not yet: still raises NotImplementedError"
        elif any(f"Exercise {needed}:" in failed[0][1] for needed in exercise["requires"]):
            status = f"not yet: finish {', '.join(exercise['requires'])} first (its tests run that code)"
        else:
            status = f"not yet: {failed[0][0].split('::')[-1]}: {failed[0][1]}"
        print(f"{number:3}. {exercise['id']:<22} {status}")
    print(f"{done} of {len(exercises)} exercises done.")
    return 0 if done == len(exercises) else 1
