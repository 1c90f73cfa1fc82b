"""Study exercises for the legacy tf.keras optimizers that compute differently from Keras 3
(`minigrad.optimizers.legacy`): one step by hand from theta = 1 with g = 0.5, then five steps on four
weights against real tf.keras 2 (tests/golden/optimizer_steps.json, "legacy"), and four steps on a kernel and a
bias together, each of which must move as it does alone."""
import math

from exercise_checks import assert_close, assert_variables_move_as_if_alone, check_golden, steps

from minigrad.optimizers import legacy


def one_step(optimizer):
    return steps(optimizer, [1.0], [[0.5]])[0]


def test_legacy_rmsprop_puts_epsilon_outside_the_root_without_momentum():
    """v = 0.1 * 0.25; theta = 1 - 0.1 * 0.5 / (sqrt(v) + 0.01)."""
    theta = one_step(legacy.RMSprop(0.1, epsilon=0.01))
    assert_close(theta, [1 - 0.1 * 0.5 / (math.sqrt(0.025) + 0.01)], "legacy RMSprop(0.1, epsilon=0.01)")


def test_legacy_rmsprop_puts_epsilon_inside_the_root_with_momentum():
    """v = 0.1 * 0.25; m = 0.5 * 0 + 0.1 * 0.5 / sqrt(v + 0.01); theta = 1 - m."""
    theta = one_step(legacy.RMSprop(0.1, epsilon=0.01, momentum=0.5))
    assert_close(theta, [1 - 0.1 * 0.5 / math.sqrt(0.025 + 0.01)], "legacy RMSprop(0.1, epsilon=0.01, momentum=0.5)")


def test_legacy_rmsprop_matches_tf_keras_for_five_steps():
    check_golden("legacy", "RMSprop", legacy.RMSprop)


def test_legacy_adagrad_puts_epsilon_outside_the_root():
    """accumulator = 0.1 + 0.25; theta = 1 - 0.1 * 0.5 / (sqrt(accumulator) + 0.01)."""
    theta = one_step(legacy.Adagrad(0.1, epsilon=0.01))
    assert_close(theta, [1 - 0.1 * 0.5 / (math.sqrt(0.35) + 0.01)], "legacy Adagrad(0.1, epsilon=0.01)")


def test_legacy_adagrad_matches_tf_keras_for_five_steps():
    check_golden("legacy", "Adagrad", legacy.Adagrad)


def test_legacy_nadam_one_step_with_the_schedule_decay():
    """mu_t = 0.9 * (1 - 0.5 * 0.96 ** 0.004), mu_t1 = 0.9 * (1 - 0.5 * 0.96 ** 0.008), cache = mu_t;
    g' = 0.5 / (1 - cache), m' = 0.05 / (1 - cache * mu_t1), v' = 0.00025 / (1 - 0.999);
    m_bar = (1 - mu_t) * g' + mu_t1 * m'; theta = 1 - 0.1 * m_bar / (sqrt(v') + 0.01)."""
    mu_t, mu_t1 = 0.9 * (1 - 0.5 * 0.96**0.004), 0.9 * (1 - 0.5 * 0.96**0.008)
    m_bar = (1 - mu_t) * 0.5 / (1 - mu_t) + mu_t1 * 0.05 / (1 - mu_t * mu_t1)
    theta = one_step(legacy.Nadam(0.1, epsilon=0.01))
    assert_close(theta, [1 - 0.1 * m_bar / (math.sqrt(0.00025 / 0.001) + 0.01)], "legacy Nadam(0.1, epsilon=0.01)",
                 rtol=1e-5)


def test_legacy_nadam_matches_tf_keras_for_five_steps():
    check_golden("legacy", "Nadam", legacy.Nadam)


def test_legacy_rmsprop_moves_a_kernel_and_a_bias_together_as_each_alone():
    assert_variables_move_as_if_alone(legacy.RMSprop, learning_rate=0.1, epsilon=0.01)
    assert_variables_move_as_if_alone(legacy.RMSprop, learning_rate=0.1, epsilon=0.01, momentum=0.5, centered=True)


def test_legacy_adagrad_moves_a_kernel_and_a_bias_together_as_each_alone():
    assert_variables_move_as_if_alone(legacy.Adagrad, learning_rate=0.1, epsilon=0.01)


def test_legacy_nadam_moves_a_kernel_and_a_bias_together_as_each_alone():
    assert_variables_move_as_if_alone(legacy.Nadam, learning_rate=0.1, epsilon=0.01)
