"""Study exercises for the Keras 3 optimizers' `update_step`: one or two steps by hand on a scalar,
then five steps on four weights against the values real Keras 3 gave (tests/golden/optimizer_steps.json)."""
import numpy as np
import pytest
from exercise_checks import assert_close
from golden_fixtures import load

from minigrad import optimizers


def steps(optimizer, theta0, grads):
    """The weights after each update of `optimizer` from `theta0` with the gradients `grads`."""
    theta = np.array(theta0, dtype="float32")
    thetas = []
    for g in grads:
        optimizer.apply([np.array(g, dtype="float32")], [theta])
        thetas.append(theta.copy())
    return thetas


def keras_records(class_name, keys):
    """The Keras 3 records of `class_name` whose config uses only `keys` (no schedule, clipping or decay)."""
    return [r for r in load("optimizer_steps")["keras3"] if r["class_name"] == class_name and set(r["config"]) <= keys
            and not isinstance(r["config"].get("learning_rate"), dict)]


def check_against_keras(record, optimizer):
    for step, (theta, expected) in enumerate(zip(steps(optimizer, record["theta0"], record["grads"]),
                                                 record["thetas"]), 1):
        assert_close(theta, expected, f"{record['id']}: theta after step {step} (Keras 3)", rtol=1e-5)


def test_sgd_one_step_is_theta_minus_lr_g():
    assert_close(steps(optimizers.SGD(0.1), [1.0], [[0.5]])[0], [1 - 0.1 * 0.5], "SGD(0.1) from 1 with g = 0.5")


@pytest.mark.parametrize("record", keras_records("SGD", {"learning_rate"}), ids=lambda r: r["id"])
def test_sgd_matches_keras_for_five_steps(record):
    check_against_keras(record, optimizers.SGD(**record["config"]))


def test_momentum_two_steps_accumulate_the_velocity():
    """v1 = -0.1 * 0.5, theta1 = 1 + v1; v2 = 0.9 * v1 - 0.1 * 0.5, theta2 = theta1 + v2."""
    v1 = -0.1 * 0.5
    v2 = 0.9 * v1 - 0.1 * 0.5
    thetas = steps(optimizers.SGD(0.1, momentum=0.9), [1.0], [[0.5], [0.5]])
    assert_close(thetas, [[1 + v1], [1 + v1 + v2]], "SGD(0.1, momentum=0.9) from 1 with g = 0.5 twice")


def test_nesterov_one_step_looks_ahead_along_the_velocity():
    """v = -0.1 * 0.5; theta = 1 + 0.9 * v - 0.1 * 0.5."""
    v = -0.1 * 0.5
    theta = steps(optimizers.SGD(0.1, momentum=0.9, nesterov=True), [1.0], [[0.5]])[0]
    assert_close(theta, [1 + 0.9 * v - 0.1 * 0.5], "SGD(0.1, momentum=0.9, nesterov=True) from 1 with g = 0.5")


@pytest.mark.parametrize("record", [r for r in keras_records("SGD", {"learning_rate", "momentum", "nesterov"})
                                    if r["config"].get("momentum")], ids=lambda r: r["id"])
def test_sgd_momentum_matches_keras_for_five_steps(record):
    check_against_keras(record, optimizers.SGD(**record["config"]))
