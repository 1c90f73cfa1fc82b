"""`Variable`: a named float scalar that reads and writes like Keras's variables (an optimizer's learning rate).

Tutorials write `float(opt.learning_rate)`, `opt.learning_rate * 0.5`, `K.set_value(opt.lr, 0.01)` or
`round(opt.learning_rate, 5)`. The value is stored as `backend.floatx()` (float32 by default), so 0.1 reads
back as the float32 nearest 0.1, as in Keras, and arithmetic gives NumPy scalars of that type.
"""
from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import numpy as np

from minigrad import backend


def _unwrap(value: Any) -> Any:
    return value.value if isinstance(value, Variable) else value


def _unary(op: Callable[[Any], Any]) -> Callable[[Variable], Any]:
    return lambda self: op(self.value)


def _binary(op: Callable[[Any, Any], Any], reflected: bool = False) -> Callable[[Variable, Any], Any]:
    if reflected:
        return lambda self, other: op(_unwrap(other), self.value)
    return lambda self, other: op(self.value, _unwrap(other))


class Variable:
    """A float scalar with a name, read with `numpy()` or `float()` and written with `assign`.

    Args:
        initial_value: the starting value, a real number.
        name: the variable's name (Keras's `variable.name`).

    Example:
    >>> lr = Variable(0.1, name="learning_rate")
    >>> lr.numpy()
    np.float32(0.1)
    >>> lr.assign(lr * 0.5); float(lr)
    0.05000000074505806
    """

    def __init__(self, initial_value: float, name: str = "variable") -> None:
        self.name = name
        self.dtype = backend.floatx()
        self.shape = ()
        self.assign(initial_value)

    @property
    def value(self) -> np.floating:
        """The current value, a NumPy scalar of `dtype`."""
        return self._value

    def assign(self, value: float | np.floating | Variable) -> None:
        """Sets the value, rounded to `dtype` (Keras's `variable.assign`)."""
        value = _unwrap(value)
        if isinstance(value, bool) or not np.isscalar(value) and np.ndim(value) != 0:
            raise TypeError(f"`{self.name}` takes a real scalar. Received: value={value!r}")
        try:
            self._value = np.dtype(self.dtype).type(value)
        except (TypeError, ValueError):
            raise TypeError(f"`{self.name}` takes a real scalar. Received: value={value!r}") from None

    def numpy(self) -> np.floating:
        """The value as a NumPy scalar, as `variable.numpy()` gives it in Keras."""
        return self._value

    def __round__(self, ndigits: int | None = None) -> float:
        return round(float(self._value), ndigits)

    def __format__(self, spec: str) -> str:
        return format(float(self._value), spec)

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> np.ndarray:
        return np.asarray(self._value, dtype=dtype)

    def __repr__(self) -> str:
        return f"<Variable name={self.name}, shape=(), dtype={self.dtype}, value={self._value}>"

    __add__, __radd__ = _binary(operator.add), _binary(operator.add, reflected=True)
    __sub__, __rsub__ = _binary(operator.sub), _binary(operator.sub, reflected=True)
    __mul__, __rmul__ = _binary(operator.mul), _binary(operator.mul, reflected=True)
    __truediv__, __rtruediv__ = _binary(operator.truediv), _binary(operator.truediv, reflected=True)
    __pow__, __rpow__ = _binary(operator.pow), _binary(operator.pow, reflected=True)
    __lt__, __le__ = _binary(operator.lt), _binary(operator.le)
    __gt__, __ge__ = _binary(operator.gt), _binary(operator.ge)
    __eq__, __ne__ = _binary(operator.eq), _binary(operator.ne)
    __float__, __bool__ = _unary(float), _unary(bool)
    __neg__, __abs__ = _unary(operator.neg), _unary(operator.abs)
    __hash__ = object.__hash__
