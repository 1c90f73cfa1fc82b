"""BatchNormalization: the formulas by hand, its gradients by finite differences, and real Keras's values,
gradients and moving statistics (tests/golden/layers.json, tf_keras and Keras 3); where its weights go."""
import math

import numpy as np
import pytest
from golden_fixtures import load

import minigrad as keras
from minigrad.layers import BatchNormalization
from minigrad.utils import numerical_gradient

FIXTURE = load("layers")
NAMESPACES = ["tf_keras", "keras3"]
RECORDS = [(namespace, record) for namespace in NAMESPACES for record in FIXTURE[namespace]["batch_normalization"]]


def built(weights=None, input_shape=(2,), **config):
    layer = BatchNormalization(**config)
    layer.build(input_shape)
    if weights is not None:
        layer.set_weights([np.array(w, dtype="float32") for w in weights])
    return layer


# -- the formulas, by hand -------------------------------------------------------------------------

def test_training_normalizes_each_feature_with_the_batchs_mean_and_variance():
    """x = [1, 3] and [10, 10]: mean 2, var 1 (divided by n = 2, not n - 1); a constant feature gives 0."""
    y = built(epsilon=1e-3)(np.array([[1.0, 10.0], [3.0, 10.0]], dtype="float32"), training=True)
    np.testing.assert_allclose(y, [[-1 / math.sqrt(1.001), 0.0], [1 / math.sqrt(1.001), 0.0]], rtol=1e-6)


def test_gamma_scales_and_beta_shifts_the_normalized_values():
    """y = gamma * x_hat + beta with gamma = [2, 3], beta = [0.5, -1]: x_hat = -+1/sqrt(1.001) in feature 0."""
    layer = built([[2.0, 3.0], [0.5, -1.0], [0.0, 0.0], [1.0, 1.0]])
    y = layer(np.array([[1.0, 10.0], [3.0, 10.0]], dtype="float32"), training=True)
    x_hat = 1 / math.sqrt(1.001)
    np.testing.assert_allclose(y, [[0.5 - 2 * x_hat, -1.0], [0.5 + 2 * x_hat, -1.0]], rtol=1e-6)


def test_moving_statistics_move_by_one_minus_momentum_towards_the_batchs():
    """moving = moving * momentum + batch * (1 - momentum); from 0 and 1 with momentum 0.9, batch mean 2, var 1."""
    layer = built(momentum=0.9)
    layer(np.array([[1.0, 10.0], [3.0, 10.0]], dtype="float32"), training=True)
    moving_mean, moving_variance = layer.get_weights()[2:]
    np.testing.assert_allclose(moving_mean, [0.1 * 2, 0.1 * 10], rtol=1e-6)
    np.testing.assert_allclose(moving_variance, [0.9 + 0.1 * 1, 0.9 + 0.1 * 0], rtol=1e-6)


def test_inference_uses_the_moving_statistics_and_changes_nothing():
    """y = (x - moving_mean) / sqrt(moving_variance + epsilon): moving mean 1, variance 4 - epsilon."""
    layer = built([[1.0, 1.0], [0.0, 0.0], [1.0, 1.0], [4.0 - 1e-3, 4.0 - 1e-3]])
    before = layer.get_weights()
    y = layer(np.array([[3.0, 1.0]], dtype="float32"))
    np.testing.assert_allclose(y, [[1.0, 0.0]], rtol=1e-6)
    for a, b in zip(layer.get_weights(), before, strict=True):
        np.testing.assert_array_equal(a, b)


def test_features_are_the_last_axis_and_statistics_cover_every_other_axis():
    """Samples of shape (2, 3): each of the 3 features is normalized over the batch and the 2 rows together."""
    x = np.arange(12, dtype="float32").reshape(2, 2, 3)
    y = built(input_shape=(2, 3), epsilon=1e-3)(x, training=True)
    flat = x.reshape(-1, 3)
    np.testing.assert_allclose(y.reshape(-1, 3), (flat - flat.mean(0)) / np.sqrt(flat.var(0) + 1e-3), rtol=1e-6)


def test_weights_are_gamma_beta_moving_mean_moving_variance_as_in_keras():
    layer = built(input_shape=(3,))
    assert layer.weight_names == ("gamma", "beta", "moving_mean", "moving_variance")
    assert [w.tolist() for w in layer.get_weights()] == [[1.0] * 3, [0.0] * 3, [0.0] * 3, [1.0] * 3]
    assert all(w.dtype == np.float32 for w in layer.get_weights())


@pytest.mark.parametrize("config, names", [({"center": False}, ("gamma",)), ({"scale": False}, ("beta",)),
                                           ({"center": False, "scale": False}, ())])
def test_center_and_scale_false_leave_out_beta_and_gamma(config, names):
    layer = built(**config)
    assert layer.weight_names == (*names, "moving_mean", "moving_variance")
    assert len(layer.trainable_weights) == len(names) and len(layer.non_trainable_weights) == 2


# -- gradients ----------------------------------------------------------------------------------

@pytest.mark.parametrize("training", [True, False])
def test_backward_matches_finite_differences_of_sum_dy_times_y(training):
    """dL/dx, dL/dgamma, dL/dbeta of L = sum(dy * y) in float64: in training, through the batch statistics too."""
    keras.backend.set_floatx("float64")
    try:
        rng = np.random.default_rng(0)
        x, dy = rng.normal(2.0, 3.0, size=(6, 3)), rng.normal(size=(6, 3))
        layer = built([rng.uniform(0.5, 1.5, 3), rng.normal(size=3), rng.normal(size=3), rng.uniform(1, 2, 3)],
                      input_shape=(3,), momentum=0.5)
        moving = [w.copy() for w in layer.non_trainable_weights]

        def loss():
            for own, saved in zip(layer.non_trainable_weights, moving, strict=True):
                own[...] = saved  # each training forward pass moves them; the loss must not depend on the call count
            return float((dy * layer(x, training=training)).sum())

        loss()
        dx = layer.backward(dy)
        np.testing.assert_allclose(dx, numerical_gradient(loss, x), rtol=1e-6, atol=1e-8)
        for gradient, weight in zip(layer.grads, layer.trainable_weights, strict=True):
            np.testing.assert_allclose(gradient, numerical_gradient(loss, weight), rtol=1e-6, atol=1e-8)
    finally:
        keras.backend.set_floatx("float32")


def test_training_input_gradient_sums_to_zero_over_the_batch():
    """Shifting every sample of a feature by c changes nothing after normalization, so sum_i dL/dx_i = 0."""
    rng = np.random.default_rng(1)
    layer = built(input_shape=(3,))
    layer(rng.normal(size=(16, 3)).astype("float32"), training=True)
    dx = layer.backward(rng.normal(size=(16, 3)).astype("float32"))
    np.testing.assert_allclose(dx.sum(axis=0), 0.0, atol=1e-5)


# -- real Keras ---------------------------------------------------------------------------------

@pytest.mark.parametrize("namespace, record", RECORDS, ids=[f"{n}-{r['id']}" for n, r in RECORDS])
def test_values_gradients_and_moving_statistics_match_keras(namespace, record):
    """y = layer(x, training), the gradients of sum(dy * y) (dx, then gamma's and beta's), and the weights after."""
    x, dy = np.array(record["x"], dtype="float32"), np.array(record["dy"], dtype="float32")
    layer = built(record["weights"], input_shape=x.shape[1:], **record["config"])
    y = layer(x, training=record["training"])
    dx = layer.backward(dy)
    where = f"{record['id']}, minigrad vs {namespace}"
    np.testing.assert_allclose(y, record["y"], rtol=1e-5, atol=1e-6, err_msg=f"{where}: y")
    np.testing.assert_allclose(dx, record["dx"], rtol=1e-5, atol=1e-6, err_msg=f"{where}: dx")
    assert len(layer.grads) == len(record["grads"]), where
    trainable_names = layer.weight_names[:len(layer.trainable_weights)]
    for name, gradient, expected in zip(trainable_names, layer.grads, record["grads"], strict=True):
        np.testing.assert_allclose(gradient, expected, rtol=1e-5, atol=1e-6, err_msg=f"{where}: d_{name}")
    for name, weight, expected in zip(layer.weight_names, layer.get_weights(), record["weights_after"], strict=True):
        np.testing.assert_allclose(weight, expected, rtol=1e-5, atol=1e-7, err_msg=f"{where}: {name} after the call")


def test_the_keras_records_cover_training_inference_every_center_scale_and_3d_inputs():
    ids = {record["id"] for record in FIXTURE["keras3"]["batch_normalization"]}
    assert {f"{c}_{mode}" for c in ("defaults", "no_center", "no_scale", "no_center_no_scale")
            for mode in ("training", "inference")} | {"defaults_training_3d"} <= ids


@pytest.mark.parametrize("namespace", NAMESPACES)
def test_moving_statistics_after_five_training_steps_match_keras(namespace):
    record = FIXTURE[namespace]["moving_statistics"]
    layer = built(record["weights"], input_shape=(4,), **record["config"])
    for step, (x, expected) in enumerate(zip(record["xs"], record["moving_after_each_step"], strict=True), 1):
        layer(np.array(x, dtype="float32"), training=True)
        moving = layer.get_weights()[2:]
        for name, actual, value in zip(("moving_mean", "moving_variance"), moving, expected, strict=True):
            np.testing.assert_allclose(actual, value, rtol=1e-5, err_msg=f"{name} after step {step} vs {namespace}")


# -- in a model ---------------------------------------------------------------------------------

def bn_model(**config):
    model = keras.Sequential([keras.Input(2), keras.layers.Dense(3), BatchNormalization(**config),
                              keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    return model


def test_count_params_counts_four_numbers_per_feature_two_of_them_trainable():
    """Dense(3) on 2 inputs: 9; BatchNormalization of 3 features: 3 x (gamma, beta) + 3 x (moving mean, variance)."""
    model = bn_model()
    assert model.layers[1].count_params() == 12
    assert model.count_params() == 9 + 12 + 4
    assert sum(w.size for w in model.trainable_weights) == 9 + 6 + 4
    assert sum(w.size for w in model.non_trainable_weights) == 6


def test_summary_prints_the_trainable_and_non_trainable_params_as_tf_keras():
    lines = []
    bn_model().summary(print_fn=lines.append)
    assert lines[-4:-1] == ["Total params: 25 (100.00 Byte)", "Trainable params: 19 (76.00 Byte)",
                            "Non-trainable params: 6 (24.00 Byte)"]


def test_get_weights_lists_every_layers_weights_in_keras_order():
    shapes = [w.shape for w in bn_model().get_weights()]
    assert shapes == [(2, 3), (3,), (3,), (3,), (3,), (3,), (3, 1), (1,)]


def test_the_optimizer_updates_gamma_and_beta_but_never_the_moving_statistics():
    """With momentum 1 the forward pass leaves the moving statistics as they are (moving * 1 + batch * 0): after a
    fit step that moves gamma and beta they are still 0 and 1, so the optimizer never touched them."""
    model = bn_model(momentum=1.0)
    layer = model.layers[1]
    model.fit(np.array([[1.0, 2.0], [3.0, -1.0], [0.5, 0.5]]), np.array([1.0, 2.0, 0.0]), batch_size=3, epochs=1,
              shuffle=False, verbose=0)
    assert not np.array_equal(layer.gamma, np.ones(3)) and not np.array_equal(layer.beta, np.zeros(3))
    assert layer.moving_mean.tolist() == [0.0] * 3 and layer.moving_variance.tolist() == [1.0] * 3
    assert not any(w is layer.moving_mean or w is layer.moving_variance for w in model.trainable_variables)
    assert len(model.trainable_variables) == 6


def test_fit_trains_with_batch_statistics_and_evaluate_predicts_with_the_moving_ones():
    """After one fit step with momentum 0 the moving statistics are that batch's: evaluate and predict on the
    same batch then normalize it exactly as training did, and a single sample is normalized the same way."""
    model = bn_model(momentum=0.0)
    x = np.array([[1.0, 2.0], [3.0, -1.0], [0.5, 0.5]], dtype="float32")
    model.compile(optimizer=keras.optimizers.SGD(0.0), loss="mse")  # lr 0: the weights stay, the statistics move
    model.fit(x, np.ones(3), batch_size=3, epochs=1, shuffle=False, verbose=0)
    training_output = model(x, training=True)
    np.testing.assert_allclose(model.predict(x, verbose=0), training_output, rtol=1e-5)
    np.testing.assert_allclose(model.predict(x[:1], verbose=0), training_output[:1], rtol=1e-5)
    assert model.evaluate(x, np.ones(3), verbose=0) == pytest.approx(float(((training_output - 1) ** 2).mean()))


def test_model_call_is_inference_by_default_and_training_when_asked():
    """model(x) uses the moving statistics (0 and 1 at first: x_hat = x / sqrt(1.001)); model(x, training=True)
    the batch's, and it moves the moving statistics as a training step does."""
    model = keras.Sequential([keras.Input(1), BatchNormalization()])
    x = np.array([[1.0], [3.0]], dtype="float32")
    np.testing.assert_allclose(model(x), x / math.sqrt(1.001), rtol=1e-6)
    np.testing.assert_allclose(model(x, training=True), [[-1 / math.sqrt(1.001)], [1 / math.sqrt(1.001)]], rtol=1e-6)
    np.testing.assert_allclose(model.layers[0].moving_mean, [0.02], rtol=1e-6)


def test_saving_and_loading_keeps_the_moving_statistics(tmp_path):
    model = bn_model()
    model.fit(np.random.default_rng(0).normal(size=(32, 2)), np.ones(32), epochs=2, verbose=0)
    model.save(tmp_path / "model.npz")
    loaded = keras.models.load_model(tmp_path / "model.npz")
    for saved, restored in zip(model.get_weights(), loaded.get_weights(), strict=True):
        np.testing.assert_array_equal(saved, restored)
    x = np.ones((2, 2), dtype="float32")
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
    assert loaded.layers[1].get_config() == model.layers[1].get_config()


def test_training_continues_after_loading_exactly_as_without_saving(tmp_path):
    """Adam's slots follow the trainable weights only; the moving statistics are weights, not slots."""
    x, y = np.random.default_rng(1).normal(size=(16, 2)), np.ones(16)
    model = bn_model()
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
    model.fit(x, y, epochs=1, shuffle=False, verbose=0)
    model.save(tmp_path / "model.npz")
    loaded = keras.models.load_model(tmp_path / "model.npz")
    model.fit(x, y, epochs=1, shuffle=False, verbose=0)
    loaded.fit(x, y, epochs=1, shuffle=False, verbose=0)
    for a, b in zip(model.get_weights(), loaded.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


# -- errors ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, error, match", [
    ({"momentum": 1.5}, ValueError, "momentum"), ({"epsilon": 0}, ValueError, "epsilon"),
    ({"axis": "last"}, TypeError, "axis"), ({"gamma_initializer": "onez"}, ValueError, "Did you mean 'ones'"),
])
def test_bad_arguments_raise_naming_them(kwargs, error, match):
    with pytest.raises(error, match=match):
        BatchNormalization(**kwargs)


def test_an_axis_other_than_the_features_is_refused_when_built():
    with pytest.raises(ValueError, match=r"the last axis \(-1 or 2.*Received: axis=1"):
        built(input_shape=(3, 4), axis=1)


def test_set_weights_names_the_weight_whose_shape_is_wrong():
    with pytest.raises(ValueError, match=r"moving_variance to have shape \(2,\)"):
        built([[1, 1], [0, 0], [0, 0], [1, 1, 1]])
