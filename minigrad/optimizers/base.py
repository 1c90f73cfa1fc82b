"""The optimizer base class: everything an optimizer does except its update rule.

One update (`apply`), as Keras 3 does it:

    k = iterations                                   # updates already applied; 0 for the first
    lr = learning_rate_at(k)                         # number, schedule(k) or callable(), / (1 + decay * k)
    grads = clip(grads)                              # clipvalue, clipnorm, global_clipnorm
    for each variable: update_step(g, variable, lr, slots)
    iterations += 1

A subclass names its slots (per-variable state such as Adam's `m` and `v`) in `slot_names`
and writes `update_step`; the slots are created on the first update and passed in as a dict.
"""
from __future__ import annotations

import math
from typing import Any, Callable, Sequence

import numpy as np

from minigrad import backend
from minigrad._validation import check_real, did_you_mean
from minigrad.optimizers.schedules import LearningRateSchedule

LearningRate = float | LearningRateSchedule | Callable[[], float]


class Optimizer:
    """Base class of minigrad's optimizers (see the module docstring for one update).

    Args:
        learning_rate: a number >= 0, a `LearningRateSchedule` (called with `iterations`) or a
            zero-argument callable.
        decay: the article's time-based decay, `lr_k = lr / (1 + decay * k)` with `k` the number
            of updates already applied. It decays per batch, not per epoch, and equals
            `schedules.InverseTimeDecay(lr, decay_steps=1, decay_rate=decay)` exactly (not
            `ExponentialDecay`). Keras 3 dropped it; minigrad keeps the legacy formula.
        clipvalue: clip each gradient element to [-clipvalue, clipvalue].
        clipnorm: rescale each gradient so that its L2 norm is at most `clipnorm`.
        global_clipnorm: rescale all gradients together so that their joint L2 norm is at most this.
        name: the optimizer's name.
    """

    slot_names: tuple[str, ...] = ()
    state_attributes: tuple[str, ...] = ()
    allow_several_clips = False

    def __init__(self, learning_rate: LearningRate, *, decay: float = 0.0,
                 clipnorm: float | None = None, clipvalue: float | None = None,
                 global_clipnorm: float | None = None, name: str | None = None, **kwargs: Any) -> None:
        if kwargs:
            known = ("learning_rate", "decay", "clipnorm", "clipvalue", "global_clipnorm", "name")
            hints = "".join(did_you_mean(key, known) for key in kwargs)
            raise ValueError(f"Argument(s) not recognized: {kwargs}.{hints}")
        self._learning_rate = self._check_learning_rate(learning_rate)
        self.decay = check_real("decay", decay, low=0)
        self.clipnorm = None if clipnorm is None else check_real("clipnorm", clipnorm, low=0, low_open=True)
        self.clipvalue = None if clipvalue is None else check_real("clipvalue", clipvalue, low=0, low_open=True)
        self.global_clipnorm = (None if global_clipnorm is None
                                else check_real("global_clipnorm", global_clipnorm, low=0, low_open=True))
        clips = [c for c in (clipnorm, clipvalue, global_clipnorm) if c is not None]
        if len(clips) > 1 and not self.allow_several_clips:
            raise ValueError(
                "Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. Received: "
                f"clipnorm={clipnorm}, clipvalue={clipvalue}, global_clipnorm={global_clipnorm}"
            )
        self.name = name or type(self).__name__.lower()
        self.iterations = 0
        self._slots: list[dict[str, np.ndarray]] | None = None
        self._float = np.dtype(backend.floatx()).type

    @staticmethod
    def _check_learning_rate(value: Any) -> LearningRate:
        if isinstance(value, LearningRateSchedule) or (callable(value) and not isinstance(value, np.generic)):
            return value
        if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
            raise TypeError(
                "Argument `learning_rate` should be a float, a `LearningRateSchedule` or a callable "
                f"that takes no arguments. Received: learning_rate={value!r}"
            )
        return check_real("learning_rate", value, low=0)

    @property
    def learning_rate(self) -> float:
        """The learning rate of the next update before `decay=`: the number, or the schedule at `iterations`."""
        lr = self._learning_rate
        if isinstance(lr, LearningRateSchedule):
            return float(lr(self.iterations))
        return float(lr()) if callable(lr) else lr

    @learning_rate.setter
    def learning_rate(self, value: float) -> None:
        if callable(self._learning_rate):
            raise TypeError(
                "This optimizer was created with a `LearningRateSchedule` (or a callable) as its "
                "`learning_rate`, so its learning rate cannot be set. Received: "
                f"learning_rate={value!r}"
            )
        self._learning_rate = self._check_learning_rate(value)

    def learning_rate_at(self, step: int) -> np.floating:
        """The learning rate that update number `step` (0-based) uses, `decay=` included."""
        lr = self._learning_rate
        if isinstance(lr, LearningRateSchedule):
            lr = lr(step)
        elif callable(lr):
            lr = lr()
        lr = self._float(lr)
        if self.decay:
            lr = lr / (1 + self._float(self.decay) * self._float(step))
        return lr

    @property
    def last_learning_rate(self) -> float:
        """The learning rate of the most recent update (of the next one before any update)."""
        return float(self.learning_rate_at(max(self.iterations - 1, 0)))

    def build(self, variables: Sequence[np.ndarray]) -> None:
        """Creates the slots of each variable (zeros unless `initial_slot` says otherwise)."""
        self._float = variables[0].dtype.type
        self._slots = [{name: self.initial_slot(name, v) for name in self.slot_names} for v in variables]

    def initial_slot(self, name: str, variable: np.ndarray) -> np.ndarray:
        """The starting value of slot `name` for `variable`: zeros (Adagrad overrides it)."""
        return np.zeros_like(variable)

    def apply(self, grads: Sequence[np.ndarray], variables: Sequence[np.ndarray]) -> None:
        """Applies one update to `variables`, in place, from their gradients `grads`."""
        if self._slots is None:
            self.build(variables)
        lr = self.learning_rate_at(self.iterations)
        self.prepare_step()
        for g, variable, slots in zip(self._clip(grads), variables, self._slots):
            self.update_step(g, variable, lr, slots)
        self.iterations += 1

    def apply_gradients(self, grads_and_vars: Sequence[tuple[np.ndarray, np.ndarray]]) -> None:
        """Keras's form of `apply`: a sequence of `(gradient, variable)` pairs."""
        grads, variables = zip(*grads_and_vars)
        self.apply(grads, variables)

    def prepare_step(self) -> None:
        """Called once per update before any variable is updated (Nadam's momentum product)."""

    def update_step(self, gradient: np.ndarray, variable: np.ndarray, learning_rate: np.floating,
                    slots: dict[str, np.ndarray]) -> None:
        """Updates `variable` (and its `slots`) in place: the optimizer's equation."""
        raise NotImplementedError

    def _clip(self, grads: Sequence[np.ndarray]) -> Sequence[np.ndarray]:
        """Keras's clipping: `clip(g, -c, c)`; per tensor `g * c / max(norm(g), c)`; then globally."""
        if self.clipvalue is not None:
            grads = [np.clip(g, -self.clipvalue, self.clipvalue) for g in grads]
        if self.clipnorm is not None:
            grads = [g * self.clipnorm / max(float(np.linalg.norm(g)), self.clipnorm) for g in grads]
        if self.global_clipnorm is not None:
            norm = math.sqrt(sum(float(np.sum(np.square(g))) for g in grads))
            grads = [g * self.global_clipnorm / max(norm, self.global_clipnorm) for g in grads]
        return grads

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
        """The constructor arguments (a schedule as `{"class_name", "config"}`)."""
        lr = self._learning_rate
        if isinstance(lr, LearningRateSchedule):
            lr = {"class_name": type(lr).__name__, "config": lr.get_config()}
        return {"name": self.name, "learning_rate": lr, "decay": self.decay, "clipnorm": self.clipnorm,
                "clipvalue": self.clipvalue, "global_clipnorm": self.global_clipnorm}
