"""The exercise copy: copy the project, blank the selected exercises, put solutions back."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import minigrad
from minigrad._validation import did_you_mean
from minigrad.study.exercise import Exercise
from minigrad.study.handout import exercises_markdown
from minigrad.study.markers import blank, restore
from minigrad.study.registry import EXERCISES

COPIED = ("minigrad", "tests", "notebooks", "setup.cfg", "pyproject.toml", "README.md", "LICENSE")
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache", ".ipynb_checkpoints", "*.egg-info")
MANIFEST = "study.json"


def project_root() -> Path:
    """The source checkout minigrad runs from: the parent of the package, holding `tests/` and `setup.cfg`."""
    root = Path(minigrad.__file__).resolve().parent.parent
    if not (root / "tests").is_dir() or not (root / "setup.cfg").is_file():
        raise FileNotFoundError(
            f"Study mode copies minigrad's source checkout, but minigrad is imported from {root / 'minigrad'} "
            "and that folder's parent has no `tests/` and `setup.cfg` (a non-editable install?). "
            "Clone the project and run `pip install -e .` in it, then try again."
        )
    return root


def select(only: str | None) -> list[Exercise]:
    """The exercises named by `--only` (comma-separated groups or ids), in course order; all if None."""
    if not only:
        return list(EXERCISES)
    names = {name.strip() for name in only.split(",") if name.strip()}
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
    for name in COPIED:
        if (root / name).is_dir():
            shutil.copytree(root / name, out / name, ignore=IGNORED)
        elif (root / name).is_file():
            shutil.copy2(root / name, out / name)
    by_id = {e.id: e for e in exercises}
    sources = marked_sources(root)
    for path, text in sources.items():
        (out / path).write_text(blank(text, by_id, path))
    (out / "EXERCISES.md").write_text(exercises_markdown(exercises, sources))
    manifest = [{"id": e.id, "task": e.task, "tests": list(e.tests), "requires": list(e.requires)} for e in exercises]
    (out / MANIFEST).write_text(json.dumps({"exercises": manifest}, indent=1) + "\n")


def restore_copy(out: Path, ids: set[str] | None = None) -> None:
    """Puts the original solution of `ids` (or of every exercise) back into the copy in `out`."""
    if not (out / MANIFEST).is_file():
        raise FileNotFoundError(f"`--restore` expects a folder written by `--out`, with {MANIFEST}. Received: {out}")
    for path, text in marked_sources(project_root()).items():
        (out / path).write_text(restore((out / path).read_text(), text, ids, path))
