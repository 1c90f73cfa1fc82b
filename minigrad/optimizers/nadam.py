"""Nadam: Adam with Nesterov momentum (the step looks ahead along the momentum)."""
from __future__ import annotations

from typing import Any

import numpy as np

from minigrad.optimizers.base import LearningRate, Optimizer


class Nadam(Optimizer):
    """Adam whose momentum term looks one step ahead, as Nesterov momentum does for SGD.

    The momentum coefficient `u_t` grows with the step count (a "momentum schedule"), from about
    `beta_1 / 2` towards `beta_1`; `u_product` is the product of all the `u` so far and plays the
    role of Adam's `beta_1 ** t` in the bias correction. The step mixes the corrected momentum of
    the next step with the current gradient.

    Update rule (Keras 3), with `g` the gradient, `lr` the learning rate of this step,
    `t = iterations + 1`, and `u_t`, `u_t1`, `beta_2 ** t` computed in float32 (`decay = 0.96`):

        u_t = beta_1 * (1 - 0.5 * decay ** t)
        u_t1 = beta_1 * (1 - 0.5 * decay ** (t + 1))
        u_product = u_product * u_t                     # once per update; starts at 1
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g ** 2
        m_hat = u_t1 * m / (1 - u_product * u_t1) + (1 - u_t) * g / (1 - u_product)
        v_hat = v / (1 - beta_2 ** t)
        theta = theta - m_hat * lr / (sqrt(v_hat) + epsilon)

    Args:
        learning_rate: float >= 0, a schedule or a callable; default 0.001.
        beta_1: decay of the mean of g, in [0, 1); default 0.9.
        beta_2: decay of the mean of g ** 2, in [0, 1); default 0.999.
        epsilon: small constant > 0 added to sqrt(v_hat); default 1e-7.
        **kwargs: `decay`, `clipnorm`, `clipvalue`, `global_clipnorm`, `weight_decay`, `name`.

    Keras parity: Keras 3's formula (momentum schedule `0.96 ** t`). Legacy tf.keras and PyTorch's
    `NAdam` use `0.96 ** (0.004 * t)`, which stays near `beta_1 / 2` for thousands of steps; legacy
    also ignores `decay=` and refuses schedules; PyTorch defaults to lr=2e-3 and eps=1e-8.

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> Nadam(learning_rate=0.1).apply([g], [theta])
    >>> u1, u2 = 0.9 * (1 - 0.5 * 0.96), 0.9 * (1 - 0.5 * 0.96 ** 2)
    >>> m_hat = u2 * 0.05 / (1 - u1 * u2) + (1 - u1) * 0.5 / (1 - u1)
    >>> theta, 1 - m_hat * 0.1 / ((0.00025 / 0.001) ** 0.5 + 1e-7)
    (array([0.89372194], dtype=float32), 0.8937212409248747)

    Reference: Dozat, "Incorporating Nesterov Momentum into Adam", ICLR workshop 2016.
    """

    cycled_momentum = "beta_1"

    slot_names = ("m", "v")
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

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon}
