"""Keras 2 idioms that learning-rate tutorials use, each as the tutorials write it."""
import numpy as np
import pytest

import minigrad as keras
from minigrad import backend
from minigrad.callbacks import LearningRateScheduler, ReduceLROnPlateau
from minigrad.layers import Dense
from minigrad.models import Sequential
from minigrad.optimizers import SGD


def test_dense_input_dim_gives_the_first_layer_its_input_size():
    model = Sequential()
    model.add(Dense(50, input_dim=2, activation="relu", kernel_initializer="he_uniform"))
    model.add(Dense(3, activation="softmax"))
    assert model.input_shape == (None, 2) and [w.shape for w in model.get_weights()] == [(2, 50), (50,), (50, 3), (3,)]


def test_input_shape_on_flatten_gives_the_model_its_sample_shape():
    model = Sequential([keras.layers.Flatten(input_shape=[28, 28]), Dense(10, activation="softmax")])
    assert model.input_shape == (None, 28, 28) and model.get_weights()[0].shape == (784, 10)


def test_sgd_lr_is_the_learning_rate():
    with pytest.warns(DeprecationWarning):
        assert float(SGD(lr=0.01).learning_rate) == float(np.float32(0.01))


def test_k_set_value_on_optimizer_lr_sets_the_rate_of_the_next_update():
    """W = 0, x = y = 1, MAE: dL/dW = -1, so one step moves W by the learning rate that K.set_value wrote."""
    model = Sequential([keras.Input(1), Dense(1, use_bias=False, kernel_initializer="zeros")])
    model.compile(optimizer=SGD(0.1), loss="mae")
    backend.set_value(model.optimizer.lr, 0.25)
    model.fit(np.array([1.0]), np.array([1.0]), verbose=0)
    assert model.get_weights()[0].item() == 0.25 and backend.get_value(model.optimizer.lr) == np.float32(0.25)


def test_k_get_value_reads_the_learning_rate_as_float32():
    assert backend.get_value(SGD(0.1).lr) == np.float32(0.1)


def test_history_lr_reads_the_rate_a_learning_rate_scheduler_set_each_epoch_with_a_deprecation_warning():
    """tf.keras 2 logs the rate under `lr`, Keras 3 under `learning_rate`: minigrad logs Keras 3's key, and a read
    of `lr` gives the same list with a DeprecationWarning that names it."""
    model = Sequential([keras.Input(1), Dense(1)])
    model.compile(optimizer=SGD(0.1), loss="mse")
    history = model.fit(np.zeros(4), np.zeros(4), epochs=3, verbose=0,
                        callbacks=[LearningRateScheduler(lambda epoch: 0.1 / (epoch + 1))])
    expected = [float(np.float32(0.1 / k)) for k in (1, 2, 3)]
    assert list(history.history) == ["loss", "learning_rate"] and history.history["learning_rate"] == expected
    with pytest.warns(DeprecationWarning, match=r"history.history\['lr'\] is tf.keras 2's name .* 'learning_rate'"):
        assert history.history["lr"] == expected


def test_history_lr_holds_the_rate_reduce_lr_on_plateau_left_each_epoch():
    """The loss never improves (all zeros): patience 1 halves the rate at the end of epoch 2, which (as in
    Keras) still logs the rate it trained with, so epoch 3 logs the half."""
    model = Sequential([keras.Input(1), Dense(1, kernel_initializer="zeros")])
    model.compile(optimizer=SGD(0.1), loss="mse")
    history = model.fit(np.zeros(4), np.zeros(4), epochs=3, verbose=0,
                        callbacks=[ReduceLROnPlateau(monitor="loss", factor=0.5, patience=1)])
    with pytest.warns(DeprecationWarning, match=r"history.history\['lr'\]"):
        assert history.history["lr"] == [float(np.float32(r)) for r in (0.1, 0.1, 0.05)]


def test_learning_rate_arithmetic_as_the_one_cycle_callback_writes_it():
    """`K.set_value(opt.learning_rate, opt.learning_rate * factor)` multiplies the float32 value."""
    optimizer = SGD(0.1)
    backend.set_value(optimizer.learning_rate, optimizer.learning_rate * 1.5)
    assert optimizer.learning_rate.numpy() == np.float32(0.1) * np.float32(1.5)


def test_to_categorical_gives_float32_one_hot_rows():
    assert keras.utils.to_categorical([2, 0], num_classes=3).tolist() == [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]


def test_to_categorical_rejects_a_label_beyond_num_classes():
    with pytest.raises(ValueError, match="num_classes=2"):
        keras.utils.to_categorical([2, 0], num_classes=2)


def test_a_1d_target_against_several_outputs_is_one_value_per_sample_never_an_n_by_n_loss():
    """Keras expands a (n,) target to (n, 1) and broadcasts it over the k outputs: loss = mean((0 - y_pred) ** 2)."""
    model = Sequential([keras.Input(2), Dense(3, kernel_initializer="ones")])
    model.compile(optimizer=SGD(0.0), loss="mse")
    x = np.array([[1.0, 1.0], [2.0, 0.0], [0.0, 0.5]])
    assert model.evaluate(x, np.zeros(3), verbose=0) == pytest.approx((4 * 3 + 4 * 3 + 0.25 * 3) / 9)
