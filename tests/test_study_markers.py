"""Study mode's marker convention (`# exercise: <id>` ... `# end exercise`) and its registry of exercises."""
import re
from pathlib import Path

import pytest

import minigrad
from minigrad.study import markers
from minigrad.study.exercise_copy import marked_sources
from minigrad.study.registry import EXERCISES, MILESTONES

ROOT = Path(minigrad.__file__).resolve().parent.parent
BY_ID = {e.id: e for e in EXERCISES}
SAMPLE = '''def f(x):
    """Doubles x.

    # exercise: not_a_marker
    """
    # exercise: double
    y = 2 * x
    return y
    # end exercise


def g(x):
    # exercise: double
    return x + x
    # end exercise
'''


def test_blank_replaces_each_body_by_one_raise_at_the_markers_indentation():
    exercise = BY_ID["mae"]._replace(id="double", task="double x")
    blanked = markers.blank(SAMPLE, {"double": exercise})
    expected_raise = ('    raise NotImplementedError("Exercise double: double x; see the docstring and '
                      f'{exercise.tests[0]}")\n')
    assert blanked.count(expected_raise) == 2, blanked
    assert "y = 2 * x" not in blanked and "return x + x" not in blanked
    assert blanked.count("# exercise: double") == 2 and blanked.count("# end exercise") == 2


def test_restore_after_blank_gives_back_the_original_bytes():
    exercise = BY_ID["mae"]._replace(id="double")
    assert markers.restore(markers.blank(SAMPLE, {"double": exercise}), SAMPLE) == SAMPLE


def test_restore_works_on_a_student_file_that_does_not_parse():
    broken = SAMPLE.replace("    y = 2 * x\n    return y\n", "    y = (2 * x\n")
    assert markers.restore(broken, SAMPLE) == SAMPLE


def test_marker_lines_inside_strings_do_not_count():
    assert [b.id for b in markers.find_blocks(SAMPLE)] == ["double", "double"]


@pytest.mark.parametrize("text, rule", [
    ("# exercise: a\nx = 1\n", "has no '# end exercise'"),
    ("x = 1\n# end exercise\n", "unexpected marker"),
    ("# exercise: a\n# end exercise\n", "unexpected marker"),
    ("if x:\n    # exercise: a\n    y = 1\n  # end exercise\n", "unexpected marker"),
    ("def f():\n    # exercise: a\n    s = '''\nz'''\n    # end exercise\n", "indented less than its markers"),
])
def test_broken_markers_are_an_error_naming_the_line(text, rule):
    with pytest.raises(ValueError, match=rf"f\.py:\d+: .*{re.escape(rule)}"):
        markers.find_blocks(text, "f.py")


def test_every_marker_is_a_registered_exercise_and_every_exercise_is_marked():
    marked = {b.id for path, text in marked_sources(ROOT).items() for b in markers.find_blocks(text, path)}
    assert marked - BY_ID.keys() == set(), "markers whose id is not in minigrad/study/registry.py"
    assert BY_ID.keys() - marked == set(), "registered exercises with no marked block in the source"


def test_every_exercise_test_exists():
    for exercise in EXERCISES:
        for node in exercise.tests:
            path, name = node.split("::")
            assert re.search(rf"^def {re.escape(name)}\(", (ROOT / path).read_text(), re.M), f"{node} not found"


def test_exercises_follow_the_milestones_and_require_only_earlier_ones():
    """Milestone 1 is what E1 needs (MAE, Dense, SGD, the training step), so a student trains within the first
    exercises; then momentum and decay, the schedules, the adaptive optimizers, and the bonus track."""
    assert [m.id for m in MILESTONES] == ["1", "2", "3", "4", "bonus"]
    assert MILESTONES[0].exercises == ("mae", "dense_forward", "dense_backward", "sgd", "fit_step")
    assert [e.id for e in EXERCISES] == [i for m in MILESTONES for i in m.exercises]
    assert sorted(e.id for e in EXERCISES) == sorted({e.id for e in EXERCISES})
    seen = set()
    for exercise in EXERCISES:
        assert set(exercise.requires) <= seen, f"{exercise.id} requires a later exercise: {exercise.requires}"
        seen.add(exercise.id)


def test_markers_round_trip_byte_for_byte_on_every_marked_file():
    """Blanking every exercise and putting the solutions back gives the original files exactly."""
    for path, text in marked_sources(ROOT).items():
        assert markers.restore(markers.blank(text, BY_ID, path), text, where=path) == text, path
