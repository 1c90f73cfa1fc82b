"""`minigrad.analysis`: the MSE Hessian of a linear model, the critical learning rate, MAE's bouncing."""
import json
import math
from pathlib import Path

import numpy as np
import pytest

import minigrad as keras
from minigrad import analysis
from minigrad.sweep import sweep

X = np.arange(100.0)
GOLDEN = Path(__file__).parent / "golden"


def _closed_form_critical_lr(x, use_bias):
    """2 / lambda_max written out: 1 / mean(x**2) without bias; with bias the 2x2 matrix
    2 * [[m2, m1], [m1, 1]] has lambda_max = (m2 + 1) + sqrt((m2 - 1) ** 2 + 4 * m1 ** 2)."""
    m1, m2 = np.mean(x), np.mean(x ** 2)
    if not use_bias:
        return 1 / m2
    return 2 / ((m2 + 1) + math.sqrt((m2 - 1) ** 2 + 4 * m1 ** 2))


@pytest.mark.parametrize("x", [X[:80], X, np.arange(1000.0), np.random.default_rng(0).normal(3, 2, 50)],
                         ids=["e1", "e7", "e8", "normal"])
@pytest.mark.parametrize("use_bias", [False, True])
def test_critical_learning_rate_is_two_over_the_largest_eigenvalue_in_closed_form(x, use_bias):
    expected = _closed_form_critical_lr(x, use_bias)
    assert analysis.critical_learning_rate(x, use_bias) == pytest.approx(expected, rel=1e-10), \
        f"expected 2 / lambda_max = {expected}"


def test_hessian_is_two_over_n_times_a_transpose_a_by_hand():
    """x = [1, 3] with bias: A = [[1, 1], [3, 1]], 2 / 2 * A.T @ A = [[10, 4], [4, 2]]."""
    np.testing.assert_array_equal(analysis.mse_hessian([1.0, 3.0]), [[10.0, 4.0], [4.0, 2.0]])
    np.testing.assert_array_equal(analysis.mse_hessian([[1.0], [3.0]], use_bias=False), [[10.0]])


def test_hessian_matches_finite_differences_of_minigrads_mse_gradient():
    """The Hessian of minigrad's own MSE (float64): the change of its gradient per unit change of W and b."""
    keras.backend.set_floatx("float64")
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=(20, 2)), rng.normal(size=(20, 1))
    model = keras.Sequential([keras.Input(2), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")

    def gradient(theta):
        model.set_weights([theta[:2].reshape(2, 1), theta[2:]])
        return np.concatenate([g.ravel() for g in model.compute_gradients(x, y)[1]])

    theta, eps = rng.normal(size=3), 1e-4
    columns = [(gradient(theta + eps * e) - gradient(theta - eps * e)) / (2 * eps) for e in np.eye(3)]
    np.testing.assert_allclose(analysis.mse_hessian(x), np.array(columns).T, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("use_bias, x, y", [(False, X[:80], X[:80]), (True, X, 2 * X + 5)], ids=["e1", "e7"])
def test_full_batch_sweep_converges_just_below_the_critical_rate_and_diverges_just_above(use_bias, x, y):
    """MSE, full batches: at 0.97 x critical the loss shrinks; at 1.03 x it grows (|1 - lr * lambda| > 1)."""
    critical = analysis.critical_learning_rate(x, use_bias)
    model = keras.Sequential([keras.Input(1), keras.layers.Dense(1, use_bias=use_bias)])
    model.set_weights([np.array([[0.5]])] + ([np.array([0.0])] if use_bias else []))
    factors = np.array([0.9, 0.97, 1.03, 1.1])
    loss = sweep(model, x, y, critical * factors, loss="mse", epochs=200, batch_size=len(x)).history["loss"]
    for factor, run in zip(factors, loss, strict=True):
        if factor < 1:
            assert run[-1] < run[0], f"{factor} x critical should converge: loss {run[0]:.4g} -> {run[-1]:.4g}"
        else:
            assert run[-1] > 100 * run[0], f"{factor} x critical should diverge: loss {run[0]:.4g} -> {run[-1]:.4g}"


def test_curvature_of_f_2x_plus_5_is_steep_for_w_and_flat_for_b():
    """On x = 0..99 the diagonal is 2 * mean(x**2) = 6568.5 for W and 2 for b; the condition number ~1.3e4."""
    result = analysis.curvature(X)
    np.testing.assert_allclose(result.per_parameter, [2 * np.mean(X ** 2), 2.0])
    assert result.eigenvalues[0] < result.eigenvalues[1]
    assert result.condition_number == pytest.approx(result.eigenvalues[1] / result.eigenvalues[0])
    assert 1e4 < result.condition_number < 2e4


def test_more_data_over_a_wider_range_makes_the_valley_narrower():
    """x = 0..999 (the article's E8/E10): mean(x**2) grows 100-fold, so the condition number does too."""
    ratio = analysis.curvature(np.arange(1000.0)).condition_number / analysis.curvature(X).condition_number
    assert 80 < ratio < 120, f"condition number ratio {ratio}"


def test_standardising_x_makes_every_direction_alike():
    """With mean 0 and std 1 the Hessian is 2 * identity: condition number 1, critical lr 1."""
    result = analysis.curvature((X - X.mean()) / X.std())
    np.testing.assert_allclose(result.hessian, 2 * np.eye(2), atol=1e-12)
    assert result.condition_number == pytest.approx(1.0)
    assert result.critical_learning_rate == pytest.approx(1.0)


def test_gradient_scales_are_mean_abs_x_for_w_and_one_for_b():
    np.testing.assert_allclose(analysis.gradient_scales(X), [49.5, 1.0])
    np.testing.assert_allclose(analysis.gradient_scales([[-2.0, 1.0], [4.0, 3.0]], use_bias=False), [3.0, 2.0])


def test_mae_gradient_far_from_the_optimum_has_the_predicted_scales():
    """All errors positive (W, b far too large): minigrad's MAE gradients are mean|x| and 1."""
    model = keras.Sequential([keras.Input(1), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mae")
    model.set_weights([np.array([[10.0]]), np.array([100.0])])
    y = (2 * X + 5)[:, None].astype("float32")
    _, gradients = model.compute_gradients(X[:, None].astype("float32"), y)
    np.testing.assert_allclose([g.item() for g in gradients], analysis.gradient_scales(X), rtol=1e-6)


def test_mae_step_is_the_size_of_every_full_batch_update_of_w():
    """E1's data, one batch of 80: each epoch moves W by lr * mean|x| = 0.01 * 39.5, wherever W is."""
    x = X[:80]
    weights = []
    model = keras.Sequential([keras.Input(1), keras.layers.Dense(1, use_bias=False)])
    model.set_weights([np.array([[-3.0]])])
    model.compile(optimizer=keras.optimizers.SGD(0.01), loss="mae")
    record = keras.callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: weights.append(model.get_weights()[0].item()))
    model.fit(x, x, epochs=30, batch_size=80, shuffle=False, verbose=0, callbacks=[record])
    steps = np.abs(np.diff([-3.0] + weights))
    np.testing.assert_allclose(steps, analysis.mae_step(x, 0.01), rtol=1e-4)


def test_mae_settled_loss_is_the_mean_of_the_two_losses_sgd_bounces_between():
    """Once W bounces around 1, two consecutive epoch losses add up to step * mean|x| = 2 * settled loss."""
    x = X[:80]
    model = keras.Sequential([keras.Input(1), keras.layers.Dense(1, use_bias=False)])
    model.set_weights([np.array([[1.3]])])
    model.compile(optimizer=keras.optimizers.SGD(0.001), loss="mae")
    loss = np.array(model.fit(x, x, epochs=40, batch_size=80, shuffle=False, verbose=0).history["loss"])
    settled = analysis.mae_settled_loss(x, 0.001)
    assert settled == pytest.approx(0.001 * 39.5 ** 2 / 2)
    np.testing.assert_allclose((loss[20:-1] + loss[21:]) / 2, settled, rtol=1e-3)


@pytest.mark.parametrize("experiment, learning_rate", [("E1", 0.1), ("E2", 0.001), ("E3", 0.0001)])
def test_real_tf_keras_settles_at_the_predicted_mae_in_the_article_experiments(experiment, learning_rate):
    """tf.keras (golden fixture, 5 seeds, shuffled batches of 32): the mean MAE of the last 50 epochs
    is lr * mean|x| ** 2 / 2 (78.0, 0.78, 0.078) to a few percent (median over seeds: in E3 one seed
    lands exactly on W = 1 and one has not settled yet)."""
    path = GOLDEN / "article_tf_keras.json"
    runs = next(e for e in json.loads(path.read_text())["experiments"] if e["id"] == experiment)["runs"]
    settled = [float(np.mean(run["mae_per_epoch"][-50:])) for run in runs]
    predicted = analysis.mae_settled_loss(X[:80], learning_rate)
    assert np.median(settled) == pytest.approx(predicted, rel=0.03), f"tf.keras {settled} vs predicted {predicted}"


@pytest.mark.parametrize("x", [[], [[[1.0]]], [1.0, np.inf]])
def test_bad_inputs_are_rejected(x):
    with pytest.raises(ValueError, match="`x` must be"):
        analysis.curvature(x)


def test_negative_learning_rate_is_rejected():
    with pytest.raises(ValueError, match="learning_rate"):
        analysis.mae_step(X, -0.1)
