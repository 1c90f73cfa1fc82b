"""Keras 2.2's names for what `fit` logs and tells its callbacks, which the most-read tutorials still read.

Before Keras 2.3, `metrics=["accuracy"]` was logged as `acc` (and `val_acc`), and a metric given by its short
name under its function's name (`metrics=["mse"]` as `mean_squared_error`); a callback's `self.params` also
held `samples`, `batch_size`, `do_validation` and `metrics`. tf.keras 2 and Keras 3 log `accuracy` and `mse`
and pass `params` as `{"verbose", "epochs", "steps"}`. minigrad keeps today's keys (a dict's keys, their order
and its `len` are tf.keras 2's) and answers a read of an old name, `history.history["acc"]` or
`logs.get("acc")`, with today's value and a DeprecationWarning that names today's key. `in`, `keys()` and
iteration see today's names only. The learning rate that `LearningRateScheduler` and `ReduceLROnPlateau` log is
read the same way under tf.keras 2's name, `lr`, for Keras 3's `learning_rate`.
"""
from __future__ import annotations

import warnings
from typing import Any

# What Keras 2.2 logged for a metric compiled under today's name; other names were logged as given.
KERAS_2_2_METRIC_NAMES = {"accuracy": "acc", "mse": "mean_squared_error", "mae": "mean_absolute_error"}


def keras_2_2_name(key: str) -> str:
    """The name Keras 2.2 logged for today's `key`.

    Example:
    >>> keras_2_2_name("val_accuracy"), keras_2_2_name("mse"), keras_2_2_name("loss")
    ('val_acc', 'mean_squared_error', 'loss')
    """
    prefix = "val_" if key.startswith("val_") else ""
    name = key.removeprefix(prefix)
    return prefix + KERAS_2_2_METRIC_NAMES.get(name, name)


class WithOldNames(dict):
    """A dict of today's keys that also answers a read of Keras 2.2's names, with a DeprecationWarning.

    Args:
        values: today's keys and values.
        where: how the warning names the dict (`"history.history"`, `"logs"`, `"self.params"`).
        retired: Keras 2.2 keys that have no counterpart today, as `{key: (value, what to read instead)}`.

    Example:
    >>> import warnings
    >>> logs = WithOldNames({"loss": 0.5, "accuracy": 0.75}, where="logs")
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     logs["acc"], logs.get("acc"), list(logs)
    (0.75, 0.75, ['loss', 'accuracy'])
    >>> print(caught[0].message)
    logs['acc'] is Keras 2.2's name: since Keras 2.3 it is 'accuracy'. Read logs['accuracy'].
    """

    def __init__(self, values: Any = (), where: str = "history.history",
                 retired: dict[str, tuple[Any, str]] | None = None) -> None:
        super().__init__(values)
        self.where = where
        self.retired = retired or {}

    def __missing__(self, key: Any) -> Any:
        return self._old_name_value(key)

    def get(self, key: Any, default: Any = None) -> Any:
        """`self[key]` (Keras 2.2's names included), or `default` if there is no such key."""
        if key in self:
            return super().__getitem__(key)
        try:
            return self._old_name_value(key)
        except KeyError:
            return default

    def _old_name_value(self, key: Any) -> Any:
        """The value an old name stands for, with the warning (shown at the line of the caller of `[]` or `get`)."""
        current = next((name for name in self if keras_2_2_name(name) == key != name), None)
        if current is not None:
            warnings.warn(f"{self.where}[{key!r}] is Keras 2.2's name: since Keras 2.3 it is {current!r}. "
                          f"Read {self.where}[{current!r}].", DeprecationWarning, stacklevel=3)
            return super().__getitem__(current)
        if key == "lr" and "learning_rate" in self:
            warnings.warn(f"{self.where}['lr'] is tf.keras 2's name for the learning rate: Keras 3 logs it as "
                          f"'learning_rate'. Read {self.where}['learning_rate'].", DeprecationWarning, stacklevel=3)
            return super().__getitem__("learning_rate")
        if key in self.retired:
            value, instead = self.retired[key]
            warnings.warn(f"{self.where}[{key!r}] is Keras 2.2's: tf.keras 2 and Keras 3 no longer give it. {instead}",
                          DeprecationWarning, stacklevel=3)
            return value
        raise KeyError(key)
