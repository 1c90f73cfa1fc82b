"""minigrad.optimizers.pytorch follow torch.optim: names, defaults, update forms, and its trajectories."""
import math

import numpy as np
import pytest
from exercise_checks import scalar_steps as steps
from golden_runner import (
    assert_fit_case_matches,
    assert_steps_match,
    fit_cases,
    optimizer_from,
    run_fit_case,
    step_records,
)

import minigrad as keras
from minigrad.optimizers import pytorch


def test_sgd_momentum_buffer_starts_at_the_first_gradient_without_dampening():
    """b1 = g1 = 0.5 (no dampening); b2 = 0.9 * 0.5 + (1 - 0.5) * 0.5; theta -= lr * b."""
    b2 = 0.9 * 0.5 + 0.5 * 0.5
    assert steps(pytorch.SGD(lr=0.1, momentum=0.9, dampening=0.5), [0.5, 0.5]) == pytest.approx(
        [1 - 0.05, 1 - 0.05 - 0.1 * b2])


def test_sgd_nesterov_steps_along_g_plus_momentum_times_b():
    """b1 = 0.5: theta = 1 - 0.1 * (0.5 + 0.9 * 0.5)."""
    assert steps(pytorch.SGD(lr=0.1, momentum=0.9, nesterov=True), [0.5]) == pytest.approx([1 - 0.1 * 0.95])


def test_sgd_weight_decay_is_added_to_the_gradient():
    """g = 0.5 + 0.2 * 1: theta = 1 - 0.1 * 0.7."""
    assert steps(pytorch.SGD(lr=0.1, weight_decay=0.2), [0.5]) == pytest.approx([1 - 0.07])


def test_rmsprop_two_steps_alpha_099_and_eps_outside_the_root():
    """v1 = 0.01 * 0.25; v2 = 0.99 * v1 + 0.01 * 0.25; theta -= lr * g / (sqrt(v) + eps)."""
    v1, v2 = 0.0025, 0.99 * 0.0025 + 0.0025
    t1 = 1 - 0.1 * 0.5 / (math.sqrt(v1) + 0.01)
    assert steps(pytorch.RMSprop(lr=0.1, eps=0.01), [0.5, 0.5]) == pytest.approx(
        [t1, t1 - 0.1 * 0.5 / (math.sqrt(v2) + 0.01)], rel=1e-6)


def test_rmsprop_momentum_keeps_lr_outside_the_buffer():
    """b1 = g / avg1; b2 = 0.5 * b1 + g / avg2; theta -= lr * b."""
    avg1, avg2 = math.sqrt(0.0025) + 0.01, math.sqrt(0.99 * 0.0025 + 0.0025) + 0.01
    b1 = 0.5 / avg1
    b2 = 0.5 * b1 + 0.5 / avg2
    assert steps(pytorch.RMSprop(lr=0.1, eps=0.01, momentum=0.5), [0.5, 0.5]) == pytest.approx(
        [1 - 0.1 * b1, 1 - 0.1 * (b1 + b2)], rel=1e-6)


def test_adagrad_two_steps_with_lr_decay():
    """s from 0: s1 = 0.25, s2 = 0.5; clr = lr / (1 + (t - 1) * 0.5)."""
    t1 = 1 - 0.1 * 0.5 / (math.sqrt(0.25) + 1e-10)
    assert steps(pytorch.Adagrad(lr=0.1, lr_decay=0.5), [0.5, 0.5]) == pytest.approx(
        [t1, t1 - 0.1 / 1.5 * 0.5 / (math.sqrt(0.5) + 1e-10)])


def test_adam_two_steps_eps_after_bias_correction():
    """theta -= lr / (1 - 0.9 ** t) * m / (sqrt(v) / sqrt(1 - 0.999 ** t) + eps)."""
    m1, v1 = 0.05, 0.001 * 0.25
    m2, v2 = 0.9 * m1 + 0.05, 0.999 * v1 + 0.001 * 0.25
    t1 = 1 - 0.1 / 0.1 * m1 / (math.sqrt(v1) / math.sqrt(0.001) + 0.01)
    t2 = t1 - 0.1 / (1 - 0.81) * m2 / (math.sqrt(v2) / math.sqrt(1 - 0.999 ** 2) + 0.01)
    assert steps(pytorch.Adam(lr=0.1, eps=0.01), [0.5, 0.5]) == pytest.approx([t1, t2], rel=1e-6)


def test_adamw_decays_the_weights_before_the_step():
    """theta = 1 * (1 - 0.1 * 0.2), then Adam's first step 0.1 * 0.5 / (0.5 + 0.01)."""
    assert steps(pytorch.AdamW(lr=0.1, eps=0.01, weight_decay=0.2), [0.5]) == pytest.approx(
        [0.98 - 0.1 * 0.5 / 0.51], rel=1e-6)


def test_nadam_one_step_matches_legacy_nadams_formula():
    """mu = 0.9 * (1 - 0.5 * 0.96 ** 0.004), mu_next with 0.008; mu_product = mu."""
    mu, mu_next = 0.9 * (1 - 0.5 * 0.96 ** 0.004), 0.9 * (1 - 0.5 * 0.96 ** 0.008)
    denominator = math.sqrt(0.00025 / 0.001) + 0.01
    expected = (1 - 0.1 * (1 - mu) / (1 - mu) * 0.5 / denominator
                - 0.1 * mu_next / (1 - mu * mu_next) * 0.05 / denominator)
    assert steps(pytorch.NAdam(lr=0.1, eps=0.01), [0.5]) == pytest.approx([expected], rel=1e-6)


def test_adamax_two_steps_eps_inside_the_max():
    """u1 = max(0, 0.5 + 0.01); u2 = max(0.999 * u1, 0.25 + 0.01)."""
    u1 = 0.51
    u2 = max(0.999 * u1, 0.26)
    t1 = 1 - 0.1 / 0.1 * 0.05 / u1
    assert steps(pytorch.Adamax(lr=0.1, eps=0.01), [0.5, 0.25]) == pytest.approx(
        [t1, t1 - 0.1 / (1 - 0.81) * (0.9 * 0.05 + 0.025) / u2])


def test_adadelta_default_lr_is_one():
    """square_avg = 0.1 * 0.25; delta = sqrt(1e-6) / sqrt(0.025 + 1e-6) * 0.5; theta -= 1.0 * delta."""
    assert steps(pytorch.Adadelta(), [0.5]) == pytest.approx([1 - math.sqrt(1e-6) / math.sqrt(0.025 + 1e-6) * 0.5])


def test_torch_default_hyper_parameters():
    assert (pytorch.SGD().learning_rate, pytorch.RMSprop().alpha, pytorch.RMSprop().eps, pytorch.Adagrad().eps,
            pytorch.Adagrad().initial_accumulator_value, pytorch.Adam().eps, pytorch.AdamW().weight_decay,
            pytorch.NAdam().learning_rate, pytorch.Adadelta().learning_rate) == (
        1e-3, 0.99, 1e-8, 1e-10, 0.0, 1e-8, 1e-2, 2e-3, 1.0)


def test_torch_optimizers_train_through_compile_and_fit():
    """One SGD step on x = y = 3 from W = 2 with MAE: dL/dW = 3, W = 2 - 0.1 * 3."""
    model = keras.models.Sequential([keras.layers.Input((1,)), keras.layers.Dense(1, use_bias=False)])
    model.set_weights([np.array([[2.0]])])
    model.compile(optimizer=pytorch.SGD(lr=0.1), loss="mae")
    model.fit(np.array([3.0]), np.array([3.0]), verbose=0)
    assert model.get_weights()[0][0, 0] == pytest.approx(1.7)


@pytest.mark.parametrize("make, argument", [
    (lambda: pytorch.SGD(lr=-0.1), "lr"), (lambda: pytorch.SGD(momentum=1.5), "momentum"),
    (lambda: pytorch.Adam(betas=(0.9, 1.0)), r"betas\[1\]"), (lambda: pytorch.Adam(eps=0.0), "eps"),
    (lambda: pytorch.RMSprop(alpha=-0.1), "alpha"), (lambda: pytorch.Adagrad(lr_decay=-1.0), "lr_decay"),
    (lambda: pytorch.Adagrad(initial_accumulator_value=-0.1), "initial_accumulator_value"),
    (lambda: pytorch.AdamW(weight_decay=-0.01), "weight_decay"),
    (lambda: pytorch.NAdam(momentum_decay=-1.0), "momentum_decay"),
    (lambda: pytorch.SGD(momentum=0.9, dampening=0.1, nesterov=True), "dampening"),
])
def test_bad_hyper_parameters_raise_value_error_naming_the_argument(make, argument):
    with pytest.raises(ValueError, match=f"{argument}="):
        make()


def test_keras_learning_rate_argument_is_refused_without_suggesting_itself():
    """Only the torch-convention constructors count: the Keras base's `learning_rate` is not offered as a fix."""
    with pytest.raises(ValueError, match=r"not recognized: {'learning_rate': 0.1}\.$"):
        pytorch.Adam(learning_rate=0.1)


def test_keras_argument_names_are_refused_with_a_suggestion():
    with pytest.raises(ValueError, match=r"not recognized: {'epsilon': 1e-07}\. Did you mean 'eps'\?"):
        pytorch.Adam(epsilon=1e-7)


@pytest.mark.parametrize("record", step_records("torch"), ids=lambda r: r["id"])
def test_five_steps_match_torch_optim(record):
    """The spec's test vectors against torch.optim."""
    assert_steps_match(optimizer_from("torch", record), record, "torch.optim")


@pytest.mark.parametrize("case", fit_cases("torch"), ids=lambda c: c["id"])
def test_fit_matches_torch_optim(case):
    """The same training loop in PyTorch (schedulers stepped after every batch), against minigrad's fit."""
    assert_fit_case_matches(case, *run_fit_case(case, "torch"))


def test_default_names_are_the_torch_class_names_in_lower_case():
    assert [pytorch.Adam().name, pytorch.NAdam().name, pytorch.AdamW().name] == ["adam", "nadam", "adamw"]
