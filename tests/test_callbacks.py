"""EarlyStopping on scripted loss sequences and in fit, TerminateOnNaN on a diverging run, and CSVLogger."""
import csv
import warnings

import numpy as np
import pytest
from test_lr_callbacks import ScriptedModel

import minigrad as keras
from minigrad.callbacks import CSVLogger, EarlyStopping, TerminateOnNaN

X = np.arange(100.0)


def stop_on(values, monitor="val_loss", metrics=(), **kwargs):
    """Runs EarlyStopping over a scripted sequence; returns (epochs run, callback, model)."""
    model, callback = ScriptedModel(), EarlyStopping(monitor=monitor, **kwargs)
    model.metrics = [keras.metrics.get(name) for name in metrics]
    callback.set_model(model)
    callback.on_train_begin()
    epochs = 0
    for epoch, value in enumerate(values):
        model.weights = [np.array([float(epoch)])]
        callback.on_epoch_end(epoch, {monitor: value})
        epochs += 1
        if model.stop_training:
            break
    callback.on_train_end()
    return epochs, callback, model


def test_patience_2_with_a_constant_loss_stops_after_epoch_index_2():
    epochs, callback, _ = stop_on([1.0] * 10, patience=2)
    assert (epochs, callback.stopped_epoch) == (3, 2)


def test_training_stops_patience_epochs_after_the_last_improvement():
    """Best at epoch 3, patience 2: stops at the end of epoch 5."""
    epochs, callback, _ = stop_on([5.0, 4.0, 3.0, 2.0, 2.5, 2.1, 1.0, 0.5], patience=2)
    assert (epochs, callback.stopped_epoch, callback.best_epoch) == (6, 5, 3)


def test_patience_0_stops_at_the_first_epoch_without_improvement():
    """The first epoch always improves (best starts as None)."""
    epochs, _, _ = stop_on([1.0, 1.0, 1.0], patience=0)
    assert epochs == 2


def test_improvement_must_exceed_min_delta():
    """min mode: improved when current + min_delta < best; 0.95 is not 0.1 below 1.0."""
    epochs, _, _ = stop_on([1.0, 0.95, 0.92, 0.5], patience=2, min_delta=0.1)
    assert epochs == 3


def test_max_mode_waits_for_increases():
    epochs, _, _ = stop_on([0.5, 0.6, 0.7, 0.7, 0.7, 0.7, 0.7], monitor="accuracy", mode="max", patience=2)
    assert epochs == 5


def test_restore_best_weights_sets_the_best_epochs_weights_at_train_end():
    """The scripted weights are the epoch index: the best epoch is 1."""
    _, callback, model = stop_on([2.0, 1.0, 1.5, 1.6, 1.7], patience=2, restore_best_weights=True)
    assert callback.best_epoch == 1 and model.weights[0][0] == 1.0


def test_restore_best_weights_also_applies_when_training_was_not_stopped():
    """Keras 3 restores in on_train_end whenever best weights were kept (older TF only after a stop)."""
    epochs, callback, model = stop_on([2.0, 1.0, 1.5], patience=5, restore_best_weights=True)
    assert epochs == 3 and callback.stopped_epoch == 0 and model.weights[0][0] == 1.0


def test_start_from_epoch_ignores_the_first_epochs():
    epochs, callback, _ = stop_on([1.0, 9.0, 9.0, 9.0, 9.0, 9.0], patience=1, start_from_epoch=3)
    assert (epochs, callback.best) == (5, 9.0)


def test_baseline_not_beaten_keeps_the_patience_counting():
    """Improving on the best but not on the baseline (1.0) does not reset `wait`: stops one epoch earlier."""
    values = [3.0, 2.5, 2.6, 2.7, 2.8, 2.9]
    assert stop_on(values, patience=2)[0] == 4
    assert stop_on(values, patience=2, baseline=1.0)[0] == 3


def test_baseline_beaten_resets_the_patience():
    """Epoch 1 beats the baseline: wait restarts from there, so training stops at epoch 3, not 2."""
    epochs, _, _ = stop_on([3.0, 0.9, 0.95, 0.96, 0.97, 0.98], patience=2, baseline=1.0)
    assert epochs == 4


def test_auto_mode_minimizes_compiled_metrics_and_refuses_unknown_names():
    assert stop_on([1.0, 1.0, 1.0], monitor="val_mae", metrics=["mae"], patience=1)[0] == 2
    with pytest.raises(ValueError, match="mode='min' or mode='max'"):
        stop_on([1.0, 0.5], monitor="accuracy")


@pytest.mark.parametrize("kwargs, match", [({"patience": -1}, "patience"), ({"mode": "minimum"}, "Did you mean 'min'"),
                                           ({"start_from_epoch": 1.5}, "start_from_epoch")])
def test_early_stopping_bad_arguments(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        EarlyStopping(**kwargs)


def test_early_stopping_in_fit_restores_the_weights_of_the_best_validation_epoch(capsys):
    """SGD(0.1) on the article's f(x)=x random-walks: val_loss jumps around and training stops early."""
    model = keras.Sequential([keras.Input(1), keras.layers.Dense(1, use_bias=False)])
    model.set_weights([np.array([[1.3835369]], dtype="float32")])
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mae", metrics=["mae"])
    weights = []
    record = keras.callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: weights.append(model.get_weights()))
    stop = EarlyStopping(patience=3, restore_best_weights=True, verbose=1)
    history = model.fit(X[:80], X[:80], epochs=100, validation_data=(X[80:], X[80:]), shuffle=False,
                        callbacks=[record, stop], verbose=0)
    best = int(np.argmin(history.history["val_loss"]))
    assert len(history.epoch) == best + 4 < 100, f"stopped after {len(history.epoch)} epochs, best {best}"
    np.testing.assert_array_equal(model.get_weights()[0], weights[best][0])
    assert capsys.readouterr().out == (f"Epoch {best + 4}: early stopping\n"
                                       f"Restoring model weights from the end of the best epoch: {best + 1}.\n")


# --- TerminateOnNaN ---------------------------------------------------------------------------------------------

def diverging_fit(callbacks):
    """SGD(10) with MSE on the article's data: W grows by a factor of about 2 * 10 * mean(x^2) every batch.
    (With the article's MAE the gradient is bounded by mean|x|, so W only random-walks and never overflows.)"""
    model = keras.Sequential([keras.Input(1), keras.layers.Dense(1, use_bias=False)])
    model.set_weights([np.array([[1.3835369]], dtype="float32")])
    model.compile(optimizer=keras.optimizers.SGD(10.0), loss="mse", metrics=["mae"])
    with np.errstate(over="ignore", invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        history = model.fit(X[:80], X[:80], epochs=100, shuffle=False, callbacks=callbacks, verbose=0)
    return history


def test_terminate_on_nan_stops_a_diverging_run_and_keeps_its_history(capsys):
    history = diverging_fit([TerminateOnNaN()])
    losses = history.history["loss"]
    assert len(losses) < 100 and np.isfinite(losses[:-1]).all() and not np.isfinite(losses[-1])
    assert history.epoch == list(range(len(losses))), "the epoch with the invalid loss is recorded too"
    assert capsys.readouterr().out.endswith(": Invalid loss, terminating training\n")


def test_terminate_on_nan_can_raise_instead():
    with pytest.raises(RuntimeError, match="NaN or Inf loss encountered at batch"):
        diverging_fit([TerminateOnNaN(raise_error=True)])


# --- CSVLogger --------------------------------------------------------------------------------------------------

def csv_fit(callback, epochs=2):
    model = keras.Sequential([keras.Input(1), keras.layers.Dense(1, use_bias=False)])
    model.compile(optimizer=keras.optimizers.SGD(0.001), loss="mae", metrics=["mae"])
    return model.fit(X[:80], X[:80], epochs=epochs, validation_data=(X[80:], X[80:]), callbacks=[callback],
                     verbose=0)


def test_csv_logger_writes_epoch_then_the_logs_in_alphabetical_order(tmp_path):
    path = tmp_path / "log.csv"
    history = csv_fit(CSVLogger(path))
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["epoch", "loss", "mae", "val_loss", "val_mae"]
    assert [int(row[0]) for row in rows[1:]] == [0, 1]
    assert [float(row[3]) for row in rows[1:]] == history.history["val_loss"]


def test_csv_logger_append_adds_rows_without_a_second_header(tmp_path):
    path = tmp_path / "log.csv"
    csv_fit(CSVLogger(path))
    csv_fit(CSVLogger(path, separator=",", append=True), epochs=1)
    lines = path.read_text().splitlines()
    assert len(lines) == 4 and lines.count(lines[0]) == 1


def test_csv_logger_uses_the_separator(tmp_path):
    path = tmp_path / "log.tsv"
    csv_fit(CSVLogger(path, separator="\t"), epochs=1)
    assert path.read_text().splitlines()[0] == "epoch\tloss\tmae\tval_loss\tval_mae"


def test_evaluate_and_predict_call_the_test_and_predict_hooks_in_keras_order():
    calls = []

    class Recorder(keras.callbacks.Callback):
        def on_test_begin(self, logs=None):
            calls.append("test_begin")

        def on_test_batch_end(self, batch, logs=None):
            calls.append(f"test_batch_end {batch} loss={logs['loss']:.1f}")

        def on_test_end(self, logs=None):
            calls.append("test_end")

        def on_predict_begin(self, logs=None):
            calls.append("predict_begin")

        def on_predict_batch_end(self, batch, logs=None):
            calls.append(f"predict_batch_end {batch} {logs['outputs'].shape}")

        def on_predict_end(self, logs=None):
            calls.append("predict_end")

    model = keras.Sequential([keras.Input(1), keras.layers.Dense(1, use_bias=False, kernel_initializer="zeros")])
    model.compile(optimizer="sgd", loss="mae")
    model.evaluate(np.ones(3), np.ones(3), batch_size=2, verbose=0, callbacks=[Recorder()])
    model.predict(np.ones(3), batch_size=2, verbose=0, callbacks=[Recorder()])
    assert calls == ["test_begin", "test_batch_end 0 loss=1.0", "test_batch_end 1 loss=1.0", "test_end",
                     "predict_begin", "predict_batch_end 0 (2, 1)", "predict_batch_end 1 (1, 1)", "predict_end"]


def test_callback_list_skips_the_batch_hooks_that_no_callback_overrides_as_tf_keras_2():
    """tf.keras 2's CallbackList calls a phase's batch hooks only if some callback implements one."""
    class OldStyle(keras.callbacks.Callback):
        def on_batch_end(self, batch, logs=None):
            pass

    def used(*callbacks):
        return keras.callbacks.CallbackList(callbacks, model=None, params={}).batch_hooks_used

    assert used(keras.callbacks.History()) == {"train": False, "test": False, "predict": False}
    assert used(keras.callbacks.LambdaCallback(on_epoch_end=print))["train"] is False
    assert used(keras.callbacks.LambdaCallback(on_batch_end=print))["train"] is True
    assert used(OldStyle()) == {"train": True, "test": False, "predict": False}


def test_auto_mode_maximizes_a_compiled_accuracy():
    """Keras 3 reads each metric's direction: an accuracy goes up. Improving to epoch 2, then flat: with patience 1
    training stops after epoch 3 (minimizing it would have stopped after epoch 1)."""
    epochs, callback, _ = stop_on([0.5, 0.6, 0.7, 0.7, 0.7], monitor="val_accuracy", metrics=["accuracy"], patience=1)
    assert (epochs, callback.best) == (4, 0.7)
