"""Callbacks that set the learning rate (LearningRateScheduler, ReduceLROnPlateau) and the learning rate that
History records every epoch, whatever set it: a number, `decay=`, a schedule or a callback."""
import itertools

import numpy as np
import pytest
from golden_fixtures import load

import minigrad as keras
from minigrad.article.experiments import lr_schedule  # the article's E5 schedule, as written
from minigrad.callbacks import LearningRateScheduler, ReduceLROnPlateau
from minigrad.optimizers import schedules

X = np.arange(100.0)


def f32(value):
    """A rate as Keras stores it: in a float32 variable (0.02 is used and logged as 0.019999999552965164)."""
    return float(np.float32(value))


def fit(optimizer, epochs=3, callbacks=(), batch_size=32, loss="mae"):
    model = keras.Sequential([keras.Input(1), keras.layers.Dense(1, use_bias=False)])
    model.set_weights([np.array([[1.3835369]], dtype="float32")])
    model.compile(optimizer=optimizer, loss=loss, metrics=["mae"])
    return model, model.fit(X[:80], X[:80], epochs=epochs, batch_size=batch_size, callbacks=list(callbacks),
                            validation_data=(X[80:], X[80:]), shuffle=False, verbose=0)


# --- LearningRateScheduler -------------------------------------------------------------------------------------

def test_the_articles_schedule_over_100_epochs_logs_what_tf_keras_logged():
    """tf_keras 2.21 ran the article's E5 (tests/golden/article_tf_keras.json): the rates it logged per epoch."""
    [e5] = [e for e in load("article_tf_keras")["experiments"] if e["id"] == "E5"]
    _, history = fit(keras.optimizers.SGD(), epochs=100, callbacks=[LearningRateScheduler(lr_schedule)])
    assert history.history["learning_rate"] == e5["runs"][0]["lr_per_epoch"]


def test_the_articles_schedule_only_ever_uses_two_rates():
    """Epochs 0-4 at 0.02, then 0.0001: the 0.01 and 0.001 branches never fire."""
    _, history = fit(keras.optimizers.SGD(), epochs=100, callbacks=[LearningRateScheduler(lr_schedule)])
    assert history.history["learning_rate"] == [f32(0.02)] * 5 + [f32(0.0001)] * 95


def test_one_argument_schedule_is_called_with_the_epoch_from_zero():
    calls = []

    def schedule(epoch):
        calls.append(epoch)
        return 0.001 * (epoch + 1)

    _, history = fit(keras.optimizers.SGD(), callbacks=[LearningRateScheduler(schedule)])
    assert calls == [0, 1, 2]
    assert history.history["learning_rate"] == [f32(0.001), f32(0.002), f32(0.003)]


def test_two_argument_schedule_receives_the_current_float32_rate():
    """lr_e = 0.5 * lr_(e-1) from SGD(0.01): each call sees the previous rate as the float32 variable holds it."""
    seen = []

    def schedule(epoch, lr):
        seen.append(lr)
        return lr * 0.5

    _, history = fit(keras.optimizers.SGD(0.01), callbacks=[LearningRateScheduler(schedule)])
    assert seen == [f32(0.01), f32(f32(0.01) * 0.5), f32(f32(f32(0.01) * 0.5) * 0.5)]
    assert history.history["learning_rate"] == [f32(s * 0.5) for s in seen]


def test_type_error_inside_a_two_argument_schedule_is_not_retried_as_schedule_epoch():
    """Keras would catch this TypeError and call schedule(epoch), hiding the bug; minigrad lets it through."""
    calls = []

    def buggy(epoch, lr):
        calls.append(epoch)
        return lr + "0.1"

    with pytest.raises(TypeError, match="unsupported operand"):
        fit(keras.optimizers.SGD(), callbacks=[LearningRateScheduler(buggy)])
    assert calls == [0], f"the schedule must be called once, got calls {calls}"


def test_schedule_with_an_impossible_signature_is_rejected_at_construction():
    with pytest.raises(TypeError, match=r"`\(epoch\)` or `\(epoch, lr\)`"):
        LearningRateScheduler(lambda epoch, lr, extra: 0.1)


@pytest.mark.parametrize("result, error, rule", [
    ("0.1", TypeError, "real number"), (None, TypeError, "real number"),
    (float("nan"), ValueError, "finite"), (-0.1, ValueError, ">= 0"),
])
def test_schedule_result_must_be_a_finite_real_rate(result, error, rule):
    with pytest.raises(error, match=rule):
        fit(keras.optimizers.SGD(), callbacks=[LearningRateScheduler(lambda epoch: result)])


def test_integer_result_is_accepted_as_a_real_number():
    _, history = fit(keras.optimizers.SGD(), epochs=1, callbacks=[LearningRateScheduler(lambda epoch: 0)])
    assert history.history["learning_rate"] == [0.0]


def test_verbose_prints_keras_message_at_each_epoch(capsys):
    """Keras 3 and tf_keras 2.21: f"\\nEpoch {epoch + 1}: LearningRateScheduler setting learning rate to {lr}." """
    fit(keras.optimizers.SGD(), epochs=2, callbacks=[LearningRateScheduler(lr_schedule, verbose=1)])
    assert capsys.readouterr().out == ("\nEpoch 1: LearningRateScheduler setting learning rate to 0.02.\n"
                                       "\nEpoch 2: LearningRateScheduler setting learning rate to 0.02.\n")


def test_scheduler_cannot_override_an_optimizer_built_with_a_schedule():
    optimizer = keras.optimizers.SGD(schedules.ExponentialDecay(0.01, 3, 0.5))
    with pytest.raises(TypeError, match="LearningRateSchedule"):
        fit(optimizer, callbacks=[LearningRateScheduler(lr_schedule)])


# --- History.learning_rates, whatever sets the rate; history.history as Keras logs it ------------------------------

def test_history_learning_rates_for_a_number_is_its_float32_value():
    _, history = fit(keras.optimizers.SGD(0.001))
    assert history.learning_rates == [f32(0.001)] * 3


def test_history_learning_rates_with_decay_is_the_epochs_last_update():
    """3 batches per epoch: epoch e's last update is k = 3e + 2, with lr / (1 + decay * k) in float32."""
    _, history = fit(keras.optimizers.SGD(0.01, decay=0.5))
    expected = [float(np.float32(0.01) / (np.float32(1) + np.float32(0.5) * np.float32(3 * e + 2))) for e in range(3)]
    assert history.learning_rates == expected


def test_history_learning_rates_for_a_callback_is_the_rate_it_set():
    _, history = fit(keras.optimizers.SGD(), callbacks=[LearningRateScheduler(lambda epoch: [0.03, 0.02, 0.01][epoch])])
    assert history.learning_rates == history.history["learning_rate"] == [f32(0.03), f32(0.02), f32(0.01)]


def test_without_a_learning_rate_callback_keras_logs_no_learning_rate():
    """Keras 3 and tf.keras 2 log the loss and metrics only (tests/golden/fit_keras3.json's history keys), even with
    `decay=`: `history.history` has no learning rate, so `len(history.history)` and its keys stay Keras's."""
    _, history = fit(keras.optimizers.SGD(0.01, decay=0.5))
    assert "learning_rate" not in history.history and "lr" not in history.history


# --- ReduceLROnPlateau ------------------------------------------------------------------------------------------

class ScriptedModel:
    """Just what the monitoring callbacks touch: an optimizer, metric names, weights and stop_training."""

    def __init__(self, learning_rate=0.1):
        self.optimizer = keras.optimizers.SGD(learning_rate)
        self.metrics = []
        self.stop_training = False
        self.weights = [np.zeros(1)]

    def get_weights(self):
        return [w.copy() for w in self.weights]

    def set_weights(self, weights):
        self.weights = [w.copy() for w in weights]


def reduce_on(values, monitor="val_loss", **kwargs):
    """The learning rate after each epoch of a scripted sequence of monitored values."""
    model, callback = ScriptedModel(), ReduceLROnPlateau(monitor=monitor, **kwargs)
    callback.set_model(model)
    callback.on_train_begin()
    rates = []
    for epoch, value in enumerate(values):
        callback.on_epoch_end(epoch, {monitor: value})
        rates.append(float(model.optimizer.learning_rate))
    return rates


def test_reduce_on_plateau_worked_example_patience2_cooldown1_factor05():
    """Constant loss, lr 0.1: Keras gives .1, .1, .05, .05, .025, .025, .0125 (torch reduces one epoch later)."""
    rates = reduce_on([1.0] * 7, patience=2, cooldown=1, factor=0.5)
    np.testing.assert_allclose(rates, [0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.0125], rtol=1e-6)


def test_reduce_on_plateau_improvement_must_exceed_min_delta():
    """min mode: improved when current + min_delta < best. 1.0 -> 0.99995 is not an improvement at 1e-4."""
    np.testing.assert_allclose(reduce_on([1.0, 0.99995], patience=1), [0.1, 0.01], rtol=1e-6)
    np.testing.assert_allclose(reduce_on([1.0, 0.9998], patience=1), [0.1, 0.1], rtol=1e-6)


def test_reduce_on_plateau_max_mode_watches_for_increases():
    np.testing.assert_allclose(reduce_on([0.5, 0.6, 0.6], monitor="accuracy", mode="max", patience=1),
                               [0.1, 0.1, 0.01], rtol=1e-6)


def test_reduce_on_plateau_never_goes_below_min_lr():
    np.testing.assert_allclose(reduce_on([1.0] * 5, patience=1, factor=0.1, min_lr=0.005),
                               [0.1, 0.01, 0.005, 0.005, 0.005], rtol=1e-6)


def test_reduce_on_plateau_logs_the_rate_used_before_reducing_it():
    model, callback = ScriptedModel(), ReduceLROnPlateau(monitor="loss", patience=0, factor=0.5)
    callback.set_model(model)
    callback.on_train_begin()
    logs = {"loss": 1.0}
    callback.on_epoch_end(0, logs)
    callback.on_epoch_end(1, logs)
    assert logs["learning_rate"] == f32(0.1), "logged before the reduction at the end of epoch 1"
    assert model.optimizer.learning_rate == pytest.approx(0.05)


def test_reduce_on_plateau_in_fit_records_each_epochs_rate_in_history():
    """lr 0.1 on the article's data makes the loss jump around without improving for long: rates only fall."""
    _, history = fit(keras.optimizers.SGD(0.1), epochs=12,
                     callbacks=[ReduceLROnPlateau(monitor="loss", patience=1, factor=0.5)])
    rates = history.history["learning_rate"]
    assert rates[0] == f32(0.1) and all(b <= a for a, b in itertools.pairwise(rates)) and rates[-1] < rates[0]


@pytest.mark.parametrize("kwargs, match", [({"factor": 1.0}, "factor >= 1.0"), ({"patience": -1}, "patience"),
                                           ({"min_lr": -0.1}, "min_lr"), ({"mode": "minimum"}, "mode")])
def test_reduce_on_plateau_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        ReduceLROnPlateau(**kwargs)


def test_reduce_on_plateau_warns_when_the_monitored_key_is_missing():
    with pytest.warns(UserWarning, match="val_loss.*Available metrics are: loss"):
        reduce_on_logs = ReduceLROnPlateau()
        reduce_on_logs.set_model(ScriptedModel())
        reduce_on_logs.on_train_begin()
        reduce_on_logs.on_epoch_end(0, {"loss": 1.0})
