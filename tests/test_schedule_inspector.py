"""The schedule inspector (`schedules.values`, `schedules.describe`) and `plotting.plot_schedule`, above all on
the article's buggy `lr_schedule`, whose two middle branches can never fire."""
import numpy as np
import pytest

from minigrad.article.experiments import intended_lr_schedule, lr_schedule
from minigrad.optimizers import schedules


def test_values_of_the_articles_schedule_are_002_for_5_epochs_then_00001():
    np.testing.assert_array_equal(schedules.values(lr_schedule, epochs=100), [0.02] * 5 + [0.0001] * 95)


def test_describe_the_articles_schedule_shows_two_rates_and_the_branches_that_never_fire():
    assert schedules.describe(lr_schedule, epochs=100) == (
        "lr_schedule over 100 epochs: 2 distinct learning rates\n"
        "  0.02        epochs 0 to 4\n"
        "  0.0001      epochs 5 to 99\n"
        "Never used: 0.01, 0.001. lr_schedule can return them, but the branches never fire in epochs 0 to 99."
    )


def test_describe_the_schedule_the_author_meant_uses_all_four_rates():
    text = schedules.describe(intended_lr_schedule, epochs=100)
    assert text.splitlines()[1:] == ["  0.02        epochs 0 to 4", "  0.01        epochs 5 to 24",
                                     "  0.001       epochs 25 to 49", "  0.0001      epochs 50 to 99"]


def test_epoch_function_holds_its_rate_for_every_step_of_the_epoch():
    rates = schedules.values(lr_schedule, epochs=7, steps_per_epoch=3)
    np.testing.assert_array_equal(rates, [0.02] * 15 + [0.0001] * 6)


def test_step_schedule_gives_schedule_of_every_global_step():
    schedule = schedules.ExponentialDecay(0.1, decay_steps=3, decay_rate=0.5)
    np.testing.assert_array_equal(schedules.values(schedule, epochs=4, steps_per_epoch=3),
                                  [float(schedule(step)) for step in range(12)])


def test_describe_with_several_steps_per_epoch_gives_step_and_epoch_ranges():
    schedule = schedules.PiecewiseConstantDecay([5], [0.1, 0.01])
    assert schedules.describe(schedule, epochs=4, steps_per_epoch=3).splitlines() == [
        "PiecewiseConstantDecay over 4 epochs of 3 steps: 2 distinct learning rates",
        "  0.1         steps 0 to 5 (epochs 0 to 1)",
        "  0.01        steps 6 to 11 (epochs 2 to 3)",
    ]


def test_describe_shortens_a_schedule_that_changes_every_step():
    text = schedules.describe(schedules.ExponentialDecay(0.1, 10, 0.5), epochs=100).splitlines()
    assert text[0] == "ExponentialDecay over 100 epochs: 100 distinct learning rates"
    assert len(text) == 13 and "... 89 more runs" in text[10]
    assert text[-1].endswith("epoch 99")


def test_a_two_argument_function_is_chained_from_the_starting_rate():
    rates = schedules.values(lambda epoch, lr: lr * 0.5, epochs=3, learning_rate=0.1)
    np.testing.assert_allclose(rates, [0.05, 0.025, 0.0125])
    with pytest.raises(ValueError, match="learning_rate"):
        schedules.values(lambda epoch, lr: lr * 0.5, epochs=3)


def test_values_checks_its_arguments():
    with pytest.raises(ValueError, match="epochs"):
        schedules.values(lr_schedule, epochs=0)
    with pytest.raises(TypeError, match="real number"):
        schedules.values(lambda epoch: "0.1", epochs=2)


def test_plot_schedule_draws_every_rate_on_a_log_axis():
    from minigrad.plotting import plot_schedule

    ax = plot_schedule(lr_schedule, epochs=100)
    [line] = ax.get_lines()
    np.testing.assert_array_equal(line.get_ydata(), schedules.values(lr_schedule, 100))
    assert (ax.get_yscale(), ax.get_xlabel(), ax.get_ylabel()) == ("log", "epoch", "learning rate")


def test_plot_schedule_puts_steps_at_fractions_of_an_epoch():
    from minigrad.plotting import plot_schedule

    ax = plot_schedule(schedules.OneCycle(0.1, total_steps=40), epochs=10, steps_per_epoch=4)
    np.testing.assert_allclose(ax.get_lines()[0].get_xdata(), np.arange(40) / 4)


def test_plot_schedule_uses_symlog_when_the_rate_reaches_zero():
    from minigrad.plotting import plot_schedule

    assert plot_schedule(schedules.CosineDecay(0.1, 10), epochs=20).get_yscale() == "symlog"
