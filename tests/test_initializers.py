"""Every Keras initializer by name: the same bounds and moments as tf.keras's on a (400, 300) kernel
(tests/golden/initializers.json); the random streams differ, the distributions must not."""
import numpy as np
import pytest
from golden_fixtures import load

from minigrad import initializers

STATISTICS = load("initializers")["statistics"]
BOUNDED = {"glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "lecun_uniform", "lecun_normal",
           "random_uniform", "truncated_normal"}


@pytest.mark.parametrize("keras", STATISTICS, ids=lambda r: r["name"])
def test_standard_deviation_matches_keras(keras):
    """120,000 draws estimate a standard deviation to about 0.2%: 1.5% leaves room for both estimates."""
    w = initializers.get(keras["name"])(tuple(keras["shape"]))
    assert w.dtype == np.float32 and w.shape == tuple(keras["shape"])
    assert w.std() == pytest.approx(keras["std"], rel=0.015, abs=1e-12)


@pytest.mark.parametrize("keras", [r for r in STATISTICS if r["name"] in BOUNDED], ids=lambda r: r["name"])
def test_bounds_match_keras_truncation_and_limits(keras):
    """Uniform limits sqrt(3 * scale / n), truncation at 2 standard deviations: the extremes reach the same bound."""
    w = initializers.get(keras["name"])(tuple(keras["shape"]))
    bound = max(abs(keras["min"]), abs(keras["max"]))
    assert np.abs(w).max() <= bound * 1.001
    assert np.abs(w).max() >= bound * 0.99


@pytest.mark.parametrize("keras", STATISTICS, ids=lambda r: r["name"])
def test_mean_matches_keras(keras):
    w = initializers.get(keras["name"])(tuple(keras["shape"]))
    assert w.mean() == pytest.approx(keras["mean"], abs=5 * keras["std"] / np.sqrt(w.size) + 1e-12)


def test_he_normal_is_truncated_at_two_standard_deviations_of_the_corrected_scale():
    """stddev = sqrt(2 / fan_in) / 0.87962566103423978, truncated at +-2 stddev (Keras's VarianceScaling)."""
    w = initializers.HeNormal()((400, 300))
    assert np.abs(w).max() <= 2 * np.sqrt(2 / 400) / 0.87962566103423978


def test_constant_fills_with_its_value():
    assert initializers.Constant(0.5)((2, 2)).tolist() == [[0.5, 0.5], [0.5, 0.5]]
