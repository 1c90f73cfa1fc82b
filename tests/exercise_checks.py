"""The check the exercise tests share: a failure message a student can act on (what, expected, got)."""
import numpy as np


def assert_close(actual, expected, what: str, rtol: float = 1e-6) -> None:
    """Raises AssertionError("<what>: expected <expected>, got <actual>") unless they agree to `rtol`."""
    actual_array, expected_array = np.asarray(actual, dtype="float64"), np.asarray(expected, dtype="float64")
    if actual_array.shape != expected_array.shape or not np.allclose(actual_array, expected_array, rtol=rtol,
                                                                      atol=1e-12):
        raise AssertionError(f"{what}: expected {expected_array.tolist()}, got {actual_array.tolist()}")
