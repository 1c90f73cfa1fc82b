"""Keras's learning-rate schedules: formulas by hand, every recorded step against real Keras 3 and
legacy tf.keras (tests/golden/schedules.json), and fit() with each schedule against their trajectories
(tests/golden/fit_keras3.json, fit_legacy.json, run by the shared tests/golden_runner.py)."""
import numpy as np
import pytest
from golden_fixtures import load
from golden_runner import assert_fit_case_matches, fit_cases, run_fit_case

import minigrad as keras
from minigrad import backend
from minigrad.optimizers import schedules

KERAS_CLASSES = ["ExponentialDecay", "InverseTimeDecay", "PiecewiseConstantDecay", "PolynomialDecay",
                 "CosineDecay", "CosineDecayRestarts"]


def keras_schedule_records():
    fixture = load("schedules")
    return [pytest.param(record, id=f"{convention}-{record['class_name']}-{i}")
            for convention in ("keras3", "legacy") for i, record in enumerate(fixture[convention])]


@pytest.mark.parametrize("record", keras_schedule_records())
def test_schedule_matches_keras_at_every_recorded_step(record):
    """Steps 0..60, boundaries and staircase included. Near a cosine's zero, one float32 ulp of
    `1 + cos(.)` is 6e-8 of the rate's scale: hence the small absolute tolerance."""
    schedule = getattr(schedules, record["class_name"])(**record["config"])
    actual = [float(schedule(step)) for step in record["steps"]]
    np.testing.assert_allclose(actual, record["values"], rtol=1e-6, atol=1e-8,
                               err_msg=f"{record['class_name']}({record['config']}): minigrad vs Keras")


def test_golden_schedules_cover_every_keras_class():
    recorded = {record["class_name"] for record in load("schedules")["keras3"]}
    assert recorded == set(KERAS_CLASSES), f"expected records of {KERAS_CLASSES}, got {sorted(recorded)}"


def test_exponential_decay_is_initial_times_rate_to_the_step_over_decay_steps():
    expected = 0.05 * 0.96 ** (5.0 / 10.0)
    actual = float(schedules.ExponentialDecay(0.05, decay_steps=10, decay_rate=0.96)(5))
    assert actual == pytest.approx(expected, rel=1e-6), f"expected {expected}, got {actual}"


def test_exponential_decay_staircase_floors_the_exponent():
    schedule = schedules.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5, staircase=True)
    actual = [float(schedule(step)) for step in (0, 9, 10, 19, 20)]
    np.testing.assert_allclose(actual, [0.1, 0.1, 0.05, 0.05, 0.025], rtol=1e-6)


def test_piecewise_constant_boundary_step_belongs_to_the_lower_interval():
    """boundaries [5, 10], values [1.0, 0.5, 0.1]: steps 4, 5, 6, 10, 11 give 1.0, 1.0, 0.5, 0.5, 0.1."""
    schedule = schedules.PiecewiseConstantDecay([5, 10], [1.0, 0.5, 0.1])
    actual = [float(schedule(step)) for step in (4, 5, 6, 10, 11)]
    np.testing.assert_allclose(actual, [1.0, 1.0, 0.5, 0.5, 0.1], rtol=1e-7)


def test_polynomial_decay_holds_the_end_rate_without_cycle():
    schedule = schedules.PolynomialDecay(0.1, decay_steps=20, end_learning_rate=0.01, power=2.0)
    assert float(schedule(10)) == pytest.approx((0.1 - 0.01) * (1 - 10 / 20) ** 2 + 0.01, rel=1e-6)
    assert float(schedule(35)) == pytest.approx(0.01, rel=1e-6)


def test_polynomial_decay_cycle_restarts_after_decay_steps_with_a_doubled_horizon():
    schedule = schedules.PolynomialDecay(0.1, decay_steps=20, end_learning_rate=0.01, cycle=True)
    assert float(schedule(20)) == pytest.approx(0.01, rel=1e-6), "step == decay_steps gives the end rate"
    expected = (0.1 - 0.01) * (1 - 21 / 40) + 0.01
    assert float(schedule(21)) == pytest.approx(expected, rel=1e-6), "step decay_steps + 1 restarts with D = 40"


def test_inverse_time_decay_with_one_decay_step_is_the_articles_decay_argument():
    """SGD(0.01, decay=0.01) uses lr / (1 + decay * k) at update k: InverseTimeDecay(0.01, 1, 0.01)(k)."""
    optimizer = keras.optimizers.SGD(0.01, decay=0.01)
    schedule = schedules.InverseTimeDecay(0.01, decay_steps=1, decay_rate=0.01)
    for k in range(0, 300, 7):
        assert optimizer.learning_rate_at(k) == pytest.approx(float(schedule(k)), rel=1e-6), f"update {k}"


def test_cosine_decay_ignores_warmup_steps_without_a_warmup_target():
    plain = schedules.CosineDecay(0.1, decay_steps=40)
    with_steps = schedules.CosineDecay(0.1, decay_steps=40, warmup_steps=10)
    assert [float(plain(s)) for s in range(50)] == [float(with_steps(s)) for s in range(50)]


def test_cosine_decay_warmup_rises_linearly_then_decays_from_the_target():
    schedule = schedules.CosineDecay(0.0, decay_steps=40, alpha=0.1, warmup_target=0.1, warmup_steps=10)
    assert float(schedule(4)) == pytest.approx(0.1 * 4 / 10, rel=1e-6)
    assert float(schedule(30)) == pytest.approx(0.1 * (0.9 * 0.5 * (1 + np.cos(np.pi * 20 / 40)) + 0.1), rel=1e-6)
    assert float(schedule(100)) == pytest.approx(0.1 * 0.1, rel=1e-6), "the floor is alpha * warmup_target"


def test_cosine_decay_restarts_cycle_index_is_evaluated_in_float32():
    """t_mul=3: cycle 5 starts at f = (3 ** 5 - 1) / 2 = 121. float64 rounds log(.)/log(3) to just below 5
    (the rate would be alpha); float32, as TensorFlow, gives 5: the restart's peak, 0.1 * m_mul ** 5."""
    schedule = schedules.CosineDecayRestarts(0.1, first_decay_steps=10, t_mul=3.0, m_mul=0.5, alpha=0.1)
    peak = 0.1 * (0.9 * 0.5 ** 5 + 0.1)
    assert float(schedule(1210)) == pytest.approx(peak, rel=1e-6)


def test_schedules_compute_in_floatx():
    schedule = schedules.ExponentialDecay(0.1, 10, 0.5)
    assert isinstance(schedule(3), np.float32)
    backend.set_floatx("float64")
    assert isinstance(schedule(3), np.float64)


def keras_schedule_examples():
    return [schedules.ExponentialDecay(0.1, 10, 0.5, staircase=True), schedules.InverseTimeDecay(0.1, 10, 0.5),
            schedules.PiecewiseConstantDecay([5, 10], [1.0, 0.5, 0.1]),
            schedules.PolynomialDecay(0.1, 20, 0.01, power=2.0, cycle=True),
            schedules.CosineDecay(0.0, 40, alpha=0.1, warmup_target=0.1, warmup_steps=10),
            schedules.CosineDecayRestarts(0.1, 10, t_mul=3.0, m_mul=0.5, alpha=0.1),
            schedules.CyclicalLearningRate(0.01, 0.1, 5, mode="exp_range", gamma=0.9, cycle_momentum=True),
            schedules.OneCycle(0.1, 40, three_phase=True), schedules.LinearWarmup(schedules.OneCycle(0.1, 40), 5)]


@pytest.mark.parametrize("schedule", keras_schedule_examples(), ids=lambda s: type(s).__name__)
def test_from_config_of_get_config_gives_the_same_schedule(schedule):
    copies = [type(schedule).from_config(schedule.get_config()), schedules.deserialize(schedules.serialize(schedule))]
    for copy in copies:
        assert copy.get_config() == schedule.get_config()
        assert [float(copy(step)) for step in range(40)] == [float(schedule(step)) for step in range(40)]


def test_deserialize_names_an_unknown_class_with_a_suggestion():
    with pytest.raises(ValueError, match="Did you mean 'ExponentialDecay'"):
        schedules.deserialize({"class_name": "ExponentalDecay", "config": {}})


@pytest.mark.parametrize("make", [
    lambda: schedules.ExponentialDecay(0.1, decay_steps=0, decay_rate=0.5),
    lambda: schedules.InverseTimeDecay(0.1, decay_steps=-1, decay_rate=0.5),
    lambda: schedules.PolynomialDecay(0.1, decay_steps=0),
    lambda: schedules.CosineDecay(0.1, decay_steps=0),
], ids=["exponential", "inverse_time", "polynomial", "cosine"])
def test_decay_steps_must_be_positive(make):
    with pytest.raises(ValueError, match="decay_steps"):
        make()


def test_first_decay_steps_must_be_positive():
    with pytest.raises(ValueError, match="first_decay_steps"):
        schedules.CosineDecayRestarts(0.1, first_decay_steps=0)


def test_piecewise_boundaries_must_be_one_shorter_than_values():
    with pytest.raises(ValueError, match="boundaries.*1 less than.*values"):
        schedules.PiecewiseConstantDecay([5, 10], [1.0, 0.5])


def test_piecewise_boundaries_must_be_sorted():
    with pytest.raises(ValueError, match="boundaries.*strictly increasing"):
        schedules.PiecewiseConstantDecay([10, 5], [1.0, 0.5, 0.1])


@pytest.mark.parametrize("make, argument", [
    (lambda: schedules.ExponentialDecay(-0.1, 10, 0.5), "initial_learning_rate"),
    (lambda: schedules.PiecewiseConstantDecay([5], [1.0, -0.5]), r"values\[1\]"),
    (lambda: schedules.PolynomialDecay(0.1, 10, end_learning_rate=-1e-4), "end_learning_rate"),
    (lambda: schedules.CosineDecay(0.1, 10, warmup_target=-0.1, warmup_steps=5), "warmup_target"),
])
def test_negative_learning_rates_are_rejected(make, argument):
    with pytest.raises(ValueError, match=argument):
        make()


# --- fit() with a schedule as learning_rate, against Keras 3 and legacy tf.keras ---------------------------------

def schedule_fit_cases(convention):
    return [pytest.param(case, id=case["id"]) for case in fit_cases(convention)
            if isinstance(case["optimizer"]["config"].get("learning_rate"), dict)]


@pytest.mark.parametrize("case", schedule_fit_cases("keras3"))
def test_fit_with_a_schedule_matches_keras3_weights_and_history(case):
    """5 epochs of 3 batches: the schedule is evaluated at the global step, across epochs."""
    assert_fit_case_matches(case, *run_fit_case(case, "keras3"))


@pytest.mark.parametrize("case", schedule_fit_cases("legacy"))
def test_fit_with_a_schedule_matches_legacy_tf_keras_including_decay_on_top(case):
    """Legacy tf.keras passes the step as float32 (same values) and compounds `decay=` with the schedule."""
    assert_fit_case_matches(case, *run_fit_case(case, "legacy"))


def test_every_keras_schedule_has_a_fit_case():
    used = {case.values[0]["optimizer"]["config"]["learning_rate"]["class_name"]
            for case in schedule_fit_cases("keras3")}
    assert used == set(KERAS_CLASSES), f"expected fit cases for {KERAS_CLASSES}, got {sorted(used)}"


def test_history_records_the_schedule_at_each_epochs_last_update():
    """3 batches per epoch: epoch e's last update is step 3e + 2, so learning_rate[e] = schedule(3e + 2)."""
    schedule = schedules.ExponentialDecay(0.01, decay_steps=3, decay_rate=0.5)
    model = keras.Sequential([keras.Input(1), keras.layers.Dense(1, use_bias=False)])
    model.compile(optimizer=keras.optimizers.SGD(schedule), loss="mae")
    history = model.fit(np.arange(80.0), np.arange(80.0), epochs=4, shuffle=False, verbose=0)
    expected = [float(schedule(3 * epoch + 2)) for epoch in range(4)]
    assert history.learning_rates == expected
