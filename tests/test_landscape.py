"""`minigrad.plotting.plot_loss_surface` and `SweepResult.plot`: what they draw, and what they refuse."""
import numpy as np
import pytest

import minigrad as keras
from minigrad.plotting import plot_loss_surface
from minigrad.sweep import sweep

X = np.arange(20.0)


def _model(use_bias=True, inputs=1):
    model = keras.Sequential([keras.Input(inputs), keras.layers.Dense(1, use_bias=use_bias)])
    model.compile(optimizer="sgd", loss="mse")
    return model


def test_paths_are_drawn_from_pairs_or_from_get_weights_lists():
    """A LambdaCallback's `model.get_weights()` per epoch and plain (W, b) pairs give the same line."""
    model = _model()
    as_pairs = [(0.0, 0.0), (1.0, 0.5), (2.0, 1.0)]
    as_weights = [[np.array([[w]]), np.array([b])] for w, b in as_pairs]
    ax = plot_loss_surface(model, X, 2 * X + 5, {"pairs": as_pairs, "weights": as_weights})
    lines = {line.get_label(): line for line in ax.get_lines()}
    np.testing.assert_array_equal(lines["pairs"].get_xydata(), lines["weights"].get_xydata())
    np.testing.assert_array_equal(lines["pairs"].get_xydata(), as_pairs)


def test_contour_levels_span_the_compiled_losss_values_on_the_grid_by_hand():
    """MSE of y = 2x + 5 on x = 0..19, W in [1, 3], b in [3, 7] (grid steps 0.05 and 0.1):
    the smallest non-zero loss is at (2, 5 +- 0.1), 0.1 ** 2 = 0.01; the largest at the corner (3, 7),
    mean((x + 2) ** 2) = 123.5 + 38 + 4 = 165.5."""
    ax = plot_loss_surface(_model(), X, 2 * X + 5, weight_range=(1.0, 3.0), bias_range=(3.0, 7.0), resolution=41)
    assert "mean_squared_error" in ax.get_title()
    levels = ax.collections[0].levels
    assert levels[0] == pytest.approx(0.01)
    assert levels[-1] == pytest.approx(165.5)


def test_default_ranges_cover_every_path_point():
    path = [(-4.0, 30.0), (6.0, -12.0)]
    ax = plot_loss_surface(_model(), X, 2 * X + 5, {"run": path})
    (w_low, w_high), (b_low, b_high) = ax.get_xlim(), ax.get_ylim()
    assert w_low < -4.0 and w_high > 6.0 and b_low < -12.0 and b_high > 30.0


def test_gif_is_written_with_one_frame_per_epoch(tmp_path):
    from PIL import Image

    path = tmp_path / "paths.gif"
    plot_loss_surface(_model(), X, 2 * X + 5, {"run": [(0.0, 0.0), (1.0, 1.0), (2.0, 3.0)]},
                      resolution=21, gif=path)
    with Image.open(path) as image:
        assert image.n_frames == 3


@pytest.mark.parametrize("use_bias, inputs", [(False, 1), (True, 2)])
def test_models_other_than_one_input_dense_with_bias_are_rejected(use_bias, inputs):
    with pytest.raises(ValueError, match="one linear Dense"):
        plot_loss_surface(_model(use_bias, inputs), np.zeros((3, inputs)), np.zeros(3))


def test_a_loss_that_is_not_a_function_of_the_error_is_rejected():
    """The surface is mean(elementwise(W * x + b - y)): cross-entropy has no such form."""
    with pytest.raises(ValueError, match="loss='categorical_crossentropy'"):
        plot_loss_surface(_model(), X, X, loss="categorical_crossentropy")


def test_a_malformed_trajectory_is_rejected_with_its_label():
    with pytest.raises(ValueError, match="'bad'"):
        plot_loss_surface(_model(), X, X, {"bad": [1.0, 2.0]})


def test_sweep_plot_draws_final_loss_per_setting_and_a_heatmap():
    model = _model(use_bias=False)
    result = sweep(model, X / 20, X / 20, np.logspace(-2, 1, 8), loss="mse", epochs=5, momentum=[0.0, 0.9])
    left, right = result.plot()
    assert [line.get_label() for line in left.get_lines()] == ["momentum=0.0", "momentum=0.9"]
    assert right.collections[0].get_array().shape == (8, 5), "one row per learning rate, one column per epoch"
