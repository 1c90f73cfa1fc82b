"""Curvature of a model's loss, and the learning rates it allows.

For a one-output linear model and the MSE loss, with `A = [x, 1]` (the ones when there is a bias)
and `theta = [W, b]`:

    loss(theta) = mean((A @ theta - y) ** 2)
    hessian     = 2 / n * A.T @ A              # the same everywhere: the loss is quadratic

Gradient descent multiplies the distance to the optimum along each eigenvector of the Hessian
by `1 - learning_rate * eigenvalue` per step, so it converges only if `learning_rate < 2 / max(eigenvalues)`.
MAE has no curvature: its gradient does not shrink near the optimum, so SGD bounces around it (`mae_step`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from minigrad._validation import check_real


@dataclass
class Curvature:
    """What `curvature` returns (parameters ordered `[W_1, ..., W_features, b]`).

    Attributes:
        hessian: the MSE Hessian, shape (p, p).
        eigenvalues: ascending.
        condition_number: `max(eigenvalues) / min(eigenvalues)` (inf if the smallest is 0).
        critical_learning_rate: `2 / max(eigenvalues)`: full-batch gradient descent diverges above it.
        per_parameter: the Hessian's diagonal, each parameter's own curvature (`2 * mean(x_j ** 2)`, 2 for b).
    """

    hessian: np.ndarray
    eigenvalues: np.ndarray
    condition_number: float
    critical_learning_rate: float
    per_parameter: np.ndarray


def mse_hessian(x: Any, use_bias: bool = True) -> np.ndarray:
    """The Hessian of `mean((x @ W + b - y) ** 2)` with respect to `[W, b]`: `2 / n * A.T @ A`.

    Args:
        x: inputs, shape (n,) or (n, features).
        use_bias: whether the model has a bias (adds the column of ones to `A`).

    Example:
    >>> mse_hessian([1.0, 3.0])  # 2 / 2 * [[1 + 9, 1 + 3], [1 + 3, 1 + 1]]
    array([[10.,  4.],
           [ 4.,  2.]])
    """
    a = _design_matrix(x, use_bias)
    return 2 / len(a) * a.T @ a


def curvature(x: Any, use_bias: bool = True) -> Curvature:
    """The MSE Hessian of a linear model on inputs `x`, its eigenvalues and what they imply.

    Example (the article's x = 0..99, then standardised):
    >>> x = np.arange(100.0)
    >>> round(curvature(x).condition_number)
    12945
    >>> curvature((x - x.mean()) / x.std()).eigenvalues  # 2 * identity: every direction alike
    array([2., 2.])
    """
    hessian = mse_hessian(x, use_bias)
    eigenvalues = np.linalg.eigvalsh(hessian)
    smallest, largest = eigenvalues[0], eigenvalues[-1]
    condition = float(largest / smallest) if smallest > 0 else float("inf")
    return Curvature(hessian, eigenvalues, condition, float(2 / largest), np.diag(hessian).copy())


def critical_learning_rate(x: Any, use_bias: bool = True) -> float:
    """`2 / max(eigenvalues of the MSE Hessian)`: above it, full-batch gradient descent diverges.

    Example (f(x) = x without bias: the Hessian is `2 * mean(x ** 2)`):
    >>> critical_learning_rate([1.0, 3.0], use_bias=False)  # 2 / (2 * (1 + 9) / 2)
    0.2
    """
    return curvature(x, use_bias).critical_learning_rate


def sharpness(model: Any, x: Any, y: Any, iterations: int = 50, eps: float = 1e-3, seed: int = 0) -> float:
    """The largest eigenvalue of any compiled model's loss Hessian at its current weights (a classifier too).

    Power iteration on Hessian-vector products, each taken by central differences of the gradient:

        H v ~ (gradient(theta + eps * v) - gradient(theta - eps * v)) / (2 * eps)
        v = H v / norm(H v)                      # repeated; the norm tends to max(eigenvalue)

    Near a minimum `2 / sharpness` plays the role of `critical_learning_rate`. The weights are left unchanged.

    Args:
        model: a compiled `Sequential` (its loss on `x`, `y` is the function studied).
        x, y: the data, as for `fit`.
        iterations: power-iteration steps; default 50.
        eps: the finite-difference step along the unit vector `v`; default 1e-3.
        seed: seed of the random starting vector.
    """
    weights = model.get_weights()
    variables = model.trainable_variables
    sizes = [w.size for w in weights]

    def gradient_at(theta: np.ndarray) -> np.ndarray:
        for variable, part in zip(variables, np.split(theta, np.cumsum(sizes)[:-1]), strict=True):
            variable[...] = part.reshape(variable.shape)
        return np.concatenate([g.ravel() for g in model.compute_gradients(x, y)[1]]).astype(np.float64)

    theta = np.concatenate([w.ravel() for w in weights]).astype(np.float64)
    v = np.random.default_rng(seed).normal(size=theta.size)
    v /= np.linalg.norm(v)
    eigenvalue = 0.0
    try:
        for _ in range(iterations):
            hv = (gradient_at(theta + eps * v) - gradient_at(theta - eps * v)) / (2 * eps)
            eigenvalue = float(v @ hv)
            v = hv / np.linalg.norm(hv)
    finally:
        model.set_weights(weights)
    return eigenvalue


def gradient_scales(x: Any, use_bias: bool = True) -> np.ndarray:
    """How large each parameter's MAE gradient is far from the optimum: `mean(abs(x_j))`, and 1 for b.

    MAE's gradient for W_j is `mean(sign(e) * x_j)`, which is `mean(abs(x_j))` when the errors all have one sign.

    Example:
    >>> gradient_scales(np.arange(100.0))  # the article's x = 0..99: W ~ 50, b 1
    array([49.5,  1. ])
    """
    return np.abs(_design_matrix(x, use_bias)).mean(axis=0)


def mae_step(x: Any, learning_rate: float) -> float:
    """How far one full-batch SGD step moves W for `y = W * x` with MAE: `learning_rate * mean(abs(x))`.

    The gradient `mean(sign(e) * x)` is `sign(W - W_true) * mean(abs(x))`, the same size at any distance,
    so W walks to the optimum in steps of this size, then bounces around it for ever.

    Example:
    >>> mae_step([1.0, -3.0], 0.1)  # 0.1 * (1 + 3) / 2
    0.2
    """
    learning_rate = check_real("learning_rate", learning_rate, low=0)
    return float(learning_rate * np.abs(_design_matrix(x, False)).mean())


def mae_settled_loss(x: Any, learning_rate: float) -> float:
    """The mean MAE of full-batch SGD once it bounces around the optimum: `mae_step * mean(abs(x)) / 2`.

    Near the optimum W alternates between `W_true + a` and `W_true + a - step`, and the loss at distance d
    is `d * mean(abs(x))`, so two consecutive losses add up to `step * mean(abs(x))` whatever `a` is.

    Example:
    >>> mae_settled_loss([1.0, -3.0], 0.1)  # 0.2 * 2 / 2
    0.2
    """
    return mae_step(x, learning_rate) * float(np.abs(_design_matrix(x, False)).mean()) / 2


def _design_matrix(x: Any, use_bias: bool) -> np.ndarray:
    """`x` as a float64 (n, features) array, with a column of ones appended if `use_bias`."""
    a = np.asarray(x, dtype=np.float64)
    if a.ndim == 1:
        a = a[:, None]
    if a.ndim != 2 or len(a) == 0 or not np.isfinite(a).all():
        raise ValueError("`x` must be a non-empty, finite array of shape (n,) or (n, features). "
                         f"Received: x with shape {a.shape}")
    return np.hstack([a, np.ones((len(a), 1))]) if use_bias else a
