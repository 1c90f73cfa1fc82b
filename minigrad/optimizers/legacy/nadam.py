"""tf.keras 2.x's legacy Nadam: a slow momentum schedule `0.96 ** (0.004 * t)`, and no `decay=`."""
from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from minigrad.optimizers.base import LearningRate
from minigrad.optimizers.legacy.base import LegacyOptimizer
from minigrad.optimizers.schedules import LearningRateSchedule


class Nadam(LegacyOptimizer):
    """Nadam as `tf.keras.optimizers.legacy.Nadam` computes it (Adam with Nesterov momentum).

    The momentum coefficient follows Dozat's schedule `mu_t = beta_1 * (1 - 0.5 * 0.96 **
    (schedule_decay * t))`, which with `schedule_decay=0.004` stays near `beta_1 / 2` for
    thousands of steps. `momentum_cache` is the product of the `mu` so far.

    Update rule, with `g` the gradient, `t = iterations + 1`, `sd = schedule_decay` and `lr` the
    undecayed learning rate:

        mu_t = beta_1 * (1 - 0.5 * 0.96 ** (sd * t))
        mu_t1 = beta_1 * (1 - 0.5 * 0.96 ** (sd * (t + 1)))
        momentum_cache = momentum_cache * mu_t          # once per update; starts at 1
        g_prime = g / (1 - momentum_cache)
        m = beta_1 * m + (1 - beta_1) * g
        m_prime = m / (1 - momentum_cache * mu_t1)
        v = beta_2 * v + (1 - beta_2) * g ** 2
        v_prime = v / (1 - beta_2 ** t)
        m_bar = (1 - mu_t) * g_prime + mu_t1 * m_prime
        theta = theta - lr * m_bar / (sqrt(v_prime) + epsilon)

    Args:
        learning_rate: float >= 0 or a callable (not a schedule); default 0.001.
        beta_1: in [0, 1); default 0.9.
        beta_2: in [0, 1); default 0.999.
        epsilon: small constant > 0 (0 becomes 1e-7); default 1e-7.
        schedule_decay: the momentum schedule's rate, >= 0; default 0.004.
        **kwargs: `clipnorm`, `clipvalue`, `global_clipnorm`, `name`; `decay` is ignored with a
            warning, as legacy tf.keras silently ignored it.

    Keras parity: legacy tf.keras, number for number. PyTorch's `NAdam` has the same formula
    (`momentum_decay` for `schedule_decay`; lr=2e-3 and eps=1e-8 by default); Keras 3's `Nadam`
    uses `0.96 ** t`, a much faster schedule.

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> Nadam(learning_rate=0.1, epsilon=0.01).apply([g], [theta])
    >>> mu1, mu2 = 0.9 * (1 - 0.5 * 0.96 ** 0.004), 0.9 * (1 - 0.5 * 0.96 ** 0.008)
    >>> m_bar = (1 - mu1) * 0.5 / (1 - mu1) + mu2 * 0.05 / (1 - mu1 * mu2)
    >>> theta, 1 - 0.1 * m_bar / ((0.00025 / 0.001) ** 0.5 + 0.01)
    (array([0.8964263], dtype=float32), 0.8964262962396679)

    Reference: Dozat, "Incorporating Nesterov Momentum into Adam", ICLR workshop 2016.
    """

    cycled_momentum = "beta_1"

    slot_names = ("m", "v")
    state_attributes = ("momentum_cache",)

    def __init__(self, learning_rate: LearningRate = 0.001, beta_1: float = 0.9, beta_2: float = 0.999,
                 epsilon: float = 1e-7, schedule_decay: float = 0.004, **kwargs: Any) -> None:
        if isinstance(learning_rate, LearningRateSchedule):
            raise ValueError("The legacy Nadam optimizer does not support a `LearningRateSchedule` as the "
                             f"learning rate. Received: learning_rate={learning_rate!r}")
        if kwargs.pop("decay", 0):
            warnings.warn("Legacy tf.keras Nadam ignores `decay=` (its learning rate is never decayed); "
                          "minigrad does the same to give the same numbers.", UserWarning, stacklevel=2)
        super().__init__(learning_rate, **kwargs)
        self.beta_1 = self._hyper("beta_1", beta_1, low=0, high=1, high_open=True)
        self.beta_2 = self._hyper("beta_2", beta_2, low=0, high=1, high_open=True)
        self.epsilon = self._epsilon(epsilon)
        self.schedule_decay = self._hyper("schedule_decay", schedule_decay, low=0)
        self.momentum_cache = self._float(1)

    def prepare_step(self) -> None:
        # exercise: legacy_nadam
        t = self.iterations + 1
        self.momentum_cache = self.momentum_cache * (self.beta_1 * (1 - 0.5 * 0.96 ** (self.schedule_decay * t)))
        # end exercise

    def update_step(self, g: np.ndarray, theta: np.ndarray, lr: np.floating, slots: dict[str, np.ndarray]) -> None:
        # exercise: legacy_nadam
        t, sd, beta_1, beta_2 = self.iterations + 1, self.schedule_decay, self.beta_1, self.beta_2
        m, v = slots["m"], slots["v"]
        mu_t = beta_1 * (1 - 0.5 * 0.96 ** (sd * t))
        mu_t1 = beta_1 * (1 - 0.5 * 0.96 ** (sd * (t + 1)))
        g_prime = g / (1 - self.momentum_cache)
        m[...] = beta_1 * m + (1 - beta_1) * g
        m_prime = m / (1 - self.momentum_cache * mu_t1)
        v[...] = beta_2 * v + (1 - beta_2) * g ** 2
        v_prime = v / (1 - beta_2 ** t)
        m_bar = (1 - mu_t) * g_prime + mu_t1 * m_prime
        theta -= lr * m_bar / (np.sqrt(v_prime) + self.epsilon)
        # end exercise

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "beta_1": float(self.beta_1), "beta_2": float(self.beta_2),
                "epsilon": float(self.epsilon), "schedule_decay": float(self.schedule_decay)}
