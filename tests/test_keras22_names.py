"""Keras 2.2's names, which the most-read MNIST tutorials still use: each works, and (where tf.keras 2 or Keras 3
renamed or removed it) warns with a DeprecationWarning that names today's spelling.

What tf.keras 2 logs stays as it is: `history.history`'s keys, their order and `len` are tf.keras 2's; reading
an old key returns the same list.
"""
import os
import warnings

import numpy as np
import pytest

import minigrad as keras
from minigrad.callbacks import Callback, EarlyStopping, ModelCheckpoint
from minigrad.optimizers import legacy

X = np.random.default_rng(0).normal(size=(24, 4)).astype("float32")
LABELS = np.arange(24) % 3
Y = keras.utils.to_categorical(LABELS, 3)


def classifier(metrics=("accuracy",)):
    model = keras.Sequential([keras.Input(4), keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="categorical_crossentropy", metrics=list(metrics))
    return model


def fit(model, y=Y, **kwargs):
    return model.fit(X, y, epochs=2, batch_size=8, validation_data=(X, y), verbose=0, **kwargs)


def read_warning(read):
    """What `read()` returns and the one DeprecationWarning it gives."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = read()
    messages = [str(w.message) for w in caught if issubclass(w.category, DeprecationWarning)]
    assert len(messages) == 1, messages
    return value, messages[0]


# -- history.history and the epoch's logs ---------------------------------------------------------

def test_history_acc_and_val_acc_are_accuracy_and_val_accuracy_with_a_warning_naming_them():
    history = fit(classifier())
    keys = list(history.history)
    value, message = read_warning(lambda: history.history["acc"])
    assert value is history.history["accuracy"]
    assert message == ("history.history['acc'] is Keras 2.2's name: since Keras 2.3 it is 'accuracy'. "
                       "Read history.history['accuracy'].")
    value, message = read_warning(lambda: history.history["val_acc"])
    assert value is history.history["val_accuracy"] and "'val_accuracy'" in message
    assert list(history.history) == keys and "acc" not in history.history


def test_history_keys_order_and_len_stay_tf_keras_2s():
    """tf.keras 2: loss, accuracy, val_loss, val_accuracy (minigrad adds the learning rate, as before)."""
    history = fit(classifier())
    assert list(history.history)[:4] == ["loss", "accuracy", "val_loss", "val_accuracy"]
    assert len(history.history) == len(list(history.history.keys()))


@pytest.mark.parametrize("metric, old", [("mse", "mean_squared_error"), ("mae", "mean_absolute_error")])
def test_a_metric_given_by_its_short_name_is_read_by_keras_2_2s_long_name(metric, old):
    """Keras 2.2 logged metrics=['mse'] as 'mean_squared_error'; tf.keras 2 as 'mse'."""
    history = fit(classifier([metric]))
    value, message = read_warning(lambda: history.history[f"val_{old}"])
    assert value is history.history[f"val_{metric}"] and f"'val_{metric}'" in message
    assert old not in list(history.history)


def test_metrics_acc_is_logged_as_acc_as_tf_keras_2_does_without_a_warning():
    history = fit(classifier(["acc"]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(history.history["acc"]) == 2 and "val_acc" in history.history


def test_an_old_name_of_a_metric_that_was_not_compiled_is_still_a_key_error():
    with pytest.raises(KeyError):
        fit(classifier(["mse"])).history["acc"]


def test_history_get_answers_old_names_and_gives_the_default_for_others():
    history = fit(classifier())
    assert read_warning(lambda: history.history.get("acc"))[0] is history.history["accuracy"]
    assert history.history.get("nothing", "default") == "default"


def test_a_callback_reading_logs_acc_at_epoch_end_gets_the_accuracy():
    """The tutorials' "stop at 60% accuracy" callback: `if logs.get('acc') > 0.6: self.model.stop_training = True`."""

    class StopAtAccuracy(Callback):
        def on_epoch_end(self, epoch, logs=None):
            self.seen = logs.get("acc"), logs["accuracy"]
            if logs.get("acc") > 0.0:
                self.model.stop_training = True

    callback = StopAtAccuracy()
    with pytest.warns(DeprecationWarning, match=r"logs\['acc'\] is Keras 2.2's name: since Keras 2.3 it is"):
        history = fit(classifier(), callbacks=[callback])
    assert callback.seen[0] == callback.seen[1] and len(history.history["loss"]) == 1


def test_early_stopping_on_val_acc_maximizes_the_validation_accuracy():
    """Keras 2.2 tutorials write EarlyStopping(monitor='val_acc'): it watches val_accuracy, which goes up."""
    model = classifier()
    stopper = EarlyStopping(monitor="val_acc", patience=1)
    with pytest.warns(DeprecationWarning, match="val_accuracy"):
        fit(model, callbacks=[stopper])
    assert stopper.best == max(model.history.history["val_accuracy"])


def test_model_checkpoint_fills_val_acc_in_the_file_name(tmp_path):
    """The checkpoint tutorials' "weights-improvement-{epoch:02d}-{val_acc:.2f}" file names."""
    model = classifier()
    pattern = os.path.join(tmp_path, "weights-{epoch:02d}-{val_acc:.2f}.npz")
    with pytest.warns(DeprecationWarning, match="val_accuracy"):
        history = fit(model, callbacks=[ModelCheckpoint(pattern, monitor="val_acc", save_best_only=True)])
    first = f"weights-01-{history.history['val_accuracy'][0]:.2f}.npz"
    assert first in os.listdir(tmp_path)


def test_model_checkpoint_auto_mode_maximizes_an_accuracy(tmp_path):
    """mode='auto': 'acc' in the monitored name means higher is better (as Keras); anything else, lower."""
    checkpoint = ModelCheckpoint(os.path.join(tmp_path, "best-{epoch}.npz"), monitor="val_accuracy",
                                 save_best_only=True)
    checkpoint.set_model(classifier())
    for epoch, accuracy in enumerate([0.5, 0.7, 0.6]):
        checkpoint.on_epoch_end(epoch, {"val_accuracy": accuracy})
    assert sorted(os.listdir(tmp_path)) == ["best-1.npz", "best-2.npz"]


# -- the callbacks' params -------------------------------------------------------------------------

@pytest.mark.parametrize("key, expected", [("samples", 24), ("batch_size", 8), ("do_validation", True),
                                           ("metrics", ["loss", "acc", "val_loss", "val_acc"])])
def test_callback_params_answer_keras_2_2s_keys_with_a_warning(key, expected):
    """Keras 2.2 gave callbacks params['samples'], ['batch_size'], ['do_validation'] and ['metrics'] (its names)."""
    params = {}

    class ReadParams(Callback):
        def on_train_begin(self, logs=None):
            params["keys"] = list(self.params)
            params["value"], params["message"] = read_warning(lambda: self.params[key])

    fit(classifier(), callbacks=[ReadParams()])
    assert params["value"] == expected
    assert params["message"].startswith(f"self.params[{key!r}] is Keras 2.2's: tf.keras 2 and Keras 3 no longer give")
    assert params["keys"] == ["verbose", "epochs", "steps"]  # tf.keras 2's params


# -- optimizers -------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["RMSprop", "Adagrad", "Adadelta", "Adam", "Adamax", "Nadam"])
def test_epsilon_none_is_the_backend_epsilon_1e_7_with_a_warning(name):
    """Keras 2.2's optimizers defaulted to epsilon=None, meaning K.epsilon(); Keras 3 needs a number."""
    optimizer, message = read_warning(lambda: getattr(keras.optimizers, name)(epsilon=None))
    assert optimizer.epsilon == 1e-7 == keras.backend.epsilon()
    assert message == ("epsilon=None is Keras 2.2's way to ask for keras.backend.epsilon() (1e-07); "
                       "Keras 3 takes a number: pass epsilon=1e-07.")


def test_legacy_optimizers_take_epsilon_none_silently_as_tf_keras_2_does():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert legacy.Adam(epsilon=None).epsilon == np.float32(1e-7)


def test_a_keras_2_2_adam_with_lr_epsilon_none_and_decay_builds():
    with pytest.warns(DeprecationWarning):
        optimizer = keras.optimizers.Adam(lr=0.001, beta_1=0.9, beta_2=0.999, epsilon=None, decay=0.0, amsgrad=False)
    assert (float(optimizer.learning_rate), optimizer.epsilon) == (pytest.approx(0.001), 1e-7)


# -- module paths, models ----------------------------------------------------------------------------

def test_keras_2_2_module_paths_import_todays_classes():
    from minigrad.layers.core import Activation, Dense, Dropout, Flatten
    from minigrad.layers.normalization import BatchNormalization
    from minigrad.utils.np_utils import to_categorical

    from minigrad.utils import np_utils

    assert (Dense, Dropout, Activation, Flatten) == (keras.layers.Dense, keras.layers.Dropout,
                                                      keras.layers.Activation, keras.layers.Flatten)
    assert BatchNormalization is keras.layers.BatchNormalization
    assert to_categorical is np_utils.to_categorical is keras.utils.to_categorical


def test_predict_classes_is_the_argmax_of_predict_with_a_warning():
    model = classifier()
    classes, message = read_warning(lambda: model.predict_classes(X))
    np.testing.assert_array_equal(classes, model.predict(X, verbose=0).argmax(axis=-1))
    assert "np.argmax(model.predict(x), axis=-1)" in message


def test_predict_classes_of_one_sigmoid_output_is_whether_it_exceeds_one_half():
    model = keras.Sequential([keras.Input(1), keras.layers.Dense(1, activation="sigmoid", kernel_initializer="ones")])
    with pytest.warns(DeprecationWarning, match="> 0.5"):
        classes = model.predict_classes(np.array([-1.0, 2.0]))
    assert classes.tolist() == [[0], [1]] and classes.dtype == np.int32


def test_predict_proba_is_predict_with_a_warning():
    model = classifier()
    with pytest.warns(DeprecationWarning, match="predict_proba"):
        np.testing.assert_array_equal(model.predict_proba(X), model.predict(X, verbose=0))


def test_metrics_names_are_loss_then_the_compiled_metrics_as_tf_keras_2_lists_them():
    assert classifier(["accuracy", "mse"]).metrics_names == ["loss", "accuracy", "mse"]


# A Keras 2.2 MNIST MLP as its tutorials wrote it (keras-team/keras examples/mnist_mlp.py's shape, with the
# Activation layers, np_utils and history['acc'] of the books of that time), on random stand-in data.
KERAS_2_2_SCRIPT = """
import numpy as np
import keras
from keras.models import Sequential
from keras.layers.core import Dense, Dropout, Activation
from keras.layers.normalization import BatchNormalization
from keras.optimizers import RMSprop
from keras.utils import np_utils

np.random.seed(1671)
x_train = np.random.rand(256, 784).astype('float32')
y_train = np_utils.to_categorical(np.random.randint(0, 10, 256), 10)

model = Sequential()
model.add(Dense(64, input_shape=(784,)))
model.add(BatchNormalization())
model.add(Activation('relu'))
model.add(Dropout(0.2))
model.add(Dense(10))
model.add(Activation('softmax'))
model.summary()
model.compile(loss='categorical_crossentropy', optimizer=RMSprop(lr=0.001, rho=0.9, epsilon=None, decay=0.0),
              metrics=['accuracy'])
history = model.fit(x_train, y_train, batch_size=128, epochs=2, verbose=0, validation_split=0.25)
score = model.evaluate(x_train, y_train, verbose=0)
print('Test accuracy:', score[1])
print('acc per epoch:', len(history.history['acc']), len(history.history['val_acc']))
print('classes:', model.predict_classes(x_train[:5]).shape)
"""


def test_a_keras_2_2_mnist_mlp_script_runs_with_only_its_imports_changed(capsys):
    source = KERAS_2_2_SCRIPT.replace("import keras\n", "import minigrad as keras\n")
    source = source.replace("from keras", "from minigrad")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        exec(compile(source, "keras_2_2_mnist_mlp.py", "exec"), {"__name__": "__main__"})
    printed = capsys.readouterr().out
    assert "Trainable params: 51018" in printed and "Non-trainable params: 128" in printed
    assert "acc per epoch: 2 2" in printed and "classes: (5,)" in printed
    warned = {str(w.message).split(" ")[0] for w in caught if issubclass(w.category, DeprecationWarning)}
    assert warned == {"The", "epsilon=None", "history.history['acc']", "history.history['val_acc']",
                      "`model.predict_classes()`"}
