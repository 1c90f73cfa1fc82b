"""Study exercises for torch.optim's conventions (`minigrad.optimizers.pytorch`): one or two steps by hand
from theta = 1 with g = 0.5, then five steps on four weights against real PyTorch
(tests/golden/optimizer_steps.json, "torch"), and four steps on a kernel and a bias together, each of which must
move as it does alone."""
import math

from exercise_checks import assert_close, assert_variables_move_as_if_alone, check_golden, steps

from minigrad.optimizers import pytorch

CLIPPING = {"clipnorm", "clipvalue", "global_clipnorm"}


def one_step(optimizer):
    return steps(optimizer, [1.0], [[0.5]])[0]


def test_torch_sgd_momentum_starts_the_buffer_at_g_then_dampens():
    """b1 = g = 0.5, theta1 = 1 - 0.1 * b1; b2 = 0.9 * b1 + (1 - 0.5) * 0.5, theta2 = theta1 - 0.1 * b2."""
    b1, b2 = 0.5, 0.9 * 0.5 + 0.5 * 0.5
    thetas = steps(pytorch.SGD(lr=0.1, momentum=0.9, dampening=0.5), [1.0], [[0.5], [0.5]])
    assert_close(thetas, [[1 - 0.1 * b1], [1 - 0.1 * b1 - 0.1 * b2]], "torch SGD(lr=0.1, momentum=0.9, dampening=0.5)")


def test_torch_sgd_nesterov_steps_along_g_plus_momentum_times_b():
    """b = g = 0.5; theta = 1 - 0.1 * (0.5 + 0.9 * b)."""
    theta = one_step(pytorch.SGD(lr=0.1, momentum=0.9, nesterov=True))
    assert_close(theta, [1 - 0.1 * (0.5 + 0.9 * 0.5)], "torch SGD(lr=0.1, momentum=0.9, nesterov=True)")


def test_torch_sgd_matches_pytorch_for_five_steps():
    check_golden("torch", "SGD", pytorch.SGD, exclude=CLIPPING)


def test_torch_rmsprop_puts_eps_outside_the_root():
    """v = (1 - 0.99) * 0.25; theta = 1 - 0.1 * 0.5 / (sqrt(v) + 0.01)."""
    theta = one_step(pytorch.RMSprop(lr=0.1, eps=0.01))
    assert_close(theta, [1 - 0.1 * 0.5 / (math.sqrt(0.01 * 0.25) + 0.01)], "torch RMSprop(lr=0.1, eps=0.01)")


def test_torch_rmsprop_matches_pytorch_for_five_steps():
    check_golden("torch", "RMSprop", pytorch.RMSprop, exclude=CLIPPING)


def test_torch_adagrad_decays_the_learning_rate_with_lr_decay():
    """s1 = 0.1 + 0.25, theta1 = 1 - 0.1 * 0.5 / (sqrt(s1) + 0.01);
    s2 = s1 + 0.25, clr = 0.1 / (1 + 1 * 0.5), theta2 = theta1 - clr * 0.5 / (sqrt(s2) + 0.01)."""
    theta1 = 1 - 0.1 * 0.5 / (math.sqrt(0.35) + 0.01)
    theta2 = theta1 - 0.1 / 1.5 * 0.5 / (math.sqrt(0.6) + 0.01)
    thetas = steps(pytorch.Adagrad(lr=0.1, eps=0.01, lr_decay=0.5, initial_accumulator_value=0.1), [1.0], [[0.5]] * 2)
    assert_close(thetas, [[theta1], [theta2]],
                 "torch Adagrad(lr=0.1, eps=0.01, lr_decay=0.5, initial_accumulator_value=0.1)")


def test_torch_adagrad_matches_pytorch_for_five_steps():
    check_golden("torch", "Adagrad", pytorch.Adagrad, exclude=CLIPPING)


def test_torch_adam_adds_eps_after_the_bias_correction():
    """m = 0.05, v = 0.00025; denominator = sqrt(v) / sqrt(1 - 0.999) + 0.01;
    theta = 1 - 0.1 / (1 - 0.9) * m / denominator."""
    denominator = math.sqrt(0.00025) / math.sqrt(0.001) + 0.01
    theta = one_step(pytorch.Adam(lr=0.1, eps=0.01))
    assert_close(theta, [1 - 0.1 / 0.1 * 0.05 / denominator], "torch Adam(lr=0.1, eps=0.01)")


def test_torch_adam_matches_pytorch_for_five_steps():
    check_golden("torch", "Adam", pytorch.Adam, exclude=CLIPPING)


def test_torch_adamw_shrinks_theta_before_the_adam_step():
    """theta = 1 * (1 - 0.1 * 0.2), then Adam's step:
    - 0.1 / (1 - 0.9) * 0.05 / (sqrt(0.00025) / sqrt(0.001) + 0.01)."""
    denominator = math.sqrt(0.00025) / math.sqrt(0.001) + 0.01
    theta = one_step(pytorch.AdamW(lr=0.1, eps=0.01, weight_decay=0.2))
    assert_close(theta, [(1 - 0.1 * 0.2) - 0.1 / 0.1 * 0.05 / denominator],
                 "torch AdamW(lr=0.1, eps=0.01, weight_decay=0.2)")


def test_torch_adamw_matches_pytorch_for_five_steps():
    check_golden("torch", "AdamW", pytorch.AdamW, exclude=CLIPPING)


def test_torch_nadam_one_step():
    """mu = 0.9 * (1 - 0.5 * 0.96 ** 0.004), mu_next = 0.9 * (1 - 0.5 * 0.96 ** 0.008), mu_product = mu;
    denominator = sqrt(0.00025 / (1 - 0.999)) + 0.01;
    theta = 1 - 0.1 * (1 - mu) / (1 - mu_product) * 0.5 / d - 0.1 * mu_next / (1 - mu_product * mu_next) * 0.05 / d."""
    mu, mu_next = 0.9 * (1 - 0.5 * 0.96**0.004), 0.9 * (1 - 0.5 * 0.96**0.008)
    d = math.sqrt(0.00025 / 0.001) + 0.01
    expected = 1 - 0.1 * (1 - mu) / (1 - mu) * 0.5 / d - 0.1 * mu_next / (1 - mu * mu_next) * 0.05 / d
    assert_close(one_step(pytorch.NAdam(lr=0.1, eps=0.01)), [expected], "torch NAdam(lr=0.1, eps=0.01)", rtol=1e-5)


def test_torch_nadam_matches_pytorch_for_five_steps():
    check_golden("torch", "NAdam", pytorch.NAdam, exclude=CLIPPING)


def test_torch_adamax_puts_eps_inside_the_running_max():
    """m = 0.05, u = max(0, 0.5 + 0.01); theta = 1 - 0.1 / (1 - 0.9) * m / u."""
    theta = one_step(pytorch.Adamax(lr=0.1, eps=0.01))
    assert_close(theta, [1 - 0.1 / 0.1 * 0.05 / 0.51], "torch Adamax(lr=0.1, eps=0.01)")


def test_torch_adamax_matches_pytorch_for_five_steps():
    check_golden("torch", "Adamax", pytorch.Adamax, exclude=CLIPPING)


def test_torch_adadelta_one_step():
    """square_avg = 0.1 * 0.25; delta = sqrt(0 + 0.01) / sqrt(square_avg + 0.01) * 0.5; theta = 1 - 1.0 * delta."""
    delta = math.sqrt(0.01) / math.sqrt(0.025 + 0.01) * 0.5
    theta = one_step(pytorch.Adadelta(lr=1.0, rho=0.9, eps=0.01))
    assert_close(theta, [1 - delta], "torch Adadelta(lr=1.0, rho=0.9, eps=0.01)")


def test_torch_adadelta_matches_pytorch_for_five_steps():
    check_golden("torch", "Adadelta", pytorch.Adadelta, exclude=CLIPPING)


def test_torch_sgd_moves_a_kernel_and_a_bias_together_as_each_alone():
    assert_variables_move_as_if_alone(pytorch.SGD, lr=0.1, momentum=0.9, dampening=0.5)
    assert_variables_move_as_if_alone(pytorch.SGD, lr=0.1, momentum=0.9, nesterov=True)


def test_torch_rmsprop_moves_a_kernel_and_a_bias_together_as_each_alone():
    assert_variables_move_as_if_alone(pytorch.RMSprop, lr=0.1, eps=0.01, momentum=0.5, centered=True)


def test_torch_adagrad_moves_a_kernel_and_a_bias_together_as_each_alone():
    assert_variables_move_as_if_alone(pytorch.Adagrad, lr=0.1, eps=0.01, lr_decay=0.5, initial_accumulator_value=0.1)


def test_torch_adam_moves_a_kernel_and_a_bias_together_as_each_alone():
    assert_variables_move_as_if_alone(pytorch.Adam, lr=0.1, eps=0.01)
    assert_variables_move_as_if_alone(pytorch.Adam, lr=0.1, eps=0.01, amsgrad=True)


def test_torch_adamw_moves_a_kernel_and_a_bias_together_as_each_alone():
    assert_variables_move_as_if_alone(pytorch.AdamW, lr=0.1, eps=0.01, weight_decay=0.2)


def test_torch_nadam_moves_a_kernel_and_a_bias_together_as_each_alone():
    assert_variables_move_as_if_alone(pytorch.NAdam, lr=0.1, eps=0.01, momentum_decay=0.1)


def test_torch_adamax_moves_a_kernel_and_a_bias_together_as_each_alone():
    assert_variables_move_as_if_alone(pytorch.Adamax, lr=0.1, eps=0.01)


def test_torch_adadelta_moves_a_kernel_and_a_bias_together_as_each_alone():
    assert_variables_move_as_if_alone(pytorch.Adadelta, lr=1.0, rho=0.9, eps=0.01)
