"""What the exercise tests share: failure messages a student can act on (what, expected, got), and
running an optimizer step by step against the trajectories the real frameworks recorded."""
import numpy as np
from golden_fixtures import load

SCHEDULE_CLIP_AND_DECAY = {"decay", "clipnorm", "clipvalue", "global_clipnorm"}


def assert_close(actual, expected, what: str, rtol: float = 1e-6, atol: float = 1e-12) -> None:
    """Raises AssertionError("<what>: expected <expected>, got <actual>") unless they agree to `rtol`/`atol`."""
    actual_array, expected_array = np.asarray(actual, dtype="float64"), np.asarray(expected, dtype="float64")
    if actual_array.shape != expected_array.shape or not np.allclose(actual_array, expected_array, rtol=rtol,
                                                                      atol=atol):
        raise AssertionError(f"{what}: expected {expected_array.tolist()}, got {actual_array.tolist()}")


def steps(optimizer, theta0, grads) -> list[np.ndarray]:
    """The weights after each update of `optimizer` from `theta0` with the gradients `grads` (float32).

    A non-zero gradient that leaves theta exactly as it was means the update made a new array instead of
    changing theta: that is reported as such, since the model would never see the new weights.
    """
    theta = np.array(theta0, dtype="float32")
    thetas = []
    for g in grads:
        before = theta.copy()
        optimizer.apply([np.array(g, dtype="float32")], [theta])
        if np.any(np.asarray(g) != 0) and np.array_equal(theta, before):
            raise AssertionError("theta was not updated in place: after a non-zero gradient it is unchanged. "
                                 "Write `theta -= lr * g` (or `theta[...] = ...`): `theta = theta - lr * g` makes "
                                 "a new array that the model never sees.")
        thetas.append(theta.copy())
    return thetas


def scalar_steps(optimizer, grads, theta0: float = 1.0) -> list[float]:
    """The scalar weight after each update of `optimizer` from `theta0` with the scalar gradients `grads`."""
    return [float(theta[0]) for theta in steps(optimizer, [theta0], [[g] for g in grads])]


def check_golden(convention: str, class_name: str, make_optimizer, exclude=SCHEDULE_CLIP_AND_DECAY,
                 where=lambda config: True) -> None:
    """Every record of `class_name` in optimizer_steps.json[convention] with one variable, no key of
    `exclude`, no schedule and a config that passes `where`: five steps of `make_optimizer(**config)`
    match the recorded weights."""
    records = [r for r in load("optimizer_steps")[convention] if r["class_name"] == class_name
               and not exclude & r["config"].keys() and not isinstance(r["config"].get("learning_rate"), dict)
               and not r.get("multi") and where(r["config"])]
    assert records, f"no {convention} {class_name} record in tests/golden/optimizer_steps.json"
    for record in records:
        thetas = steps(make_optimizer(**record["config"]), record["theta0"], record["grads"])
        for step, (theta, expected) in enumerate(zip(thetas, record["thetas"]), 1):
            assert_close(theta, expected, f"{record['id']}: theta after step {step} ({convention})", rtol=1e-5)
