"""`Sequential.fit` follows Keras's semantics: batches, logged means, validation, callbacks, seeds."""
import re
import subprocess
import sys

import numpy as np
import pytest

import minigrad as keras
from minigrad.callbacks import Callback, LambdaCallback


def identity_model(w, lr=0.1, use_bias=False, metrics=("mae",)):
    model = keras.models.Sequential([keras.layers.Input(1), keras.layers.Dense(1, use_bias=use_bias)])
    model.set_weights([np.array([[w]])] + ([np.zeros(1)] if use_bias else []))
    model.compile(loss="mae", optimizer=keras.optimizers.SGD(lr), metrics=list(metrics))
    return model


def test_one_sgd_step_on_one_sample():
    """W = 2, x = y = 3: e = 6 - 3 > 0, dL/dW = sign(e) * x = 3, so W = 2 - 0.1 * 3 = 1.7."""
    model = identity_model(2.0)
    history = model.fit(np.array([3.0]), np.array([3.0]), epochs=1, verbose=0)
    assert model.get_weights()[0][0, 0] == pytest.approx(1.7)
    assert history.history["loss"] == [3.0]  # computed before the update


def test_epoch_loss_is_the_batch_size_weighted_mean_of_pre_update_batch_losses():
    """x = y = [1, 2, 3], batch 2, W = 0, lr = 0.1.
    Batch 1: loss (1 + 2) / 2 = 1.5, dW = -(1 + 2) / 2 = -1.5, W = 0.15.
    Batch 2: loss |0.15 * 3 - 3| = 2.55. Epoch loss (1.5 * 2 + 2.55 * 1) / 3 = 1.85."""
    model = identity_model(0.0)
    history = model.fit(np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 3.0]), batch_size=2, shuffle=False, verbose=0)
    assert history.history["loss"][0] == pytest.approx(1.85, rel=1e-6)
    assert history.history["mae"][0] == pytest.approx(1.85, rel=1e-6)


def test_last_partial_batch_is_used():
    """100 samples in batches of 32: 32, 32, 32 and 4, so 4 updates per epoch."""
    model = identity_model(0.5, lr=0.0)
    history = model.fit(np.arange(100), np.arange(100), epochs=2, verbose=0)
    assert model.optimizer.iterations == 8
    assert history.params["steps"] == 4


def test_validation_uses_end_of_epoch_weights():
    """With lr = 0.1 and one sample x = y = 3 from W = 2: after the epoch W = 1.7, so val MAE on x = y = 10 is 3."""
    model = identity_model(2.0)
    history = model.fit(np.array([3.0]), np.array([3.0]), validation_data=(np.array([10.0]), np.array([10.0])),
                        verbose=0)
    assert history.history["val_loss"][0] == pytest.approx(abs(1.7 * 10 - 10), rel=1e-6)


def test_validation_split_takes_the_last_fraction_before_shuffling():
    """split = floor(10 * (1 - 0.2)) = 8: validation is x[8:] = [8, 9]; with lr 0, val MAE = |2x - x| mean = 8.5."""
    model = identity_model(2.0, lr=0.0)
    history = model.fit(np.arange(10), np.arange(10), validation_split=0.2, verbose=0)
    assert history.history["val_loss"] == [pytest.approx(8.5)]
    assert model.optimizer.iterations == 1  # 8 training samples: one batch


def test_history_keys_follow_compile_order_then_validation():
    """Keras's keys, in Keras's order: the loss, the compiled metrics, then the same with `val_` (no learning rate)."""
    model = identity_model(1.0)
    history = model.fit(np.arange(4), np.arange(4), validation_data=(np.arange(2), np.arange(2)), verbose=0)
    assert list(history.history) == ["loss", "mae", "val_loss", "val_mae"]


def test_history_learning_rates_records_the_float32_learning_rate_used():
    history = identity_model(1.0, lr=0.05).fit(np.arange(4), np.arange(4), epochs=2, verbose=0)
    assert history.learning_rates == [float(np.float32(0.05))] * 2


def test_initial_epoch_runs_the_remaining_epochs_with_their_true_indices():
    history = identity_model(1.0).fit(np.arange(4), np.arange(4), epochs=4, initial_epoch=2, verbose=0)
    assert history.epoch == [2, 3]


def test_1d_and_2d_targets_give_identical_training():
    """Keras treats a (n,) target as (n, 1); NumPy broadcasting would make an (n, n) loss instead."""
    x = np.arange(10.0)
    flat = identity_model(1.5).fit(x, x, shuffle=False, verbose=0).history
    column = identity_model(1.5).fit(x[:, None], x[:, None], shuffle=False, verbose=0).history
    assert flat == column


def test_callbacks_are_called_in_keras_order_with_positional_arguments():
    calls = []
    recorder = LambdaCallback(
        on_train_begin=lambda logs: calls.append("train_begin"),
        on_epoch_begin=lambda epoch, logs: calls.append(f"epoch_begin {epoch}"),
        on_batch_begin=lambda batch, logs: calls.append(f"batch_begin {batch}"),
        on_batch_end=lambda batch, logs: calls.append(f"batch_end {batch}"),
        on_epoch_end=lambda epoch, logs: calls.append(f"epoch_end {epoch}"),
        on_train_end=lambda logs: calls.append("train_end"),
    )
    identity_model(1.0).fit(np.arange(3), np.arange(3), batch_size=2, epochs=2, callbacks=[recorder], verbose=0)
    epoch = ["batch_begin 0", "batch_end 0", "batch_begin 1", "batch_end 1"]
    assert calls == ["train_begin", "epoch_begin 0", *epoch, "epoch_end 0", "epoch_begin 1", *epoch,
                     "epoch_end 1", "train_end"]


def test_batch_logs_are_running_means_and_epoch_logs_reach_callbacks():
    seen = []

    class Recorder(Callback):
        def on_train_batch_end(self, batch, logs=None):
            seen.append(("batch", dict(logs)))

        def on_epoch_end(self, epoch, logs=None):
            seen.append(("epoch", dict(logs)))

    identity_model(0.0).fit(np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 3.0]), batch_size=2, shuffle=False,
                            callbacks=[Recorder()], verbose=0)
    assert seen[0] == ("batch", {"loss": 1.5, "mae": 1.5})
    assert seen[1][1]["loss"] == pytest.approx(1.85, rel=1e-6)
    assert seen[2][0] == "epoch" and seen[2][1]["loss"] == seen[1][1]["loss"]


def test_stop_training_from_a_callback_ends_after_the_current_batch():
    stopper = LambdaCallback(on_batch_end=lambda batch, logs: setattr(model, "stop_training", True))
    model = identity_model(1.0)
    history = model.fit(np.arange(100), np.arange(100), epochs=5, callbacks=[stopper], verbose=0)
    assert model.optimizer.iterations == 1
    assert len(history.history["loss"]) == 1  # on_epoch_end still runs


def test_same_seed_gives_a_bit_identical_run():
    def run():
        keras.utils.set_random_seed(7)
        model = keras.models.Sequential([keras.layers.Input(1), keras.layers.Dense(1)])
        model.compile(loss="mae", optimizer=keras.optimizers.SGD(0.001))
        history = model.fit(np.arange(100), 2 * np.arange(100) + 5, epochs=3, verbose=0)
        return model.get_weights(), history.history

    (w1, h1), (w2, h2) = run(), run()
    assert all(np.array_equal(a, b) for a, b in zip(w1, w2, strict=True)) and h1 == h2


def test_different_seeds_give_different_initial_weights():
    keras.utils.set_random_seed(1)
    first = keras.models.Sequential([keras.layers.Input(1), keras.layers.Dense(1)]).get_weights()[0]
    keras.utils.set_random_seed(2)
    second = keras.models.Sequential([keras.layers.Input(1), keras.layers.Dense(1)]).get_weights()[0]
    assert first[0, 0] != second[0, 0]


def test_shuffle_draws_a_new_order_each_epoch():
    """Two shuffled epochs on 100 samples differ from two unshuffled ones (the order matters for SGD)."""
    x = np.arange(100)
    shuffled = identity_model(1.5, lr=0.01).fit(x, x, epochs=2, verbose=0).history["loss"]
    ordered = identity_model(1.5, lr=0.01).fit(x, x, epochs=2, shuffle=False, verbose=0).history["loss"]
    assert shuffled != ordered


def test_fit_before_compile_raises_runtime_error():
    model = keras.models.Sequential([keras.layers.Input(1), keras.layers.Dense(1)])
    with pytest.raises(RuntimeError, match="compile"):
        model.fit(np.arange(3), np.arange(3))


def test_model_builds_from_the_data_without_an_input_layer():
    model = keras.models.Sequential([keras.layers.Dense(2), keras.layers.Dense(1)])
    model.compile(loss="mse", optimizer="sgd")
    model.fit(np.zeros((4, 3)), np.zeros(4), verbose=0)
    assert [w.shape for w in model.get_weights()] == [(3, 2), (2,), (2, 1), (1,)]


def test_evaluate_returns_loss_and_metrics_and_predict_returns_columns():
    model = identity_model(2.0)
    assert model.evaluate(np.array([1.0, 3.0]), np.array([1.0, 3.0]), verbose=0) == [2.0, 2.0]
    np.testing.assert_array_equal(model.predict(np.array([1.0, 3.0]), verbose=0), [[2.0], [6.0]])


def test_a_two_layer_model_learns_a_nonlinear_function():
    keras.utils.set_random_seed(0)
    x = np.linspace(-2, 2, 64)
    y = x**2
    model = keras.models.Sequential([keras.layers.Input(1), keras.layers.Dense(16, activation="tanh"),
                                     keras.layers.Dense(1)])
    model.compile(loss="mse", optimizer=keras.optimizers.SGD(0.1))
    history = model.fit(x, y, epochs=300, batch_size=16, verbose=0)
    assert history.history["loss"][-1] < 0.05 * history.history["loss"][0]


def test_verbose_1_prints_the_tf_keras_2_progress_bar(capsys):
    identity_model(1.0).fit(np.arange(80), np.arange(80), epochs=2, validation_data=(np.arange(2), np.arange(2)))
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Epoch 1/2"
    assert lines[1].startswith("3/3 [==============================] - 0s ")
    assert lines[1].endswith("step - loss: 0.0000e+00 - mae: 0.0000e+00 - val_loss: 0.0000e+00 - val_mae: 0.0000e+00")
    assert lines[2] == "Epoch 2/2"


def test_verbose_2_prints_one_line_per_epoch_and_no_epoch_header_for_one_epoch(capsys):
    identity_model(2.0, lr=0.0).fit(np.array([1.0, 3.0]), np.array([1.0, 3.0]), epochs=1, verbose=2)
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith("1/1 - 0s - loss: 2.0000 - mae: 2.0000 - ")
    assert line.endswith("/step")


def test_importing_minigrad_does_not_import_matplotlib():
    code = "import sys, minigrad; print('matplotlib' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


def two_layer_classifier(optimizer):
    keras.utils.set_random_seed(3)
    model = keras.Sequential([keras.Input(4), keras.layers.Dense(5, activation="relu"),
                              keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def test_train_on_batch_equals_one_batch_of_fit_bit_for_bit():
    """Keras: fit calls the same step for every batch, so one batch of fit == one train_on_batch."""
    x = np.random.default_rng(0).normal(size=(8, 4)).astype("float32")
    y = np.arange(8) % 3
    fitted, stepped = (two_layer_classifier(keras.optimizers.Adam(0.01)) for _ in range(2))
    history = fitted.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0)
    loss, accuracy = stepped.train_on_batch(x, y)
    for a, b in zip(fitted.get_weights(), stepped.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    assert [loss, accuracy] == [history.history["loss"][0], history.history["accuracy"][0]]


def test_fit_calls_train_step_for_every_batch_and_test_step_for_validation_as_keras_3():
    """Keras 3: overriding train_step (or test_step) changes what fit does; 80 samples in batches of 32 are 3 steps."""
    calls = []

    class Counting(keras.Sequential):
        def train_step(self, data):
            calls.append(("train", len(data[0])))
            return super().train_step(data)

        def test_step(self, data):
            calls.append(("test", len(data[0])))
            return super().test_step(data)

    model = Counting([keras.Input(1), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mae")
    model.fit(np.arange(80.0), np.arange(80.0), epochs=1, validation_data=(np.ones(5), np.ones(5)), verbose=0)
    assert calls == [("train", 32), ("train", 32), ("train", 16), ("test", 5)]


def test_train_on_batch_returns_running_means_until_reset_metrics_as_keras_3():
    """Two calls with losses 3 then 1 (one sample each) return 3 then (3 + 1) / 2; after reset_metrics, 1 again."""
    model = identity_model(2.0, lr=0.0, metrics=())
    assert model.train_on_batch(np.array([3.0]), np.array([3.0])) == 3.0
    assert model.train_on_batch(np.array([1.0]), np.array([1.0])) == 2.0
    model.reset_metrics()
    assert model.train_on_batch(np.array([1.0]), np.array([1.0]), return_dict=True) == {"loss": 1.0}


def test_test_on_batch_does_not_train():
    model = identity_model(2.0)
    assert model.test_on_batch(np.array([3.0]), np.array([3.0])) == [3.0, 3.0]
    assert model.get_weights()[0][0, 0] == 2.0


def test_predict_on_batch_is_the_forward_pass():
    assert identity_model(2.0).predict_on_batch(np.array([[3.0]])).tolist() == [[6.0]]


class NaturalDense(keras.layers.Dense):
    """Dense whose backward is written as the formulas read, building new gradient arrays."""

    def backward(self, dy, need_input_grad=True):
        dz = dy
        self.grads[0] = self.x.T @ dz
        self.grads[1] = dz.sum(axis=0)
        return dz @ self.kernel.T


def test_fit_trains_a_layer_whose_backward_assigns_fresh_gradient_arrays():
    """MSE on y = 2x + 1 with a linear NaturalDense: fit must move W and b to 2 and 1 (no aliasing contract)."""
    x = np.linspace(-1, 1, 20)
    model = keras.Sequential([keras.Input(1), NaturalDense(1)])
    model.set_weights([np.array([[0.0]]), np.array([0.0])])
    model.compile(optimizer=keras.optimizers.SGD(0.5), loss="mse")
    model.fit(x, 2 * x + 1, epochs=200, batch_size=20, verbose=0)
    np.testing.assert_allclose([w.item() for w in model.get_weights()], [2.0, 1.0], atol=1e-3)


def test_one_optimizer_shared_by_two_models_raises_a_clear_error_before_changing_anything():
    """Keras 3: an optimizer can only update the variables it was built with; create one per model."""
    optimizer = keras.optimizers.SGD(0.1, momentum=0.9)
    first = keras.Sequential([keras.Input(1), keras.layers.Dense(1)])
    second = keras.Sequential([keras.Input(2), keras.layers.Dense(3)])
    first.compile(optimizer=optimizer, loss="mse")
    second.compile(optimizer=optimizer, loss="mse")
    first.fit(np.ones((4, 1)), np.ones((4, 1)), verbose=0)
    before, iterations = second.get_weights(), optimizer.iterations
    with pytest.raises(ValueError, match="Create one optimizer per model"):
        second.fit(np.ones((4, 2)), np.ones((4, 3)), verbose=0)
    assert optimizer.iterations == iterations
    for a, b in zip(before, second.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


def test_evaluate_verbose_1_prints_tf_keras_2s_bar_with_its_timing(capsys):
    """tf.keras 2: `3/3 [==============================] - 0s 2ms/step - loss: ... - mae: ...` (as fit's epochs)."""
    identity_model(2.0, lr=0.0).evaluate(np.arange(80), np.arange(80))
    (line,) = capsys.readouterr().out.splitlines()
    assert re.fullmatch(r"3/3 \[={30}\] - 0s \d+(ms|us)/step - loss: 39\.5000 - mae: 39\.5000", line), line


def test_evaluate_verbose_2_prints_tf_keras_2s_line_with_epoch_and_step_times(capsys):
    """tf.keras 2: `4/4 - 0s - loss: 0.2365 - accuracy: 0.9500 - 203ms/epoch - 51ms/step`."""
    identity_model(2.0, lr=0.0).evaluate(np.arange(80), np.arange(80), verbose=2)
    (line,) = capsys.readouterr().out.splitlines()
    assert re.fullmatch(r"3/3 - 0s - loss: 39\.5000 - mae: 39\.5000 - \d+(ms|us)/epoch - \d+(ms|us)/step", line), line


def test_predict_verbose_1_prints_tf_keras_2s_bar_with_its_timing(capsys):
    """tf.keras 2: `4/4 [==============================] - 0s 4ms/step`, no values."""
    identity_model(2.0).predict(np.arange(100))
    (line,) = capsys.readouterr().out.splitlines()
    assert re.fullmatch(r"4/4 \[={30}\] - 0s \d+(ms|us)/step", line), line


def test_a_metric_object_is_logged_under_its_name():
    """Keras 3's guides: `metrics=[keras.metrics.SparseCategoricalAccuracy()]` logs `sparse_categorical_accuracy`."""
    model = keras.Sequential([keras.Input(2), keras.layers.Dense(3, activation="softmax")])
    model.compile(loss="sparse_categorical_crossentropy", metrics=[keras.metrics.SparseCategoricalAccuracy()])
    history = model.fit(np.eye(2), np.array([0, 1]), epochs=1, verbose=0, validation_data=(np.eye(2), [0, 1]))
    assert [key for key in history.history if "accuracy" in key] == ["sparse_categorical_accuracy",
                                                                     "val_sparse_categorical_accuracy"]


def test_sparse_categorical_accuracy_is_the_fraction_whose_most_probable_class_is_the_label():
    metric = keras.metrics.SparseCategoricalAccuracy()
    metric.update_state(np.array([2, 0, 1]), np.array([[0.1, 0.2, 0.7], [0.2, 0.5, 0.3], [0.1, 0.8, 0.1]]))
    assert metric.result() == pytest.approx(2 / 3)
