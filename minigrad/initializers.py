"""Weight initializers, by Keras name or as classes: `glorot_uniform` (Dense's default kernel), `zeros`, ...

The scaled ones follow Keras's `VarianceScaling`: with `n` the fan-in, the fan-out or their average,

    truncated_normal:  normal(0, sqrt(scale / n) / 0.8796...) redrawn outside 2 standard deviations
    uniform:           uniform(-sqrt(3 * scale / n), sqrt(3 * scale / n))

(0.8796... is the standard deviation of a unit normal truncated at +-2, so the result has variance
`scale / n`). Random numbers come from `backend.rng()`, so `utils.set_random_seed` makes them reproducible.
"""
from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from minigrad import backend
from minigrad._validation import check_real, unknown_name

TRUNCATED_NORMAL_STDDEV = 0.87962566103423978


def _truncated_normal(shape: tuple[int, ...], mean: float, stddev: float) -> np.ndarray:
    """Normal draws, each one outside `mean +- 2 * stddev` drawn again."""
    values = backend.rng().normal(mean, stddev, size=shape)
    outside = np.abs(values - mean) > 2 * stddev
    while outside.any():
        values[outside] = backend.rng().normal(mean, stddev, size=int(outside.sum()))
        outside = np.abs(values - mean) > 2 * stddev
    return values


class Initializer:
    """Called as `initializer(shape, dtype)`, returns the initial array."""

    def __call__(self, shape: tuple[int, ...], dtype: str | None = None) -> np.ndarray:
        return self.draw(tuple(shape)).astype(dtype or backend.floatx())

    def draw(self, shape: tuple[int, ...]) -> np.ndarray:
        raise NotImplementedError


class VarianceScaling(Initializer):
    """Keras's family of scaled initializers (see the module docstring).

    Args:
        scale: the target variance times `n`, > 0; default 1.
        mode: `"fan_in"`, `"fan_out"` or `"fan_avg"`; default `"fan_in"`.
        distribution: `"truncated_normal"`, `"untruncated_normal"` or `"uniform"`.

    Example (Glorot's bound for a 1x1 kernel is sqrt(3)):
    >>> w = VarianceScaling(1.0, "fan_avg", "uniform")((200, 300))
    >>> bool(abs(w).max() <= math.sqrt(3 / 250))
    True
    """

    def __init__(self, scale: float = 1.0, mode: str = "fan_in", distribution: str = "truncated_normal") -> None:
        self.scale = check_real("scale", scale, low=0, low_open=True)
        if mode not in ("fan_in", "fan_out", "fan_avg"):
            raise ValueError(f"`mode` must be 'fan_in', 'fan_out' or 'fan_avg'. Received: mode={mode!r}")
        if distribution not in ("truncated_normal", "untruncated_normal", "uniform"):
            raise ValueError("`distribution` must be 'truncated_normal', 'untruncated_normal' or 'uniform'. "
                             f"Received: distribution={distribution!r}")
        self.mode, self.distribution = mode, distribution

    def draw(self, shape: tuple[int, ...]) -> np.ndarray:
        fan_in, fan_out = shape[0], shape[1] if len(shape) > 1 else shape[0]
        n = max(1.0, {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[self.mode])
        if self.distribution == "uniform":
            limit = math.sqrt(3 * self.scale / n)
            return backend.rng().uniform(-limit, limit, size=shape)
        if self.distribution == "untruncated_normal":
            return backend.rng().normal(0.0, math.sqrt(self.scale / n), size=shape)
        return _truncated_normal(shape, 0.0, math.sqrt(self.scale / n) / TRUNCATED_NORMAL_STDDEV)


class GlorotUniform(VarianceScaling):
    """Uniform in `[-limit, limit]`, `limit = sqrt(6 / (fan_in + fan_out))` (Glorot & Bengio, 2010)."""

    def __init__(self) -> None:
        super().__init__(1.0, "fan_avg", "uniform")


class GlorotNormal(VarianceScaling):
    """Truncated normal with variance `2 / (fan_in + fan_out)` (Glorot & Bengio, 2010)."""

    def __init__(self) -> None:
        super().__init__(1.0, "fan_avg", "truncated_normal")


class HeUniform(VarianceScaling):
    """Uniform in `[-limit, limit]`, `limit = sqrt(6 / fan_in)` (He et al., 2015): for ReLU layers."""

    def __init__(self) -> None:
        super().__init__(2.0, "fan_in", "uniform")


class HeNormal(VarianceScaling):
    """Truncated normal with variance `2 / fan_in` (He et al., 2015): for ReLU layers."""

    def __init__(self) -> None:
        super().__init__(2.0, "fan_in", "truncated_normal")


class LecunUniform(VarianceScaling):
    """Uniform in `[-limit, limit]`, `limit = sqrt(3 / fan_in)` (LeCun et al., 1998)."""

    def __init__(self) -> None:
        super().__init__(1.0, "fan_in", "uniform")


class LecunNormal(VarianceScaling):
    """Truncated normal with variance `1 / fan_in` (LeCun et al., 1998): SELU's partner."""

    def __init__(self) -> None:
        super().__init__(1.0, "fan_in", "truncated_normal")


class RandomNormal(Initializer):
    """Normal draws, `normal(mean, stddev)`; Keras's defaults 0 and 0.05."""

    def __init__(self, mean: float = 0.0, stddev: float = 0.05) -> None:
        self.mean, self.stddev = check_real("mean", mean), check_real("stddev", stddev, low=0)

    def draw(self, shape: tuple[int, ...]) -> np.ndarray:
        return backend.rng().normal(self.mean, self.stddev, size=shape)


class TruncatedNormal(RandomNormal):
    """Normal draws redrawn outside `mean +- 2 * stddev`; Keras's defaults 0 and 0.05."""

    def draw(self, shape: tuple[int, ...]) -> np.ndarray:
        return _truncated_normal(shape, self.mean, self.stddev)


class RandomUniform(Initializer):
    """Uniform draws in `[minval, maxval)`; Keras's defaults -0.05 and 0.05."""

    def __init__(self, minval: float = -0.05, maxval: float = 0.05) -> None:
        self.minval, self.maxval = check_real("minval", minval), check_real("maxval", maxval, low=minval)

    def draw(self, shape: tuple[int, ...]) -> np.ndarray:
        return backend.rng().uniform(self.minval, self.maxval, size=shape)


class Constant(Initializer):
    """Every entry `value`; default 0."""

    def __init__(self, value: float = 0.0) -> None:
        self.value = check_real("value", value)

    def draw(self, shape: tuple[int, ...]) -> np.ndarray:
        return np.full(shape, self.value)


class Zeros(Constant):
    """All zeros (Dense's default bias)."""

    def __init__(self) -> None:
        super().__init__(0.0)


class Ones(Constant):
    """All ones."""

    def __init__(self) -> None:
        super().__init__(1.0)


_INITIALIZERS: dict[str, type[Initializer]] = {
    "glorot_uniform": GlorotUniform, "glorot_normal": GlorotNormal, "he_uniform": HeUniform, "he_normal": HeNormal,
    "lecun_uniform": LecunUniform, "lecun_normal": LecunNormal, "random_normal": RandomNormal,
    "random_uniform": RandomUniform, "truncated_normal": TruncatedNormal, "zeros": Zeros, "ones": Ones,
    "constant": Constant, "variance_scaling": VarianceScaling,
}


def get(identifier: str | Callable[..., np.ndarray]) -> Callable[..., np.ndarray]:
    """Returns the initializer named `identifier` (a fresh instance), or `identifier` itself if it is callable.

    Example:
    >>> get("he_normal")((3, 2)).shape
    (3, 2)
    """
    if callable(identifier):
        return identifier
    if isinstance(identifier, str) and identifier in _INITIALIZERS:
        return _INITIALIZERS[identifier]()
    raise unknown_name("initializer", identifier, _INITIALIZERS)


def glorot_uniform(shape: tuple[int, ...], dtype: str | None = None) -> np.ndarray:
    """`GlorotUniform()(shape, dtype)`, Keras's function form."""
    return GlorotUniform()(shape, dtype)


def zeros(shape: tuple[int, ...], dtype: str | None = None) -> np.ndarray:
    """`Zeros()(shape, dtype)`, Keras's function form."""
    return Zeros()(shape, dtype)


def ones(shape: tuple[int, ...], dtype: str | None = None) -> np.ndarray:
    """`Ones()(shape, dtype)`, Keras's function form."""
    return Ones()(shape, dtype)
