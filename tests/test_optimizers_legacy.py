"""minigrad.optimizers.legacy follow tf.keras 2.x's legacy optimizers (the article's era), number for number."""
import math
import warnings

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

from minigrad.optimizers import legacy, schedules


def test_sgd_decay_two_steps_the_articles_schedule():
    """SGD(0.01, decay=0.01): lr_0 = 0.01, lr_1 = 0.01 / (1 + 0.01 * 1)."""
    assert steps(legacy.SGD(0.01, decay=0.01), [0.5, 0.5]) == pytest.approx([1 - 0.005, 1 - 0.005 - 0.01 / 1.01 * 0.5])


def test_rmsprop_without_momentum_puts_epsilon_outside_the_root():
    """v1 = 0.1 * 0.25: theta = 1 - 0.1 * 0.5 / (sqrt(v1) + 0.01); v2 = 0.9 * v1 + 0.025."""
    v1, v2 = 0.025, 0.9 * 0.025 + 0.025
    t1 = 1 - 0.1 * 0.5 / (math.sqrt(v1) + 0.01)
    assert steps(legacy.RMSprop(0.1, epsilon=0.01), [0.5, 0.5]) == pytest.approx(
        [t1, t1 - 0.1 * 0.5 / (math.sqrt(v2) + 0.01)])


def test_rmsprop_with_momentum_puts_epsilon_inside_the_root():
    """m1 = 0.1 * 0.5 / sqrt(0.025 + 0.01); m2 = 0.5 * m1 + 0.1 * 0.5 / sqrt(0.0475 + 0.01)."""
    m1 = 0.1 * 0.5 / math.sqrt(0.025 + 0.01)
    m2 = 0.5 * m1 + 0.1 * 0.5 / math.sqrt(0.0475 + 0.01)
    assert steps(legacy.RMSprop(0.1, epsilon=0.01, momentum=0.5), [0.5, 0.5]) == pytest.approx([1 - m1, 1 - m1 - m2])


def test_adagrad_adds_epsilon_after_the_root():
    """acc = 0.1 + 0.25: theta = 1 - 0.1 * 0.5 / (sqrt(0.35) + 0.01)."""
    assert steps(legacy.Adagrad(0.1, epsilon=0.01), [0.5]) == pytest.approx([1 - 0.05 / (math.sqrt(0.35) + 0.01)])


def test_adam_decay_lowers_alpha_from_the_second_step():
    """Step 2 uses lr = 0.1 / (1 + 0.5): the step after a zero gradient is m2 * alpha2 / (sqrt(v2) + eps)."""
    m2, v2 = 0.9 * 0.05, 0.999 * 0.001 * 0.25
    alpha2 = 0.1 / 1.5 * math.sqrt(1 - 0.999 ** 2) / (1 - 0.9 ** 2)
    first, second = steps(legacy.Adam(0.1, epsilon=0.01, decay=0.5), [0.5, 0.0])
    assert first - second == pytest.approx(m2 * alpha2 / (math.sqrt(v2) + 0.01), rel=1e-4)


def test_nadam_one_step_uses_the_slow_momentum_schedule():
    """mu1 = 0.9 * (1 - 0.5 * 0.96 ** 0.004), mu2 = 0.9 * (1 - 0.5 * 0.96 ** 0.008)."""
    mu1, mu2 = 0.9 * (1 - 0.5 * 0.96 ** 0.004), 0.9 * (1 - 0.5 * 0.96 ** 0.008)
    m_bar = (1 - mu1) * 0.5 / (1 - mu1) + mu2 * 0.05 / (1 - mu1 * mu2)
    assert steps(legacy.Nadam(0.1, epsilon=0.01), [0.5]) == pytest.approx(
        [1 - 0.1 * m_bar / (math.sqrt(0.25) + 0.01)], rel=1e-6)


def test_nadam_ignores_decay_with_a_warning():
    """Legacy Nadam overwrote `decay` with schedule_decay: decay=0.5 gives the same numbers as none."""
    with pytest.warns(UserWarning, match="ignores `decay=`"):
        decayed = legacy.Nadam(0.1, decay=0.5)
    assert steps(decayed, [0.5, -0.2, 0.3]) == steps(legacy.Nadam(0.1), [0.5, -0.2, 0.3])


def test_nadam_refuses_a_schedule():
    with pytest.raises(ValueError, match="does not support a `LearningRateSchedule`"):
        legacy.Nadam(schedules.ExponentialDecay(0.1, 1, 0.5))


def test_epsilon_zero_becomes_1e_7():
    assert legacy.Adam(epsilon=0).epsilon == np.float32(1e-7)
    assert legacy.RMSprop(epsilon=None).epsilon == np.float32(1e-7)


def test_hyper_parameters_are_float32_so_one_minus_beta_is_computed_in_float32():
    """f32(1) - f32(0.999) = 0.0010000467, not f32(0.001): the legacy kernels' arithmetic."""
    beta_2 = legacy.Adam().beta_2
    assert isinstance(beta_2, np.float32)
    assert 1 - beta_2 == np.float32(1) - np.float32(0.999) != np.float32(0.001)


def test_clipvalue_combines_with_one_norm_clip():
    """clipvalue first: (2, -3) -> (0.5, -0.5), norm sqrt(0.5); then clipnorm 0.5 scales by 0.5 / sqrt(0.5)."""
    opt, theta = legacy.SGD(1.0, clipvalue=0.5, clipnorm=0.5), np.zeros(2, dtype="float32")
    opt.apply([np.array([2.0, -3.0], dtype="float32")], [theta])
    np.testing.assert_allclose(theta, [-0.5 * 0.5 / math.sqrt(0.5), 0.5 * 0.5 / math.sqrt(0.5)], rtol=1e-6)


def test_two_norm_clips_are_refused():
    with pytest.raises(ValueError, match="clipvalue` can be combined with one"):
        legacy.SGD(clipnorm=1.0, global_clipnorm=1.0)


def test_weight_decay_is_not_a_legacy_argument():
    with pytest.raises(ValueError, match="weight_decay"):
        legacy.Adam(weight_decay=0.1)


def test_lr_is_a_deprecated_alias_of_learning_rate():
    with pytest.warns(UserWarning, match="`lr` argument is deprecated"):
        opt = legacy.SGD(lr=0.5)
    assert opt.learning_rate == 0.5


@pytest.mark.parametrize("make, argument", [
    (lambda: legacy.SGD(-1.0), "learning_rate"), (lambda: legacy.SGD(momentum=2.0), "momentum"),
    (lambda: legacy.Adam(beta_1=1.0), "beta_1"), (lambda: legacy.Adagrad(initial_accumulator_value=-1.0),
                                                   "initial_accumulator_value"),
    (lambda: legacy.RMSprop(epsilon=-0.1), "epsilon"), (lambda: legacy.SGD(decay=-0.5), "decay"),
    (lambda: legacy.Nadam(schedule_decay=-0.1), "schedule_decay"),
])
def test_bad_hyper_parameters_raise_value_error_naming_the_argument(make, argument):
    with warnings.catch_warnings(), pytest.raises(ValueError, match=f"{argument}="):
        make()


def test_unknown_keyword_raises_value_error_with_a_suggestion():
    with pytest.raises(ValueError, match="Did you mean 'nesterov'"):
        legacy.SGD(nesterow=True)


@pytest.mark.parametrize("record", step_records("legacy"), ids=lambda r: r["id"])
def test_five_steps_match_legacy_tf_keras_within_2_ulps(record):
    """The spec's test vectors against tf_keras's legacy optimizers, in float32 ulps: TensorFlow's CPU kernels
    round each operation as NumPy does, so the same operation order gives the same bits (31 of 37 records exactly;
    the others differ by 1 or 2 ulps where TensorFlow's sqrt or division rounds differently)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        optimizer = optimizer_from("legacy", record)
    assert_steps_match(optimizer, record, "legacy tf.keras", maxulp=2)


@pytest.mark.parametrize("case", fit_cases("legacy"), ids=lambda c: c["id"])
def test_fit_matches_legacy_tf_keras(case):
    """Sequential.fit with shuffle=False: weights after every epoch and the history, against tf_keras legacy."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = run_fit_case(case, "legacy")
    assert_fit_case_matches(case, *result)


def test_legacy_namespace_has_no_adamw_and_says_where_to_find_one():
    """tf.keras 2.x's tf.keras.optimizers.legacy has no AdamW."""
    import minigrad.optimizers.legacy as legacy_optimizers
    with pytest.raises(AttributeError, match="minigrad.optimizers.AdamW"):
        legacy_optimizers.AdamW  # noqa: B018 (reading the attribute is what raises)


def test_default_names_are_tf_keras_2s_class_names():
    """tf.keras 2's legacy optimizers are named after their class: `Adam().name == "Adam"`."""
    assert [legacy.Adam().name, legacy.SGD().name, legacy.RMSprop().name] == ["Adam", "SGD", "RMSprop"]
