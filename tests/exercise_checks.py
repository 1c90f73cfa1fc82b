"""What the exercise tests share: failure messages a student can act on (what, expected, got), and
running an optimizer step by step against the trajectories the real frameworks recorded."""
import numpy as np
from golden_fixtures import load
from golden_runner import assert_steps_match, run_steps

SCHEDULE_CLIP_AND_DECAY = {"decay", "clipnorm", "clipvalue", "global_clipnorm"}


def assert_close(actual, expected, what: str, rtol: float = 1e-6, atol: float = 1e-12) -> None:
    """Raises AssertionError("<what>: expected <expected>, got <actual>") unless they agree to `rtol`/`atol`."""
    actual_array, expected_array = np.asarray(actual, dtype="float64"), np.asarray(expected, dtype="float64")
    if actual_array.shape != expected_array.shape or not np.allclose(actual_array, expected_array, rtol=rtol,
                                                                      atol=atol):
        raise AssertionError(f"{what}: expected {expected_array.tolist()}, got {actual_array.tolist()}")


def steps(optimizer, theta0, grads) -> list[np.ndarray]:
    """The weights after each update of `optimizer` from `theta0` with the gradients `grads` (float32);
    an update that does not change theta in place fails with "theta was not updated in place"."""
    return [thetas[0] for thetas in run_steps(optimizer, {"theta0": theta0, "grads": grads})]


def assert_slots(optimizer, expected: dict[str, list[float]], what: str, rtol: float = 1e-6) -> None:
    """Checks the optimizer's slots (its running quantities, such as Adam's `m` and `v`) after the steps so far:
    "<what>: <slot>: expected ..., got ..."."""
    slots = optimizer.get_state()["slots"][0]
    for name, value in expected.items():
        assert_close(slots[name], value, f"{what}: {name}", rtol=rtol)


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
        assert_steps_match(make_optimizer(**record["config"]), record, convention)
