"""Study mode as a course, tried the way students and teachers use it: deliberate mistakes written into a
generated course must be caught by `--check` with a message that points at them; a restored course passes its
whole suite; a half-done course still reproduces what it can; `--json`, `--timeout`, `--next` and `--hint` work.
"""
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
    for path in sorted((course / "minigrad").rglob("*.py")):
        text = path.read_text()
        if f"# exercise: {exercise_id}\n" not in text:
            continue
        pattern = re.compile(rf"^( *)# exercise: {exercise_id}\n *raise NotImplementedError\(.*\)\n", re.M)
        remaining = list(blocks)

        def replace(match):
            indent = match.group(1)
            code = remaining.pop(0)
            return f"{indent}# exercise: {exercise_id}\n" + "".join(f"{indent}{line}\n" for line in code.splitlines())

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
                                       "exercises": 5, "trains": True}


def test_a_hanging_exercise_times_out_and_the_others_are_still_checked(course):
    restore(course, "mae")
    write_solution(course, "sgd", "while True:\n    pass")
    results = check_json_with_timeout(course, "mae,sgd", timeout=3)
    assert results["mae"]["done"] and "timed out after 3 s" in results["sgd"]["message"], results


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


def test_next_names_the_first_unfinished_exercise_and_its_command(course):
    completed = study("--next", course)
    assert completed.returncode == 1
    assert completed.stdout.startswith("Next: mae (milestone 1)") and "python -m pytest -q tests/" in completed.stdout


def test_hints_come_one_at_a_time_and_run_out(course):
    shown = [study("--hint", "sgd", "--course", course) for _ in range(4)]
    assert [c.returncode for c in shown] == [0, 0, 0, 1]
    assert "Hint 1 of 3 for sgd" in shown[0].stdout and "theta -= lr * g" in shown[1].stdout
    assert "No more hints" in shown[3].stdout


def test_grade_writes_one_row_per_submission(course, tmp_path):
    restore(course, "mae")
    table = tmp_path / "grades.csv"
    assert study("--grade", course, "--csv", table).returncode == 0
    header, row = table.read_text().splitlines()
    assert header.startswith("submission,done,exercises,mae") and row.split(",")[1:4] == ["1", "6", "1"]


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
    assert not (blank_course / "tests" / "test_benchmarks.py").exists()
    assert not (blank_course / "tests" / "test_study.py").exists()
    assert not (blank_course / "tests" / "test_study_course.py").exists()


def test_a_finished_course_passes_its_whole_suite(blank_course, tmp_path):
    finished = tmp_path / "finished"
    shutil.copytree(blank_course, finished)
    restore(finished)
    completed = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-n", "2"],
                               cwd=finished, env={**os.environ, "PYTHONPATH": str(finished)}, capture_output=True,
                               text=True)
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
