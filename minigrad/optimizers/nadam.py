"""Nadam: Adam with Nesterov momentum, as Keras 3, tf.keras 2.x and torch.optim compute it."""
from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from minigrad.optimizers.base import LearningRate, Optimizer
from minigrad.optimizers.conventions import LegacyOptimizer, TorchBetasOptimizer
from minigrad.optimizers.schedules import LearningRateSchedule


class Nadam(Optimizer):
    """Adam whose momentum term looks one step ahead, as Nesterov momentum does for SGD.

    The momentum coefficient `u_t` grows from about `beta_1 / 2` towards `beta_1` (a "momentum schedule");
    their product `u_product` plays the role of Adam's `beta_1 ** t` in the bias correction. With `u_t`,
    `u_t1`, `beta_2 ** t` computed in float32 and `decay = 0.96`:

        # prepare_step: once per update, before any variable (u_product starts at 1)
        u_product = u_product * beta_1 * (1 - 0.5 * decay ** t)
        # update_step: once per variable, with the same t and u_product
        u_t = beta_1 * (1 - 0.5 * decay ** t)
        u_t1 = beta_1 * (1 - 0.5 * decay ** (t + 1))
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g ** 2
        m_hat = u_t1 * m / (1 - u_product * u_t1) + (1 - u_t) * g / (1 - u_product)
        v_hat = v / (1 - beta_2 ** t)
        theta = theta - m_hat * lr / (sqrt(v_hat) + epsilon)

    Args:
        beta_1: decay of the mean of g, in [0, 1); default 0.9.
        beta_2: decay of the mean of g ** 2, in [0, 1); default 0.999.
        epsilon: small constant > 0 added to sqrt(v_hat); default 1e-7.
        learning_rate, **kwargs: see `Optimizer`.

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> Nadam(learning_rate=0.1).apply([g], [theta]); theta
    array([0.89372194], dtype=float32)

    Reference: Dozat, "Incorporating Nesterov Momentum into Adam", ICLR workshop 2016.
    """

    cycled_momentum = "beta_1"
    slot_names = ("m", "v")
    config_names = ("beta_1", "beta_2", "epsilon")
    state_attributes = ("u_product",)

    def __init__(self, learning_rate: LearningRate = 0.001, beta_1: float = 0.9, beta_2: float = 0.999,
                 epsilon: float = 1e-7, **kwargs: Any) -> None:
        super().__init__(learning_rate, **kwargs)
        self.beta_1 = self._hyper("beta_1", beta_1, low=0, high=1, high_open=True)
        self.beta_2 = self._hyper("beta_2", beta_2, low=0, high=1, high_open=True)
        self.epsilon = self._epsilon(epsilon)
        self.u_product = self._float(1)

    def prepare_step(self) -> None:
        # exercise: nadam
        t = self.iterations + 1
        self.u_product = self.u_product * (self.beta_1 * (1 - 0.5 * self._float(0.96) ** t))
        # end exercise

    def update_step(self, g: np.ndarray, theta: np.ndarray, lr: np.floating, slots: dict[str, np.ndarray]) -> None:
        # exercise: nadam
        t, decay, beta_1, beta_2 = self.iterations + 1, self._float(0.96), self.beta_1, self.beta_2
        m, v = slots["m"], slots["v"]
        u_t = beta_1 * (1 - 0.5 * decay ** t)
        u_t1 = beta_1 * (1 - 0.5 * decay ** (t + 1))
        m[...] = beta_1 * m + (1 - beta_1) * g
        v[...] = beta_2 * v + (1 - beta_2) * g ** 2
        m_hat = u_t1 * m / (1 - self.u_product * u_t1) + (1 - u_t) * g / (1 - self.u_product)
        v_hat = v / (1 - self._float(beta_2) ** t)
        theta -= m_hat * lr / (np.sqrt(v_hat) + self.epsilon)
        # end exercise


class LegacyNadam(LegacyOptimizer):
    """`tf.keras.optimizers.legacy.Nadam`: Dozat's momentum schedule, near `beta_1 / 2` for thousands of steps.

    With `sd = schedule_decay` and `lr` never decayed:

        # prepare_step: once per update, before any variable (momentum_cache starts at 1)
        momentum_cache = momentum_cache * beta_1 * (1 - 0.5 * 0.96 ** (sd * t))
        # update_step: once per variable, with the same t and momentum_cache
        mu_t = beta_1 * (1 - 0.5 * 0.96 ** (sd * t))
        mu_t1 = beta_1 * (1 - 0.5 * 0.96 ** (sd * (t + 1)))
        g_prime = g / (1 - momentum_cache)
        m = beta_1 * m + (1 - beta_1) * g
        m_prime = m / (1 - momentum_cache * mu_t1)
        v = beta_2 * v + (1 - beta_2) * g ** 2
        v_prime = v / (1 - beta_2 ** t)
        m_bar = (1 - mu_t) * g_prime + mu_t1 * m_prime
        theta = theta - lr * m_bar / (sqrt(v_prime) + epsilon)

    Args:
        learning_rate: float >= 0 or a callable (not a schedule); default 0.001.
        beta_1, beta_2, epsilon: as `Nadam` (epsilon 0 becomes 1e-7).
        schedule_decay: the momentum schedule's rate, >= 0; default 0.004.
        **kwargs: `clipnorm`, `clipvalue`, `global_clipnorm`, `name`; `decay` is ignored with a warning, as
            legacy tf.keras silently ignored it.

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> LegacyNadam(learning_rate=0.1, epsilon=0.01).apply([g], [theta]); theta
    array([0.8964263], dtype=float32)
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


class TorchNAdam(TorchBetasOptimizer):
    """`torch.optim.NAdam`: legacy tf.keras's formula (`momentum_decay` is its `schedule_decay`).

        # prepare_step: once per update, before any variable (mu_product starts at 1)
        mu_product = mu_product * beta_1 * (1 - 0.5 * 0.96 ** (t * momentum_decay))
        # update_step: once per variable, with the same t and mu_product
        mu = beta_1 * (1 - 0.5 * 0.96 ** (t * momentum_decay))
        mu_next = beta_1 * (1 - 0.5 * 0.96 ** ((t + 1) * momentum_decay))
        m = m + (1 - beta_1) * (g - m)
        v = beta_2 * v + (1 - beta_2) * g ** 2
        denominator = sqrt(v / (1 - beta_2 ** t)) + eps
        theta = theta - lr * (1 - mu) / (1 - mu_product) * g / denominator
        theta = theta - lr * mu_next / (1 - mu_product * mu_next) * m / denominator

    Args:
        betas, eps: as `Nadam`'s (beta_1, beta_2) and epsilon.
        momentum_decay: the momentum schedule's rate, >= 0; default 4e-3.
        lr, weight_decay, name: see `TorchOptimizer`.

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> TorchNAdam(lr=0.1, eps=0.01).apply([g], [theta]); theta  # as legacy Nadam(0.1, epsilon=0.01)
    array([0.8964263], dtype=float32)
    """

    cycled_momentum = "beta_1"
    slot_names = ("exp_avg", "exp_avg_sq")
    config_names = ("betas", "eps", "momentum_decay")
    state_attributes = ("mu_product",)

    def __init__(self, lr: LearningRate = 2e-3, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0.0, momentum_decay: float = 4e-3, **kwargs: Any) -> None:
        super().__init__(lr, weight_decay=weight_decay, **kwargs)
        self.beta_1, self.beta_2 = self._betas(betas)
        self.eps = self._hyper("eps", eps, low=0, low_open=True)
        self.momentum_decay = self._hyper("momentum_decay", momentum_decay, low=0)
        self.mu_product = self._float(1)

    def prepare_step(self) -> None:
        # exercise: torch_nadam
        t = self.iterations + 1
        self.mu_product = self.mu_product * (self.beta_1 * (1 - 0.5 * 0.96 ** (t * self.momentum_decay)))
        # end exercise

    def update_step(self, g: np.ndarray, theta: np.ndarray, lr: np.floating, slots: dict[str, np.ndarray]) -> None:
        # exercise: torch_nadam
        t, beta_1, m, v = self.iterations + 1, self.beta_1, slots["exp_avg"], slots["exp_avg_sq"]
        mu = beta_1 * (1 - 0.5 * 0.96 ** (t * self.momentum_decay))
        mu_next = beta_1 * (1 - 0.5 * 0.96 ** ((t + 1) * self.momentum_decay))
        m += (1 - beta_1) * (g - m)
        v[...] = self.beta_2 * v + (1 - self.beta_2) * g ** 2
        denominator = np.sqrt(v / (1 - self.beta_2 ** t)) + self.eps
        theta -= lr * (1 - mu) / (1 - self.mu_product) * g / denominator
        theta -= lr * mu_next / (1 - self.mu_product * mu_next) * m / denominator
        # end exercise
