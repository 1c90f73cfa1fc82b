"""The exercise copy: copy the project, blank the selected exercises, put solutions back."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import minigrad
from minigrad._validation import did_you_mean
from minigrad.study.exercise import Exercise
from minigrad.study.handout import exercises_markdown
from minigrad.study.markers import blank, restore
from minigrad.study.registry import EXERCISES

COPIED = ("minigrad", "tests", "notebooks", "setup.cfg", "pyproject.toml", "README.md", "LICENSE")
# Tests of the teacher's tools, which cannot pass in a course.
NOT_IN_A_COURSE = ("tests/test_benchmarks.py", "tests/test_study.py", "tests/test_study_course.py",
                   "tests/test_study_grade.py")
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache", ".ipynb_checkpoints", "*.egg-info")
MANIFEST = "study.json"
BACKUP = ".study_backup"


def project_root() -> Path:
    """The source checkout minigrad runs from: the parent of the package, holding `tests/` and `setup.cfg`."""
    if getattr(minigrad, "__file__", None) is None:
        raise FileNotFoundError(f"`minigrad` is imported from {list(minigrad.__path__)}, a folder that is not the "
                                "package (a folder named minigrad in the current directory?). Run study mode from "
                                "another directory.")
    root = Path(minigrad.__file__).resolve().parent.parent
    if not (root / "tests").is_dir() or not (root / "setup.cfg").is_file():
        raise FileNotFoundError(
            f"Study mode copies minigrad's source checkout, but minigrad is imported from {root / 'minigrad'} "
            "and that folder's parent has no `tests/` and `setup.cfg` (a non-editable install?). "
            "Clone the project and run `pip install -e .` in it, then try again.")
    return root


def select(only: str | None) -> list[Exercise]:
    """The exercises named by `--only` (comma-separated groups or ids), in course order; all if None."""
    if only is None:
        return list(EXERCISES)
    names = {name.strip() for name in only.split(",") if name.strip()}
    if not names:
        raise ValueError(f"`--only` names no exercise or group. Received: --only {only!r}")
    known = {e.id for e in EXERCISES} | {e.group for e in EXERCISES}
    for name in sorted(names - known):
        raise ValueError(f"`--only` takes groups and exercise ids.{did_you_mean(name, known)} "
                         f"Groups: {', '.join(dict.fromkeys(e.group for e in EXERCISES))}. Received: {name!r}")
    return [e for e in EXERCISES if e.id in names or e.group in names]


def marked_sources(root: Path) -> dict[str, str]:
    """{path relative to `root`: text} of the package's files that hold exercise markers."""
    texts = {p.relative_to(root).as_posix(): p.read_text() for p in sorted((root / "minigrad").rglob("*.py"))}
    return {path: text for path, text in texts.items() if "# exercise: " in text}


def write_exercise_copy(out: Path, exercises: list[Exercise]) -> None:
    """Copies the project into `out` (which must not exist or be empty) with `exercises` blanked."""
    root = project_root()
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"`--out` must be a new or empty folder, so no work is overwritten. Received: {out}")
    out.mkdir(parents=True, exist_ok=True)
    for relative in project_files(root):
        (out / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / relative, out / relative)
    if (out / "pyproject.toml").is_file():
        (out / "pyproject.toml").write_text(without_nbmake((out / "pyproject.toml").read_text()))
    by_id = {e.id: e for e in exercises}
    sources = marked_sources(root)
    for path, text in sources.items():
        (out / path).write_text(blank(text, by_id, path))
    (out / "EXERCISES.md").write_text(exercises_markdown(exercises, sources))
    manifest = [{"id": e.id, "task": e.task, "tests": list(e.tests), "requires": list(e.requires)} for e in exercises]
    (out / MANIFEST).write_text(json.dumps({"exercises": manifest}, indent=1) + "\n")


def without_nbmake(pyproject: str) -> str:
    """The course's pyproject.toml: the project's, without `--nbmake` in pytest's `addopts`, so a course installed
    with only the `[study]` extra runs its suite (its notebooks are run with `pytest --nbmake notebooks`).

    Example:
    >>> without_nbmake('addopts = "--doctest-modules --nbmake"')
    'addopts = "--doctest-modules"'
    """
    return re.sub(r"^(addopts\s*=.*?)\s*--nbmake\b", r"\1", pyproject, flags=re.M)


def project_files(root: Path) -> list[str]:
    """The files of `COPIED` a course gets: git's tracked files in a git checkout (no scratch files), all else."""
    if (root / ".git").exists():
        listed = subprocess.run(["git", "ls-files", "--", *COPIED], cwd=root, capture_output=True, text=True,
                                check=True).stdout.splitlines()
    else:
        listed = [p.relative_to(root).as_posix() for name in COPIED for p in sorted((root / name).rglob("*"))
                  if p.is_file() and not IGNORED(str(p.parent), [p.name])] + \
                 [name for name in COPIED if (root / name).is_file()]
    return [path for path in listed if path not in NOT_IN_A_COURSE and (root / path).is_file()]


def read_manifest(folder: Path, option: str) -> list[dict]:
    """The exercises of the course in `folder`; FileNotFoundError naming `option` if `--out` did not write it."""
    if not (folder / MANIFEST).is_file():
        raise FileNotFoundError(f"`{option}` expects a folder written by `--out`, with {MANIFEST}. Received: {folder}")
    return json.loads((folder / MANIFEST).read_text())["exercises"]


def restore_copy(out: Path, ids: set[str] | None = None) -> None:
    """Puts the original solution of `ids` (or of every exercise) back into the copy in `out`, after saving the
    student's version of every file it changes under `out/.study_backup/`."""
    read_manifest(out, "--restore")
    root = project_root()
    if root == out.resolve():
        raise ValueError(f"`--restore` puts back solutions from the teacher's checkout, but minigrad runs from the "
                         f"course itself ({root}). Run it from the teacher's checkout. Received: --restore {out}")
    for path, text in marked_sources(root).items():
        current = (out / path).read_text()
        restored = restore(current, text, ids, path)
        if restored != current:
            backup = out / BACKUP / path
            backup.parent.mkdir(parents=True, exist_ok=True)
            backup.write_text(current)
            (out / path).write_text(restored)
