"""Study exercises `mae`, `mse`, `huber`: each loss's value and gradient on errors chosen by hand.

Four samples, one output each, errors `e = y_pred - y_true = [1, 0, -2, 3]`, so n * d = 4.
"""
import numpy as np
import pytest
from exercise_checks import assert_close

from minigrad import losses

Y_TRUE = np.array([[1.0], [2.0], [3.0], [4.0]], dtype="float32")
Y_PRED = np.array([[2.0], [2.0], [1.0], [7.0]], dtype="float32")


def test_mae_value_is_the_mean_of_abs_e():
    value, _ = losses.MeanAbsoluteError().value_and_gradient(Y_TRUE, Y_PRED)
    assert_close(value, (1 + 0 + 2 + 3) / 4, "MAE = mean(abs(e)) with e = [1, 0, -2, 3]")


def test_mae_gradient_is_sign_e_over_n_and_zero_at_zero_error():
    _, grad = losses.MeanAbsoluteError().value_and_gradient(Y_TRUE, Y_PRED)
    assert_close(grad, [[1 / 4], [0 / 4], [-1 / 4], [1 / 4]], "dMAE/dy_pred = sign(e) / 4 with e = [1, 0, -2, 3]")


def test_mse_value_is_the_mean_of_e_squared():
    value, _ = losses.MeanSquaredError().value_and_gradient(Y_TRUE, Y_PRED)
    assert_close(value, (1 + 0 + 4 + 9) / 4, "MSE = mean(e ** 2) with e = [1, 0, -2, 3]")


def test_mse_gradient_is_2_e_over_n():
    _, grad = losses.MeanSquaredError().value_and_gradient(Y_TRUE, Y_PRED)
    assert_close(grad, [[2 * 1 / 4], [0.0], [2 * -2 / 4], [2 * 3 / 4]],
                 "dMSE/dy_pred = 2 * e / 4 with e = [1, 0, -2, 3]")


@pytest.mark.parametrize("delta", [1.0, 2.5])
def test_huber_value_is_quadratic_up_to_delta_then_linear(delta):
    """With delta = 1: 0.5 * 1**2, 0, 1 * 2 - 0.5, 1 * 3 - 0.5. With delta = 2.5 only e = 3 is beyond delta."""
    value, _ = losses.Huber(delta=delta).value_and_gradient(Y_TRUE, Y_PRED)
    def elementwise(e):
        return 0.5 * e**2 if abs(e) <= delta else delta * abs(e) - 0.5 * delta**2
    expected = sum(elementwise(e) for e in (1, 0, -2, 3)) / 4
    assert_close(value, expected, f"Huber(delta={delta}) with e = [1, 0, -2, 3]")


@pytest.mark.parametrize("delta", [1.0, 2.5])
def test_huber_gradient_is_e_clipped_to_delta_over_n(delta):
    _, grad = losses.Huber(delta=delta).value_and_gradient(Y_TRUE, Y_PRED)
    expected = [[min(max(e, -delta), delta) / 4] for e in (1, 0, -2, 3)]
    assert_close(grad, expected, f"dHuber/dy_pred = clip(e, -{delta}, {delta}) / 4 with e = [1, 0, -2, 3]")


# Two samples of two outputs, n * d = 4: errors at the kinks (0 for MAE, +-delta = +-1 for Huber) and beside them.
Y_TRUE_2 = np.array([[1.0, -2.0], [0.5, 3.0]], dtype="float32")
E_2 = np.array([[0.0, -1.0], [1.0, 2.5]], dtype="float32")


def test_mae_averages_over_samples_and_outputs_and_is_flat_at_zero_error():
    """e = [[0, -1], [1, 2.5]]: MAE = (0 + 1 + 1 + 2.5) / 4; dMAE/dy_pred = sign(e) / 4, 0 where e = 0."""
    value, grad = losses.MeanAbsoluteError().value_and_gradient(Y_TRUE_2, Y_TRUE_2 + E_2)
    assert_close(value, 4.5 / 4, "MAE over 2 samples x 2 outputs, e = [[0, -1], [1, 2.5]]")
    assert_close(grad, [[0.0, -0.25], [0.25, 0.25]], "dMAE/dy_pred = sign(e) / (2 * 2) with e = [[0, -1], [1, 2.5]]")


def test_mse_averages_over_samples_and_outputs():
    """e = [[0, -1], [1, 2.5]]: MSE = (0 + 1 + 1 + 6.25) / 4; dMSE/dy_pred = 2 * e / 4."""
    value, grad = losses.MeanSquaredError().value_and_gradient(Y_TRUE_2, Y_TRUE_2 + E_2)
    assert_close(value, 8.25 / 4, "MSE over 2 samples x 2 outputs, e = [[0, -1], [1, 2.5]]")
    assert_close(grad, [[0.0, -0.5], [0.5, 1.25]], "dMSE/dy_pred = 2 * e / (2 * 2) with e = [[0, -1], [1, 2.5]]")


def test_huber_at_exactly_plus_and_minus_delta_and_over_two_outputs():
    """delta = 1, e = [[0, -1], [1, 2.5]]: at |e| = delta both branches give 0.5 and the slope is +-1;
    Huber = (0 + 0.5 + 0.5 + (2.5 - 0.5)) / 4; dHuber/dy_pred = clip(e, -1, 1) / 4."""
    value, grad = losses.Huber(delta=1.0).value_and_gradient(Y_TRUE_2, Y_TRUE_2 + E_2)
    assert_close(value, 3.0 / 4, "Huber(delta=1) over 2 samples x 2 outputs, e = [[0, -1], [1, 2.5]]")
    assert_close(grad, [[0.0, -0.25], [0.25, 0.25]], "dHuber/dy_pred = clip(e, -1, 1) / (2 * 2)")
