"""Every bad input gets a clear ValueError/TypeError (RuntimeError where Keras uses one) that names
the argument and the value, raised before anything changes: a failed call leaves the model's
weights and the optimizer's state exactly as they were.

Each row of `CASES` is `(id, call, exception, message fragment)`; `call` receives a model that
has already trained for one epoch (so its optimizer has slots and a non-zero iteration count).
"""
import math
import re
import warnings

import numpy as np
import pytest

import minigrad as keras
from minigrad.callbacks import BackupAndRestore, LearningRateScheduler, ModelCheckpoint
from minigrad.data import train_test_split
from minigrad.layers import Dense, Input
from minigrad.optimizers import SGD, schedules

X = np.linspace(0, 1, 20, dtype="float32").reshape(10, 2)
Y = X.sum(axis=1, keepdims=True)
NAN = float("nan")


def with_nan(array, value=NAN):
    array = array.copy()
    array[3, 0] = value
    return array


def trained_model():
    model = keras.Sequential([Input(2), Dense(3, activation="tanh"), Dense(1)])
    model.compile(optimizer=SGD(0.1, momentum=0.9), loss="mse", metrics=["mae"])
    model.fit(X, Y, batch_size=4, epochs=1, verbose=0)
    return model


def uncompiled(model):
    return keras.Sequential([Input(2), Dense(1)])


def empty_compiled():
    model = keras.Sequential()
    model.compile(optimizer="sgd", loss="mae")
    return model


def fit_with(**kwargs):
    """A call that runs `model.fit(X, Y, verbose=0, **kwargs)`."""
    return lambda model: model.fit(**{"x": X, "y": Y, "verbose": 0, **kwargs})


def run_scheduler(function):
    """A one-epoch fit whose LearningRateScheduler calls `function`."""
    return fit_with(callbacks=[LearningRateScheduler(function)])


CASES = [
    # x, y and their shapes, in fit, evaluate, predict and validation_data
    ("x_y_length_mismatch", fit_with(y=Y[:9]), ValueError, "same number of samples"),
    ("fit_wrong_feature_count", fit_with(x=np.ones((10, 3))), ValueError, "expects 2 feature(s)"),
    ("fit_wrong_output_count", fit_with(y=np.ones((10, 2))), ValueError, "1 output(s)"),
    ("evaluate_wrong_feature_count", lambda m: m.evaluate(np.ones((10, 3)), Y, verbose=0), ValueError,
     "expects 2 feature(s)"),
    ("evaluate_wrong_output_count", lambda m: m.evaluate(X, np.ones((10, 3)), verbose=0), ValueError, "1 output(s)"),
    ("evaluate_length_mismatch", lambda m: m.evaluate(X, Y[:5], verbose=0), ValueError, "same number of samples"),
    ("predict_wrong_feature_count", lambda m: m.predict(np.ones((4, 1)), verbose=0), ValueError,
     "expects 2 feature(s)"),
    ("validation_wrong_feature_count", fit_with(validation_data=(np.ones((4, 3)), Y[:4])), ValueError, "x_val"),
    ("validation_wrong_output_count", fit_with(validation_data=(X[:4], np.ones((4, 2)))), ValueError, "y_val"),
    ("validation_length_mismatch", fit_with(validation_data=(X[:4], Y[:3])), ValueError, "same number of samples"),
    ("empty_x", fit_with(x=np.empty((0, 2)), y=np.empty((0, 1))), ValueError, "`x` is empty"),
    ("empty_predict", lambda m: m.predict(np.empty((0, 2)), verbose=0), ValueError, "`x` is empty"),
    ("empty_validation", fit_with(validation_data=(np.empty((0, 2)), np.empty((0, 1)))), ValueError,
     "`x_val` is empty"),
    ("nan_in_x", fit_with(x=with_nan(X)), ValueError, "NaN or infinite"),
    ("inf_in_y", fit_with(y=with_nan(Y, np.inf)), ValueError, "`y` contains NaN or infinite"),
    ("nan_in_predict", lambda m: m.predict(with_nan(X), verbose=0), ValueError, "NaN or infinite"),
    ("nan_in_evaluate_y", lambda m: m.evaluate(X, with_nan(Y), verbose=0), ValueError, "NaN or infinite"),
    ("strings_in_x", fit_with(x=np.array([["a", "b"]] * 10)), TypeError, "must hold numbers"),
    ("objects_in_y", fit_with(y=np.array([None] * 10)), TypeError, "must hold numbers"),
    ("complex_x", fit_with(x=X + 1j), TypeError, "must hold numbers"),
    ("ragged_x", fit_with(x=[[1.0, 2.0], [3.0]]), ValueError, "ragged"),
    ("x_none", fit_with(x=None), ValueError, "Received: x=None"),
    ("y_none", fit_with(y=None), ValueError, "Received: y=None"),
    ("predict_none", lambda m: m.predict(None, verbose=0), ValueError, "Received: x=None"),
    ("x_three_dimensional", fit_with(x=np.ones((10, 2, 1))), ValueError, "samples of shape (2,)"),
    # fit's other arguments
    ("batch_size_zero", fit_with(batch_size=0), ValueError, "Received: batch_size=0"),
    ("batch_size_negative", fit_with(batch_size=-4), ValueError, "`batch_size` must be a positive integer"),
    ("batch_size_float", fit_with(batch_size=2.5), TypeError, "Received: batch_size=2.5"),
    ("batch_size_string", fit_with(batch_size="32"), TypeError, "batch_size='32'"),
    ("evaluate_batch_size_zero", lambda m: m.evaluate(X, Y, batch_size=0, verbose=0), ValueError, "batch_size=0"),
    ("predict_batch_size_bool", lambda m: m.predict(X, batch_size=True, verbose=0), TypeError, "batch_size=True"),
    ("epochs_negative", fit_with(epochs=-1), ValueError, "Received: epochs=-1"),
    ("epochs_float", fit_with(epochs=1.5), TypeError, "Received: epochs=1.5"),
    ("initial_epoch_negative", fit_with(initial_epoch=-2), ValueError, "initial_epoch=-2"),
    ("validation_split_one", fit_with(validation_split=1.0), ValueError, "`validation_split` must be in [0, 1)"),
    ("validation_split_negative", fit_with(validation_split=-0.1), ValueError, "validation_split=-0.1"),
    ("validation_split_nan", fit_with(validation_split=NAN), ValueError, "`validation_split` must be finite"),
    ("validation_split_string", fit_with(validation_split="0.2"), TypeError, "validation_split='0.2'"),
    ("validation_split_leaves_no_training", fit_with(validation_split=0.95), ValueError, "leaves 0 training"),
    ("validation_data_not_a_tuple", fit_with(validation_data=X), ValueError, "must be a tuple `(x_val, y_val)`"),
    ("validation_data_three_items", fit_with(validation_data=(X, Y, Y)), ValueError, "of length 3"),
    ("validation_data_y_none", fit_with(validation_data=(X, None)), ValueError, "Received: y_val=None"),
    ("verbose_three", fit_with(verbose=3), ValueError, "Received: verbose=3"),
    ("callbacks_not_callbacks", fit_with(callbacks=[print]), TypeError, "`callbacks` must be a list of `Callback`"),
    ("fit_before_compile", lambda m: uncompiled(m).fit(X, Y, verbose=0), RuntimeError, "compile()"),
    ("evaluate_before_compile", lambda m: uncompiled(m).evaluate(X, Y, verbose=0), RuntimeError, "compile()"),
    ("fit_without_layers", lambda m: empty_compiled().fit(X, Y, verbose=0), ValueError, "has no layers"),
    # compile: names, with a did-you-mean
    ("unknown_optimizer", lambda m: m.compile(optimizer="sgdd", loss="mse"), ValueError, "Did you mean 'sgd'?"),
    ("unknown_loss", lambda m: m.compile(optimizer="sgd", loss="maee"), ValueError, "Did you mean 'mae'?"),
    ("unknown_metric", lambda m: m.compile(optimizer="sgd", loss="mse", metrics=["msee"]), ValueError,
     "Did you mean 'mse'?"),
    ("metrics_as_a_string", lambda m: m.compile(optimizer="sgd", loss="mse", metrics="mae"), TypeError,
     "Received: metrics='mae'"),
    ("loss_missing", lambda m: m.compile(optimizer="sgd"), ValueError, "Received: loss=None"),
    # layers
    ("unknown_activation", lambda m: Dense(1, activation="rellu"), ValueError, "Did you mean 'relu'?"),
    ("unknown_initializer", lambda m: Dense(1, kernel_initializer="glorot_unifrom"), ValueError,
     "Did you mean 'glorot_uniform'?"),
    ("dense_units_zero", lambda m: Dense(0), ValueError, "Received: units=0"),
    ("dense_units_negative", lambda m: Dense(-3), ValueError, "`units` must be a positive integer"),
    ("dense_units_float", lambda m: Dense(2.5), TypeError, "Received: units=2.5"),
    ("input_shape_zero", lambda m: Input(0), ValueError, "Received: shape=0"),
    ("input_shape_with_a_zero", lambda m: Input((2, 0)), ValueError, "Received: shape=(2, 0)"),
    ("input_shape_string", lambda m: Input("1"), ValueError, "Received: shape='1'"),
    ("input_after_dense", lambda m: keras.Sequential([Dense(1), Input(1)]), ValueError, "first layer"),
    # set_weights
    ("set_weights_wrong_count", lambda m: m.set_weights(m.get_weights()[:3]), ValueError,
     "expects 4 weight arrays. Received: 3"),
    ("set_weights_wrong_shape_in_last_layer", lambda m: m.set_weights(m.get_weights()[:3] + [np.zeros(2)]),
     ValueError, "expects its bias to have shape (1,)"),
    ("set_weights_wrong_kernel_shape", lambda m: m.set_weights([np.zeros((3, 2))] + m.get_weights()[1:]),
     ValueError, "expects its kernel to have shape (2, 3)"),
    ("set_weights_strings", lambda m: m.set_weights([w.astype(str) for w in m.get_weights()]), TypeError,
     "hold real numbers"),
    ("set_weights_before_build", lambda m: keras.Sequential([Dense(1)]).set_weights([np.ones((1, 1))]),
     ValueError, "has no weights yet"),
    # optimizer hyper-parameters (the other optimizers' rows are in OPTIMIZER_CASES)
    ("sgd_learning_rate_negative", lambda m: SGD(-0.1), ValueError, "Received: learning_rate=-0.1"),
    ("sgd_learning_rate_nan", lambda m: SGD(NAN), ValueError, "`learning_rate` must be finite"),
    ("sgd_learning_rate_inf", lambda m: SGD(math.inf), ValueError, "learning_rate=inf"),
    ("sgd_learning_rate_string", lambda m: SGD("0.1"), TypeError, "learning_rate='0.1'"),
    ("sgd_momentum_above_one", lambda m: SGD(momentum=1.5), ValueError, "`momentum` must be in [0, 1]"),
    ("sgd_momentum_negative", lambda m: SGD(momentum=-0.1), ValueError, "momentum=-0.1"),
    ("sgd_momentum_nan", lambda m: SGD(momentum=NAN), ValueError, "`momentum` must be finite"),
    ("sgd_decay_negative", lambda m: SGD(decay=-0.01), ValueError, "decay=-0.01"),
    ("sgd_clipnorm_zero", lambda m: SGD(clipnorm=0), ValueError, "clipnorm=0"),
    ("sgd_clipvalue_negative", lambda m: SGD(clipvalue=-1), ValueError, "clipvalue=-1"),
    ("sgd_global_clipnorm_nan", lambda m: SGD(global_clipnorm=NAN), ValueError, "`global_clipnorm` must be finite"),
    ("sgd_two_clips", lambda m: SGD(clipnorm=1.0, clipvalue=1.0), ValueError, "Only one of `clipnorm`"),
    ("sgd_misspelt_argument", lambda m: SGD(learnig_rate=0.1), ValueError, "Did you mean 'learning_rate'?"),
    ("learning_rate_set_under_a_schedule",
     lambda m: setattr(SGD(schedules.ExponentialDecay(0.1, 10, 0.5)), "learning_rate", 0.1), TypeError,
     "cannot be set"),
    ("learning_rate_set_to_nan", lambda m: setattr(m.optimizer, "learning_rate", NAN), ValueError,
     "`learning_rate` must be finite"),
    # schedules and LearningRateScheduler
    ("exponential_decay_steps_zero", lambda m: schedules.ExponentialDecay(0.1, 0, 0.5), ValueError,
     "decay_steps=0"),
    ("exponential_negative_rate", lambda m: schedules.ExponentialDecay(-0.1, 10, 0.5), ValueError,
     "initial_learning_rate=-0.1"),
    ("inverse_time_negative_decay_rate", lambda m: schedules.InverseTimeDecay(0.1, 1, -0.5), ValueError,
     "decay_rate=-0.5"),
    ("piecewise_unsorted_boundaries", lambda m: schedules.PiecewiseConstantDecay([10, 5], [0.1, 0.01, 0.001]),
     ValueError, "strictly increasing"),
    ("piecewise_lengths", lambda m: schedules.PiecewiseConstantDecay([10], [0.1]), ValueError, "1 less than"),
    ("cosine_decay_steps_zero", lambda m: schedules.CosineDecay(0.1, 0), ValueError, "decay_steps=0"),
    ("scheduler_returns_a_string", run_scheduler(lambda epoch: "fast"), TypeError, "Received: 'fast'"),
    ("scheduler_returns_nan", run_scheduler(lambda epoch: NAN), ValueError, "finite learning rate"),
    ("scheduler_returns_none", run_scheduler(lambda epoch: None), TypeError, "Received: None"),
    ("scheduler_not_callable", lambda m: LearningRateScheduler(0.01), TypeError, "Received: schedule=0.01"),
    # train_test_split
    ("split_test_size_above_one", lambda m: train_test_split(X, Y, test_size=1.5), ValueError,
     "test_size=1.5"),
    ("split_test_size_zero", lambda m: train_test_split(X, test_size=0.0), ValueError, "in (0, 1)"),
    ("split_test_count_too_large", lambda m: train_test_split(X, test_size=10), ValueError,
     "less than the 10 samples"),
    ("split_train_size_negative", lambda m: train_test_split(X, train_size=-1), ValueError, "train_size=-1"),
    ("split_sizes_add_up_to_more", lambda m: train_test_split(X, test_size=0.6, train_size=0.6), ValueError,
     "together at most 10"),
    ("split_length_mismatch", lambda m: train_test_split(X, Y[:5]), ValueError, "same length"),
    # checkpoint callbacks and settings
    ("checkpoint_mode", lambda m: ModelCheckpoint("m.npz", mode="minn"), ValueError, "Did you mean 'min'?"),
    ("checkpoint_save_freq_zero", lambda m: ModelCheckpoint("m.npz", save_freq=0), ValueError, "save_freq=0"),
    ("checkpoint_empty_path", lambda m: ModelCheckpoint(""), ValueError, "Received: filepath=''"),
    ("backup_batch_save_freq", lambda m: BackupAndRestore("backup", save_freq=5), ValueError, "save_freq=5"),
    ("floatx_float16", lambda m: keras.backend.set_floatx("float16"), ValueError, "value='float16'"),
    ("seed_negative", lambda m: keras.utils.set_random_seed(-1), ValueError, "seed=-1"),
]

# Each optimizer's hyper-parameters: (class under minigrad.optimizers, keyword, bad value, message fragment).
OPTIMIZER_CASES = [
    ("RMSprop", "learning_rate", -1.0, "learning_rate"), ("RMSprop", "rho", 1.5, "rho"),
    ("RMSprop", "rho", NAN, "rho"), ("RMSprop", "momentum", -0.5, "momentum"),
    ("RMSprop", "epsilon", -1e-7, "epsilon"),
    ("Adagrad", "learning_rate", NAN, "learning_rate"), ("Adagrad", "initial_accumulator_value", -0.1,
                                                          "initial_accumulator_value"),
    ("Adagrad", "epsilon", -1e-7, "epsilon"),
    ("Adam", "learning_rate", math.inf, "learning_rate"), ("Adam", "beta_1", 1.0, "beta_1"),
    ("Adam", "beta_1", -0.1, "beta_1"), ("Adam", "beta_2", 1.5, "beta_2"), ("Adam", "beta_2", NAN, "beta_2"),
    ("Adam", "epsilon", -1e-7, "epsilon"), ("Adam", "epsilon", math.inf, "epsilon"),
    ("Nadam", "beta_1", 1.2, "beta_1"), ("Nadam", "beta_2", -1.0, "beta_2"), ("Nadam", "epsilon", -1.0, "epsilon"),
    ("Adamax", "beta_1", 1.0, "beta_1"), ("Adamax", "beta_2", NAN, "beta_2"), ("Adamax", "epsilon", -1.0, "epsilon"),
    ("Adadelta", "rho", 1.5, "rho"), ("Adadelta", "rho", -0.1, "rho"), ("Adadelta", "epsilon", -1.0, "epsilon"),
    ("Adadelta", "learning_rate", -0.001, "learning_rate"),
    ("Adam", "weight_decay", -0.1, "weight_decay"), ("SGD", "weight_decay", NAN, "weight_decay"),
    ("legacy.SGD", "momentum", 2.0, "momentum"), ("legacy.SGD", "decay", -1.0, "decay"),
    ("legacy.Adam", "beta_1", 1.0, "beta_1"), ("legacy.Adam", "epsilon", -1.0, "epsilon"),
    ("legacy.Nadam", "schedule_decay", -0.004, "schedule_decay"), ("legacy.RMSprop", "rho", NAN, "rho"),
    ("legacy.Adagrad", "initial_accumulator_value", -1.0, "initial_accumulator_value"),
    ("legacy.Adadelta", "rho", 2.0, "rho"), ("legacy.Adamax", "beta_2", 1.0, "beta_2"),
    ("pytorch.SGD", "dampening", NAN, "dampening"), ("pytorch.SGD", "weight_decay", -1.0, "weight_decay"),
    ("pytorch.Adam", "betas", (1.0, 0.999), "betas[0]"), ("pytorch.Adam", "betas", 0.9, "must be a pair"),
    ("pytorch.Adam", "eps", -1.0, "eps"), ("pytorch.AdamW", "weight_decay", NAN, "weight_decay"),
    ("pytorch.RMSprop", "alpha", 1.5, "alpha"), ("pytorch.Adagrad", "lr_decay", -1.0, "lr_decay"),
    ("pytorch.NAdam", "momentum_decay", -1.0, "momentum_decay"), ("pytorch.Adamax", "betas", (0.9, NAN), "betas[1]"),
]


def snapshot(model):
    state = model.optimizer.get_state()
    return model.get_weights(), state["iterations"], [dict(s) for s in state["slots"]]


def assert_unchanged(model, before):
    weights, iterations, slots = before
    now_weights, now_iterations, now_slots = snapshot(model)
    for i, (expected, actual) in enumerate(zip(weights, now_weights, strict=True)):
        assert np.array_equal(expected, actual), f"weight {i} changed by a failed call: {expected} -> {actual}"
    assert now_iterations == iterations, f"optimizer iterations changed: {iterations} -> {now_iterations}"
    for expected, actual in zip(slots, now_slots, strict=True):
        for name in expected:
            assert np.array_equal(expected[name], actual[name]), f"optimizer slot {name!r} changed"


@pytest.mark.parametrize("call, error, fragment", [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_bad_input_raises_a_clear_error_and_changes_nothing(call, error, fragment, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    model = trained_model()
    before = snapshot(model)
    with pytest.raises(error, match=re.escape(fragment)):
        call(model)
    assert_unchanged(model, before)


@pytest.mark.parametrize("class_name, argument, value, fragment", OPTIMIZER_CASES,
                         ids=[f"{c[0]}-{c[1]}={c[2]}" for c in OPTIMIZER_CASES])
def test_bad_optimizer_hyper_parameter_names_the_argument(class_name, argument, value, fragment):
    module = keras.optimizers
    for part in class_name.split(".")[:-1]:
        module = getattr(module, part)
    optimizer_class = getattr(module, class_name.split(".")[-1])
    learning_rate = {} if argument in ("learning_rate", "lr") else {"lr": 0.01} if "pytorch" in class_name else {}
    with pytest.raises((ValueError, TypeError), match=re.escape(fragment)) as raised:
        optimizer_class(**learning_rate, **{argument: value})
    assert "Received" in str(raised.value), f"the message should show the value received: {raised.value}"


def test_the_table_covers_at_least_fifty_bad_inputs():
    assert len(CASES) + len(OPTIMIZER_CASES) >= 50, f"only {len(CASES) + len(OPTIMIZER_CASES)} cases"


def test_failed_fit_on_an_unbuilt_model_does_not_build_it_or_draw_random_numbers():
    """Validation runs before the weights are created, so a corrected call gives the same weights."""
    model = keras.Sequential([Dense(1)])
    model.compile(optimizer="sgd", loss="mae")
    state = keras.backend.rng().bit_generator.state
    with pytest.raises(ValueError, match="same number of samples"):
        model.fit(X, Y[:3], verbose=0)
    assert not model.built, "a failed fit built the model"
    assert keras.backend.rng().bit_generator.state == state, "a failed fit consumed random numbers"


def test_failed_compile_keeps_the_previous_optimizer_and_loss():
    model = trained_model()
    optimizer, loss = model.optimizer, model.loss
    with pytest.raises(ValueError, match="Did you mean 'mae'"):
        model.compile(optimizer="sgd", loss="maee")
    assert model.optimizer is optimizer and model.loss is loss, "compile changed the model before failing"


def article_model(loss="mse"):
    """The article's f(x) = x model and data (X[:80] to train), with SGD(10)."""
    model = keras.Sequential([Input(1), Dense(1, use_bias=False)])
    model.compile(optimizer=SGD(10.0), loss=loss, metrics=["mae"])
    return model, np.arange(100)


@pytest.mark.filterwarnings("ignore:overflow encountered", "ignore:invalid value encountered")
def test_a_diverging_run_warns_once_when_the_loss_first_becomes_non_finite():
    """SGD(10) with MSE on the article's data: W grows ~|1 - 2 * 10 * mean(x**2)| ~ 40000x per step,
    so the loss overflows to inf in epoch 2 and stays non-finite; one warning, at epoch 2."""
    model, x = article_model()
    with pytest.warns(RuntimeWarning) as caught:
        history = model.fit(x[:80], x[:80], epochs=5, verbose=0)
    ours = [w for w in caught if "Training diverged" in str(w.message)]
    assert len(ours) == 1, f"expected one divergence warning, got {[str(w.message) for w in ours]}"
    assert "in epoch 2" in str(ours[0].message) and "learning rate (10)" in str(ours[0].message)
    assert ours[0].filename == __file__, "the warning should point at the user's fit call"
    assert math.isfinite(history.history["loss"][0]) and not math.isfinite(history.history["loss"][1])
    assert len(history.history["loss"]) == 5, "without TerminateOnNaN training goes on"


@pytest.mark.filterwarnings("ignore:overflow encountered", "ignore:invalid value encountered")
def test_terminate_on_nan_stops_a_diverging_run_at_once_and_keeps_the_history():
    model, x = article_model()
    with pytest.warns(RuntimeWarning, match="Training diverged"):
        history = model.fit(x[:80], x[:80], epochs=5, verbose=0,
                            callbacks=[keras.callbacks.TerminateOnNaN()])
    losses = history.history["loss"]
    assert len(losses) == 2 and math.isfinite(losses[0]) and not math.isfinite(losses[1]), (
        f"expected to stop in epoch 2 with epoch 1 kept, history {losses}")
    assert model.optimizer.iterations < 2 * 3, "TerminateOnNaN should stop within epoch 2, before its last batch"


def test_a_converging_run_gives_no_divergence_warning():
    """The article's E1 (MAE, SGD(0.1)) wanders but never overflows: no warning."""
    model = keras.Sequential([Input(1), Dense(1, use_bias=False)])
    model.compile(optimizer=SGD(0.1), loss="mae")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model.fit(np.arange(80), np.arange(80), epochs=20, verbose=0)


def test_an_unknown_loss_lists_the_known_loss_names_without_a_typo():
    with pytest.raises(ValueError, match="Known loss names: binary_crossentropy, categorical_crossentropy"):
        keras.losses.get("hinge")


@pytest.mark.parametrize("module, name", [("activations", "selu"), ("initializers", "he_normal")])
def test_keras_names_that_once_got_a_wrong_suggestion_are_known(module, name):
    getattr(keras, module).get(name)
