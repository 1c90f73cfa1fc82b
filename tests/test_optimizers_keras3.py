"""minigrad.optimizers follow Keras 3: one and two steps by hand, then the real Keras 3 trajectories."""
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

from minigrad import optimizers
from minigrad.optimizers import SGD, Adadelta, Adagrad, Adam, Adamax, Nadam, RMSprop, legacy


def test_sgd_two_steps_with_momentum_keep_lr_inside_the_velocity():
    """v1 = -0.1 * 0.5; v2 = 0.9 * v1 - 0.1 * 0.5."""
    v1 = -0.1 * 0.5
    v2 = 0.9 * v1 - 0.1 * 0.5
    assert steps(SGD(0.1, momentum=0.9), [0.5, 0.5]) == pytest.approx([1 + v1, 1 + v1 + v2])


def test_rmsprop_two_steps_epsilon_inside_the_root():
    """v1 = 0.1 * 0.25; v2 = 0.9 * v1 + 0.1 * 0.25; theta -= lr * g / sqrt(v + eps)."""
    v1 = 0.1 * 0.25
    v2 = 0.9 * v1 + 0.1 * 0.25
    t1 = 1 - 0.1 * 0.5 / math.sqrt(v1 + 0.01)
    assert steps(RMSprop(0.1, epsilon=0.01), [0.5, 0.5]) == pytest.approx([t1, t1 - 0.1 * 0.5 / math.sqrt(v2 + 0.01)])


def test_rmsprop_centered_one_step_divides_by_the_variance():
    """v = 0.025, a = 0.05: theta = 1 - 0.1 * 0.5 / sqrt(0.025 - 0.05 ** 2 + 0.01)."""
    assert steps(RMSprop(0.1, epsilon=0.01, centered=True), [0.5]) == pytest.approx(
        [1 - 0.1 * 0.5 / math.sqrt(0.025 - 0.05 ** 2 + 0.01)])


def test_adagrad_two_steps_start_from_the_initial_accumulator():
    """acc = 0.1 + 0.25, then + 0.25; theta -= lr * g / sqrt(acc + eps)."""
    t1 = 1 - 0.1 * 0.5 / math.sqrt(0.35 + 0.01)
    assert steps(Adagrad(0.1, epsilon=0.01), [0.5, 0.5]) == pytest.approx([t1, t1 - 0.1 * 0.5 / math.sqrt(0.6 + 0.01)])


def test_adam_two_steps_fold_bias_correction_into_alpha():
    """m, v from 0; alpha_t = lr * sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t); theta -= alpha * m / (sqrt(v) + eps)."""
    m1, v1 = 0.1 * 0.5, 0.001 * 0.25
    m2, v2 = 0.9 * m1 + 0.1 * 0.5, 0.999 * v1 + 0.001 * 0.25
    t1 = 1 - 0.1 * math.sqrt(1 - 0.999) / (1 - 0.9) * m1 / (math.sqrt(v1) + 0.01)
    t2 = t1 - 0.1 * math.sqrt(1 - 0.999 ** 2) / (1 - 0.9 ** 2) * m2 / (math.sqrt(v2) + 0.01)
    assert steps(Adam(0.1, epsilon=0.01), [0.5, 0.5]) == pytest.approx([t1, t2], rel=1e-5)  # float32 vs double


def test_adam_amsgrad_uses_the_largest_v():
    """g = 1 then 0: v2 = 0.999 * 0.001 < v_hat? No: v only shrinks when g ** 2 < v, so v_hat = v1 = 0.001 at step 2."""
    plain, ams = steps(Adam(0.1, epsilon=0.01), [1.0, 0.0]), steps(Adam(0.1, epsilon=0.01, amsgrad=True), [1.0, 0.0])
    m2 = 0.9 * 0.1
    alpha2 = 0.1 * math.sqrt(1 - 0.999 ** 2) / (1 - 0.9 ** 2)
    assert ams[1] == pytest.approx(ams[0] - alpha2 * m2 / (math.sqrt(0.001) + 0.01), rel=1e-6)
    assert plain[1] == pytest.approx(plain[0] - alpha2 * m2 / (math.sqrt(0.999 * 0.001) + 0.01), rel=1e-6)


def test_nadam_one_step_uses_the_fast_momentum_schedule():
    """u1 = 0.9 * (1 - 0.5 * 0.96), u2 = 0.9 * (1 - 0.5 * 0.96 ** 2), P = u1."""
    u1, u2 = 0.9 * (1 - 0.5 * 0.96), 0.9 * (1 - 0.5 * 0.96 ** 2)
    m_hat = u2 * 0.05 / (1 - u1 * u2) + (1 - u1) * 0.5 / (1 - u1)
    v_hat = 0.001 * 0.25 / (1 - 0.999)
    assert steps(Nadam(0.1, epsilon=0.01), [0.5]) == pytest.approx([1 - m_hat * 0.1 / (math.sqrt(v_hat) + 0.01)])


def test_adamax_two_steps_divide_by_the_running_max():
    """m1 = 0.05, u1 = 0.5; m2 = 0.9 * 0.05 + 0.1 * 0.25, u2 = max(0.999 * 0.5, 0.25)."""
    t1 = 1 - 0.1 * 0.05 / ((1 - 0.9) * (0.5 + 0.01))
    t2 = t1 - 0.1 * (0.9 * 0.05 + 0.025) / ((1 - 0.9 ** 2) * (0.999 * 0.5 + 0.01))
    assert steps(Adamax(0.1, epsilon=0.01), [0.5, 0.25]) == pytest.approx([t1, t2])


def test_adadelta_two_steps_accumulate_the_steps_without_lr():
    """A1 = 0.1 * 0.25; d1 = sqrt(0 + eps) / sqrt(A1 + eps) * 0.5; D1 = 0.1 * d1 ** 2; and so on."""
    a1 = 0.1 * 0.25
    d1 = math.sqrt(0.01) / math.sqrt(a1 + 0.01) * 0.5
    a2, acc_delta = 0.9 * a1 + 0.1 * 0.25, 0.1 * d1 ** 2
    d2 = math.sqrt(acc_delta + 0.01) / math.sqrt(a2 + 0.01) * 0.5
    assert steps(Adadelta(0.5, rho=0.9, epsilon=0.01), [0.5, 0.5]) == pytest.approx([1 - 0.5 * d1, 1 - 0.5 * (d1 + d2)])


def test_keras_3_default_hyper_parameters():
    assert (SGD().learning_rate, RMSprop().rho, Adagrad().initial_accumulator_value, Adam().epsilon,
            Adadelta().rho, Adadelta().learning_rate) == (0.01, 0.9, 0.1, 1e-7, 0.95, 0.001)


@pytest.mark.parametrize("make, argument", [
    (lambda: SGD(-0.1), "learning_rate"), (lambda: SGD(float("nan")), "learning_rate"),
    (lambda: SGD(float("inf")), "learning_rate"), (lambda: SGD(0.1, momentum=1.5), "momentum"),
    (lambda: SGD(0.1, momentum=-0.1), "momentum"), (lambda: Adam(beta_1=1.0), "beta_1"),
    (lambda: Adam(beta_2=-0.5), "beta_2"), (lambda: Adam(epsilon=0.0), "epsilon"),
    (lambda: RMSprop(epsilon=-1e-7), "epsilon"), (lambda: RMSprop(rho=1.0), "rho"),
    (lambda: SGD(0.1, decay=-0.01), "decay"), (lambda: Adagrad(initial_accumulator_value=-0.1),
                                                   "initial_accumulator_value"),
    (lambda: Adam(weight_decay=-1.0), "weight_decay"), (lambda: SGD(clipnorm=0.0), "clipnorm"),
])
def test_bad_hyper_parameters_raise_value_error_naming_the_argument_and_value(make, argument):
    with pytest.raises(ValueError, match=f"{argument}=") as error:
        make()
    assert "Received" in str(error.value)


def test_unknown_keyword_raises_value_error_with_a_suggestion():
    with pytest.raises(ValueError, match=r"momentun.*Did you mean 'momentum'"):
        SGD(0.1, momentun=0.9)


def test_torch_argument_names_are_not_keras_arguments():
    with pytest.raises(ValueError, match="Argument\\(s\\) not recognized: {'betas': \\(0.9, 0.99\\)}"):
        Adam(betas=(0.9, 0.99))


def test_lr_is_accepted_with_tf_keras_2s_deprecation_warning():
    """tf.keras 2: `SGD(lr=0.01)` warns "The `lr` argument is deprecated, use `learning_rate` instead." and works."""
    with pytest.warns(DeprecationWarning, match="use `learning_rate` instead"):
        optimizer = Adam(lr=0.1)
    assert optimizer.learning_rate.numpy() == np.float32(0.1)


@pytest.mark.parametrize("record", step_records("keras3"), ids=lambda r: r["id"])
def test_five_steps_match_keras_3(record):
    """The spec's test vectors: theta0 = [1, -2, 0.5, 0] and five gradients, against Keras 3."""
    assert_steps_match(optimizer_from("keras3", record), record, "Keras 3")


def test_sgd_nesterov_adds_momentum_v_minus_lr_g_in_one_sum_like_keras_3_and_tf_keras_to_the_last_bit():
    """Keras 3 and tf.keras's ResourceApplyKerasMomentum both do theta += (momentum * v - lr * g): 0 ulps."""
    for convention, module in (("keras3", optimizers), ("legacy", legacy)):
        record = next(r for r in step_records(convention) if r["id"] == "sgd_lr0.1_nesterov")
        assert_steps_match(module.SGD(0.1, momentum=0.9, nesterov=True), record, convention, maxulp=0)


def test_sgd_nesterov_in_two_steps_rounds_differently_and_the_ulp_comparison_sees_it():
    """theta -= lr * g; theta += momentum * v is the same sum rounded twice: 1 ulp off Keras 3 from step 2."""

    class TwoStepNesterov(optimizers.SGD):
        def update_step(self, gradient, theta, lr, slots):
            v = slots["momentum"]
            v *= self.momentum
            v -= lr * gradient
            theta -= lr * gradient
            theta += self.momentum * v

    record = next(r for r in step_records("keras3") if r["id"] == "sgd_lr0.1_nesterov")
    with pytest.raises(AssertionError, match="theta after step 2"):
        assert_steps_match(TwoStepNesterov(0.1, momentum=0.9, nesterov=True), record, "Keras 3", maxulp=0)
    assert_steps_match(TwoStepNesterov(0.1, momentum=0.9, nesterov=True), record, "Keras 3")


@pytest.mark.parametrize("case", fit_cases("keras3"), ids=lambda c: c["id"])
def test_fit_matches_keras_3(case):
    """Sequential.fit with shuffle=False: weights after every epoch and the history, against Keras 3."""
    assert_fit_case_matches(case, *run_fit_case(case, "keras3"))
