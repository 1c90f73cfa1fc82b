"""Study mode's command: the exercise copy (`--out`), `--check` and `--restore` (`python -m minigrad study`)."""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import minigrad
from minigrad.study.check import check, run_tests
from minigrad.study.exercise import formula_block, in_place_form
from minigrad.study.exercise_copy import (
    marked_sources,
    project_root,
    restore_copy,
    select,
    without_nbmake,
    write_exercise_copy,
)
from minigrad.study.registry import EXERCISES

ROOT = Path(minigrad.__file__).resolve().parent.parent
BY_ID = {e.id: e for e in EXERCISES}


def study(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "minigrad", "study", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True)


def failure_ids(message):
    """The exercise ids named by `NotImplementedError: Exercise <id>:` in a failure message."""
    return re.findall(r"NotImplementedError: Exercise (\w+):", message or "")


# -- the command's checks ------------------------------------------------------------------------

def test_only_takes_groups_and_ids_and_keeps_the_course_order():
    """mae and sgd are in milestone 1, mse and huber in the bonus track."""
    assert [e.id for e in select("sgd,losses")] == ["mae", "sgd", "mse", "huber"]


def test_only_rejects_an_unknown_name_with_a_suggestion():
    with pytest.raises(ValueError, match=r"Did you mean 'losses'.*Received: 'loses'"):
        select("loses")


def test_out_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "work.py").write_text("a student's work")
    with pytest.raises(FileExistsError, match="new or empty folder"):
        write_exercise_copy(tmp_path, select("mae"))
    assert (tmp_path / "work.py").read_text() == "a student's work"


def test_restore_refuses_a_folder_that_is_not_an_exercise_copy(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"`--restore` expects a folder written by `--out`"):
        restore_copy(tmp_path)


def test_check_refuses_a_folder_that_is_not_an_exercise_copy(tmp_path):
    completed = study("--check", tmp_path)
    assert completed.returncode == 2 and "`--check` expects a folder written by `--out`" in completed.stderr


def test_without_a_source_checkout_the_error_says_what_to_do(tmp_path, monkeypatch):
    (tmp_path / "minigrad").mkdir()
    monkeypatch.setattr(minigrad, "__file__", str(tmp_path / "minigrad" / "__init__.py"))
    with pytest.raises(FileNotFoundError, match=r"no `tests/` and `setup.cfg`.*pip install -e \."):
        project_root()


# -- the exercise copy, end to end ---------------------------------------------------------------

@pytest.fixture(scope="module")
def full_copy(tmp_path_factory):
    """The exercise copy with every exercise, written by the command line."""
    out = tmp_path_factory.mktemp("study") / "all"
    completed = study("--out", out)
    assert completed.returncode == 0, completed.stderr
    return out


def test_copy_holds_the_project_and_exercises_md_in_course_order(full_copy):
    for name in ("minigrad/__init__.py", "tests/conftest.py", "setup.cfg", "pyproject.toml", "README.md"):
        assert (full_copy / name).exists(), f"{name} missing from the copy"
    for notebook in ROOT.glob("notebooks/*.ipynb"):
        assert (full_copy / "notebooks" / notebook.name).exists(), f"{notebook.name} missing from the copy"
    handout = (full_copy / "EXERCISES.md").read_text()
    positions = [handout.index(f"`{e.id}`") for e in EXERCISES]
    assert positions == sorted(positions), "EXERCISES.md lists the exercises out of order"
    for exercise in EXERCISES:
        assert f"python -m pytest -q {' '.join(exercise.tests)}" in handout, f"no pytest command for {exercise.id}"


def test_copy_imports_its_own_minigrad(full_copy):
    completed = subprocess.run([sys.executable, "-c", "import minigrad; print(minigrad.__file__)"], cwd=full_copy,
                               env={**os.environ, "PYTHONPATH": str(full_copy)}, capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
    assert Path(completed.stdout.strip()).resolve() == full_copy.resolve() / "minigrad" / "__init__.py"


def test_copy_is_installable_with_the_same_packaging_and_packages(full_copy):
    """Installability checked statically: setuptools reads the copy's setup.cfg and finds the same packages; the
    copy's pyproject.toml is the project's without `--nbmake` (a course installed with `[study]` has no nbmake)."""
    assert (full_copy / "setup.cfg").read_bytes() == (ROOT / "setup.cfg").read_bytes()
    assert (full_copy / "pyproject.toml").read_text() == without_nbmake((ROOT / "pyproject.toml").read_text())
    assert "--nbmake" not in (full_copy / "pyproject.toml").read_text()
    script = ("from setuptools import find_packages; from setuptools.config.setupcfg import read_configuration; "
              "print(read_configuration('setup.cfg')['metadata']['version'], "
              "sorted(find_packages(include=['minigrad*'])))")
    outputs = [subprocess.run([sys.executable, "-c", script], cwd=folder, capture_output=True, text=True)
               for folder in (full_copy, ROOT)]
    assert outputs[0].returncode == 0, outputs[0].stderr
    assert outputs[0].stdout == outputs[1].stdout


def test_every_exercise_test_fails_with_that_exercise_not_implemented_error(full_copy):
    results = run_tests(full_copy, [node for e in EXERCISES for node in e.tests])
    for exercise in EXERCISES:
        for node in exercise.tests:
            named = failure_ids(results[node].message)
            assert named and set(named) <= {exercise.id, *exercise.requires}, f"{node}: {results[node]}"


def test_other_exercises_tests_pass_when_only_some_are_blanked(tmp_path):
    out = tmp_path / "partial"
    write_exercise_copy(out, select("mae,dense_backward,sgd_momentum"))
    sampled = ["mse", "huber", "relu_derivative", "dense_forward", "sgd", "fit_step"]
    results = run_tests(out, [node for name in sampled + ["mae"] for node in BY_ID[name].tests])
    for name in sampled:
        for node in BY_ID[name].tests:
            assert results[node].message is None, f"{node} should pass when {name} is not an exercise: {results[node]}"
    assert failure_ids(results[BY_ID["mae"].tests[0]].message) == ["mae"]


def test_check_says_done_or_not_yet_per_exercise_and_fails_until_all_are_done(tmp_path, capsys):
    out = tmp_path / "check"
    write_exercise_copy(out, select("mae,dense_forward,dense_backward"))
    restore_copy(out, {"mae"})
    assert check(out) == 1
    report = capsys.readouterr().out
    lines = report.splitlines()
    assert lines[0] == "Milestone 1: train the article's E1 with your own code (1 of 3 done)", report
    assert re.match(r"\s*1\. mae\s+done$", lines[1]), report
    assert re.match(r"\s*2\. dense_forward\s+not yet: still raises NotImplementedError$", lines[2]), report
    assert re.match(r"\s*3\. dense_backward\s+not yet: finish dense_forward first", lines[3]), report
    assert lines[4] == "     it trains: not yet: finish dense_forward, dense_backward first", report
    assert lines[-1] == "1 of 3 exercises done."
    restore_copy(out)
    assert check(out) == 0, capsys.readouterr().out


def test_restore_from_the_command_line_puts_back_only_the_named_exercises(full_copy, tmp_path):
    out = tmp_path / "restore"
    shutil.copytree(full_copy, out)
    assert study("--restore", out, "--only", "mae").returncode == 0
    losses = (out / "minigrad" / "losses.py").read_text()
    assert "return np.abs(e)" in losses and "Exercise mse:" in losses


def test_restored_copy_passes_every_exercise_test(tmp_path):
    out = tmp_path / "restored"
    write_exercise_copy(out, list(EXERCISES))
    restore_copy(out)
    for path, text in marked_sources(ROOT).items():
        assert (out / path).read_text() == text, f"{path} differs from the original after --restore"
    results = run_tests(out, [node for e in EXERCISES for node in e.tests])
    assert {node: result.message for node, result in results.items() if result.message is not None} == {}


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_each_exercises_source_states_its_formula_as_an_indented_block(exercise):
    """The registry names a class or function; the formula is read from its docstring, so it is stated once."""
    assert exercise.formula.strip(), exercise.source


def test_the_formula_is_the_first_block_indented_deeper_than_the_docstrings_text():
    """As written in a method (text at 8 spaces, block at 12), with text around the block and without."""
    around = ("Text.\n\n        Update rule:\n\n            v = rho * v\n              # wrapped\n\n"
              "            theta -= v\n\n        Args:\n            rho: decay.\n        ")
    only_block = "The forward pass:\n\n            z = x @ kernel\n            y = f(z)\n        "
    assert formula_block(around) == "v = rho * v\n  # wrapped\n\ntheta -= v"
    assert formula_block(only_block) == "z = x @ kernel\ny = f(z)"
    with pytest.raises(ValueError, match="no indented formula block"):
        formula_block("One line.")


@pytest.mark.parametrize("equation, in_place", [
    ("theta = theta - lr * g", "theta -= lr * g"),
    ("theta = theta + (momentum * v - lr * g)  # one sum", "theta += momentum * v - lr * g  # one sum"),
    ("    u_product = u_product * u_t", "    u_product *= u_t"),
    ("theta = theta * (1 - lr * weight_decay)", "theta *= 1 - lr * weight_decay"),
    ("theta = theta - a + b", "theta = theta - a + b"),
    ("m = beta_1 * m + (1 - beta_1) * g", "m = beta_1 * m + (1 - beta_1) * g"),
])
def test_the_handout_writes_x_equals_x_op_y_as_the_in_place_x_op_equals_y_only_where_they_agree(equation, in_place):
    """`theta = theta - a + b` is (theta - a) + b, not theta - (a + b): left as it is."""
    assert in_place_form(equation) == in_place


def test_each_sgd_exercise_shows_only_the_rule_its_block_computes():
    """Plain SGD's block is the momentum-free branch; the momentum block is the rest of SGD's docstring formula."""
    assert BY_ID["sgd"].in_place_formula == "theta -= lr * g"
    momentum = BY_ID["sgd_momentum"].in_place_formula
    assert momentum.startswith("v = momentum * v - lr * g") and "theta -= lr * g" not in momentum


def test_dense_backward_shows_no_bias_gradient_without_a_bias():
    """The rule a student copies must not give a bias gradient to a layer that has no bias."""
    assert "if use_bias else [x.T @ dz]" in BY_ID["dense_backward"].formula
