"""LR cycling and warmup: CyclicalLearningRate, OneCycle and LinearWarmup against the learning rates and
momentums torch.optim.lr_scheduler set (tests/golden/schedules.json), by hand, and inside an optimizer."""
import numpy as np
import pytest
from golden_fixtures import load
from golden_runner import assert_fit_case_matches, fit_cases, run_fit_case

import minigrad as keras
from minigrad.optimizers import schedules

TORCH_NAMES = {"base_lr": "base_learning_rate", "max_lr": "max_learning_rate"}


def from_torch(record):
    """The minigrad schedule for a torch scheduler record (torch's cycle_momentum defaults to True)."""
    config = {TORCH_NAMES.get(key, key): value for key, value in record["config"].items()}
    config.setdefault("cycle_momentum", True)
    cls = {"CyclicLR": schedules.CyclicalLearningRate, "OneCycleLR": schedules.OneCycle}[record["class_name"]]
    return cls(**config)


def torch_records(*class_names):
    return [pytest.param(r, id=f"{r['class_name']}-{i}") for i, r in enumerate(load("schedules")["torch"])
            if r["class_name"] in class_names]


@pytest.mark.parametrize("record", torch_records("CyclicLR", "OneCycleLR"))
def test_learning_rate_matches_torch_scheduler_at_every_step(record):
    schedule = from_torch(record)
    actual = [schedule(step) for step in range(record["steps"])]
    np.testing.assert_allclose(actual, record["lrs"], rtol=1e-12, err_msg=f"{record['class_name']}{record['config']}")


@pytest.mark.parametrize("record", [r for r in torch_records("CyclicLR", "OneCycleLR")
                                    if "momentums" in r.values[0]])
def test_cycled_momentum_matches_torch_momentum_or_beta1(record):
    """torch writes the momentum (SGD) or betas[0] (Adam) at every step, inversely to the rate."""
    schedule = from_torch(record)
    actual = [schedule.momentum_at(step) for step in range(record["steps"])]
    np.testing.assert_allclose(actual, record["momentums"], rtol=1e-12,
                               err_msg=f"{record['class_name']}{record['config']} with {record['optimizer']}")


@pytest.mark.parametrize("record", torch_records("LinearLR"))
def test_linear_warmup_on_a_constant_rate_is_torch_linear_lr(record):
    """LinearLR(start_factor=s, total_iters=T) on lr: lr * (s + (1 - s) * min(n, T) / T)."""
    lr, config = record["optimizer"]["config"]["lr"], record["config"]
    schedule = schedules.LinearWarmup(lr, warmup_steps=config["total_iters"],
                                      initial_learning_rate=config["start_factor"] * lr)
    actual = [float(schedule(step)) for step in range(record["steps"])]
    np.testing.assert_allclose(actual, record["lrs"], rtol=1e-6, err_msg=f"LinearLR{config}")


@pytest.mark.parametrize("record, make, steps", [
    ("ExponentialLR", lambda lr, c: schedules.ExponentialDecay(lr, 1, c["gamma"]), None),
    ("StepLR", lambda lr, c: schedules.ExponentialDecay(lr, c["step_size"], c["gamma"], staircase=True), None),
    ("CosineAnnealingLR", lambda lr, c: schedules.CosineDecay(lr, c["T_max"], alpha=c["eta_min"] / lr), 11),
    ("CosineAnnealingWarmRestarts",
     lambda lr, c: schedules.CosineDecayRestarts(lr, c["T_0"], t_mul=c["T_mult"], alpha=c["eta_min"] / lr), None),
])
def test_keras_schedule_equals_its_torch_counterpart(record, make, steps):
    """Same curves, two vocabularies; torch's CosineAnnealingLR rises again after T_max, Keras's stays at the floor,
    so only steps 0..T_max are compared for it."""
    [torch] = [r for r in load("schedules")["torch"] if r["class_name"] == record]
    schedule = make(torch["optimizer"]["config"]["lr"], torch["config"])
    steps = steps or torch["steps"]
    np.testing.assert_allclose([float(schedule(n)) for n in range(steps)], torch["lrs"][:steps], rtol=2e-6,
                               atol=1e-9, err_msg=f"{record}{torch['config']}")


def test_triangular_rises_over_step_size_up_and_falls_back():
    """base 0.001, max 0.006, up 4: lr = 0.001 + 0.005 * height, height 0, 1/4, 2/4, 3/4, 1, 3/4, ... (period 8)."""
    schedule = schedules.CyclicalLearningRate(0.001, 0.006, step_size_up=4)
    heights = [0, 0.25, 0.5, 0.75, 1, 0.75, 0.5, 0.25, 0, 0.25]
    np.testing.assert_allclose([schedule(n) for n in range(10)], [0.001 + 0.005 * h for h in heights], rtol=1e-12)


def test_triangular2_halves_the_amplitude_every_cycle():
    schedule = schedules.CyclicalLearningRate(0.0, 1.0, step_size_up=2, mode="triangular2")
    assert [schedule(2), schedule(6), schedule(10)] == [1.0, 0.5, 0.25]


def test_one_cycle_starts_at_max_over_div_factor_peaks_then_ends_far_below():
    """T=100: lr(0) = 0.1 / 25; the peak at pct_start * T - 1 = 29; lr(99) = 0.004 / 1e4."""
    schedule = schedules.OneCycle(0.1, total_steps=100)
    assert schedule(0) == pytest.approx(0.1 / 25)
    assert schedule(29) == pytest.approx(0.1)
    assert schedule(99) == pytest.approx(0.1 / 25 / 1e4)


def test_one_cycle_refuses_steps_beyond_total_steps():
    schedule = schedules.OneCycle(0.1, total_steps=10)
    schedule(10)
    with pytest.raises(ValueError, match="total_steps=10"):
        schedule(11)


@pytest.mark.parametrize("make, argument", [
    (lambda: schedules.CyclicalLearningRate(-0.1, 0.1), "base_learning_rate"),
    (lambda: schedules.CyclicalLearningRate(0.01, 0.1, step_size_up=0), "step_size_up"),
    (lambda: schedules.CyclicalLearningRate(0.01, 0.1, mode="triangle"), "Did you mean 'triangular'"),
    (lambda: schedules.OneCycle(-1.0, 10), "max_learning_rate"),
    (lambda: schedules.OneCycle(0.1, 10, pct_start=0.1), "pct_start"),
    (lambda: schedules.OneCycle(0.1, 10, anneal_strategy="cosine"), "anneal_strategy"),
    (lambda: schedules.LinearWarmup(-0.1, 5), "after"),
])
def test_bad_arguments_raise_value_error_naming_the_argument(make, argument):
    with pytest.raises(ValueError, match=argument):
        make()


def test_linear_warmup_delays_the_wrapped_schedule():
    after = schedules.ExponentialDecay(0.1, 10, 0.5)
    schedule = schedules.LinearWarmup(after, warmup_steps=5)
    assert float(schedule(0)) == 0.0
    assert float(schedule(2)) == pytest.approx(0.1 * 2 / 5, rel=1e-6)
    assert [float(schedule(5 + n)) for n in range(20)] == [float(after(n)) for n in range(20)]


# --- momentum cycling inside an optimizer ---------------------------------------------------------------------

def test_sgd_takes_its_momentum_from_the_schedule_before_each_update():
    """Update k uses lr(k) and momentum_at(k): v1 = -lr0 g, v2 = m1 v1 - lr1 g."""
    schedule = schedules.CyclicalLearningRate(0.01, 0.1, step_size_up=4, cycle_momentum=True)
    optimizer = keras.optimizers.SGD(schedule, momentum=0.9)
    theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    optimizer.apply([g], [theta])
    optimizer.apply([g], [theta])
    v1 = -schedule(0) * 0.5
    v2 = schedule.momentum_at(1) * v1 - schedule(1) * 0.5
    assert optimizer.momentum == schedule.momentum_at(1)
    np.testing.assert_allclose(theta, [1 + v1 + v2], rtol=1e-6)


def test_adam_takes_its_beta_1_from_the_schedule():
    schedule = schedules.OneCycle(0.1, total_steps=10, cycle_momentum=True)
    optimizer = keras.optimizers.Adam(schedule)
    for _ in range(3):
        optimizer.apply([np.ones(1, "float32")], [np.ones(1, "float32")])
    assert optimizer.beta_1 == schedule.momentum_at(2)


def test_momentum_is_left_alone_without_cycle_momentum():
    optimizer = keras.optimizers.SGD(schedules.OneCycle(0.1, 10), momentum=0.9)
    optimizer.apply([np.ones(1, "float32")], [np.ones(1, "float32")])
    assert optimizer.momentum == 0.9


def test_cycle_momentum_needs_an_optimizer_with_momentum():
    optimizer = keras.optimizers.SGD(schedules.OneCycle(0.1, 10, cycle_momentum=True))
    with pytest.raises(ValueError, match="momentum"):
        optimizer.apply([np.ones(1, "float32")], [np.ones(1, "float32")])


def torch_scheduler_fit_cases():
    return [pytest.param(case, id=case["id"]) for case in fit_cases("torch") if "scheduler" in case]


@pytest.mark.parametrize("case", torch_scheduler_fit_cases())
def test_fit_with_cycling_matches_torch_with_its_scheduler_stepped_every_batch(case):
    """torch keeps lr outside SGD's momentum buffer, so these runs use minigrad.optimizers.pytorch.SGD."""
    assert_fit_case_matches(case, *run_fit_case(case, "torch"))


@pytest.mark.parametrize("make, moved", [
    (lambda s: keras.optimizers.RMSprop(s, momentum=0.5), "momentum"),
    (lambda s: keras.optimizers.Nadam(s), "beta_1"), (lambda s: keras.optimizers.Adamax(s), "beta_1"),
    (lambda s: keras.optimizers.pytorch.SGD(lr=s, momentum=0.5), "momentum"),
    (lambda s: keras.optimizers.pytorch.Adam(lr=s), "beta_1"),
    (lambda s: keras.optimizers.legacy.Adam(s), "beta_1"),
])
def test_each_optimizer_names_the_hyper_parameter_lr_cycling_moves(make, moved):
    """torch's CyclicLR/OneCycleLR cycle `momentum` (SGD, RMSprop) or the first beta (the Adam family)."""
    schedule = schedules.OneCycle(0.1, total_steps=10, cycle_momentum=True)
    optimizer = make(schedule)
    optimizer.apply([np.ones(1, "float32")], [np.ones(1, "float32")])
    assert optimizer.cycled_momentum == moved and getattr(optimizer, moved) == schedule.momentum_at(0)


def test_cycle_momentum_on_an_optimizer_without_momentum_says_so():
    optimizer = keras.optimizers.Adagrad(schedules.OneCycle(0.1, 10, cycle_momentum=True))
    with pytest.raises(ValueError, match=r"needs an optimizer that uses momentum.*Adagrad \(no momentum to cycle\)"):
        optimizer.apply([np.ones(1, "float32")], [np.ones(1, "float32")])
