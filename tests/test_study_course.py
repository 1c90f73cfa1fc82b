"""Study mode as a course, tried the way students and teachers use it: deliberate mistakes written into a
generated course must be caught by `--check` with a message that points at them; a restored course passes its
whole suite; a half-done course still reproduces what it can; `--json`, `--timeout`, `--next` and `--hint` work.
"""
import configparser
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

import minigrad
from minigrad.study.exercise_copy import project_root, restore_copy, select, write_exercise_copy

ROOT = Path(minigrad.__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def blank_course(tmp_path_factory):
    """A course with every exercise of milestone 1 and `sgd_momentum` blanked."""
    out = tmp_path_factory.mktemp("course") / "course"
    write_exercise_copy(out, select("mae,dense_forward,dense_backward,sgd,fit_step,sgd_momentum"))
    return out


@pytest.fixture
def course(blank_course, tmp_path):
    copy = tmp_path / "course"
    shutil.copytree(blank_course, copy)
    return copy


def write_solution(course, exercise_id, *blocks):
    """Writes `blocks` (one text per marked block, in file order) in place of the exercise's NotImplementedError."""
    pattern = re.compile(rf"^( *)# exercise: {exercise_id}\n *raise NotImplementedError\(.*\)\n", re.M)
    remaining = list(blocks)

    def replace(match):
        indent = match.group(1)
        code = remaining.pop(0)
        return f"{indent}# exercise: {exercise_id}\n" + "".join(f"{indent}{line}\n" for line in code.splitlines())

    for path in sorted((course / "minigrad").rglob("*.py")):
        text = path.read_text()
        if f"# exercise: {exercise_id}\n" in text:
            path.write_text(pattern.sub(replace, text))
            assert not remaining, f"{exercise_id}: {len(blocks)} blocks given, fewer marked"
            return
    raise AssertionError(f"no marker for {exercise_id}")


def restore(course, *ids):
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        restore_copy(course, set(ids) or None)
    finally:
        os.chdir(cwd)


def study(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "minigrad", "study", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True)


def check_json(course, *only):
    completed = study("--check", course, "--json", *(("--only", ",".join(only)) if only else ()))
    return {e["id"]: e for e in json.loads(completed.stdout)["exercises"]}


def test_momentum_with_the_learning_rate_outside_the_velocity_is_not_done(course):
    write_solution(course, "sgd_momentum", "v = slots['momentum']\nv *= self.momentum\nv += gradient\n"
                                           "if self.nesterov:\n    theta -= lr * (gradient + self.momentum * v)\n"
                                           "else:\n    theta -= lr * v")
    result = check_json(course, "sgd_momentum")["sgd_momentum"]
    assert not result["done"], result
    assert result["failing_test"].endswith("::test_momentum_keeps_the_learning_rate_inside_the_velocity_when_it_"
                                           "changes") and "lr 0.1 then 0.01" in result["message"], result


def test_sgd_that_rebinds_theta_is_told_it_did_not_update_in_place(course):
    write_solution(course, "sgd", "theta = theta - lr * gradient")
    result = check_json(course, "sgd")["sgd"]
    assert not result["done"] and "theta was not updated in place" in result["message"], result


def test_dense_backward_written_with_fresh_arrays_is_done_and_milestone_1_trains(course):
    restore(course, "mae", "dense_forward", "sgd", "fit_step")
    write_solution(course, "dense_backward", "dz = self.activation.backward(dy, self.z, self.y)\n"
                                             "self.grads[0] = self.x.T @ dz\nif self.use_bias:\n"
                                             "    self.grads[1] = dz.sum(axis=0)\n"
                                             "return dz @ self.kernel.T if need_input_grad else None")
    report = json.loads(study("--check", course, "--json", "--only", "mae,dense_forward,dense_backward,sgd,"
                                                                     "fit_step").stdout)
    assert all(e["done"] for e in report["exercises"]), report
    assert report["milestones"][0] == {"id": "1", "title": "train the article's E1 with your own code", "done": 5,
                                       "exercises": 5, "trains": True, "missing": []}


def test_a_milestone_does_not_train_while_one_of_its_exercises_is_not_done(course):
    """MAE's derivative with sign(0) taken as +1 is caught by mae's tests: milestone 1 does not train, whatever its
    fit test says."""
    restore(course, "dense_forward", "dense_backward", "sgd", "fit_step")
    write_solution(course, "mae", "return np.abs(e)", "return np.where(e >= 0, 1.0, -1.0).astype(e.dtype)")
    completed = study("--check", course, "--only", "mae,dense_forward,dense_backward,sgd,fit_step")
    report = json.loads(study("--check", course, "--json", "--only", "mae,dense_forward,dense_backward,sgd,"
                                                                     "fit_step").stdout)
    assert [e["id"] for e in report["exercises"] if not e["done"]] == ["mae"], report
    assert report["milestones"][0]["trains"] is False and report["milestones"][0]["missing"] == ["mae"], report
    assert "     it trains: not yet: finish mae first" in completed.stdout.splitlines(), completed.stdout


def test_a_hanging_exercise_times_out_and_the_others_are_still_checked(course):
    restore(course, "mae")
    write_solution(course, "sgd", "while True:\n    pass")
    results = check_json_with_timeout(course, "mae,sgd", timeout=2)
    assert results["mae"]["done"] and "timed out after 2 s" in results["sgd"]["message"], results


def test_a_syntax_error_in_one_exercise_does_not_stop_the_others_checks(course):
    """sgd and sgd_momentum share minigrad/optimizers/sgd.py: momentum's syntax error leaves sgd checkable."""
    restore(course, "mae", "sgd")
    write_solution(course, "sgd_momentum", "v = slots['momentum'\ntheta += v")
    results = check_json(course, "mae,sgd,sgd_momentum")
    assert results["mae"]["done"] and results["sgd"]["done"], results
    assert not results["sgd_momentum"]["done"], results
    assert results["sgd_momentum"]["message"].startswith("syntax error in minigrad/optimizers/sgd.py:"), results


def check_json_with_timeout(course, only, timeout):
    completed = study("--check", course, "--json", "--only", only, "--timeout", timeout)
    return {e["id"]: e for e in json.loads(completed.stdout)["exercises"]}


def test_check_json_round_trips_with_one_entry_per_exercise(course):
    completed = study("--check", course, "--json")
    report = json.loads(completed.stdout)
    assert completed.returncode == 1
    assert [e["id"] for e in report["exercises"]] == ["mae", "dense_forward", "dense_backward", "sgd", "fit_step",
                                                      "sgd_momentum"]
    assert set(report["exercises"][0]) == {"id", "milestone", "done", "status", "failing_test", "message", "seconds"}


def test_editing_the_students_copy_of_the_tests_does_not_fool_the_teachers_check(course):
    """The student leaves sgd_momentum undone and rewrites its tests to pass: their own copy says done, the
    teacher's pristine tests (--tests-from) still say not yet."""
    tests = course / "tests" / "test_exercise_optimizers.py"
    names = [node.split("::")[-1] for node in select("sgd_momentum")[0].tests]
    tests.write_text(tests.read_text() + "".join(f"\n\ndef {name}():\n    pass\n" for name in names))
    fooled = json.loads(study("--check", course, "--json", "--only", "sgd_momentum").stdout)
    trusted = json.loads(study("--check", course, "--json", "--only", "sgd_momentum", "--tests-from", ROOT).stdout)
    assert fooled["exercises"][0]["done"] and not trusted["exercises"][0]["done"], (fooled, trusted)


def next_in(course):
    return study("--next", course)


def test_next_names_the_file_line_function_and_command_of_the_first_unfinished_exercise(course):
    completed = next_in(course)
    assert completed.returncode == 1
    first, where, command, hint = completed.stdout.splitlines()
    assert first.startswith("Next: mae (milestone 1): write the mean absolute error") and "not started" in first
    places = re.findall(r"(minigrad/losses\.py):(\d+) \((MeanAbsoluteError\.\w+)\)", where)
    assert [function for *_, function in places] == ["MeanAbsoluteError.elementwise", "MeanAbsoluteError.derivative"]
    for path, line, _ in places:
        assert 'raise NotImplementedError("Exercise mae:' in (course / path).read_text().splitlines()[int(line) - 1]
    assert command == f"Check it with: python -m pytest -q {' '.join(select('mae')[0].tests)}"
    assert hint == "Stuck? python -m minigrad study --hint mae"


def test_next_moves_on_after_a_check_and_comes_back_when_the_block_changes(course):
    """--next runs no test: it reads what the last --check found, and sees which blocks changed since."""
    restore(course, "mae")
    assert "Next: mae " in next_in(course).stdout and "changed since the last" in next_in(course).stdout
    study("--check", course, "--only", "mae")
    assert next_in(course).stdout.startswith("Next: dense_forward (milestone 1)")
    losses = course / "minigrad" / "losses.py"
    losses.write_text(losses.read_text().replace("return np.abs(e)\n", "return np.abs(e)  # edited\n", 1))
    assert next_in(course).stdout.startswith("Next: mae (milestone 1)") and "changed since" in next_in(course).stdout


def test_hints_come_one_at_a_time_and_run_out(course):
    shown = [study("--hint", "sgd", "--course", course) for _ in range(4)]
    assert [c.returncode for c in shown] == [0, 0, 0, 1]
    assert "Hint 1 of 3 for sgd" in shown[0].stdout and "theta -= lr * g" in shown[1].stdout
    assert "No more hints" in shown[3].stdout


def test_a_half_done_course_reproduces_the_experiments_it_can(course, tmp_path):
    restore(course, "mae", "dense_forward", "dense_backward", "sgd", "fit_step")
    completed = subprocess.run([sys.executable, "-m", "minigrad", "reproduce", "--only", "E1,E9", "--out",
                                tmp_path / "figures"], cwd=course, env={**os.environ, "PYTHONPATH": str(course)},
                               capture_output=True, text=True)
    assert completed.returncode == 1, completed.stderr
    assert "E9: needs sgd_momentum" in completed.stdout and (tmp_path / "figures" / "E1.png").exists()


def test_only_with_nothing_in_it_is_an_error(tmp_path):
    completed = study("--out", tmp_path / "c", "--only", "")
    assert completed.returncode == 2 and "`--only` names no exercise or group" in completed.stderr


def test_restore_keeps_a_backup_of_the_students_block(course):
    write_solution(course, "sgd", "theta -= lr * gradient  # my own")
    restore(course, "sgd")
    assert "# my own" in (course / ".study_backup" / "minigrad" / "optimizers" / "sgd.py").read_text()


def test_the_course_carries_no_teacher_only_tests(blank_course):
    for name in ("test_benchmarks.py", "test_study.py", "test_study_course.py", "test_study_grade.py"):
        assert not (blank_course / "tests" / name).exists(), name


def python_with_only(folder, tmp_path, extras=(), also=()):
    """A Python whose packages are only those `pip install -e "<folder>[extras]"` would install (setup.cfg's
    install_requires and extras, with their dependencies, linked from this environment into a fresh venv) and the
    distributions `also`, with `folder` on its path in place of the install."""
    config = configparser.ConfigParser()
    config.read(folder / "setup.cfg")
    wanted = [line for line in config["options"]["install_requires"].splitlines() if line.strip()]
    wanted += [line for extra in extras for line in config["options.extras_require"][extra].splitlines()
               if line.strip()]
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    seen = set()
    queue = [Requirement(line).name for line in wanted] + list(also)
    while queue:
        name = canonicalize_name(queue.pop())
        if name in seen:
            continue
        seen.add(name)
        dist = importlib.metadata.distribution(name)
        for top in {file.parts[0] for file in dist.files or [] if file.parts[0] not in ("..", "__pycache__")}:
            if not (site / top).exists():
                (site / top).symlink_to(Path(dist.locate_file(top)))
        queue += [Requirement(r).name for r in dist.requires or []
                  if Requirement(r).marker is None or Requirement(r).marker.evaluate({"extra": ""})]
    (site / "course.pth").write_text(f"{folder}\n")
    return python


def test_without_pytest_the_students_commands_say_what_to_install_in_one_line(blank_course, tmp_path):
    """Only numpy and matplotlib installed: --check names the extra to install (exit 2, no traceback); --next and
    --hint run no test and work."""
    python = python_with_only(ROOT, tmp_path)
    assert subprocess.run([python, "-c", "import pytest"], capture_output=True).returncode == 1
    check = subprocess.run([python, "-m", "minigrad", "study", "--check", blank_course], capture_output=True,
                           text=True)
    assert (check.returncode, check.stdout) == (2, "")
    assert check.stderr == ('error: `--check` runs the course\'s tests with pytest, which is not installed here: '
                            'pip install -e ".[study]"\n')
    assert subprocess.run([python, "-m", "minigrad", "study", "--next", blank_course], capture_output=True,
                          text=True).stdout.startswith("Next: mae")
    hint = subprocess.run([python, "-m", "minigrad", "study", "--hint", "mae", "--course", tmp_path / "c"],
                          capture_output=True, text=True)
    assert hint.returncode == 2 and "`--hint` runs inside a course" in hint.stderr


def test_a_finished_course_passes_its_whole_suite_with_only_the_study_extra(blank_course, tmp_path):
    """`pip install -e ".[study]"` and nothing else: no nbmake, selenium, nbformat or Jupyter (pytest-xdist is
    added only to run it on two cores). The browser tests skip, as on a student's laptop without a browser (CI's
    MINIGRAD_REQUIRE_BROWSER is not the student's)."""
    finished = tmp_path / "finished"
    shutil.copytree(blank_course, finished)
    restore(finished)
    python = python_with_only(finished, tmp_path, extras=("study",), also=("pytest-xdist",))
    for absent in ("nbmake", "selenium", "nbformat", "ipykernel"):
        assert subprocess.run([python, "-c", f"import {absent}"], capture_output=True).returncode == 1, absent
    student = {key: value for key, value in os.environ.items() if key != "MINIGRAD_REQUIRE_BROWSER"}
    completed = subprocess.run([python, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-n", "2"],
                               cwd=finished, env=student, capture_output=True, text=True)
    assert completed.returncode == 0, completed.stdout[-3000:]


def test_a_notebook_cell_that_needs_an_unfinished_exercise_names_it_instead_of_a_traceback(course, monkeypatch):
    """Notebook 03 in a course whose training step is not done: the first training cell says "needs: fit_step"."""
    monkeypatch.setenv("PYTHONPATH", str(course))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    notebook = nbformat.read(course / "notebooks" / "03_adaptive_optimizers.ipynb", as_version=4)
    NotebookClient(notebook, timeout=120, allow_errors=True,
                   resources={"metadata": {"path": str(course / "notebooks")}}).execute()
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    first_needs = next(i for i, output in enumerate(outputs) if "needs:" in output.get("text", ""))
    assert outputs[first_needs] == {"output_type": "stream", "name": "stderr",
                                    "text": "needs: fit_step (python -m minigrad study --next .)\n"}
    assert not any(output.output_type == "error" for output in outputs[:first_needs]), outputs[:first_needs]


def test_restore_run_from_inside_the_course_refuses_instead_of_changing_nothing(course):
    """With the course's own minigrad first on the path, `--restore .` has no teacher's solutions to put back."""
    completed = subprocess.run([sys.executable, "-m", "minigrad", "study", "--restore", "."], cwd=course,
                               env={**os.environ, "PYTHONPATH": str(course)}, capture_output=True, text=True)
    assert completed.returncode == 2 and "runs from the course itself" in completed.stderr, completed.stderr


def test_out_copies_tracked_files_only_not_a_teachers_scratch_file(tmp_path):
    scratch = ROOT / "tests" / "scratch_not_tracked_by_git.py"
    scratch.write_text("print('my notes')\n")
    try:
        write_exercise_copy(tmp_path / "c", select("mae"))
    finally:
        scratch.unlink()
    assert (tmp_path / "c" / "tests" / "test_exercise_losses.py").is_file()
    assert not (tmp_path / "c" / "tests" / scratch.name).exists()


def test_a_folder_named_minigrad_in_the_working_directory_gets_a_clear_error(tmp_path, monkeypatch):
    """An empty `minigrad/` beside the student shadows the package as a namespace package (no `__file__`)."""
    monkeypatch.delattr(minigrad, "__file__")
    monkeypatch.setattr(minigrad, "__path__", [str(tmp_path / "minigrad")])
    with pytest.raises(FileNotFoundError, match="a folder named minigrad in the current directory"):
        project_root()


def test_a_syntax_error_outside_the_blocks_fails_that_files_exercises_only(course):
    """A broken line outside any block: the checker puts back its own copy of the file, that file's exercises
    are "not yet" with the syntax error, and the other exercises are still checked."""
    restore(course, "mae", "sgd")
    sgd_file = course / "minigrad" / "optimizers" / "sgd.py"
    sgd_file.write_text(sgd_file.read_text().replace("class SGD(Optimizer):", "class SGD(Optimizer)", 1))
    results = check_json(course, "mae,sgd,sgd_momentum")
    assert results["mae"]["done"], results
    assert not results["sgd"]["done"] and not results["sgd_momentum"]["done"], results
    assert results["sgd"]["message"].startswith("syntax error in minigrad/optimizers/sgd.py:"), results
