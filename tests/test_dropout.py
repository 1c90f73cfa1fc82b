"""Dropout's rule: inverted dropout while training, nothing at inference.

Keras's masks come from its backend's random stream, which NumPy cannot reproduce, so the tests compare the
rule with what real Keras recorded (tests/golden/layers.json: the values it gives ones, the fraction it drops
over many draws, noise_shape's broadcasting, inference), check minigrad's own seeding, and the whole fits in
test_layer_fits.py replay Keras's recorded masks.
"""
import math

import numpy as np
import pytest
from golden_fixtures import load

import minigrad as keras
from minigrad.layers import Dropout

FIXTURE = load("layers")
RECORDS = [(namespace, record) for namespace in ("tf_keras", "keras3") for record in FIXTURE[namespace]["dropout"]]


def ones(shape):
    return np.ones(shape, dtype="float32")


@pytest.mark.parametrize("namespace, record", RECORDS, ids=[f"{n}-{r['id']}" for n, r in RECORDS])
def test_dropout_on_many_units_behaves_as_keras(namespace, record):
    """On ones: the same two values (0 and exactly 1 / (1 - rate) in float32), a dropped fraction within 5 standard
    deviations of Keras's (a binomial's, sqrt(2 rate (1 - rate) / n) for the difference of two), the same rows
    kept or dropped whole (noise_shape), and inference leaving the input as it is."""
    config = dict(record["config"])
    if config.get("noise_shape") is not None:
        config["noise_shape"] = tuple(config["noise_shape"])
    layer = Dropout(**config, seed=0)
    y = layer(ones(record["shape"]), training=True)
    assert sorted(set(y.ravel().tolist())) == record["values"], f"the values kept, minigrad vs {namespace}"
    draws = y.shape[0] if config.get("noise_shape") else y.size
    sigma = math.sqrt(2 * config["rate"] * (1 - config["rate"]) / draws)
    assert abs((y == 0).mean() - record["dropped_fraction"]) < 5 * sigma
    assert all(len(set(row)) == 1 for row in y.tolist()) == record["rows_all_kept_or_all_dropped"]
    assert record["inference_unchanged"] and np.array_equal(layer(ones(record["shape"])), ones(record["shape"]))


def test_the_dropped_fraction_is_the_rate_over_many_draws():
    """1,000,000 units at rate 0.3: the fraction dropped is 0.3 within 5 standard deviations (sqrt(0.21 / 1e6))."""
    y = Dropout(0.3, seed=1)(ones((1000, 1000)), training=True)
    assert abs((y == 0).mean() - 0.3) < 5 * math.sqrt(0.3 * 0.7 / 1e6)


def test_kept_units_are_scaled_by_one_over_one_minus_rate_so_the_mean_is_kept():
    """Inverted dropout: E[y] = (1 - rate) * x / (1 - rate) = x. x = 2, rate 0.75: kept units are 8, the mean ~2."""
    y = Dropout(0.75, seed=2)(np.full((500, 500), 2.0, dtype="float32"), training=True)
    assert set(y.ravel().tolist()) == {0.0, 8.0}
    assert y.mean() == pytest.approx(2.0, abs=5 * 8 * math.sqrt(0.75 * 0.25 / y.size))


def test_inference_returns_the_input_unchanged_and_its_gradient_too():
    layer = Dropout(0.5, seed=0)
    x = np.arange(6, dtype="float32").reshape(2, 3)
    assert layer(x) is x and layer(x, training=False) is x
    dy = np.ones((2, 3), dtype="float32")
    assert layer.backward(dy) is dy


def test_backward_multiplies_by_the_same_scaled_mask_as_forward():
    """dx = dy * keep / (1 - rate): zero where the unit was dropped, 1 / (1 - rate) where it was kept."""
    layer = Dropout(0.5, seed=3)
    y = layer(ones((4, 6)), training=True)
    np.testing.assert_array_equal(layer.backward(np.full((4, 6), 3.0, dtype="float32")), 3.0 * y)


def test_rate_zero_drops_nothing():
    x = np.arange(4, dtype="float32").reshape(2, 2)
    assert Dropout(0.0)(x, training=True) is x


def test_noise_shape_none_1_keeps_or_drops_each_samples_features_together():
    y = Dropout(0.5, noise_shape=(None, 1), seed=4)(ones((200, 7)), training=True)
    assert all(len(set(row)) == 1 for row in y.tolist()) and {0.0, 2.0} == set(y.ravel().tolist())


def test_noise_shape_1_n_uses_one_mask_for_the_whole_batch():
    y = Dropout(0.5, noise_shape=(1, 50), seed=5)(ones((3, 50)), training=True)
    assert (y == y[0]).all() and 0 < (y[0] == 0).sum() < 50


def test_the_same_seed_gives_the_same_masks_and_another_seed_others():
    draws = [Dropout(0.5, seed=seed)(ones((10, 10)), training=True) for seed in (7, 7, 8)]
    assert np.array_equal(draws[0], draws[1]) and not np.array_equal(draws[0], draws[2])


def test_each_training_call_draws_a_new_mask():
    layer = Dropout(0.5, seed=9)
    assert not np.array_equal(layer(ones((10, 10)), training=True), layer(ones((10, 10)), training=True))


def test_without_a_seed_masks_follow_set_random_seed():
    """Unseeded layers draw from minigrad's generator, which keras.utils.set_random_seed reseeds."""
    keras.utils.set_random_seed(11)
    first = Dropout(0.5)(ones((10, 10)), training=True)
    keras.utils.set_random_seed(11)
    assert np.array_equal(Dropout(0.5)(ones((10, 10)), training=True), first)


def test_a_seeded_dropout_in_a_model_makes_fit_repeatable():
    def trained():
        keras.utils.set_random_seed(0)
        model = keras.Sequential([keras.Input(3), keras.layers.Dense(8, activation="tanh"), Dropout(0.5, seed=1),
                                  keras.layers.Dense(1)])
        model.compile(optimizer="sgd", loss="mse")
        model.fit(np.ones((16, 3)), np.ones(16), epochs=2, verbose=0)
        return model.get_weights()

    for a, b in zip(trained(), trained(), strict=True):
        np.testing.assert_array_equal(a, b)


def test_fit_drops_units_and_evaluate_and_predict_do_not():
    """Dropout(0.5) before a Dense(1) with kernel 1: predict gives the sum of the inputs (no dropout), evaluate its
    loss; fit's logged loss comes from dropped units, so it differs from evaluate's on the same data."""
    model = keras.Sequential([keras.Input(8), Dropout(0.5, seed=0), keras.layers.Dense(1, kernel_initializer="ones")])
    model.compile(optimizer=keras.optimizers.SGD(0.0), loss="mse")
    x = ones((4, 8))
    assert model.predict(x, verbose=0).ravel().tolist() == [8.0] * 4
    assert model.evaluate(x, np.full(4, 8.0), verbose=0) == 0.0
    assert model.fit(x, np.full(4, 8.0), verbose=0, shuffle=False).history["loss"][0] > 0


def test_dropout_has_no_weights_and_keeps_the_shape():
    model = keras.Sequential([keras.Input(5), Dropout(0.2)])
    assert model.layers[0].count_params() == 0 and model.layers[0].output_shape == (5,)
    assert model.get_weights() == []


@pytest.mark.parametrize("kwargs, error, match", [
    ({"rate": 1.0}, ValueError, r"`rate` must be in \[0, 1\)"), ({"rate": -0.1}, ValueError, "rate"),
    ({"rate": "half"}, TypeError, "rate"), ({"rate": 0.5, "seed": -1}, ValueError, "seed"),
    ({"rate": 0.5, "noise_shape": "rows"}, ValueError, "noise_shape"),
    ({"rate": 0.5, "noise_shape": (None, 0)}, ValueError, "noise_shape"),
])
def test_bad_arguments_raise_naming_them(kwargs, error, match):
    with pytest.raises(error, match=match):
        Dropout(**kwargs)


@pytest.mark.parametrize("noise_shape", [(None,), (None, 3), (2, 1)])
def test_a_noise_shape_that_cannot_broadcast_is_refused_when_built(noise_shape):
    with pytest.raises(ValueError, match=r"noise_shape.*\(None, 5\)"):
        keras.Sequential([keras.Input(5), Dropout(0.5, noise_shape=noise_shape)])
