"""Loss values and gradients, Keras's reduction and its (n,) vs (n, 1) alignment."""
import numpy as np
import pytest

from minigrad import losses


def test_mae_is_mean_absolute_error():
    assert losses.MeanAbsoluteError()(np.array([[1.0], [2.0]]), np.array([[2.0], [0.0]])) == (1 + 2) / 2


def test_mae_gradient_is_sign_over_count_and_zero_at_zero_error():
    """dL/dy_pred = sign(y_pred - y_true) / (n * d), with sign(0) = 0 as in TensorFlow."""
    y_true = np.array([[1.0], [2.0], [3.0], [4.0]], dtype="float32")
    y_pred = np.array([[2.0], [2.0], [1.0], [5.0]], dtype="float32")
    _, grad = losses.MeanAbsoluteError().value_and_gradient(y_true, y_pred)
    np.testing.assert_array_equal(grad, [[0.25], [0.0], [-0.25], [0.25]])


def test_mse_value_and_gradient_are_mean_square_and_two_e_over_count():
    value, grad = losses.MeanSquaredError().value_and_gradient(np.zeros((2, 1)), np.array([[1.0], [3.0]]))
    assert value == (1 + 9) / 2
    np.testing.assert_array_equal(grad, [[2 * 1 / 2], [2 * 3 / 2]])


def test_huber_is_quadratic_up_to_and_including_delta():
    """At |e| == delta the quadratic branch applies: 0.5 * 1**2 = 0.5, gradient 1 / n."""
    value, grad = losses.Huber(delta=1.0).value_and_gradient(np.zeros((2, 1)), np.array([[1.0], [-1.0]]))
    assert value == 0.5
    np.testing.assert_array_equal(grad, [[0.5], [-0.5]])


def test_huber_is_linear_beyond_delta():
    """delta * |e| - 0.5 * delta**2 = 3 - 0.5 for e = 3; gradient clip(e) / n = 1 / 1."""
    value, grad = losses.Huber(delta=1.0).value_and_gradient(np.zeros((1, 1)), np.array([[3.0]]))
    assert value == 2.5
    assert grad[0, 0] == 1.0


def test_loss_reduces_over_last_axis_then_batch():
    """Two samples with two outputs each: mean over outputs, then over samples = mean of all four."""
    y_pred = np.array([[1.0, 3.0], [0.0, 4.0]])
    assert losses.MeanAbsoluteError()(np.zeros((2, 2)), y_pred) == (1 + 3 + 0 + 4) / 4


def test_1d_target_is_aligned_with_column_predictions_not_broadcast():
    """A (n,) target against (n, 1) predictions gives the (n, 1) loss, never an (n, n) one."""
    y_true = np.array([0.0, 1.0, 2.0, 3.0])
    y_pred = y_true[:, None] + 0.5
    assert losses.MeanAbsoluteError()(y_true, y_pred) == 0.5
    assert losses.mean_absolute_error(y_true, y_pred).shape == (4,)


def test_mismatched_shapes_raise_instead_of_broadcasting():
    with pytest.raises(ValueError, match="same shape"):
        losses.MeanAbsoluteError()(np.zeros((4, 2)), np.zeros((4, 3)))


@pytest.mark.parametrize("name, cls", [("mae", losses.MeanAbsoluteError),
                                       ("mean_absolute_error", losses.MeanAbsoluteError),
                                       ("mse", losses.MeanSquaredError), ("huber", losses.Huber)])
def test_losses_are_found_by_keras_name(name, cls):
    assert isinstance(losses.get(name), cls)


def test_unknown_loss_suggests_the_close_name():
    with pytest.raises(ValueError, match="Did you mean 'mae'"):
        losses.get("maee")


def test_float32_predictions_give_float32_gradients():
    y = np.ones((3, 1), dtype="float32")
    for loss in (losses.MeanAbsoluteError(), losses.MeanSquaredError(), losses.Huber()):
        assert loss.value_and_gradient(y, y * 3)[1].dtype == np.float32
