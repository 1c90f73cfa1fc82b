"""The learning-rate tools on a classifier (ReLU hidden layer, softmax output, cross-entropy)."""
import numpy as np
import pytest

import minigrad as keras
from minigrad import analysis, lr_finder, sweep


def blobs(n=60, seed=0):
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % 3
    x = rng.normal(0, 2, size=(3, 2))[labels] + rng.normal(size=(n, 2))
    return x.astype("float32"), labels


def classifier(loss="sparse_categorical_crossentropy", optimizer="sgd"):
    keras.utils.set_random_seed(1)
    model = keras.Sequential([keras.Input(2), keras.layers.Dense(8, activation="relu"),
                              keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer=optimizer, loss=loss, metrics=["accuracy"])
    return model


def test_sweep_over_learning_rates_equals_fit_at_each_rate_on_a_classifier():
    """One vectorized run of K learning rates gives each rate's own fit (float32, shuffle=False)."""
    x, labels = blobs()
    y = keras.utils.to_categorical(labels)
    rates = [0.01, 0.1, 0.5]
    model = classifier(loss="categorical_crossentropy")
    result = sweep.sweep(model, x, y, rates, loss="categorical_crossentropy", epochs=3, shuffle=False)
    for k, rate in enumerate(rates):
        single = classifier(loss="categorical_crossentropy", optimizer=keras.optimizers.SGD(rate))
        history = single.fit(x, y, epochs=3, shuffle=False, verbose=0)
        np.testing.assert_allclose(result.history["loss"][k], history.history["loss"], rtol=1e-5)
        for swept, fitted in zip(result.weights, single.get_weights(), strict=True):
            np.testing.assert_allclose(swept[k], fitted, rtol=1e-5, atol=1e-6)


def test_sweep_takes_class_indices_with_the_sparse_loss():
    x, labels = blobs()
    result = sweep.sweep(classifier(), x, labels, [0.1, 1.0], loss="sparse_categorical_crossentropy", epochs=2)
    assert result.history["loss"].shape == (2, 2) and np.isfinite(result.history["loss"]).all()


def test_lr_range_test_on_a_classifier_finds_a_rate_inside_the_range_and_restores_the_model():
    x, labels = blobs(n=300)
    model = classifier()
    before = model.get_weights()
    result = lr_finder.find_lr(model, x, labels, start_lr=1e-4, end_lr=10.0, num_steps=60, batch_size=16)
    assert 1e-4 <= result.valley <= 10.0 and len(result.losses) > 10
    for a, b in zip(before, model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


def test_sharpness_of_a_linear_mse_model_is_the_largest_eigenvalue_of_its_hessian():
    """For MSE on a linear model the Hessian is 2 / n * A.T @ A everywhere (float64)."""
    keras.backend.set_floatx("float64")
    x = np.random.default_rng(2).normal(size=(30, 2))
    model = keras.Sequential([keras.Input(2), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    expected = np.linalg.eigvalsh(analysis.mse_hessian(x))[-1]
    assert analysis.sharpness(model, x, x @ [[1.0], [-2.0]]) == pytest.approx(expected, rel=1e-6)


def test_sharpness_of_a_classifier_matches_the_largest_eigenvalue_of_its_finite_difference_hessian():
    keras.backend.set_floatx("float64")
    x, labels = blobs(n=30)
    model = classifier()
    theta = np.concatenate([w.ravel() for w in model.get_weights()])
    sizes = np.cumsum([w.size for w in model.get_weights()])[:-1]

    def gradient(t):
        model.set_weights([p.reshape(w.shape) for p, w in zip(np.split(t, sizes), model.get_weights(), strict=True)])
        return np.concatenate([g.ravel() for g in model.compute_gradients(x, labels)[1]])

    eps = 1e-5
    hessian = np.array([(gradient(theta + eps * e) - gradient(theta - eps * e)) / (2 * eps)
                        for e in np.eye(len(theta))])
    model.set_weights([p.reshape(w.shape) for p, w in zip(np.split(theta, sizes), model.get_weights(), strict=True)])
    expected = np.linalg.eigvalsh((hessian + hessian.T) / 2)
    largest = expected[np.argmax(np.abs(expected))]
    assert analysis.sharpness(model, x, labels, iterations=200) == pytest.approx(largest, rel=1e-3)
