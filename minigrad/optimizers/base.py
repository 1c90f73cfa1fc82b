"""The optimizer base class: everything an optimizer does except its update rule.

One update (`apply`), as Keras 3 does it:

    k = iterations                                   # updates already applied; 0 for the first
    lr = learning_rate_at(k)                         # number, schedule(k) or callable(), / (1 + decay * k)
    grads = clip_gradients(grads)                    # clipvalue, clipnorm, global_clipnorm
    for each variable:
        g = apply_weight_decay(g, variable, lr)      # Keras 3: variable -= variable * weight_decay * lr
        update_step(g, variable, lr, slots)
    iterations += 1

A subclass names its slots (per-variable state such as Adam's `m` and `v`) in `slot_names`, its extra
constructor arguments in `config_names`, and writes `update_step`, whose rule its docstring states after the
summary, with `g` the gradient, `lr` the learning rate of this step and `t = iterations + 1`. The legacy and
PyTorch conventions change a few hooks (`minigrad.optimizers.conventions`).
"""
from __future__ import annotations

import inspect
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from minigrad import backend
from minigrad._validation import check_real, did_you_mean
from minigrad.optimizers.clipping import check_clips, clip_gradients
from minigrad.optimizers.schedules import CyclicalLearningRate, LearningRateSchedule, OneCycle
from minigrad.variables import Variable

LearningRate = float | LearningRateSchedule | Callable[[], float]


class Optimizer:
    """Base class of minigrad's optimizers (see the module docstring for one update).

    Args:
        learning_rate: a number >= 0 (kept in a `Variable`, as Keras keeps it; `lr` is tf.keras 2's name),
            a `LearningRateSchedule` (called with `iterations`) or a zero-argument callable.
        decay: the article's per-batch decay, `lr / (1 + decay * k)` after `k` updates (Keras 3 dropped it).
        clipvalue, clipnorm, global_clipnorm: gradient clipping (see `clip_gradients`).
        weight_decay: decoupled weight decay (AdamW's form); None or 0 for none.
        name: the optimizer's name.
    """

    slot_names: tuple[str, ...] = ()
    config_names: tuple[str, ...] = ()
    state_attributes: tuple[str, ...] = ()
    clipvalue_with_a_norm_clip = False
    cycled_momentum: str | None = None  # what LR cycling moves: "momentum" (SGD, RMSprop) or "beta_1" (Adam family)

    def __init__(self, learning_rate: LearningRate, *, decay: float = 0.0,
                 clipnorm: float | None = None, clipvalue: float | None = None,
                 global_clipnorm: float | None = None, weight_decay: float | None = None,
                 name: str | None = None, **kwargs: Any) -> None:
        if "lr" in kwargs:
            warnings.warn("The `lr` argument is deprecated, use `learning_rate` instead.", DeprecationWarning,
                          stacklevel=3)
            learning_rate = kwargs.pop("lr")
        self._reject_unknown(kwargs, Optimizer)
        self._float = np.dtype(backend.floatx()).type
        self._learning_rate = self._as_learning_rate(learning_rate)
        self.decay = check_real("decay", decay, low=0)
        self.clipnorm = None if clipnorm is None else check_real("clipnorm", clipnorm, low=0, low_open=True)
        self.clipvalue = None if clipvalue is None else check_real("clipvalue", clipvalue, low=0, low_open=True)
        self.global_clipnorm = (None if global_clipnorm is None
                                else check_real("global_clipnorm", global_clipnorm, low=0, low_open=True))
        check_clips(clipnorm, clipvalue, global_clipnorm, self.clipvalue_with_a_norm_clip)
        self.weight_decay = None if weight_decay is None else check_real("weight_decay", weight_decay, low=0)
        self.name = name or type(self).__name__.lower()
        self.iterations = 0
        self._slots: list[dict[str, np.ndarray]] | None = None
        self._shapes: list[tuple[int, ...]] | None = None

    def _reject_unknown(self, kwargs: dict[str, Any], owner: type) -> None:
        """Keras's error for a misspelt or foreign argument, with suggestions from the constructors up to `owner`."""
        if kwargs:
            chain = type(self).__mro__[:type(self).__mro__.index(owner) + 1]
            known = [name for cls in chain if "__init__" in vars(cls)
                     for name in inspect.signature(vars(cls)["__init__"]).parameters if name not in ("self", "kwargs")]
            hints = "".join(did_you_mean(key, known) for key in kwargs)
            raise ValueError(f"Argument(s) not recognized: {kwargs}.{hints}")

    def _hyper(self, name: str, value: Any, **bounds: Any) -> float:
        """A checked hyper-parameter, a Python float as in Keras 3 (`1 - b` in double, then rounded)."""
        return check_real(name, value, **bounds)

    def _epsilon(self, value: Any) -> float:
        """The fuzz factor `epsilon`, which must be > 0 (Keras 3 keeps 0; minigrad refuses it). Keras 2.2's
        default `epsilon=None` meant `keras.backend.epsilon()`, 1e-7: it still does, with a DeprecationWarning."""
        if value is None:
            value = backend.epsilon()
            warnings.warn(f"epsilon=None is Keras 2.2's way to ask for keras.backend.epsilon() ({value}); "
                          f"Keras 3 takes a number: pass epsilon={value}.", DeprecationWarning, stacklevel=3)
        return self._hyper("epsilon", value, low=0, low_open=True)

    @staticmethod
    def _as_learning_rate(value: Any) -> Variable | LearningRateSchedule | Callable[[], float]:
        """A checked number in a `Variable`; a schedule or a zero-argument callable as it is."""
        if isinstance(value, LearningRateSchedule) or (callable(value)
                                                       and not isinstance(value, (np.generic, Variable))):
            return value
        value = value.value if isinstance(value, Variable) else value
        if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
            raise TypeError("Argument `learning_rate` should be a float, a `LearningRateSchedule` or a callable "
                            f"that takes no arguments. Received: learning_rate={value!r}")
        return Variable(check_real("learning_rate", value, low=0), name="learning_rate")

    @property
    def learning_rate(self) -> Variable | float | np.floating:
        """The learning rate before `decay=`: its `Variable`, or the schedule (or callable) at `iterations`."""
        lr = self._learning_rate
        if isinstance(lr, LearningRateSchedule):
            return lr(self.iterations)
        return lr() if callable(lr) else lr

    @learning_rate.setter
    def learning_rate(self, value: Any) -> None:
        if isinstance(self._learning_rate, LearningRateSchedule):
            raise TypeError("This optimizer was created with a `LearningRateSchedule` as its `learning_rate`, so its "
                            f"learning rate cannot be set. Received: learning_rate={value!r}")
        new = self._as_learning_rate(value)
        if isinstance(new, Variable) and isinstance(self._learning_rate, Variable):
            self._learning_rate.assign(new)
        else:
            self._learning_rate = new

    @property
    def lr(self) -> Variable | float | np.floating:
        """tf.keras 2's name for `learning_rate` (`K.set_value(model.optimizer.lr, 0.01)`)."""
        return self.learning_rate

    @lr.setter
    def lr(self, value: Any) -> None:
        self.learning_rate = value

    def learning_rate_at(self, step: int) -> np.floating:
        """The learning rate that update number `step` (0-based) uses, `decay=` included."""
        lr = self._learning_rate
        if isinstance(lr, LearningRateSchedule):
            rate = self._float(lr(step))
        else:
            rate = self._float(lr() if callable(lr) else lr.value)
        if self.decay:
            rate = rate / (1 + self.decay * self._float(step))
        return rate

    @property
    def last_learning_rate(self) -> float:
        """The learning rate of the most recent update (of the next one before any update)."""
        return float(self.learning_rate_at(max(self.iterations - 1, 0)))

    def build(self, variables: Sequence[np.ndarray]) -> None:
        """Creates the slots of each variable (zeros unless `initial_slot` says otherwise)."""
        self._float = variables[0].dtype.type
        self._shapes = [v.shape for v in variables]
        self._slots = [{name: self.initial_slot(name, v) for name in self.slot_names} for v in variables]

    def initial_slot(self, name: str, variable: np.ndarray) -> np.ndarray:
        """The starting value of slot `name` for `variable`: zeros (Adagrad overrides it)."""
        return np.zeros_like(variable)

    def apply(self, grads: Sequence[np.ndarray], variables: Sequence[np.ndarray]) -> None:
        """Applies one update to `variables`, in place, from their gradients `grads`."""
        if len(grads) != len(variables):
            raise ValueError(f"`grads` needs one gradient per variable. Received: {len(grads)} gradients for "
                             f"{len(variables)} variables")
        if self._slots is None:
            self.build(variables)
        elif self._shapes is not None and [v.shape for v in variables] != self._shapes:
            raise ValueError(
                f"This optimizer was built for {len(self._shapes)} variables of shapes {self._shapes} and can only "
                f"update those. Received: {len(variables)} variables of shapes {[v.shape for v in variables]}. "
                "Create one optimizer per model (and a new one after changing a model's layers).")
        assert self._slots is not None  # made by build() above, or on an earlier call
        lr = self.learning_rate_at(self.iterations)
        schedule = self._learning_rate
        if isinstance(schedule, (CyclicalLearningRate, OneCycle)) and schedule.cycle_momentum:
            self._set_cycled_momentum(schedule.momentum_at(self.iterations))
        self.prepare_step()
        grads = clip_gradients(grads, self.clipvalue, self.clipnorm, self.global_clipnorm)
        for g, variable, slots in zip(grads, variables, self._slots, strict=True):
            if self.weight_decay:
                g = self.apply_weight_decay(g, variable, lr)
            self.update_step(g, variable, lr, slots)
        self.iterations += 1

    def _set_cycled_momentum(self, value: float) -> None:
        """Sets `cycled_momentum` before an update, for a `cycle_momentum=True` schedule (`OneCycle`, ...)."""
        name = self.cycled_momentum
        if name is None or (self.iterations == 0 and not getattr(self, name)):
            raise ValueError(f"A schedule with `cycle_momentum=True` needs an optimizer that uses momentum, "
                             f"e.g. SGD(momentum=0.9). Received: {type(self).__name__}"
                             + (" (no momentum to cycle)" if name is None else f" with {name}={getattr(self, name)}"))
        setattr(self, name, value)

    def apply_gradients(self, grads_and_vars: Sequence[tuple[np.ndarray, np.ndarray]]) -> None:
        """Keras's form of `apply`: a sequence of `(gradient, variable)` pairs."""
        grads, variables = zip(*grads_and_vars, strict=True)
        self.apply(grads, variables)

    def apply_weight_decay(self, gradient: np.ndarray, variable: np.ndarray, learning_rate: np.floating) -> np.ndarray:
        """Keras 3's decoupled weight decay, `theta -= theta * weight_decay * lr`; returns the gradient."""
        variable -= variable * self.weight_decay * learning_rate
        return gradient

    def prepare_step(self) -> None:
        """Called once per update before any variable is updated, whatever their number (Nadam's momentum
        product); returns None."""

    def update_step(self, gradient: np.ndarray, variable: np.ndarray, learning_rate: np.floating,
                    slots: dict[str, np.ndarray]) -> None:
        """Updates `variable` (and its `slots`) in place, once per variable: the optimizer's equation; returns
        None (the model only sees changes made in place: `variable -= ...`, `slot[...] = ...`)."""
        raise NotImplementedError

    def get_state(self) -> dict[str, Any]:
        """Everything needed to resume: `iterations`, the slots (copies) and any `state_attributes`."""
        return {
            "iterations": self.iterations,
            "slots": None if self._slots is None else [{k: v.copy() for k, v in s.items()} for s in self._slots],
            **{name: getattr(self, name) for name in self.state_attributes},
        }

    def set_state(self, state: dict[str, Any]) -> None:
        """Restores what `get_state` returned."""
        self.iterations = int(state["iterations"])
        slots = state["slots"]
        self._slots = None if slots is None else [{k: np.array(v) for k, v in s.items()} for s in slots]
        for name in self.state_attributes:
            setattr(self, name, state[name])

    def get_config(self) -> dict[str, Any]:
        """The constructor arguments, `config_names` last (a schedule as `{"class_name", "config"}`)."""
        lr = self._learning_rate
        learning_rate: dict[str, Any] | float | Callable[[], float]
        if isinstance(lr, LearningRateSchedule):
            learning_rate = {"class_name": type(lr).__name__, "config": lr.get_config()}
        elif isinstance(lr, Variable):
            learning_rate = float(lr)
        else:
            learning_rate = lr
        return {"name": self.name, "learning_rate": learning_rate, "decay": self.decay, "clipnorm": self.clipnorm,
                "clipvalue": self.clipvalue, "global_clipnorm": self.global_clipnorm,
                "weight_decay": self.weight_decay, **{name: getattr(self, name) for name in self.config_names}}
