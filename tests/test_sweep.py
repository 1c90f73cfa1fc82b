"""`minigrad.sweep`: K learning rates in one batched run equal K separate `fit` calls."""
import warnings

import numpy as np
import pytest

import minigrad as keras
from minigrad import optimizers
from minigrad.article import EXPERIMENTS, run_experiment
from minigrad.article.seeds import sweep_experiment
from minigrad.optimizers import legacy, pytorch
from minigrad.sweep import SweepResult, sweep

X = np.arange(100)


def _optimizer_classes():
    """Every optimizer class of the three conventions: Keras 3, legacy tf.keras, torch.optim."""
    classes = []
    for module in (optimizers, legacy, pytorch):
        for name in module.__all__:
            value = getattr(module, name)
            if isinstance(value, type) and issubclass(value, optimizers.Optimizer) and name[0] != "_" \
                    and name not in ("Optimizer", "LegacyOptimizer", "TorchOptimizer"):
                classes.append(pytest.param(value, id=f"{module.__name__.split('.')[-1]}.{name}"))
    return classes


def _small_network():
    """3 inputs -> 4 tanh units -> 2 linear outputs, with biases: every part of the batched backward pass."""
    model = keras.Sequential([keras.Input(3), keras.layers.Dense(4, activation="tanh"), keras.layers.Dense(2)])
    rng = np.random.default_rng(1)
    x = rng.normal(size=(40, 3))
    y = np.stack([x[:, 0] - 2 * x[:, 1], np.sin(x[:, 2])], axis=1)
    return model, x, y


def _fit(model, initial_weights, optimizer, x, y, loss, epochs, batch_size, validation_data=None, shuffle=False):
    model.set_weights(initial_weights)
    model.compile(optimizer=optimizer, loss=loss)
    history = model.fit(x, y, epochs=epochs, batch_size=batch_size, validation_data=validation_data,
                        shuffle=shuffle, verbose=0)
    return history.history, model.get_weights()


def _assert_same_run(result, k, history, weights, rtol=1e-5, atol=1e-7):
    for key in result.history:
        np.testing.assert_allclose(result.history[key][k], history[key], rtol=rtol, atol=atol,
                                   err_msg=f"run {k}: swept {key} (actual) vs fit's (desired)")
    for i, (swept, fitted) in enumerate(zip(result.weights, weights, strict=True)):
        np.testing.assert_allclose(swept[k], fitted, rtol=rtol, atol=atol,
                                   err_msg=f"run {k}: swept weight {i} (actual) vs fit's (desired)")


@pytest.mark.parametrize("optimizer_class", _optimizer_classes())
def test_sweep_equals_separate_fits_for_every_optimizer(optimizer_class):
    """Run k of the sweep is `fit` at learning_rates[k] from the same start (a sample of 3 of K = 6)."""
    model, x, y = _small_network()
    initial = model.get_weights()
    rates = np.array([3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1])
    result = sweep(model, x, y, rates, optimizer=optimizer_class, loss="mse", epochs=3, batch_size=16,
                   validation_data=(x[:10], y[:10]))
    for k in (0, 3, 5):
        optimizer = optimizer_class()
        optimizer.learning_rate = float(rates[k])
        history, weights = _fit(model, initial, optimizer, x, y, "mse", 3, 16, (x[:10], y[:10]))
        _assert_same_run(result, k, history, weights)


def test_sweep_reproduces_the_article_e1_bit_for_bit():
    """E1's data (f(x) = x on X[:80], MAE, batches of 32): each run's history and W equal fit's exactly."""
    model = keras.Sequential([keras.Input(1), keras.layers.Dense(1, use_bias=False)])
    initial = model.get_weights()
    rates = [0.1, 0.001, 0.0001]
    result = sweep(model, X[:80], X[:80], rates, epochs=30, validation_data=(X[80:], X[80:]))
    for k, rate in enumerate(rates):
        history, weights = _fit(model, initial, keras.optimizers.SGD(rate), X[:80], X[:80], "mae", 30, 32,
                                (X[80:], X[80:]))
        _assert_same_run(result, k, history, weights, rtol=0, atol=0)


def test_grid_over_momentum_and_nesterov_equals_fits_with_those_arguments():
    """momentum=[0, 0.9], nesterov=[False, True]: K = 4 settings x 2 rates, setting-major order."""
    model, x, y = _small_network()
    initial = model.get_weights()
    rates = [0.01, 0.05]
    result = sweep(model, x, y, rates, loss="mse", epochs=2, batch_size=8, momentum=[0.0, 0.9],
                   nesterov=[False, True])
    assert result.hyperparameters["momentum"].tolist() == [0.0] * 4 + [0.9] * 4
    assert result.hyperparameters["nesterov"].tolist() == [False, False, True, True] * 2
    assert result.learning_rates.tolist() == pytest.approx(rates * 4)
    for k in range(8):
        optimizer = keras.optimizers.SGD(float(result.learning_rates[k]),
                                         momentum=float(result.hyperparameters["momentum"][k]),
                                         nesterov=bool(result.hyperparameters["nesterov"][k]))
        history, weights = _fit(model, initial, optimizer, x, y, "mse", 2, 8)
        _assert_same_run(result, k, history, weights)


def test_decay_argument_decays_each_run_as_fit_does():
    """decay=0.01 gives lr_k = lr / (1 + 0.01 * k) in every run, as SGD(lr, decay=0.01) in fit."""
    model, x, y = _small_network()
    initial = model.get_weights()
    result = sweep(model, x, y, [0.02, 0.2], loss="mae", epochs=4, batch_size=8, decay=0.01, momentum=0.5)
    for k, rate in enumerate([0.02, 0.2]):
        history, weights = _fit(model, initial, keras.optimizers.SGD(rate, decay=0.01, momentum=0.5),
                                x, y, "mae", 4, 8)
        _assert_same_run(result, k, history, weights)


def test_weight_decay_and_clipvalue_apply_per_run_as_in_fit():
    """Keras 3's decoupled weight_decay (theta -= theta * wd * lr) and clipvalue are elementwise too."""
    model, x, y = _small_network()
    initial = model.get_weights()
    result = sweep(model, x, y, [0.01, 0.1], optimizer="adam", loss="mse", epochs=3, batch_size=16,
                   weight_decay=0.1, clipvalue=0.05)
    for k, rate in enumerate([0.01, 0.1]):
        history, weights = _fit(model, initial, keras.optimizers.Adam(rate, weight_decay=0.1, clipvalue=0.05),
                                x, y, "mse", 3, 16)
        _assert_same_run(result, k, history, weights)


def test_shuffle_shares_one_order_per_epoch_drawn_as_fit_draws_it():
    """With shuffle=True and the same seed, every run sees the batches one seeded fit sees."""
    model, x, y = _small_network()
    initial = model.get_weights()
    keras.utils.set_random_seed(7)
    result = sweep(model, x, y, [0.01, 0.1], loss="mse", epochs=3, batch_size=16, shuffle=True)
    for k, rate in enumerate([0.01, 0.1]):
        keras.utils.set_random_seed(7)
        history, weights = _fit(model, initial, keras.optimizers.SGD(rate), x, y, "mse", 3, 16, shuffle=True)
        _assert_same_run(result, k, history, weights)


def test_result_shapes_follow_get_weights_with_a_leading_k_axis():
    model, x, y = _small_network()
    result = sweep(model, x, y, np.logspace(-3, -1, 5), loss="mse", epochs=7, validation_data=(x, y))
    assert isinstance(result, SweepResult)
    assert {key: values.shape for key, values in result.history.items()} == {"loss": (5, 7), "val_loss": (5, 7)}
    assert [w.shape for w in result.weights] == [(5,) + w.shape for w in model.get_weights()]
    assert result.hyperparameters == {}


def test_the_model_itself_is_left_unchanged():
    model, x, y = _small_network()
    before = model.get_weights()
    sweep(model, x, y, [0.1, 1.0], loss="mse", epochs=2)
    for old, new in zip(before, model.get_weights(), strict=True):
        np.testing.assert_array_equal(new, old)


def test_diverging_runs_become_inf_or_nan_silently_while_the_others_converge():
    """lr 0.01 converges on E1's data with MSE; lr 1.0 overflows float32 (|1 - 2 * lr * mean(x**2)| >> 1)."""
    model = keras.Sequential([keras.Input(1), keras.layers.Dense(1, use_bias=False)])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = sweep(model, X[:80] / 80, X[:80] / 80, [0.01, 1.0, 1000.0], loss="mse", epochs=50)
    assert np.isfinite(result.history["loss"][0]).all()
    assert not np.isfinite(result.history["loss"][2, -1]), f"lr 1000 should diverge: {result.history['loss'][2]}"


def test_one_mse_step_by_hand():
    """One sample x = 1, y = 2 from w = 0: the gradient of (w - 2) ** 2 is -4, so w = 4 * lr."""
    model = keras.Sequential([keras.Input(1), keras.layers.Dense(1, use_bias=False)])
    model.set_weights([np.zeros((1, 1))])
    result = sweep(model, [[1.0]], [[2.0]], [0.1, 0.25], loss="mse")
    np.testing.assert_allclose(result.weights[0].ravel(), [0.4, 1.0], rtol=1e-6)
    np.testing.assert_allclose(result.history["loss"][:, 0], [4.0, 4.0])


@pytest.mark.parametrize("rates, match", [([], "non-empty"), ([[0.1]], "1-D"), ([0.1, -1.0], "learning_rates"),
                                          ([0.1, np.nan], "finite"), (["a"], "numbers")])
def test_bad_learning_rates_are_rejected(rates, match):
    model, x, y = _small_network()
    with pytest.raises((ValueError, TypeError), match=match):
        sweep(model, x, y, rates)


def test_an_optimizer_instance_is_rejected_with_a_hint():
    model, x, y = _small_network()
    with pytest.raises(TypeError, match="optimizer class"):
        sweep(model, x, y, [0.1], optimizer=keras.optimizers.SGD())


@pytest.mark.parametrize("kwargs, match", [({"learning_rate": 0.1}, "learning_rates"),
                                           ({"clipnorm": 1.0}, "clip by norm"),
                                           ({"momentum": []}, "at least one value"),
                                           ({"momentun": 0.9}, "momentum")])
def test_bad_optimizer_arguments_are_rejected_before_training(kwargs, match):
    model, x, y = _small_network()
    with pytest.raises(ValueError, match=match):
        sweep(model, x, y, [0.1], **kwargs)


def test_the_lr_tools_do_not_import_matplotlib_until_a_plot_is_asked_for():
    """`import minigrad` never imports matplotlib; the sweep, range test and analysis don't either."""
    import subprocess
    import sys

    code = ("import sys, minigrad, minigrad.sweep, minigrad.lr_finder, minigrad.analysis; "
            "print('matplotlib' in sys.modules)")
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "False", f"matplotlib was imported: {output!r}"


@pytest.mark.parametrize("experiment_id", ["E1", "E4", "E5", "E7", "E9"])
def test_sweep_over_seeds_equals_fit_after_set_random_seed_bit_for_bit(experiment_id):
    """Each seed's run: its own initial weights and shuffling, `decay=` (E4), an epoch schedule (E5), Adam with a
    bias (E7), momentum (E9); the loss, validation loss and W of every epoch equal `fit`'s exactly."""
    seeds = [0, 3]
    result = sweep_experiment(EXPERIMENTS[experiment_id], seeds)
    for k, seed in enumerate(seeds):
        fitted = run_experiment(experiment_id, seed)
        np.testing.assert_array_equal(result.history["loss"][k], fitted.history["loss"])
        np.testing.assert_array_equal(result.history["val_loss"][k], fitted.history["val_loss"])
        np.testing.assert_array_equal(result.weights_per_epoch[0][k].ravel(), np.float32(fitted.weights["W"]))


def test_seeds_cross_learning_rates_seed_major():
    """K = seeds x rates, ordered by seed then rate; each run starts from its seed's weights."""
    result = sweep_experiment(EXPERIMENTS["E2"], seeds=[1, 2], learning_rates=[0.001, 0.01])
    assert result.seeds.tolist() == [1, 1, 2, 2]
    assert result.learning_rates.tolist() == [np.float32(r) for r in (0.001, 0.01, 0.001, 0.01)]
    initial = result.initial_weights[0].ravel()
    assert initial[0] == initial[1] != initial[2] == initial[3]
    fitted = run_experiment("E2", seed=2)
    np.testing.assert_array_equal(result.history["loss"][2], fitted.history["loss"])


def _image_mlp():
    """Images (4, 4) -> Flatten -> Dense 8 -> BatchNormalization -> relu -> Dense 3 -> softmax: every layer
    kind `sweep` trains, with BatchNormalization's two trainable and two moving weights in the middle. The
    first Dense has no bias: before BatchNormalization its gradient is 0 (the batch mean removes it), so a
    bias there would hold only rounding noise."""
    model = keras.Sequential([keras.Input((4, 4)), keras.layers.Flatten(), keras.layers.Dense(8, use_bias=False),
                              keras.layers.BatchNormalization(), keras.layers.Activation("relu"),
                              keras.layers.Dense(3), keras.layers.Activation("softmax")])
    rng = np.random.default_rng(2)
    x = rng.normal(size=(48, 4, 4))
    y = (x[:, 0, 0] > 0).astype(int) + (x[:, 1, 1] > 0.5)
    return model, x, y


def test_sweep_with_batch_normalization_equals_fit_weights_and_history():
    """Run k equals fit at learning_rates[k] with BatchNormalization (batch statistics in training, moving
    ones updated with momentum 0.99 and used for val_loss); weights in get_weights() order, moving ones included."""
    model, x, y = _image_mlp()
    initial = model.get_weights()
    rates = [0.01, 0.1, 1.0]
    result = sweep(model, x, y, rates, optimizer="sgd", loss="sparse_categorical_crossentropy", epochs=3,
                   batch_size=16, validation_data=(x[:20], y[:20]), momentum=0.9)
    assert [w.shape for w in result.weights] == [(3,) + w.shape for w in initial]
    for k, rate in enumerate(rates):
        history, weights = _fit(model, initial, keras.optimizers.SGD(rate, momentum=0.9), x, y,
                                "sparse_categorical_crossentropy", 3, 16, (x[:20], y[:20]))
        _assert_same_run(result, k, history, weights)


def test_sweep_moves_the_moving_statistics_as_fit_does_and_the_optimizer_does_not():
    """moving_mean after one batch is 0.99 * 0 + 0.01 * the batch mean of the Dense outputs: the same in
    every run (same start, same batch), whatever the rate."""
    model, x, y = _image_mlp()
    initial = model.get_weights()
    result = sweep(model, x, y, [0.0, 1.0], loss="sparse_categorical_crossentropy", batch_size=48)
    dense_outputs = x.reshape(48, 16).astype(np.float32) @ initial[0]
    for k in range(2):
        np.testing.assert_allclose(result.weights[3][k], 0.01 * dense_outputs.mean(axis=0), rtol=1e-5, atol=1e-7)
    np.testing.assert_array_equal(result.weights[1][0], initial[1])  # gamma does not move at rate 0


def test_sweep_over_seeds_with_batch_normalization_equals_fit_after_set_random_seed():
    """With seeds and shuffle, run k's start is what building the model after set_random_seed draws (every
    layer's build, in order), and its batches are that seeded fit's."""
    _, x, y = _image_mlp()

    def build():
        return keras.Sequential([keras.Input((4, 4)), keras.layers.Flatten(), keras.layers.Dense(8, use_bias=False),
                                 keras.layers.BatchNormalization(), keras.layers.Activation("relu"),
                                 keras.layers.Dense(3, activation="softmax")])

    seeds, rates = [4, 9], [0.05, 0.5]
    result = sweep(build(), x, y, rates, optimizer="adam", loss="sparse_categorical_crossentropy", epochs=2,
                   batch_size=16, shuffle=True, seeds=seeds, validation_data=(x[:20], y[:20]))
    for k in range(4):
        keras.utils.set_random_seed(int(result.seeds[k]))
        model = build()
        model.compile(optimizer=keras.optimizers.Adam(float(result.learning_rates[k])),
                      loss="sparse_categorical_crossentropy")
        history = model.fit(x, y, epochs=2, batch_size=16, validation_data=(x[:20], y[:20]), verbose=0)
        _assert_same_run(result, k, history.history, model.get_weights())


def test_sweep_with_batch_normalization_without_scale_or_center_trains_only_the_dense_layers():
    """center=False, scale=False: BatchNormalization has only its two moving weights (nothing to train)."""
    model = keras.Sequential([keras.Input(3), keras.layers.Dense(4, use_bias=False), keras.layers.BatchNormalization(
        center=False, scale=False), keras.layers.Dense(1)])
    _, x, y = _small_network()
    initial = model.get_weights()
    result = sweep(model, x, y[:, :1], [0.01, 0.1], loss="mse", epochs=2, batch_size=8)
    for k, rate in enumerate([0.01, 0.1]):
        history, weights = _fit(model, initial, keras.optimizers.SGD(rate), x, y[:, :1], "mse", 2, 8)
        _assert_same_run(result, k, history, weights)


def test_sweep_rejects_dropout_saying_its_masks_would_have_to_be_shared():
    model = keras.Sequential([keras.Input(3), keras.layers.Dense(4), keras.layers.Dropout(0.5), keras.layers.Dense(2)])
    _, x, y = _small_network()
    with pytest.raises(ValueError, match="cannot train Dropout.*share fit's masks"):
        sweep(model, x, y, [0.1])


def test_sweep_rejects_an_unknown_layer_naming_it():
    class Doubling(keras.layers.Layer):
        def forward(self, x):
            return 2 * x

    model = keras.Sequential([keras.Input(3), Doubling(name="doubling"), keras.layers.Dense(2)])
    _, x, y = _small_network()
    with pytest.raises(ValueError, match="layer 'doubling' of type Doubling"):
        sweep(model, x, y, [0.1])
