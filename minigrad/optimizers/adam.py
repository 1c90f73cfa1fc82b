"""Adam: momentum on the gradient, divided by a running root-mean-square, with bias correction."""
from __future__ import annotations

from typing import Any

import numpy as np

from minigrad.optimizers.base import LearningRate, Optimizer


class Adam(Optimizer):
    """Adaptive moment estimation: RMSprop's per-weight scaling applied to a momentum.

    `m` is a running mean of the gradient (the direction), `v` a running mean of its square (the
    scale). Both start at 0, so early on they are too small; dividing by `1 - beta ** t` corrects
    that bias, which Keras folds into the step size `alpha`. Each weight then moves by about `lr`
    per step whatever the size of its gradient.

    Update rule (Keras 3), with `g` the gradient, `lr` the learning rate of this step and
    `t = iterations + 1`:

        alpha = lr * sqrt(1 - beta_2 ** t) / (1 - beta_1 ** t)
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g ** 2
        if amsgrad:
            v_hat = maximum(v_hat, v)                   # the largest v so far
            v = v_hat
        theta = theta - m * alpha / (sqrt(v) + epsilon)  # epsilon is not bias-corrected

    Args:
        learning_rate: float >= 0, a schedule or a callable; default 0.001.
        beta_1: decay of the mean of g, in [0, 1); default 0.9.
        beta_2: decay of the mean of g ** 2, in [0, 1); default 0.999.
        epsilon: small constant > 0 added to sqrt(v); default 1e-7.
        amsgrad: use the AMSGrad variant (never let v shrink); default False.
        **kwargs: `decay`, `clipnorm`, `clipvalue`, `global_clipnorm`, `weight_decay`, `name`.

    Keras parity: Keras 3 and legacy tf.keras share this formula (in float32, `beta ** t` too;
    the operation order is Keras 3's torch backend's, which the golden fixtures come from).
    PyTorch adds its `eps` (default 1e-8) after bias correction, `sqrt(v / (1 - beta_2 ** t)) + eps`,
    so Keras's epsilon acts like a torch eps of `epsilon / sqrt(1 - beta_2 ** t)`.

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> Adam(learning_rate=0.1).apply([g], [theta])  # m = 0.05, v = 0.00025, alpha = 0.1 * sqrt(0.001) / 0.1
    >>> theta, 1 - 0.05 * (0.1 * 0.001 ** 0.5 / 0.1) / (0.00025 ** 0.5 + 1e-7)  # float32: 1 - 0.999 = 0.99999e-3
    (array([0.9000013], dtype=float32), 0.9000006324515321)

    Reference: Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015; Reddi,
    Kale and Kumar, "On the Convergence of Adam and Beyond", ICLR 2018 (AMSGrad).
    """

    cycled_momentum = "beta_1"

    def __init__(self, learning_rate: LearningRate = 0.001, beta_1: float = 0.9, beta_2: float = 0.999,
                 epsilon: float = 1e-7, amsgrad: bool = False, **kwargs: Any) -> None:
        super().__init__(learning_rate, **kwargs)
        self.beta_1 = self._hyper("beta_1", beta_1, low=0, high=1, high_open=True)
        self.beta_2 = self._hyper("beta_2", beta_2, low=0, high=1, high_open=True)
        self.epsilon = self._epsilon(epsilon)
        self.amsgrad = bool(amsgrad)
        self.slot_names = ("m", "v", "v_hat") if self.amsgrad else ("m", "v")

    def update_step(self, g: np.ndarray, theta: np.ndarray, lr: np.floating, slots: dict[str, np.ndarray]) -> None:
        # exercise: adam
        t = self.iterations + 1
        beta_1, beta_2, m, v = self.beta_1, self.beta_2, slots["m"], slots["v"]
        alpha = lr * np.sqrt(1 - self._float(beta_2) ** t) / (1 - self._float(beta_1) ** t)
        m[...] = beta_1 * m + (1 - beta_1) * g
        v[...] = beta_2 * v + (1 - beta_2) * g ** 2
        if self.amsgrad:
            v_hat = slots["v_hat"]
            np.maximum(v_hat, v, out=v_hat)
            v = v_hat
        theta -= m * alpha / (np.sqrt(v) + self.epsilon)
        # end exercise

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon,
                "amsgrad": self.amsgrad}


class AdamW(Adam):
    """Adam with decoupled weight decay: each step first shrinks the weights, then takes Adam's step.

    Update rule (Keras 3), before Adam's:

        theta = theta - theta * weight_decay * lr

    The decay is applied to the weights directly instead of being added to the gradient (where Adam's
    scaling would weaken it for weights with large gradients). tf.keras 2's legacy optimizers have no
    AdamW; PyTorch's is `minigrad.optimizers.pytorch.AdamW` (default decay 0.01).

    Args:
        learning_rate: float >= 0, a schedule or a callable; default 0.001.
        weight_decay: the decay per unit of learning rate, >= 0; default 0.004 (Keras 3's).
        beta_1, beta_2, epsilon, amsgrad: as `Adam`.
        **kwargs: `decay`, `clipnorm`, `clipvalue`, `global_clipnorm`, `name`.

    Example:
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.0], dtype="float32")
    >>> AdamW(learning_rate=0.1, weight_decay=0.5).apply([g], [theta]); theta  # 1 - 1 * 0.5 * 0.1
    array([0.95], dtype=float32)

    Reference: Loshchilov and Hutter, "Decoupled Weight Decay Regularization", ICLR 2019.
    """

    def __init__(self, learning_rate: LearningRate = 0.001, weight_decay: float = 0.004, beta_1: float = 0.9,
                 beta_2: float = 0.999, epsilon: float = 1e-7, amsgrad: bool = False, **kwargs: Any) -> None:
        if weight_decay is None:
            raise ValueError("Argument `weight_decay` must be a float. Received: weight_decay=None")
        super().__init__(learning_rate, beta_1, beta_2, epsilon, amsgrad, weight_decay=weight_decay, **kwargs)
