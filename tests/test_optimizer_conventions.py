"""The documented differences between Keras 3, legacy tf.keras and PyTorch: each computed both ways,
differing where the spec says and agreeing where it says (minigrad's numbers, checked against the fixtures)."""
import math
from pathlib import Path

import numpy as np
import pytest
from golden_runner import run_steps, step_records

from minigrad import optimizers
from minigrad.optimizers import legacy, pytorch, schedules


def record(convention, record_id):
    """A test-vector record of tests/golden/optimizer_steps.json (five steps from theta0 = [1, -2, 0.5, 0])."""
    return next(r for r in step_records(convention) if r["id"] == record_id)


def final_theta(optimizer, record_id):
    """minigrad's theta after the five test-vector gradients."""
    return run_steps(optimizer, record("keras3", record_id))[-1][0]


def framework_final_theta(convention, record_id):
    return np.array(record(convention, record_id)["thetas"][-1])


def test_adam_epsilon_keras_before_bias_correction_torch_after():
    """Same lr and eps=1e-2: Keras's theta - alpha * m / (sqrt(v) + eps) and torch's
    theta - lr / (1 - b1 ** t) * m / (sqrt(v) / sqrt(1 - b2 ** t) + eps) differ (fixtures: 0.836 vs 0.760)."""
    keras3, torch = final_theta(optimizers.Adam(0.1, epsilon=0.01), "adam_lr0.1_eps1e-2"), \
        final_theta(pytorch.Adam(lr=0.1, eps=0.01), "adam_lr0.1_eps1e-2")
    assert abs(keras3[0] - torch[0]) > 0.05
    np.testing.assert_allclose([keras3[0], torch[0]], [framework_final_theta("keras3", "adam_lr0.1_eps1e-2")[0],
                                                       framework_final_theta("torch", "adam_lr0.1_eps1e-2")[0]],
                               rtol=1e-5)


def test_adam_epsilon_forms_agree_at_step_one_with_torch_eps_equal_to_keras_eps_over_sqrt_1_minus_b2():
    """At t = 1, Keras's eps acts like torch's eps' = eps / sqrt(1 - 0.999)."""
    keras3, torch = np.array([1.0], dtype="float32"), np.array([1.0], dtype="float32")
    optimizers.Adam(0.1, epsilon=0.01).apply([np.array([0.5], dtype="float32")], [keras3])
    pytorch.Adam(lr=0.1, eps=0.01 / math.sqrt(1 - 0.999)).apply([np.array([0.5], dtype="float32")], [torch])
    np.testing.assert_allclose(keras3, torch, rtol=2e-6)


def test_rmsprop_epsilon_inside_in_keras_3_outside_in_legacy_without_momentum():
    """eps=1e-2 makes the placement visible: sqrt(v + eps) vs sqrt(v) + eps (fixtures: 0.530 vs 0.492)."""
    keras3 = final_theta(optimizers.RMSprop(0.1, epsilon=0.01), "rmsprop_lr0.1_eps1e-2")
    old = final_theta(legacy.RMSprop(0.1, epsilon=0.01), "rmsprop_lr0.1_eps1e-2")
    assert abs(keras3[0] - old[0]) > 0.03
    np.testing.assert_allclose(old, framework_final_theta("legacy", "rmsprop_lr0.1_eps1e-2"), rtol=1e-5, atol=1e-7)


def test_rmsprop_with_momentum_legacy_and_keras_3_agree():
    """With momentum, legacy's fused kernel also puts epsilon inside the root."""
    keras3 = final_theta(optimizers.RMSprop(0.1, epsilon=0.01, momentum=0.5), "rmsprop_lr0.1_eps1e-2_momentum0.5")
    old = final_theta(legacy.RMSprop(0.1, epsilon=0.01, momentum=0.5), "rmsprop_lr0.1_eps1e-2_momentum0.5")
    np.testing.assert_allclose(keras3, old, rtol=1e-5)


def test_rmsprop_torch_default_alpha_is_099_not_09():
    """With eps outside the root in both, legacy RMSprop and torch RMSprop(alpha=0.9) agree; alpha=0.99 does not."""
    old = final_theta(legacy.RMSprop(0.1, epsilon=0.01), "rmsprop_lr0.1_eps1e-2")
    torch_09 = final_theta(pytorch.RMSprop(lr=0.1, eps=0.01, alpha=0.9), "rmsprop_lr0.1_eps1e-2")
    torch_default = final_theta(pytorch.RMSprop(lr=0.1, eps=0.01), "rmsprop_lr0.1_eps1e-2")
    np.testing.assert_allclose(torch_09, old, rtol=1e-5)
    assert abs(torch_default[0] - old[0]) > 0.5
    np.testing.assert_allclose(torch_09, framework_final_theta("torch", "rmsprop_lr0.1_eps1e-2_alpha0.9"), rtol=1e-5)


def test_adagrad_initial_accumulator_0_in_torch_and_01_in_keras():
    """torch's first step is lr * g / (|g| + eps) = about lr; Keras's starts from 0.1 (fixtures 0.902 vs 0.917)."""
    old = final_theta(legacy.Adagrad(0.1, epsilon=0.01), "adagrad_lr0.1_eps1e-2")
    torch_default = final_theta(pytorch.Adagrad(lr=0.1, eps=0.01), "adagrad_lr0.1_eps1e-2")
    torch_01 = final_theta(pytorch.Adagrad(lr=0.1, eps=0.01, initial_accumulator_value=0.1), "adagrad_lr0.1_eps1e-2")
    assert abs(torch_default[0] - old[0]) > 0.01
    np.testing.assert_allclose(torch_01, old, rtol=1e-5)


def test_adagrad_epsilon_inside_in_keras_3_outside_in_legacy():
    keras3 = final_theta(optimizers.Adagrad(0.1, epsilon=0.01), "adagrad_lr0.1_eps1e-2")
    old = final_theta(legacy.Adagrad(0.1, epsilon=0.01), "adagrad_lr0.1_eps1e-2")
    assert abs(keras3[0] - old[0]) > 1e-4


def sgd_trajectory(optimizer, lr_steps=5):
    theta = np.array([1.0, -2.0, 0.5, 0.0], dtype="float32")
    for g in record("keras3", "sgd_lr0.1")["grads"][:lr_steps]:
        optimizer.apply([np.array(g, dtype="float32")], [theta])
    return theta


def test_sgd_momentum_keras_and_torch_agree_while_the_learning_rate_is_constant():
    """v_keras = -lr * b_torch at every step when lr is constant."""
    np.testing.assert_allclose(sgd_trajectory(optimizers.SGD(0.1, momentum=0.9)),
                               sgd_trajectory(pytorch.SGD(lr=0.1, momentum=0.9)), rtol=1e-6, atol=1e-7)


def test_sgd_momentum_keras_and_torch_differ_when_the_learning_rate_changes():
    """Halving lr every step: Keras's velocity keeps the old rates, torch rescales its buffer
    (spec 1.1: final theta[0] 0.781 in Keras 3 vs 0.904 in torch)."""
    keras3 = sgd_trajectory(optimizers.SGD(schedules.ExponentialDecay(0.1, 1, 0.5), momentum=0.9))
    torch = sgd_trajectory(pytorch.SGD(lr=schedules.ExponentialDecay(0.1, 1, 0.5), momentum=0.9))
    assert keras3[0] == pytest.approx(framework_final_theta("keras3", "sgd_momentum0.9_exponential_decay")[0], rel=1e-5)
    assert abs(keras3[0] - torch[0]) > 0.1


def test_nadam_momentum_schedule_legacy_and_torch_agree_keras_3_differs():
    """0.96 ** (0.004 * t) in legacy and torch, 0.96 ** t in Keras 3 (fixtures: 0.798 vs 0.806)."""
    old = final_theta(legacy.Nadam(0.1, epsilon=0.01), "nadam_lr0.1_eps1e-2")
    torch = final_theta(pytorch.NAdam(lr=0.1, eps=0.01), "nadam_lr0.1_eps1e-2")
    keras3 = final_theta(optimizers.Nadam(0.1, epsilon=0.01), "nadam_lr0.1_eps1e-2")
    np.testing.assert_allclose(old, torch, rtol=1e-5, atol=1e-7)
    assert abs(keras3[0] - old[0]) > 5e-3


def test_adamax_epsilon_at_the_division_in_keras_inside_the_max_in_torch():
    keras3 = final_theta(optimizers.Adamax(0.1, epsilon=0.01), "adamax_lr0.1_eps1e-2")
    torch = final_theta(pytorch.Adamax(lr=0.1, eps=0.01), "adamax_lr0.1_eps1e-2")
    assert 1e-7 < abs(keras3[0] - torch[0]) < 1e-4


def test_weight_decay_decoupled_in_keras_3_and_adamw_coupled_in_torch_adam():
    """Keras 3 Adam(weight_decay) is AdamW's form: one step agrees; torch Adam's L2 form does not."""
    g = np.array([0.5], dtype="float32")
    a, b, c = (np.array([1.0], dtype="float32") for _ in range(3))
    optimizers.Adam(0.1, epsilon=0.01, weight_decay=0.2).apply([g], [a])
    pytorch.AdamW(lr=0.1, eps=0.01 / math.sqrt(1 - 0.999), weight_decay=0.2).apply([g], [b])
    pytorch.Adam(lr=0.1, eps=0.01 / math.sqrt(1 - 0.999), weight_decay=0.2).apply([g], [c])
    np.testing.assert_allclose(a, b, rtol=2e-6)
    assert abs(float(a[0] - c[0])) > 1e-3


@pytest.mark.parametrize("optimizer", [
    optimizers.RMSprop(0.01, momentum=0.5, centered=True), legacy.Adam(0.01, amsgrad=True, clipvalue=1.0, clipnorm=1.0),
    legacy.Nadam(0.01, schedule_decay=0.01), pytorch.AdamW(lr=0.01, betas=(0.8, 0.99)),
    pytorch.SGD(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.1), pytorch.Adagrad(lr_decay=0.1),
], ids=lambda o: f"{type(o).__module__.split('.')[-2]}.{type(o).__name__}")
def test_each_convention_rebuilds_from_its_config(optimizer):
    """`type(opt)(**opt.get_config())` is the same optimizer (saving relies on it)."""
    config = optimizer.get_config()
    assert type(optimizer)(**config).get_config() == config


def readme_convention_rows():
    """The README's table of theta[0] after five steps: {record id: [legacy, keras3, torch]}."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    header = "| optimizer | legacy tf.keras | Keras 3 | PyTorch | where they differ |"
    table = readme[readme.index(header):].split("\n\n")[0].splitlines()[2:]
    rows = {}
    for row in table:
        label, *numbers, _ = [cell.strip() for cell in row.strip("|").split("|")]
        name, _, settings = label.partition(" ")
        parts = [setting.replace("=", "") for setting in settings.split(", ")]
        rows["_".join([name.lower(), *parts])] = [float(number) for number in numbers]
    return rows


def test_the_readmes_convention_table_holds_what_each_framework_gave():
    """Every number of README's "Three optimizer conventions" table is the framework's fixture, to 6 digits."""
    rows = readme_convention_rows()
    assert len(rows) == 8, rows
    for record_id, numbers in rows.items():
        given = [float(f"{framework_final_theta(convention, record_id)[0]:.6g}")
                 for convention in ("legacy", "keras3", "torch")]
        assert numbers == given, f"README row {record_id}: {numbers}, fixtures {given}"
