"""What the exercise tests share: failure messages a student can act on (what, expected, got), running an
optimizer step by step against the trajectories the real frameworks recorded, and on several variables at once."""
import numpy as np
from golden_fixtures import load
from golden_runner import assert_steps_match, run_steps

from minigrad.losses import ErrorLoss

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


def assert_gradients(grads, expected, names: list[str], what: str) -> None:
    """A list of gradients, one per weight: first their number ("<what>: expected 1 gradient [d_kernel], got 2"),
    then each by name."""
    if len(grads) != len(expected):
        raise AssertionError(f"{what}: expected {len(expected)} gradient(s) [{', '.join(names)}], one per weight, "
                             f"got {len(grads)}")
    for name, actual, wanted in zip(names, grads, expected, strict=True):
        assert_close(actual, wanted, f"{what}: {name}")


class HalfSquaredError(ErrorLoss):
    """`0.5 * e ** 2` and its derivative `e`, written out here so layer tests need no loss exercise."""

    def elementwise(self, e):
        return 0.5 * e * e

    def derivative(self, e):
        return e


# A kernel (2, 3) and a bias (3,), and their gradients for four updates (float32-exact values, one of them 0).
KERNEL_AND_BIAS = ([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]], [0.125, -0.5, 1.0])
FOUR_GRADIENTS = [([[0.5, -0.25, 1.0], [2.0, 0.0, -1.5]], [0.75, -2.0, 0.25]),
                  ([[-1.0, 0.5, 0.25], [0.5, 1.0, -0.5]], [1.5, 0.5, -0.25]),
                  ([[0.25, 0.75, -2.0], [-0.5, 0.25, 1.0]], [-0.5, 1.0, 0.75]),
                  ([[1.5, -0.5, 0.5], [0.25, -1.0, 2.0]], [0.25, -0.75, -1.0])]


def assert_variables_move_as_if_alone(optimizer_class, **config) -> None:
    """One `optimizer_class(**config)` updating a kernel and a bias together for four steps, against a fresh one
    updating each of them alone: the update rule is per variable, so each must follow the same trajectory, and
    state shared by the variables (Nadam's product of momentum coefficients, in `state_attributes`) must advance
    once per update (`prepare_step`), not once per variable. One variable alone is what the golden five-step tests
    pin to the real framework, so together they pin a model's kernel and bias."""
    shapes = [np.shape(v) for v in KERNEL_AND_BIAS]
    arguments = ", ".join(f"{key}={value}" for key, value in config.items())
    label = f"{optimizer_class.__name__}({arguments}) on a kernel {shapes[0]} and a bias {shapes[1]} together"
    together = optimizer_class(**config)
    joint = run_steps(together, {"multi": True, "theta0": list(KERNEL_AND_BIAS), "grads": FOUR_GRADIENTS})
    for i, name in enumerate(("kernel", "bias")):
        alone = optimizer_class(**config)
        single = run_steps(alone, {"multi": True, "theta0": [KERNEL_AND_BIAS[i]],
                                   "grads": [[grads[i]] for grads in FOUR_GRADIENTS]})
        for attribute in together.state_attributes:
            assert_close(getattr(together, attribute), getattr(alone, attribute),
                         f"{label}: {attribute} after {len(FOUR_GRADIENTS)} updates (expected: as with one variable, "
                         "one factor per update)")
        for step, (both, one) in enumerate(zip(joint, single, strict=True), 1):
            assert_close(both[i], one[0], f"{label}: {name} after update {step} (expected: as when updated alone)",
                         rtol=1e-6, atol=1e-7)
