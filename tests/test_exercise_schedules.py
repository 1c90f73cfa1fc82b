"""Study exercises for the learning-rate schedules (`minigrad.optimizers.schedules`): values at a few steps
by hand, then every recorded step against real Keras 3 (Keras's decays) or torch.optim.lr_scheduler
(CyclicLR, OneCycleLR) from tests/golden/schedules.json."""
import math

from exercise_checks import assert_close
from golden_fixtures import load

from minigrad.optimizers import schedules

TORCH_NAMES = {"base_lr": "base_learning_rate", "max_lr": "max_learning_rate"}


def values(schedule, steps):
    return [float(schedule(step)) for step in steps]


def check_keras(class_name):
    """Every Keras 3 record of `class_name`: the schedule's value at each recorded step (float32 rounding,
    so near zero the tolerance is absolute, 1e-8)."""
    records = [r for r in load("schedules")["keras3"] if r["class_name"] == class_name]
    assert records, f"no Keras 3 {class_name} record in tests/golden/schedules.json"
    for record in records:
        actual = values(getattr(schedules, class_name)(**record["config"]), record["steps"])
        for step, got, expected in zip(record["steps"], actual, record["values"], strict=True):
            assert_close(got, expected, f"{class_name}({record['config']}) at step {step} (Keras 3)", rtol=1e-5,
                         atol=1e-8)


def check_torch(torch_name, make):
    """Every torch record of `torch_name`: the rate (and the cycled momentum) at each step."""
    records = [r for r in load("schedules")["torch"] if r["class_name"] == torch_name]
    assert records, f"no torch {torch_name} record in tests/golden/schedules.json"
    for record in records:
        config = {TORCH_NAMES.get(key, key): value for key, value in record["config"].items()}
        config.setdefault("cycle_momentum", True)
        schedule = make(**config)
        for step, expected in enumerate(record["lrs"]):
            assert_close(schedule(step), expected, f"{torch_name}({record['config']}) rate at step {step} (torch)")
        for step, expected in enumerate(record.get("momentums") or []):
            assert_close(schedule.momentum_at(step), expected,
                         f"{torch_name}({record['config']}) momentum at step {step} (torch)")


def test_exponential_decay_is_initial_times_rate_to_the_step_over_decay_steps():
    schedule = schedules.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)
    assert_close(values(schedule, [0, 5, 20]), [0.1, 0.1 * 0.5 ** (5 / 10), 0.1 * 0.5**2],
                 "ExponentialDecay(0.1, 10, 0.5) at steps 0, 5, 20")


def test_exponential_decay_staircase_floors_the_exponent():
    schedule = schedules.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5, staircase=True)
    assert_close(values(schedule, [9, 15]), [0.1, 0.1 * 0.5], "ExponentialDecay(..., staircase=True) at steps 9, 15")


def test_exponential_decay_matches_keras():
    check_keras("ExponentialDecay")


def test_inverse_time_decay_divides_by_one_plus_rate_times_step_over_decay_steps():
    schedule = schedules.InverseTimeDecay(0.1, decay_steps=10, decay_rate=0.5)
    assert_close(values(schedule, [0, 5]), [0.1, 0.1 / (1 + 0.5 * 5 / 10)], "InverseTimeDecay(0.1, 10, 0.5) at 0, 5")
    staircase = schedules.InverseTimeDecay(0.1, decay_steps=10, decay_rate=0.5, staircase=True)
    assert_close(values(staircase, [15]), [0.1 / (1 + 0.5 * 1)], "InverseTimeDecay(..., staircase=True) at 15")


def test_inverse_time_decay_matches_keras():
    check_keras("InverseTimeDecay")


def test_piecewise_constant_decay_boundary_step_keeps_the_earlier_value():
    schedule = schedules.PiecewiseConstantDecay([5, 10], [1.0, 0.5, 0.1])
    assert_close(values(schedule, [0, 5, 6, 10, 11]), [1.0, 1.0, 0.5, 0.5, 0.1],
                 "PiecewiseConstantDecay([5, 10], [1, 0.5, 0.1]) at steps 0, 5, 6, 10, 11")


def test_piecewise_constant_decay_matches_keras():
    check_keras("PiecewiseConstantDecay")


def test_polynomial_decay_falls_to_the_end_rate_then_stays():
    schedule = schedules.PolynomialDecay(0.1, decay_steps=20, end_learning_rate=0.01, power=2.0)
    assert_close(values(schedule, [10, 30]), [(0.1 - 0.01) * (1 - 10 / 20) ** 2 + 0.01, 0.01],
                 "PolynomialDecay(0.1, 20, 0.01, power=2) at steps 10, 30")


def test_polynomial_decay_cycle_stretches_the_horizon_to_the_next_multiple():
    """Step 30 with cycle: horizon = 20 * ceil(30 / 20) = 40."""
    schedule = schedules.PolynomialDecay(0.1, decay_steps=20, end_learning_rate=0.01, cycle=True)
    assert_close(values(schedule, [30]), [(0.1 - 0.01) * (1 - 30 / 40) + 0.01],
                 "PolynomialDecay(..., cycle=True) at step 30")


def test_polynomial_decay_matches_keras():
    check_keras("PolynomialDecay")


def test_cosine_decay_follows_half_a_cosine_down_to_alpha():
    schedule = schedules.CosineDecay(0.1, decay_steps=40, alpha=0.1)
    cosine = 0.5 * (1 + math.cos(math.pi * 10 / 40))
    assert_close(values(schedule, [10, 50]), [0.1 * ((1 - 0.1) * cosine + 0.1), 0.1 * 0.1],
                 "CosineDecay(0.1, 40, alpha=0.1) at steps 10, 50")


def test_cosine_decay_warms_up_linearly_to_the_target_first():
    schedule = schedules.CosineDecay(0.0, decay_steps=40, warmup_target=0.1, warmup_steps=10)
    cosine = 0.5 * (1 + math.cos(math.pi * 20 / 40))
    assert_close(values(schedule, [5, 10, 30]), [0.05, 0.1, 0.1 * cosine],
                 "CosineDecay(0, 40, warmup_target=0.1, warmup_steps=10) at steps 5, 10, 30")


def test_cosine_decay_matches_keras():
    check_keras("CosineDecay")


def test_cosine_decay_restarts_second_period_is_t_mul_longer_and_m_mul_lower():
    """Step 15 with first_decay_steps 10, t_mul 2: i = floor(log(1 + 1.5) / log 2) = 1, fraction = (1.5 - 1) / 2."""
    schedule = schedules.CosineDecayRestarts(0.1, first_decay_steps=10, t_mul=2.0, m_mul=0.5, alpha=0.1)
    first = 0.5 * (1 + math.cos(math.pi * 0.5))
    second = 0.5 * 0.5 * (1 + math.cos(math.pi * 0.25))
    assert_close(values(schedule, [5, 15]), [0.1 * (0.9 * first + 0.1), 0.1 * (0.9 * second + 0.1)],
                 "CosineDecayRestarts(0.1, 10, t_mul=2, m_mul=0.5, alpha=0.1) at steps 5, 15", rtol=1e-5)


def test_cosine_decay_restarts_matches_keras():
    check_keras("CosineDecayRestarts")


def test_cyclical_triangle_rises_for_step_size_up_then_falls():
    schedule = schedules.CyclicalLearningRate(0.01, 0.1, step_size_up=5, cycle_momentum=True)
    assert_close(values(schedule, [0, 2, 5, 7, 10]), [0.01, 0.01 + 0.09 * 2 / 5, 0.1, 0.01 + 0.09 * 3 / 5, 0.01],
                 "CyclicalLearningRate(0.01, 0.1, step_size_up=5) at steps 0, 2, 5, 7, 10")
    assert_close([schedule.momentum_at(step) for step in (0, 5)], [0.9, 0.8], "its momentum at steps 0 and 5")


def test_cyclical_triangular2_halves_the_height_each_cycle():
    schedule = schedules.CyclicalLearningRate(0.01, 0.1, step_size_up=5, mode="triangular2")
    assert_close(values(schedule, [5, 15]), [0.1, 0.01 + 0.09 / 2], "triangular2 peaks at steps 5 and 15")


def test_cyclical_matches_torch_cyclic_lr():
    check_torch("CyclicLR", schedules.CyclicalLearningRate)


def test_one_cycle_rises_to_the_peak_then_anneals_to_the_minimum():
    """initial = 0.1 / 25, the rise ends at step 0.3 * 40 - 1 = 11, the minimum is initial / 1e4 at step 39;
    step 25 is half-way down: cos gives minimum + (0.1 - minimum) / 2, linear the same."""
    initial, minimum = 0.1 / 25, 0.1 / 25 / 1e4
    for strategy in ("cos", "linear"):
        schedule = schedules.OneCycle(0.1, total_steps=40, anneal_strategy=strategy)
        assert_close(values(schedule, [0, 11, 25, 39]), [initial, 0.1, minimum + (0.1 - minimum) / 2, minimum],
                     f"OneCycle(0.1, 40, anneal_strategy={strategy!r}) at steps 0, 11, 25, 39")


def test_one_cycle_matches_torch_one_cycle_lr():
    check_torch("OneCycleLR", schedules.OneCycle)
