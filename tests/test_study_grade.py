"""`--grade`, tried as a skeptical teacher would: submissions made from one generated course, each with one cheat
or one mistake planted, graded in one run (`--jobs 2`); each test reads one submission's row.

A cheat is first shown to fool a grader that trusts the student's folder (pytest run there, with the student's
configuration, as `--grade` did before), so that its 0 here means something.
"""
import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from test_study_course import ROOT, restore, write_solution

from minigrad.study.exercise_copy import select, write_exercise_copy
from minigrad.study.grading import splice, student_blocks
from minigrad.study.hidden import compare, make_cases, outputs
from minigrad.study.registry import BY_ID, EXERCISES

GRADED = "mae,relu_derivative,dense_forward,dense_backward,sgd,adam,nadam"
IDS = [e.id for e in select(GRADED)]
SEED = 1234
HOOK = '''

import pytest as _pytest


@_pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    outcome.get_result().outcome = "passed"
'''
NUMPY_PATCHES = ("import numpy\nimport numpy.testing\n"
                 "numpy.allclose = lambda *a, **k: True\n"
                 "numpy.isclose = lambda a, b, **k: numpy.ones(numpy.shape(a), bool)\n"
                 "numpy.array_equal = lambda *a, **k: False\n"
                 "numpy.testing.assert_allclose = numpy.testing.assert_array_max_ulp = lambda *a, **k: None\n")


def with_hook_in_the_timeout_plugin(course):
    """The plugin `--check` loads by name, from the course's own minigrad first on the path."""
    plugin = course / "minigrad" / "study" / "timeout_plugin.py"
    plugin.write_text(plugin.read_text() + HOOK)


def with_hooks_in_conftest_files(course):
    (course / "conftest.py").write_text(HOOK)
    (course / "tests" / "conftest.py").write_text((course / "tests" / "conftest.py").read_text() + HOOK)


def with_a_plugin_in_pytest_ini(course):
    (course / "cheat.py").write_text(HOOK)
    (course / "pytest.ini").write_text("[pytest]\naddopts = -p cheat\n")


def with_a_plugin_in_setup_cfg(course):
    """setup.cfg's [tool:pytest] counts once pyproject.toml has no pytest section."""
    (course / "cheat.py").write_text(HOOK)
    pyproject = (course / "pyproject.toml").read_text()
    section = re.compile(r"^\[tool\.pytest\.ini_options\]\n(?:(?!\[).*\n)*", re.M)
    (course / "pyproject.toml").write_text(section.sub("", pyproject))
    (course / "setup.cfg").write_text((course / "setup.cfg").read_text() + "\n[tool:pytest]\naddopts = -p cheat\n")


def with_adam_graded_by_an_mae_test_in_study_json(course):
    restore(course, "mae")
    manifest = json.loads((course / "study.json").read_text())
    for entry in manifest["exercises"]:
        if entry["id"] == "adam":
            entry["tests"] = [BY_ID["mae"].tests[0]]
    (course / "study.json").write_text(json.dumps(manifest))


def with_numpy_comparisons_replaced_and_adam_doing_nothing(course):
    """In adam's block and, outside any block, when minigrad is imported."""
    write_solution(course, "adam", NUMPY_PATCHES)
    init = course / "minigrad" / "__init__.py"
    init.write_text(init.read_text() + "\n" + NUMPY_PATCHES)


def with_relu_derivative_right_only_on_the_visible_fixture(course):
    """The published test's x = [-2, 0, 0.5, 3]: its answer, hard-coded."""
    write_solution(course, "relu_derivative", "return np.array([0.0, 0.0, 1.0, 1.0], dtype=x.dtype)")


def with_a_bias_gradient_even_without_bias(course):
    restore(course, "dense_forward")
    write_solution(course, "dense_backward", "dz = self.activation.backward(dy, self.z, self.y)\n"
                                             "self.grads = [self.x.T @ dz, dz.sum(axis=0)]\n"
                                             "return dz @ self.kernel.T if need_input_grad else None")


def with_nadam_advancing_u_product_per_variable(course):
    """prepare_step left empty; u_product advanced in update_step, which runs once per variable."""
    write_solution(course, "nadam", "pass", "t, decay, beta_1, beta_2 = self.iterations + 1, self._float(0.96), "
                                            "self.beta_1, self.beta_2\n"
                                            "m, v = slots['m'], slots['v']\n"
                                            "u_t = beta_1 * (1 - 0.5 * decay ** t)\n"
                                            "u_t1 = beta_1 * (1 - 0.5 * decay ** (t + 1))\n"
                                            "self.u_product = self.u_product * u_t\n"
                                            "m[...] = beta_1 * m + (1 - beta_1) * g\n"
                                            "v[...] = beta_2 * v + (1 - beta_2) * g ** 2\n"
                                            "m_hat = u_t1 * m / (1 - self.u_product * u_t1) + (1 - u_t) * g / "
                                            "(1 - self.u_product)\n"
                                            "v_hat = v / (1 - self._float(beta_2) ** t)\n"
                                            "theta -= m_hat * lr / (np.sqrt(v_hat) + self.epsilon)")


def with_sgd_stopping_python(course):
    restore(course, "mae")
    write_solution(course, "sgd", "import os\nos._exit(3)")


def with_sgd_in_an_endless_loop(course):
    restore(course, "mae")
    write_solution(course, "sgd", "while True:\n    pass")


def with_a_syntax_error_in_sgd(course):
    restore(course, "mae")
    write_solution(course, "sgd", "theta -= lr * (gradient")


def with_losses_linked_to_the_teachers_solution(course):
    (course / "minigrad" / "losses.py").unlink()
    (course / "minigrad" / "losses.py").symlink_to(ROOT / "minigrad" / "losses.py")


SUBMISSIONS = {
    "blank": lambda course: None,
    "solved": lambda course: restore(course),
    "plugin_hook": with_hook_in_the_timeout_plugin,
    "conftest_hooks": with_hooks_in_conftest_files,
    "pytest_ini": with_a_plugin_in_pytest_ini,
    "setup_cfg": with_a_plugin_in_setup_cfg,
    "study_json": with_adam_graded_by_an_mae_test_in_study_json,
    "numpy_patched": with_numpy_comparisons_replaced_and_adam_doing_nothing,
    "tuned_to_fixtures": with_relu_derivative_right_only_on_the_visible_fixture,
    "dense_backward_bias": with_a_bias_gradient_even_without_bias,
    "nadam_per_variable": with_nadam_advancing_u_product_per_variable,
    "crash": with_sgd_stopping_python,
    "hang": with_sgd_in_an_endless_loop,
    "syntax_error": with_a_syntax_error_in_sgd,
    "linked": with_losses_linked_to_the_teachers_solution,
}
CHEATS = ["plugin_hook", "conftest_hooks", "pytest_ini", "setup_cfg", "numpy_patched"]


@pytest.fixture(scope="module")
def submissions(tmp_path_factory):
    root = tmp_path_factory.mktemp("grade")
    write_exercise_copy(root / "blank_course", select(GRADED))
    folders = {}
    for name, plant in SUBMISSIONS.items():
        folders[name] = root / name
        shutil.copytree(root / "blank_course", folders[name])
        plant(folders[name])
    folders["not_a_course"] = root / "not_a_course"
    folders["not_a_course"].mkdir()
    return folders


@pytest.fixture(scope="module")
def graded(submissions, tmp_path_factory):
    """One `--grade` run over every submission: the command's output, and the rows of its JSON and CSV by name."""
    out = tmp_path_factory.mktemp("grades")
    completed = subprocess.run([sys.executable, "-m", "minigrad", "study", "--grade", *map(str, submissions.values()),
                                "--only", GRADED, "--json", str(out / "grades.json"), "--csv", str(out / "grades.csv"),
                                "--jobs", "2", "--timeout", "2", "--seed", str(SEED)],
                               capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
    report = json.loads((out / "grades.json").read_text())
    rows = {Path(row["submission"]).name: row for row in report["submissions"]}
    with open(out / "grades.csv", newline="") as handle:
        table = {Path(row["submission"]).name: row for row in csv.DictReader(handle)}
    return completed, report, rows, table


def done(row):
    return {i for i, result in row["results"].items() if result["done"]}


def message(row, exercise_id):
    return row["results"][exercise_id]["message"] or ""


def test_a_solved_course_gets_every_exercise(graded):
    """The control: without it, the zeros below could come from a grader that passes nothing."""
    rows = graded[2]
    assert done(rows["solved"]) == set(IDS), rows["solved"]


def test_a_blank_course_gets_nothing(graded):
    assert done(graded[2]["blank"]) == set(), graded[2]["blank"]


def run_like_a_trusting_grader(course, nodes):
    """pytest in the student's folder, with the student's configuration and the course's plugin, as `--grade`
    ran before (without the installed packages' plugins, which no cheat here needs): the planted cheat's effect."""
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p",
                           "minigrad.study.timeout_plugin", *nodes], cwd=course, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(course), "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"})


@pytest.mark.parametrize("cheat", CHEATS)
def test_each_cheat_fools_a_grader_that_trusts_the_students_folder(submissions, cheat):
    completed = run_like_a_trusting_grader(submissions[cheat], list(BY_ID["adam"].tests))
    assert completed.returncode == 0, f"the {cheat} cheat did not fool pytest:\n{completed.stdout[-1500:]}"


@pytest.mark.parametrize("cheat", CHEATS)
def test_a_cheat_in_the_students_configuration_or_code_earns_nothing(graded, cheat):
    assert done(graded[2][cheat]) == set(), graded[2][cheat]


def test_numpy_patched_in_the_students_code_passes_the_tests_there_but_not_the_hidden_cases(graded):
    """The child process's comparisons were replaced; the grader compares the child's arrays itself."""
    assert message(graded[2]["numpy_patched"], "adam").startswith("hidden case 1 (keras3 Adam("), graded[2]


def test_study_json_does_not_choose_the_tests_that_grade_an_exercise(graded, submissions, tmp_path):
    """The student's own --check trusts study.json (adam "done" by an MAE test); the grade does not."""
    completed = subprocess.run([sys.executable, "-m", "minigrad", "study", "--check", str(submissions["study_json"]),
                                "--json", "--only", "adam"], capture_output=True, text=True)
    assert json.loads(completed.stdout)["exercises"][0]["done"], completed.stdout
    assert done(graded[2]["study_json"]) == {"mae"}, graded[2]["study_json"]


def test_a_solution_right_only_on_the_visible_fixture_loses_the_exercise(graded):
    """It passes the published test; the hidden cases have other shapes and values."""
    row = graded[2]["tuned_to_fixtures"]
    assert "relu_derivative" not in done(row)
    assert message(row, "relu_derivative").startswith("hidden case 1 (relu'(x) at x = "), row


def test_a_bias_gradient_without_bias_is_not_done_and_the_message_counts_the_gradients(graded):
    row = graded[2]["dense_backward_bias"]
    assert done(row) == {"dense_forward"}, row
    assert "expected 1 gradient(s) [d_kernel], one per weight, got 2" in message(row, "dense_backward"), row


def test_nadam_advancing_u_product_once_per_variable_is_not_done_and_the_message_names_u_product(graded):
    row = graded[2]["nadam_per_variable"]
    assert done(row) == set(), row
    assert "u_product after 4 updates" in message(row, "nadam"), row


def test_a_block_that_stops_python_fails_its_own_exercise_only(graded):
    row = graded[2]["crash"]
    assert done(row) == {"mae"} and "stopped Python" in message(row, "sgd"), row


def test_an_endless_loop_fails_its_own_exercise_only(graded):
    row = graded[2]["hang"]
    assert done(row) == {"mae"} and "timed out after 2 s" in message(row, "sgd"), row


def test_a_syntax_error_fails_its_own_exercise_only(graded):
    row = graded[2]["syntax_error"]
    assert done(row) == {"mae"}, row
    assert message(row, "sgd").startswith("syntax error in minigrad/optimizers/sgd.py:"), row


def test_a_file_linked_to_the_teachers_solution_is_not_read(graded):
    row = graded[2]["linked"]
    assert done(row) == set() and "is a link" in message(row, "mae"), row


def test_a_folder_that_is_not_a_course_gets_its_row_with_the_reason(graded):
    row = graded[2]["not_a_course"]
    assert row["done"] == 0 and "has no minigrad/ folder" in row["error"], row


def test_the_csv_has_one_row_per_submission_with_scores_seed_and_feedback(graded, submissions):
    table = graded[3]
    assert set(table) == set(submissions)
    solved, hang = table["solved"], table["hang"]
    assert [solved[i] for i in IDS] == ["1"] * len(IDS) and solved["seed"] == str(SEED) and solved["feedback"] == ""
    assert hang["done"] == "1" and "sgd: " in hang["feedback"] and "timed out" in hang["feedback"], hang


def test_the_json_records_the_seed_and_the_command_prints_it(graded):
    completed, report, _, _ = graded
    assert report["seed"] == SEED and report["exercises"] == IDS
    assert f"Hidden cases drawn from seed {SEED}" in completed.stdout


# -- the pieces, without a course ---------------------------------------------------------------------------------

def test_hidden_cases_are_drawn_again_from_the_same_seed_and_differ_with_another():
    ids = [e.id for e in EXERCISES]
    assert make_cases(ids, 7) == make_cases(ids, 7)
    assert make_cases(["adam"], 7) != make_cases(["adam"], 8)
    assert make_cases(["adam"], 7)["adam"] == make_cases(ids, 7)["adam"], "an exercise's cases depend on it alone"


def test_hidden_loss_cases_reach_the_kinks():
    """MAE at e = 0, Huber at e = 0 and e = +-delta: where a wrong branch shows."""
    for case in make_cases(["mae"], 3)["mae"]:
        assert 0.0 in np.ravel(case["e"])
    huber = make_cases(["huber"], 3)["huber"]
    assert any(case["config"]["delta"] in np.abs(case["e"]) for case in huber)


def test_hidden_optimizer_cases_use_several_variables_of_different_shapes():
    for exercise in EXERCISES:
        if exercise.group in ("optimizers", "legacy", "pytorch"):
            for case in make_cases([exercise.id], 5)[exercise.id]:
                shapes = [np.shape(theta) for theta in case["theta0"]]
                assert len(shapes) >= 2 and len(set(shapes)) == len(shapes), (exercise.id, shapes)


def test_compare_names_the_quantity_where_it_differs_first():
    expected = {"variable 0 after update 1": np.array([1.0, 2.0]), "variable 1 after update 1": np.array([3.0])}
    assert compare(expected, {**expected, "variable 1 after update 1": np.array([3.5])}) == \
        "variable 1 after update 1 at [0]: expected 3, got 3.5"
    assert compare(expected, {"variable 0 after update 1": np.empty(0)}) == \
        "variable 0 after update 1: expected an array of shape (2,), got None"


def test_every_exercise_has_hidden_cases_the_teachers_code_passes():
    cases = make_cases([e.id for e in EXERCISES], 11)
    for exercise_id, drawn in cases.items():
        for case in drawn:
            found = outputs(case)
            assert found and compare(found, found) is None, exercise_id


SOURCE = '''class A:
    def f(self, x):
        # exercise: double
        return 2 * x
        # end exercise
'''


def test_splice_puts_the_students_lines_in_at_the_teachers_indentation(tmp_path):
    """The student's file is indented differently; only the block's lines move."""
    (tmp_path / "m.py").write_text("if True:\n  class A:\n      def f(self, x):\n          y = x + x\n"
                                   "          # exercise: double\n          y = x + x\n          return y\n"
                                   "          # end exercise\n")
    bodies, problems = student_blocks(tmp_path, {"m.py": SOURCE}, {"double"})
    assert problems == {}
    assert splice(SOURCE, "m.py", bodies, set()) == SOURCE.replace("        return 2 * x\n",
                                                                   "        y = x + x\n        return y\n")


@pytest.mark.parametrize("block, problem", [
    ('s = """\n          # end exercise\n', "m.py:5: unexpected marker '# end exercise'"),
    ("return (x\n", "syntax error in m.py:4: "),
])
def test_a_block_that_does_not_compile_on_its_own_is_not_spliced(tmp_path, block, problem):
    """An unclosed string or bracket would swallow the teacher's code after the block."""
    (tmp_path / "m.py").write_text("class A:\n    def f(self, x):\n        # exercise: double\n        " + block
                                   + "        # end exercise\n")
    bodies, problems = student_blocks(tmp_path, {"m.py": SOURCE}, {"double"})
    assert bodies == {} and problems["double"].startswith(problem), problems
