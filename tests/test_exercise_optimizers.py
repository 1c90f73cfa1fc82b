"""Study exercises for the Keras 3 optimizers' `update_step` (`minigrad.optimizers`): one or two steps by
hand from theta = 1 with g = 0.5, five steps on four weights against real Keras 3
(tests/golden/optimizer_steps.json, "keras3"), and four steps on a kernel and a bias together, each of which must
move as it does alone."""
import math

from exercise_checks import assert_close, assert_slots, assert_variables_move_as_if_alone, check_golden, steps

from minigrad import optimizers


def one_step(optimizer):
    return steps(optimizer, [1.0], [[0.5]])[0]


def test_sgd_one_step_is_theta_minus_lr_g():
    assert_close(one_step(optimizers.SGD(0.1)), [1 - 0.1 * 0.5], "SGD(0.1) from 1 with g = 0.5")


def test_sgd_matches_keras_for_five_steps():
    check_golden("keras3", "SGD", optimizers.SGD, where=lambda config: not config.get("momentum"))


def test_momentum_two_steps_accumulate_the_velocity():
    """v1 = -0.1 * 0.5, theta1 = 1 + v1; v2 = 0.9 * v1 - 0.1 * 0.5, theta2 = theta1 + v2."""
    v1 = -0.1 * 0.5
    v2 = 0.9 * v1 - 0.1 * 0.5
    thetas = steps(optimizers.SGD(0.1, momentum=0.9), [1.0], [[0.5], [0.5]])
    assert_close(thetas, [[1 + v1], [1 + v1 + v2]], "SGD(0.1, momentum=0.9) from 1 with g = 0.5 twice")


def test_momentum_keeps_the_learning_rate_inside_the_velocity_when_it_changes():
    """lr 0.1 then 0.01 (a schedule or a callback): Keras's v2 = 0.9 * v1 - 0.01 * g, so theta2 = theta1 - 0.05.
    Keeping lr outside (PyTorch's v = 0.9 * v + g, theta -= lr * v) would give theta1 - 0.0095 instead."""
    optimizer = optimizers.SGD(0.1, momentum=0.9)
    first = steps(optimizer, [1.0], [[0.5]])[0]
    optimizer.learning_rate = 0.01
    second = steps(optimizer, first, [[0.5]])[0]
    v1 = -0.1 * 0.5
    assert_close(second, [1 + v1 + (0.9 * v1 - 0.01 * 0.5)],
                 "SGD(momentum=0.9) with lr 0.1 then 0.01, g = 0.5 twice: theta2 = theta1 + (0.9 * v1 - lr2 * g)",
                 rtol=1e-6)


def test_nesterov_one_step_looks_ahead_along_the_velocity():
    """v = -0.1 * 0.5; theta = 1 + 0.9 * v - 0.1 * 0.5."""
    v = -0.1 * 0.5
    theta = one_step(optimizers.SGD(0.1, momentum=0.9, nesterov=True))
    assert_close(theta, [1 + 0.9 * v - 0.1 * 0.5], "SGD(0.1, momentum=0.9, nesterov=True) from 1 with g = 0.5")


def test_sgd_momentum_matches_keras_for_five_steps():
    check_golden("keras3", "SGD", optimizers.SGD, where=lambda config: bool(config.get("momentum")))


def test_rmsprop_one_step_divides_by_the_root_of_v_plus_epsilon():
    """v = (1 - 0.9) * 0.5 ** 2; theta = 1 - 0.1 * 0.5 / sqrt(v + 0.01) (epsilon inside the root)."""
    v = 0.1 * 0.25
    optimizer = optimizers.RMSprop(0.1, epsilon=0.01)
    theta = one_step(optimizer)
    assert_slots(optimizer, {"velocity": [v]}, "RMSprop(0.1) after g = 0.5: v = rho * v + (1 - rho) * g ** 2")
    assert_close(theta, [1 - 0.1 * 0.5 / math.sqrt(v + 0.01)],
                 f"RMSprop(0.1, epsilon=0.01) from 1 with g = 0.5 (v = {v:g}): theta = theta - lr * g / sqrt(v + eps)")


def test_rmsprop_matches_keras_for_five_steps():
    """Also the centered and momentum variants."""
    check_golden("keras3", "RMSprop", optimizers.RMSprop)


def test_adagrad_one_step_adds_g_squared_to_the_accumulator():
    """accumulator = 0.1 + 0.5 ** 2; theta = 1 - 0.1 * 0.5 / sqrt(accumulator + 0.01)."""
    optimizer = optimizers.Adagrad(0.1, epsilon=0.01)
    theta = one_step(optimizer)
    assert_slots(optimizer, {"accumulator": [0.35]}, "Adagrad(0.1) after g = 0.5: accumulator = 0.1 + g ** 2")
    assert_close(theta, [1 - 0.1 * 0.5 / math.sqrt(0.35 + 0.01)],
                 "Adagrad(0.1, epsilon=0.01) from 1 with g = 0.5 (accumulator = 0.35): "
                 "theta = theta - lr * g / sqrt(accumulator + eps)")


def test_adagrad_matches_keras_for_five_steps():
    check_golden("keras3", "Adagrad", optimizers.Adagrad)


def test_adam_one_step_with_bias_correction():
    """m = 0.1 * 0.5, v = 0.001 * 0.25, alpha = 0.1 * sqrt(1 - 0.999) / (1 - 0.9);
    theta = 1 - m * alpha / (sqrt(v) + 0.01)."""
    m, v, alpha = 0.05, 0.00025, 0.1 * math.sqrt(1 - 0.999) / (1 - 0.9)
    optimizer = optimizers.Adam(0.1, epsilon=0.01)
    theta = one_step(optimizer)
    assert_slots(optimizer, {"m": [m], "v": [v]}, "Adam after g = 0.5: m = beta_1 * m + (1 - beta_1) * g, "
                                                  "v = beta_2 * v + (1 - beta_2) * g ** 2")
    assert_close(theta, [1 - m * alpha / (math.sqrt(v) + 0.01)],
                 f"Adam(0.1, epsilon=0.01) from 1 with g = 0.5 (m = {m:g}, v = {v:g}, alpha = lr * sqrt(1 - beta_2 "
                 f"** t) / (1 - beta_1 ** t) = {alpha:.6g}): theta = theta - m * alpha / (sqrt(v) + eps)")


def test_adam_matches_keras_for_five_steps():
    """Also AMSGrad."""
    check_golden("keras3", "Adam", optimizers.Adam)


def test_nadam_one_step_with_the_momentum_schedule():
    """u_t = 0.9 * (1 - 0.5 * 0.96), u_t1 = 0.9 * (1 - 0.5 * 0.96 ** 2), u_product = u_t, m = 0.05, v = 0.00025;
    m_hat = u_t1 * m / (1 - u_product * u_t1) + (1 - u_t) * g / (1 - u_product), v_hat = v / (1 - 0.999)."""
    u_t, u_t1 = 0.9 * (1 - 0.5 * 0.96), 0.9 * (1 - 0.5 * 0.96**2)
    m_hat = u_t1 * 0.05 / (1 - u_t * u_t1) + (1 - u_t) * 0.5 / (1 - u_t)
    v_hat = 0.00025 / (1 - 0.999)
    theta = one_step(optimizers.Nadam(0.1, epsilon=0.01))
    assert_close(theta, [1 - m_hat * 0.1 / (math.sqrt(v_hat) + 0.01)], "Nadam(0.1, epsilon=0.01) from 1 with g = 0.5",
                 rtol=1e-5)


def test_nadam_matches_keras_for_five_steps():
    check_golden("keras3", "Nadam", optimizers.Nadam)


def test_adamax_one_step_divides_by_the_running_max_of_abs_g():
    """m = 0.1 * 0.5, u = max(0, 0.5); theta = 1 - 0.1 * m / ((1 - 0.9) * (u + 0.01))."""
    theta = one_step(optimizers.Adamax(0.1, epsilon=0.01))
    assert_close(theta, [1 - 0.1 * 0.05 / (0.1 * (0.5 + 0.01))], "Adamax(0.1, epsilon=0.01) from 1 with g = 0.5")


def test_adamax_matches_keras_for_five_steps():
    check_golden("keras3", "Adamax", optimizers.Adamax)


def test_adadelta_one_step_scales_by_the_ratio_of_the_two_roots():
    """accumulated_grad = 0.1 * 0.25; delta = sqrt(0 + 0.01) / sqrt(accumulated_grad + 0.01) * 0.5;
    theta = 1 - delta."""
    delta = math.sqrt(0.01) / math.sqrt(0.025 + 0.01) * 0.5
    theta = one_step(optimizers.Adadelta(1.0, rho=0.9, epsilon=0.01))
    assert_close(theta, [1 - delta], "Adadelta(1.0, rho=0.9, epsilon=0.01) from 1 with g = 0.5")


def test_adadelta_matches_keras_for_five_steps():
    check_golden("keras3", "Adadelta", optimizers.Adadelta)


def test_sgd_moves_a_kernel_and_a_bias_together_as_each_alone():
    assert_variables_move_as_if_alone(optimizers.SGD, learning_rate=0.1)


def test_sgd_momentum_moves_a_kernel_and_a_bias_together_as_each_alone():
    assert_variables_move_as_if_alone(optimizers.SGD, learning_rate=0.1, momentum=0.9)
    assert_variables_move_as_if_alone(optimizers.SGD, learning_rate=0.1, momentum=0.9, nesterov=True)


def test_rmsprop_moves_a_kernel_and_a_bias_together_as_each_alone():
    assert_variables_move_as_if_alone(optimizers.RMSprop, learning_rate=0.1, epsilon=0.01)
    assert_variables_move_as_if_alone(optimizers.RMSprop, learning_rate=0.1, epsilon=0.01, momentum=0.5, centered=True)


def test_adagrad_moves_a_kernel_and_a_bias_together_as_each_alone():
    assert_variables_move_as_if_alone(optimizers.Adagrad, learning_rate=0.1, epsilon=0.01)


def test_adam_moves_a_kernel_and_a_bias_together_as_each_alone():
    assert_variables_move_as_if_alone(optimizers.Adam, learning_rate=0.1, epsilon=0.01)
    assert_variables_move_as_if_alone(optimizers.Adam, learning_rate=0.1, epsilon=0.01, amsgrad=True)


def test_nadam_moves_a_kernel_and_a_bias_together_as_each_alone():
    assert_variables_move_as_if_alone(optimizers.Nadam, learning_rate=0.1, epsilon=0.01)


def test_adamax_moves_a_kernel_and_a_bias_together_as_each_alone():
    assert_variables_move_as_if_alone(optimizers.Adamax, learning_rate=0.1, epsilon=0.01)


def test_adadelta_moves_a_kernel_and_a_bias_together_as_each_alone():
    assert_variables_move_as_if_alone(optimizers.Adadelta, learning_rate=1.0, rho=0.9, epsilon=0.01)
