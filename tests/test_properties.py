"""Properties that must hold for any input (hypothesis draws the shapes, activations, losses and values):
gradients equal finite differences, a zero learning rate changes nothing, every optimizer converges
on a convex quadratic, a seed fixes a run bit for bit, and float32 stays float32."""
import inspect

import numpy as np
import pytest
from all_optimizers import CLASSES, IDS, make
from hypothesis import given, settings
from hypothesis import strategies as st

import minigrad as keras
from minigrad import backend, losses
from minigrad.layers import Dense, Input
from minigrad.utils import numerical_gradient

ACTIVATIONS = ["linear", "relu", "tanh", "sigmoid"]
LOSSES = {"mse": losses.MeanSquaredError, "mae": losses.MeanAbsoluteError, "huber": losses.Huber}
FEW = settings(max_examples=15, deadline=None)


@FEW
@given(n=st.integers(1, 5), d_in=st.integers(1, 4), hidden=st.integers(1, 4), d_out=st.integers(1, 3),
       activations=st.tuples(st.sampled_from(ACTIVATIONS), st.sampled_from(ACTIVATIONS)),
       use_bias=st.booleans(), loss_name=st.sampled_from(sorted(LOSSES)), seed=st.integers(0, 2**16))
def test_backward_pass_equals_finite_differences(n, d_in, hidden, d_out, activations, use_bias, loss_name, seed):
    """dL/dw from `compute_gradients` equals (L(w + eps) - L(w - eps)) / (2 * eps) for every weight, in float64."""
    backend.set_floatx("float64")
    try:
        rng = np.random.default_rng(seed)
        x, y = rng.normal(size=(n, d_in)), rng.normal(size=(n, d_out))
        model = keras.Sequential([Input(d_in), Dense(hidden, activation=activations[0], use_bias=use_bias),
                                  Dense(d_out, activation=activations[1], use_bias=use_bias)])
        model.set_weights([rng.normal(size=w.shape) for w in model.get_weights()])
        loss = LOSSES[loss_name]()
        model.compile(optimizer="sgd", loss=loss)
        _, analytic = model.compute_gradients(x, y)
        for i, (weight, expected) in enumerate(zip(model.trainable_variables, analytic, strict=True)):
            numeric = numerical_gradient(lambda: float(loss(y, model.predict_on_batch(x))), weight)
            where = f"weight {i}, {activations}, {loss_name}"
            np.testing.assert_allclose(expected, numeric, rtol=1e-5, atol=1e-7,
                                       err_msg=f"{where}: backward != finite differences")
    finally:
        backend.set_floatx("float32")


GRADIENTS = st.lists(st.floats(-1e3, 1e3, width=32), min_size=6, max_size=6).map(
    lambda values: np.array(values, dtype="float32").reshape(2, 3))


@pytest.mark.parametrize("optimizer_class", CLASSES, ids=IDS)
@settings(max_examples=5, deadline=None)
@given(gradients=st.lists(GRADIENTS, min_size=1, max_size=3))
def test_a_zero_learning_rate_leaves_the_weights_unchanged(optimizer_class, gradients):
    theta = np.linspace(-1, 1, 6, dtype="float32").reshape(2, 3)
    before = theta.copy()
    optimizer = make(optimizer_class, 0.0)
    for g in gradients:
        optimizer.apply([g], [theta])
    assert np.array_equal(theta, before), f"learning rate 0 moved the weights: {before} -> {theta}"


def convergence_settings(optimizer_class):
    """A learning rate (and epsilon) for which each method settles within 500 steps on curvatures 0.5 to 2."""
    name = optimizer_class.__name__.lower().removeprefix("legacy").removeprefix("torch")
    parameters = inspect.signature(optimizer_class).parameters
    extra = {"weight_decay": 0.0} if name == "adamw" else {}
    if name == "adadelta":
        extra["eps" if "eps" in parameters else "epsilon"] = 1e-3
        return 1.0, extra
    return {"sgd": 0.1, "adagrad": 1.0}.get(name, 0.1), extra


@pytest.mark.parametrize("optimizer_class", CLASSES, ids=IDS)
@settings(max_examples=5, deadline=None)
@given(curvature=st.lists(st.floats(0.5, 2.0), min_size=1, max_size=4),
       data=st.data())
def test_every_optimizer_converges_on_a_convex_quadratic(optimizer_class, curvature, data):
    """f(theta) = sum(a * (theta - c) ** 2) / 2, gradient a * (theta - c): 500 steps from 0 reach c.

    The minimum is at least 0.5 away from the start in each coordinate: started next to it, Adam-like
    methods with a constant learning rate keep steps of about `learning_rate` and hover around it.
    """
    a = np.array(curvature, dtype="float32")
    distances = data.draw(st.lists(st.floats(0.5, 3), min_size=len(a), max_size=len(a)))
    signs = data.draw(st.lists(st.sampled_from([-1.0, 1.0]), min_size=len(a), max_size=len(a)))
    c = np.array(distances, dtype="float32") * np.array(signs, dtype="float32")
    learning_rate, extra = convergence_settings(optimizer_class)
    optimizer = make(optimizer_class, learning_rate, **extra)
    theta = np.zeros_like(a)
    for _ in range(500):
        optimizer.apply([a * (theta - c)], [theta])
    assert np.abs(theta - c).max() < 0.05, f"{optimizer_class.__name__} ended at {theta}, the minimum is {c}"


def fit_run(seed, batch_size):
    keras.utils.set_random_seed(seed)
    x = keras.backend.rng().normal(size=(20, 2)).astype("float32")
    model = keras.Sequential([Input(2), Dense(3, activation="tanh"), Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(0.05, momentum=0.9), loss="mse")
    history = model.fit(x, x.sum(axis=1), batch_size=batch_size, epochs=3, verbose=0)
    return model.get_weights(), history.history


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), batch_size=st.integers(1, 25))
def test_a_fixed_seed_gives_bit_identical_runs(seed, batch_size):
    """Same seed: same initial weights, same shuffling, so the same weights and history, bit for bit."""
    (weights_a, history_a), (weights_b, history_b) = fit_run(seed, batch_size), fit_run(seed, batch_size)
    assert history_a == history_b, f"histories differ: {history_a} vs {history_b}"
    assert all(np.array_equal(a, b) for a, b in zip(weights_a, weights_b, strict=True)), "weights differ"


@settings(max_examples=10, deadline=None)
@given(dtype=st.sampled_from(["float16", "float32", "float64", "int32", "int64", "uint8", "bool"]),
       batch_size=st.integers(1, 8))
def test_float32_in_float32_out_whatever_the_input_dtype(dtype, batch_size):
    x = (np.arange(16).reshape(8, 2) % 3).astype(dtype)
    model = keras.Sequential([Input(2), Dense(2, activation="relu"), Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(0.01, momentum=0.9), loss="mae")
    model.fit(x, x[:, :1], batch_size=batch_size, verbose=0)
    assert model.predict(x, verbose=0).dtype == np.float32
    assert [w.dtype for w in model.get_weights()] == [np.float32] * 4


@pytest.mark.parametrize("optimizer_class", CLASSES, ids=IDS)
def test_every_optimizer_keeps_weights_and_slots_float32(optimizer_class):
    theta = np.ones((2, 3), dtype="float32")
    optimizer = make(optimizer_class, 0.01)
    for step in range(3):
        optimizer.apply([np.full((2, 3), 0.5 - step, dtype="float32")], [theta])
    assert theta.dtype == np.float32
    for name, slot in (optimizer.get_state()["slots"] or [{}])[0].items():
        assert slot.dtype == np.float32, f"slot {name!r} is {slot.dtype}, not float32"
