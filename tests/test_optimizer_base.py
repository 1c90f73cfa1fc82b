"""The optimizer base class: learning rate, `decay=`, iterations, clipping, weight decay, state, errors."""
import numpy as np
import pytest

from minigrad import optimizers
from minigrad.optimizers import SGD, Adam, Nadam, schedules


def scalar(value):
    return np.array([value], dtype="float32")


def step(optimizer, theta, g):
    optimizer.apply([scalar(g)], [theta])
    return float(theta[0])


def test_a_number_learning_rate_is_used_as_is():
    """theta = 1 - 0.1 * 0.5."""
    assert step(SGD(0.1), scalar(1.0), 0.5) == pytest.approx(1 - 0.1 * 0.5)


def test_a_callable_learning_rate_is_called_before_every_update():
    rates = iter([0.1, 0.2])
    opt, theta = SGD(lambda: next(rates)), scalar(1.0)
    step(opt, theta, 1.0)
    assert step(opt, theta, 1.0) == pytest.approx(1 - 0.1 - 0.2)


def test_a_schedule_is_evaluated_at_iterations_before_the_increment():
    """ExponentialDecay(0.1, 1, 0.5): the updates use 0.1, then 0.05 (schedule(0), schedule(1))."""
    opt, theta = SGD(schedules.ExponentialDecay(0.1, decay_steps=1, decay_rate=0.5)), scalar(1.0)
    step(opt, theta, 1.0)
    assert step(opt, theta, 1.0) == pytest.approx(1 - 0.1 - 0.05)
    assert opt.learning_rate == pytest.approx(0.025), "learning_rate reads the rate of the next update"


def test_iterations_counts_applied_updates_once_per_apply():
    opt = SGD(0.1)
    opt.apply([scalar(1.0), scalar(1.0)], [scalar(0.0), scalar(0.0)])
    assert opt.iterations == 1


def test_apply_with_a_gradient_count_other_than_the_variable_count_raises_before_any_update():
    opt, theta = SGD(0.1), [scalar(1.0), scalar(2.0)]
    with pytest.raises(ValueError, match="1 gradients for 2 variables"):
        opt.apply([scalar(1.0)], theta)
    assert [float(t[0]) for t in theta] == [1.0, 2.0] and opt.iterations == 0


def test_learning_rate_setter_changes_a_number():
    opt = SGD(0.1)
    opt.learning_rate = 0.5
    assert opt.learning_rate == 0.5


def test_learning_rate_setter_raises_type_error_with_a_schedule():
    opt = SGD(schedules.ExponentialDecay(0.1, 1, 0.5))
    with pytest.raises(TypeError, match="cannot be set"):
        opt.learning_rate = 0.5


def test_decay_is_lr_over_one_plus_decay_times_iterations_per_batch():
    """SGD(0.1, decay=0.5): update k uses 0.1 / (1 + 0.5 * k), k = 0, 1, 2 (per batch, not per epoch)."""
    opt, theta = SGD(0.1, decay=0.5), scalar(0.0)
    for _ in range(3):
        step(opt, theta, -1.0)
    assert float(theta[0]) == pytest.approx(0.1 + 0.1 / 1.5 + 0.1 / 2.0, rel=1e-6)
    assert opt.last_learning_rate == pytest.approx(0.1 / 2.0)


def test_decay_equals_inverse_time_decay_with_decay_steps_1_exactly():
    """lr / (1 + d * k) is InverseTimeDecay(lr, decay_steps=1, decay_rate=d), bit for bit, over 50 updates."""
    grads = np.random.default_rng(0).normal(size=(50, 3)).astype("float32")
    with_decay, with_schedule = np.ones(3, dtype="float32"), np.ones(3, dtype="float32")
    a = SGD(0.01, momentum=0.9, decay=0.01)
    b = SGD(schedules.InverseTimeDecay(0.01, decay_steps=1, decay_rate=0.01), momentum=0.9)
    for g in grads:
        a.apply([g], [with_decay])
        b.apply([g], [with_schedule])
    np.testing.assert_array_equal(with_decay, with_schedule)


def test_decay_is_not_exponential_decay():
    """1 / (1 + 0.5 * k) is not 0.5 ** k: the two differ from the third update on (k = 2: 0.5 vs 0.25)."""
    a, b = SGD(1.0, decay=0.5), SGD(schedules.ExponentialDecay(1.0, decay_steps=1, decay_rate=0.5))
    assert [a.learning_rate_at(k) for k in range(3)] == pytest.approx([1.0, 1 / 1.5, 0.5])
    assert [float(b.learning_rate_at(k)) for k in range(3)] == pytest.approx([1.0, 0.5, 0.25])


def test_clipvalue_clips_each_element():
    opt, theta = SGD(1.0, clipvalue=0.5), np.zeros(2, dtype="float32")
    opt.apply([np.array([2.0, -0.25], dtype="float32")], [theta])
    np.testing.assert_allclose(theta, [-0.5, 0.25])


def test_clipnorm_rescales_each_gradient_to_the_norm():
    """g = (3, 4) has norm 5; clipnorm=1 gives (0.6, 0.8)."""
    opt, theta = SGD(1.0, clipnorm=1.0), np.zeros(2, dtype="float32")
    opt.apply([np.array([3.0, 4.0], dtype="float32")], [theta])
    np.testing.assert_allclose(theta, [-0.6, -0.8], rtol=1e-6)


def test_global_clipnorm_rescales_all_gradients_together():
    """g1 = (3,), g2 = (4,): joint norm 5, so both are multiplied by 1/5."""
    opt, a, b = SGD(1.0, global_clipnorm=1.0), scalar(0.0), scalar(0.0)
    opt.apply([scalar(3.0), scalar(4.0)], [a, b])
    assert (float(a[0]), float(b[0])) == pytest.approx((-0.6, -0.8))


def test_keras3_allows_only_one_clip():
    with pytest.raises(ValueError, match="Only one of"):
        SGD(clipnorm=1.0, clipvalue=0.5)


def test_weight_decay_is_decoupled_and_applied_before_the_update():
    """Keras 3: theta = 1 - 1 * 0.2 * 0.1 = 0.98, then 0.98 - 0.1 * 0.5."""
    assert step(SGD(0.1, weight_decay=0.2), scalar(1.0), 0.5) == pytest.approx(0.98 - 0.1 * 0.5)


def test_hyper_parameters_are_read_at_every_step():
    """One-cycle changes `momentum` between updates: v1 = -0.1 * 1; then v2 = 0.5 * v1 - 0.1 * 1."""
    opt, theta = SGD(0.1, momentum=0.9), scalar(0.0)
    step(opt, theta, 1.0)
    opt.momentum = 0.5
    assert step(opt, theta, 1.0) == pytest.approx(-0.1 + (0.5 * -0.1 - 0.1))


@pytest.mark.parametrize("name", ["sgd", "rmsprop", "adagrad", "adam", "nadam", "adamax", "adadelta"])
def test_update_step_broadcasts_over_a_leading_axis_of_learning_rates(name):
    """K = 3 runs at once (the LR sweep): run k equals a single run at learning_rates[k]."""
    rates = np.array([0.001, 0.01, 0.1], dtype="float32")
    grads = np.random.default_rng(1).normal(size=(4, 2, 2)).astype("float32")
    batched_opt = optimizers.get(name)
    batched_opt.learning_rate = lambda: rates.reshape(3, 1, 1)
    batched = np.ones((3, 2, 2), dtype="float32")
    for g in grads:
        batched_opt.apply([np.broadcast_to(g, (3, 2, 2)).copy()], [batched])
    for k, rate in enumerate(rates):
        single_opt, single = optimizers.get(name), np.ones((2, 2), dtype="float32")
        single_opt.learning_rate = float(rate)
        for g in grads:
            single_opt.apply([g], [single])
        np.testing.assert_allclose(batched[k], single, rtol=1e-6, err_msg=f"{name}: run {k} (lr={rate})")


def test_get_state_and_set_state_resume_exactly():
    """Adam for 3 steps, saved, 2 more; a fresh Adam restored from the state does the same 2 steps."""
    grads = [scalar(g) for g in (0.5, -1.0, 0.3, 0.2, -0.4)]
    opt, theta = Adam(0.1), scalar(1.0)
    for g in grads[:3]:
        opt.apply([g], [theta])
    state, saved_theta = opt.get_state(), theta.copy()
    for g in grads[3:]:
        opt.apply([g], [theta])
    resumed = Adam(0.1)
    resumed.set_state(state)
    for g in grads[3:]:
        resumed.apply([g], [saved_theta])
    np.testing.assert_array_equal(saved_theta, theta)


def test_state_includes_nadams_momentum_product():
    opt = Nadam()
    opt.apply([scalar(1.0)], [scalar(0.0)])
    assert opt.get_state()["u_product"] == pytest.approx(0.9 * (1 - 0.5 * 0.96))


def test_get_config_round_trips_through_the_constructor():
    opt = Adam(0.01, beta_1=0.8, amsgrad=True, clipnorm=1.0)
    config = opt.get_config()
    assert Adam(**config).get_config() == config


@pytest.mark.parametrize("name", ["sgd", "rmsprop", "adagrad", "adam", "nadam", "adamax", "adadelta"])
def test_get_returns_the_keras_3_class_by_name(name):
    assert type(optimizers.get(name)).__name__.lower() == name


def test_get_unknown_name_suggests_the_closest():
    with pytest.raises(ValueError, match="Did you mean 'rmsprop'"):
        optimizers.get("rmsporp")
