"""minigrad.plotting's run plots: history, weights, learning rate, comparisons, whole-run figures, the slider."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

import minigrad as keras
from minigrad.plotting import (
    compare_runs,
    learning_rate_slider,
    plot_history,
    plot_learning_rate,
    plot_run,
    plot_runs,
    plot_weights,
    save_figure,
)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def fitted_history(optimizer):
    model = keras.models.Sequential([keras.layers.Input(1), keras.layers.Dense(1, use_bias=False)])
    model.compile(loss="mae", optimizer=optimizer, metrics=["mae"])
    x = np.arange(10)
    return model.fit(x, x, epochs=4, validation_data=(x, x), verbose=0)


def test_plot_history_draws_each_metric_of_a_fit_history_against_epochs_from_1():
    ax = plot_history(fitted_history(keras.optimizers.SGD(0.01)), metrics=("mae", "val_mae"))
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["training MAE", "validation MAE"]
    assert list(lines[0].get_xdata()) == [1, 2, 3, 4], "epochs are numbered from 1, as Keras prints them"
    assert ax.get_ylabel() == "MAE"


def test_plot_history_uses_a_log_axis_when_values_span_more_than_100x():
    assert plot_history({"loss": [1000.0, 1.0]}, metrics=("loss",)).get_yscale() == "log"
    assert plot_history({"loss": [3.0, 2.0]}, metrics=("loss",)).get_yscale() == "linear"


def test_plot_history_unknown_metric_names_the_keys():
    with pytest.raises(ValueError, match=r"`metrics` must be keys of the history \['loss'\]. Received: \['mae'\]"):
        plot_history({"loss": [1.0]}, metrics=("mae",))


def test_plot_history_rejects_something_that_is_not_a_history():
    with pytest.raises(TypeError, match="history"):
        plot_history([1.0, 2.0])


def test_plot_weights_draws_each_parameter_and_a_dashed_target():
    ax = plot_weights({"W": [1.5, 1.9], "b": [0.1, 0.2]}, targets={"W": 2.0})
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels == ["W", "target W = 2", "b"], labels
    assert ax.get_lines()[1].get_linestyle() == "--"


def test_plot_learning_rate_reads_the_rate_fit_recorded_with_decay():
    """decay=0.5 with one update per epoch: lr = 0.1 / (1 + 0.5 * k) for k = 0, 1, 2, 3."""
    ax = plot_learning_rate(fitted_history(keras.optimizers.SGD(0.1, decay=0.5)))
    expected = [0.1 / (1 + 0.5 * k) for k in range(4)]
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), expected, rtol=1e-6)


def test_plot_learning_rate_without_a_rate_says_which_keys_there_are():
    with pytest.raises(ValueError, match=r"no learning rate .* Received keys: \['loss'\]"):
        plot_learning_rate({"loss": [1.0]})


def test_compare_runs_one_line_per_run_and_clear_errors():
    ax = compare_runs({"a": {"loss": [2.0, 1.0]}, "b": {"loss": [3.0, 0.5]}})
    assert [line.get_label() for line in ax.get_lines()] == ["a", "b"]
    with pytest.raises(ValueError, match="at least one"):
        compare_runs({})
    with pytest.raises(ValueError, match="Run 'a' has no 'val_loss'"):
        compare_runs({"a": {"loss": [1.0]}}, metric="val_loss")


def test_plot_run_adds_a_learning_rate_panel_only_when_the_rate_changes():
    constant = plot_run({"mae": [2.0, 1.0], "val_mae": [2.0, 1.0], "learning_rate": [0.1, 0.1]}, weights=[1.0, 1.1])
    changing = plot_run({"mae": [2.0, 1.0], "val_mae": [2.0, 1.0], "learning_rate": [0.1, 0.01]},
                        weights={"W": [1.0, 1.1], "b": [0.0, 0.1]})
    assert [ax.get_title() for ax in constant.axes] == ["error per epoch", "W per epoch"]
    assert [ax.get_title() for ax in changing.axes] == ["error per epoch", "W per epoch", "b per epoch",
                                                        "learning rate per epoch"]


def test_plot_runs_one_panel_per_metric_and_one_legend():
    figure = plot_runs({"a": {"loss": [2.0, 1.0], "W": [1.0, 2.0]}, "b": {"loss": [3.0, 1.0], "W": [0.0, 1.0]}},
                       metrics=("loss", "W"), log=(True, False))
    assert len(figure.axes) == 2 and len(figure.legends) == 1
    with pytest.raises(ValueError, match="one entry per metric"):
        plot_runs({"a": {"loss": [1.0]}}, metrics=("loss",), log=(True, False))


def test_save_figure_writes_a_png_and_closes_the_figure(tmp_path):
    figure = plot_run({"mae": [2.0, 1.0], "val_mae": [2.0, 1.0]})
    path = save_figure(figure, tmp_path / "sub" / "run.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not plt.fignum_exists(figure.number), "save_figure should close the figure"


def test_learning_rate_slider_draws_once_at_the_starting_rate_when_headless():
    calls = []

    def draw(learning_rate):
        calls.append(learning_rate)
        return plot_run({"mae": [2.0, 1.0], "val_mae": [2.0, 1.0]})

    figure = learning_rate_slider(draw, value=0.01, low=1e-4, high=1.0)
    assert calls == [0.01] and figure.axes


def test_learning_rate_slider_rejects_a_start_outside_the_range():
    with pytest.raises(ValueError, match="low=0.1, value=0.01, high=1"):
        learning_rate_slider(lambda lr: None, value=0.01, low=0.1, high=1.0)
