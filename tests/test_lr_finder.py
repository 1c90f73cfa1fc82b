"""`minigrad.lr_finder`: the range test ramps the rate, stops on divergence, suggests a rate, restores the model."""
import numpy as np
import pytest

import minigrad as keras
from minigrad import analysis
from minigrad.lr_finder import LRFinderResult, find_lr, steepest, valley
from minigrad.sweep import sweep


def _regression(optimizer="sgd"):
    """f(x) = 2x + 5 on 256 standardised inputs, MSE: the full-batch critical rate is 2 / 2 = 1."""
    x = np.random.default_rng(0).normal(size=256)
    model = keras.Sequential([keras.Input(1), keras.layers.Dense(1)])
    model.compile(optimizer=optimizer, loss="mse")
    return model, x, 2 * x + 5


def test_the_ramp_is_exponential_from_start_lr_to_end_lr():
    """learning_rates[i] = start * (end / start) ** (i / (num_steps - 1)); no divergence on a tiny range."""
    model, x, y = _regression()
    result = find_lr(model, x, y, start_lr=1e-5, end_lr=1e-3, num_steps=21)
    expected = 1e-5 * (1e-3 / 1e-5) ** (np.arange(21) / 20)
    np.testing.assert_allclose(result.learning_rates, expected, rtol=1e-12)
    assert len(result.losses) == len(result.smoothed_losses) == 21


def test_smoothed_losses_are_the_bias_corrected_moving_average():
    """average = 0.9 * average + 0.1 * loss; smoothed[i] = average / (1 - 0.9 ** (i + 1))."""
    model, x, y = _regression()
    result = find_lr(model, x, y, start_lr=1e-4, end_lr=1e-1, num_steps=30, smoothing=0.9)
    average, expected = 0.0, []
    for i, loss in enumerate(result.losses):
        average = 0.9 * average + 0.1 * loss
        expected.append(average / (1 - 0.9 ** (i + 1)))
    np.testing.assert_allclose(result.smoothed_losses, expected, rtol=1e-12)


def test_each_step_trains_on_its_batch_at_its_rate_by_hand():
    """One sample x = 1, y = 2, w = 0, no bias, MSE: loss 4, then w = 4 * lr_0, loss (4 * lr_0 - 2) ** 2."""
    model = keras.Sequential([keras.Input(1), keras.layers.Dense(1, use_bias=False)])
    model.set_weights([np.zeros((1, 1))])
    model.compile(optimizer="sgd", loss="mse")
    result = find_lr(model, [1.0], [2.0], start_lr=0.1, end_lr=0.2, num_steps=2, batch_size=1)
    np.testing.assert_allclose(result.losses, [4.0, (4 * 0.1 - 2) ** 2], rtol=1e-6)


def test_decay_is_switched_off_during_the_test_and_restored_after():
    """Step i uses exactly learning_rates[i]: SGD(decay=0.5) gives the losses of SGD(), and keeps its decay."""
    model, x, y = _regression(keras.optimizers.SGD(decay=0.5))
    twin, _, _ = _regression(keras.optimizers.SGD())
    twin.set_weights(model.get_weights())
    decayed = find_lr(model, x, y, end_lr=1.0, num_steps=30, shuffle=False)
    plain = find_lr(twin, x, y, end_lr=1.0, num_steps=30, shuffle=False)
    np.testing.assert_array_equal(decayed.losses, plain.losses)
    assert model.optimizer.decay == 0.5


def test_it_stops_early_once_the_smoothed_loss_exceeds_four_times_its_best():
    model, x, y = _regression()
    result = find_lr(model, x, y, start_lr=1e-4, end_lr=1e3, num_steps=100)
    assert len(result.losses) < 100, "the loss should diverge well before lr = 1000"
    assert result.smoothed_losses[-1] > 4 * result.smoothed_losses[:-1].min()
    assert (result.smoothed_losses[:-1] <= 4 * np.minimum.accumulate(result.smoothed_losses[:-1])).all()


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_the_model_and_its_optimizer_are_restored_exactly(optimizer):
    """Weights, iterations, slots and learning rate are as before; a later fit gives the same numbers."""
    model, x, y = _regression(optimizer)
    twin, _, _ = _regression(optimizer)
    for m in (model, twin):
        m.set_weights([np.array([[0.3]]), np.array([-0.2])])
        m.fit(x, y, epochs=2, shuffle=False, verbose=0)
    state, rate = model.optimizer.get_state(), model.optimizer.learning_rate
    find_lr(model, x, y, end_lr=100.0)
    assert model.optimizer.learning_rate == rate
    after = model.optimizer.get_state()
    assert after["iterations"] == state["iterations"]
    for old, new in zip(state["slots"], after["slots"], strict=True):
        for name in old:
            np.testing.assert_array_equal(new[name], old[name], err_msg=f"slot {name!r} changed")
    for w_model, w_twin in zip(model.get_weights(), twin.get_weights(), strict=True):
        np.testing.assert_array_equal(w_model, w_twin)
    history = model.fit(x, y, epochs=2, shuffle=False, verbose=0).history
    assert history == twin.fit(x, y, epochs=2, shuffle=False, verbose=0).history


def test_a_model_never_trained_gets_its_empty_optimizer_state_back():
    model, x, y = _regression("sgd")
    find_lr(model, x, y, num_steps=10)
    assert model.optimizer.get_state()["iterations"] == 0
    assert model.optimizer.get_state()["slots"] is None


@pytest.mark.parametrize("batch_size", [32, 256])
def test_suggestions_lie_where_the_sweep_converges_below_the_critical_rate(batch_size):
    """On f(x) = 2x + 5 with standardised x and MSE (critical rate 1): both suggestions are rates at
    which 100 epochs of SGD reduce the loss 1000-fold, and below 2 / lambda_max."""
    model, x, y = _regression()
    initial_loss = model.evaluate(x, y, verbose=0)
    result = find_lr(model, x, y, start_lr=1e-4, end_lr=10, batch_size=batch_size)
    rates = np.logspace(-4, 1, 120)
    final = sweep(model, x, y, rates, loss="mse", epochs=100, batch_size=batch_size).history["loss"][:, -1]
    converged = rates[final < 1e-3 * initial_loss]
    for name in ("suggestion", "valley"):
        rate = getattr(result, name)
        assert converged.min() <= rate <= converged.max(), \
            f"{name} {rate:.3g} outside the converging range [{converged.min():.3g}, {converged.max():.3g}]"
        assert rate < analysis.critical_learning_rate(x)


def test_steepest_is_the_left_end_of_the_fastest_fall_in_log_rate():
    assert steepest(np.array([0.01, 0.1, 1.0, 10.0]), np.array([5.0, 4.0, 1.0, 3.0])) == 0.1


def test_valley_is_about_halfway_along_the_longest_decreasing_run_as_fastai():
    """9 > 8 > 7 > 5 > 2 > 1 ends at index 5 with length 6: start = 5 - 6 = -1, index -1 + 2 + 1 = 2.
    After a first low point, 9 > 8 > 7 > 6 > 5 has length 5: start 0, index 0 + 1 + 0 = 1."""
    rates = np.logspace(-5, 1, 7)
    assert valley(rates, np.array([9.0, 8.0, 7.0, 5.0, 2.0, 1.0, 6.0])) == rates[2]
    assert valley(rates, np.array([1.0, 9.0, 8.0, 7.0, 6.0, 5.0, 9.5])) == rates[1]


def test_plot_draws_both_curves_and_marks_both_suggestions():
    model, x, y = _regression()
    result = find_lr(model, x, y, num_steps=40)
    assert isinstance(result, LRFinderResult)
    ax = result.plot()
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels[:2] == ["loss of each batch", "smoothed loss"]
    assert any(label.startswith("steepest") for label in labels) and any(label.startswith("valley") for label in labels)


@pytest.mark.parametrize("kwargs, match", [({"start_lr": 0.0}, "start_lr"), ({"end_lr": 1e-8}, "end_lr"),
                                           ({"num_steps": 1}, "num_steps"), ({"smoothing": 1.0}, "smoothing"),
                                           ({"diverge_threshold": 1.0}, "diverge_threshold"),
                                           ({"batch_size": 0}, "batch_size")])
def test_bad_arguments_are_rejected(kwargs, match):
    model, x, y = _regression()
    with pytest.raises(ValueError, match=match):
        find_lr(model, x, y, **kwargs)


def test_an_uncompiled_model_is_rejected():
    model = keras.Sequential([keras.Input(1), keras.layers.Dense(1)])
    with pytest.raises(RuntimeError, match="compile"):
        find_lr(model, [1.0], [1.0])


def test_a_schedule_learning_rate_is_rejected_before_anything_changes():
    schedule = keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)
    model, x, y = _regression(keras.optimizers.SGD(schedule))
    before = model.get_weights()
    with pytest.raises(ValueError, match="numeric learning rate"):
        find_lr(model, x, y)
    for old, new in zip(before, model.get_weights(), strict=True):
        np.testing.assert_array_equal(new, old)
