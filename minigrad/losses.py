"""Losses with their gradients, reduced as Keras reduces them.

Keras computes a loss in two steps: one value per sample (`call`; MAE averages over the sample's
outputs, cross-entropy sums over its classes), then the mean over the batch. For n samples:

    loss     = sum(call(y_true, y_pred)) / n
    gradient = gradient(y_true, y_pred) / n      # dL/dy_pred, same shape as y_pred

Both work on extra leading axes too (the vectorized sweep stacks K runs: y_pred of shape
(K, n, units) against y_true of shape (n, units) gives K losses).
"""
from __future__ import annotations

import numpy as np

from minigrad._validation import check_real, unknown_name

EPSILON = 1e-7  # Keras's backend.epsilon(): probabilities are clipped to [EPSILON, 1 - EPSILON]


def align(y_true: np.ndarray, y_pred: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`y_true` shaped to broadcast against `y_pred`, as Keras's losses do.

    A (n,) target meets (n, units) predictions as (n, 1): it is never broadcast into an (n, n) loss.
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape == y_pred.shape:
        return y_true, y_pred
    if y_true.ndim == 1 and y_pred.ndim >= 2:
        y_true = y_true[:, None]
    elif y_pred.ndim == y_true.ndim - 1 and y_true.shape[-1] == 1:
        y_true = y_true[..., 0]
    try:
        fits = np.broadcast_shapes(y_true.shape, y_pred.shape) == y_pred.shape
    except ValueError:
        fits = False
    if not fits:
        raise ValueError("`y_true` and `y_pred` must have the same shape (or `y_true` one value per sample). "
                         f"Received: y_true.shape={y_true.shape}, y_pred.shape={y_pred.shape}")
    return y_true, y_pred


class Loss:
    """A loss: `call` gives one value per sample, `gradient` its derivative with respect to `y_pred`.

    `__call__` gives the batch value and `value_and_gradient` also dL/dy_pred; both reduce here, once.
    """

    name = "loss"

    def call(self, y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def gradient(self, y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def prepare(self, y_true: np.ndarray, y_pred: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The targets as `call` expects them (class indices become one-hot rows in the sparse loss)."""
        return align(y_true, y_pred)

    def per_sample(self, y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
        """`call` on the prepared targets: one loss per sample."""
        return self.call(*self.prepare(y_true, y_pred))

    def __call__(self, y_true: np.ndarray, y_pred: np.ndarray) -> float | np.ndarray:
        """The batch loss: the mean of `call` over the samples (one value per leading run, if any)."""
        per_sample = self.per_sample(y_true, y_pred)
        value = per_sample.sum(axis=-1) / per_sample.shape[-1]
        return float(value) if value.ndim == 0 else value

    def value_and_gradient(self, y_true: np.ndarray, y_pred: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """`(loss, dL/dy_pred)`: the batch loss and the gradient that the backward pass starts from."""
        y_true, y_pred = self.prepare(y_true, y_pred)
        per_sample = self.call(y_true, y_pred)
        n = per_sample.shape[-1]
        return per_sample.sum(axis=-1) / n, self.gradient(y_true, y_pred) / n

    def get_config(self) -> dict:
        return {"name": self.name}


class ErrorLoss(Loss):
    """A loss of the error `e = y_pred - y_true`: the mean over the outputs of `elementwise(e)`."""

    def elementwise(self, e: np.ndarray) -> np.ndarray:
        """The loss of each entry of `e`: returns an array shaped as `e` (`call` takes the mean)."""
        raise NotImplementedError

    def derivative(self, e: np.ndarray) -> np.ndarray:
        """d elementwise(e) / de for each entry: returns an array shaped as `e`, not divided by anything
        (`gradient` and `value_and_gradient` divide it by the number of outputs and of samples)."""
        raise NotImplementedError

    def call(self, y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
        return mean_over_outputs(self.elementwise(y_pred - y_true))

    def gradient(self, y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
        derivative = self.derivative(y_pred - y_true)
        return derivative if y_pred.shape[-1] == 1 else derivative / y_pred.shape[-1]


def mean_over_outputs(values: np.ndarray) -> np.ndarray:
    """Each sample's mean over its outputs (the last axis); one output is its own mean, at no cost."""
    return values[..., 0] if values.shape[-1] == 1 else values.sum(axis=-1) / values.shape[-1]


class MeanAbsoluteError(ErrorLoss):
    """The mean absolute error: the mean over all `n * d` entries of `elementwise(e)`, `e = y_pred - y_true`:

        elementwise(e) = abs(e)
        derivative(e) = sign(e)          # 0 at e == 0, as TensorFlow's and PyTorch's

    `derivative` returns sign(e) itself; `gradient` divides it by `n * d`, so `loss = mean(abs(e))` and
    dL/dy_pred = `sign(e) / (n * d)`. The gradient's size does not shrink near the optimum: every step moves
    the weights by about `learning_rate * mean(abs(x))`, which is why the article's SGD(0.1) never settles.

    Example:
    >>> MeanAbsoluteError()(np.array([1.0, 2.0]), np.array([[2.0], [2.0]]))  # (|1| + |0|) / 2
    0.5
    """

    name = "mean_absolute_error"

    def elementwise(self, e: np.ndarray) -> np.ndarray:
        # exercise: mae
        return np.abs(e)
        # end exercise

    def derivative(self, e: np.ndarray) -> np.ndarray:
        # exercise: mae
        return np.sign(e)
        # end exercise


class MeanSquaredError(ErrorLoss):
    """The mean squared error: the mean over all `n * d` entries of `elementwise(e)`, `e = y_pred - y_true`:

        elementwise(e) = e ** 2
        derivative(e) = 2 * e

    `derivative` returns 2 * e itself; `gradient` divides it by `n * d`, so `loss = mean(e ** 2)` and
    dL/dy_pred = `2 * e / (n * d)`.

    Example:
    >>> MeanSquaredError()(np.array([[0.0], [0.0]]), np.array([[1.0], [3.0]]))  # (1 + 9) / 2
    5.0
    """

    name = "mean_squared_error"

    def elementwise(self, e: np.ndarray) -> np.ndarray:
        # exercise: mse
        return e * e
        # end exercise

    def derivative(self, e: np.ndarray) -> np.ndarray:
        # exercise: mse
        return 2 * e
        # end exercise


class Huber(ErrorLoss):
    """Quadratic near zero, linear beyond `delta`: the mean over all `n * d` entries of `elementwise(e)`,
    `e = y_pred - y_true` (`derivative` returns clip(e, ...) itself; `gradient` divides it by `n * d`):

        elementwise(e) = 0.5 * e ** 2 if abs(e) <= delta else delta * abs(e) - 0.5 * delta ** 2
        derivative(e) = clip(e, -delta, delta)

    Args:
        delta: where the loss turns from quadratic to linear, > 0 (default 1.0).

    Example:
    >>> Huber()(np.array([[0.0], [0.0]]), np.array([[0.5], [3.0]]))  # (0.125 + 2.5) / 2
    1.3125
    """

    name = "huber_loss"

    def __init__(self, delta: float = 1.0) -> None:
        self.delta = check_real("delta", delta, low=0, low_open=True)

    def elementwise(self, e: np.ndarray) -> np.ndarray:
        # exercise: huber
        abs_e = np.abs(e)
        return np.where(abs_e <= self.delta, 0.5 * e * e, self.delta * abs_e - 0.5 * self.delta**2)
        # end exercise

    def derivative(self, e: np.ndarray) -> np.ndarray:
        # exercise: huber
        return np.clip(e, -self.delta, self.delta)
        # end exercise

    def get_config(self) -> dict:
        return {"name": self.name, "delta": self.delta}


def _clip_and_its_slope(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`clip(p, EPSILON, 1 - EPSILON)` and where the clip lets the gradient through (Keras's graph)."""
    low, high = p.dtype.type(EPSILON), 1 - p.dtype.type(EPSILON)
    return np.clip(p, low, high), (p >= low) & (p <= high)


class CategoricalCrossentropy(Loss):
    """`loss = -sum(t * log(p))` over the classes, with one-hot (or soft) targets `t`.

    As Keras 3 computes it from probabilities: `q = p / sum(p)`, clipped to `[1e-7, 1 - 1e-7]`, so
    a probability of 0 costs `-log(1e-7)`, about 16.1, instead of infinity; the gradient
    `dL/dp = (g - sum(g * q)) / sum(p)` with `g = -t / q` (0 where the clip is active) is the one
    Keras's graph gives. With `from_logits=True`, `p = softmax(z)` inside the loss and
    `dL/dz = softmax(z) * sum(t) - t`. Label smoothing first moves targets to `t * (1 - s) + s / k`.
    tf.keras 2 differs only where a probability is clipped: it clips before normalising (and its
    sparse loss goes through the logits `log(p)`), so a probability of 0 gets no gradient there.

    Args:
        from_logits: whether `y_pred` holds logits rather than probabilities (default False).
        label_smoothing: `s` in [0, 1] (default 0).

    Example:
    >>> round(CategoricalCrossentropy()(np.array([[0.0, 1.0]]), np.array([[0.2, 0.8]])), 6)  # -log(0.8)
    0.223144
    """

    name = "categorical_crossentropy"

    def __init__(self, from_logits: bool = False, label_smoothing: float = 0.0) -> None:
        self.from_logits = bool(from_logits)
        self.label_smoothing = check_real("label_smoothing", label_smoothing, low=0, high=1)

    def prepare(self, y_true: np.ndarray, y_pred: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
        if y_true.shape[-1:] != y_pred.shape[-1:] or y_true.ndim > y_pred.ndim:
            raise ValueError(
                f"{type(self).__name__} takes one-hot targets shaped like y_pred; for class indices use "
                "'sparse_categorical_crossentropy' (or keras.utils.to_categorical). "
                f"Received: y_true.shape={y_true.shape}, y_pred.shape={y_pred.shape}")
        y_true = y_true.astype(y_pred.dtype)
        if self.label_smoothing:
            y_true = y_true * (1 - self.label_smoothing) + self.label_smoothing / y_true.shape[-1]
        return y_true, y_pred

    def call(self, y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
        if self.from_logits:
            shifted = y_pred - y_pred.max(axis=-1, keepdims=True)
            log_p = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
        else:
            log_p = np.log(_clip_and_its_slope(y_pred / y_pred.sum(axis=-1, keepdims=True))[0])
        return -(y_true * log_p).sum(axis=-1)

    def gradient(self, y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
        if self.from_logits:
            shifted = np.exp(y_pred - y_pred.max(axis=-1, keepdims=True))
            softmax = shifted / shifted.sum(axis=-1, keepdims=True)
            return softmax * y_true.sum(axis=-1, keepdims=True) - y_true
        total = y_pred.sum(axis=-1, keepdims=True)
        q = y_pred / total
        clipped, passes = _clip_and_its_slope(q)
        g = np.where(passes, -y_true / clipped, 0).astype(y_pred.dtype)
        return (g - (g * q).sum(axis=-1, keepdims=True)) / total

    def get_config(self) -> dict:
        return {"name": self.name, "from_logits": self.from_logits, "label_smoothing": self.label_smoothing}


class SparseCategoricalCrossentropy(CategoricalCrossentropy):
    """Categorical cross-entropy with integer class labels, `(n,)` or `(n, 1)`, instead of one-hot rows.

    Args:
        from_logits: whether `y_pred` holds logits rather than probabilities (default False).

    Example:
    >>> round(SparseCategoricalCrossentropy()(np.array([1]), np.array([[0.2, 0.8]])), 6)  # -log(0.8)
    0.223144
    """

    name = "sparse_categorical_crossentropy"

    def __init__(self, from_logits: bool = False) -> None:
        super().__init__(from_logits=from_logits)

    def prepare(self, y_true: np.ndarray, y_pred: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
        if y_true.ndim >= 2 and y_true.shape[-1] == 1:
            y_true = y_true[..., 0]
        classes = y_pred.shape[-1]
        labels = y_true.astype(np.int64)
        if y_true.shape != y_pred.shape[-1 - y_true.ndim:-1] or np.any(labels != y_true) or \
                labels.size and (np.min(labels) < 0 or np.max(labels) >= classes):
            raise ValueError(f"SparseCategoricalCrossentropy takes class indices in [0, {classes}) of shape (n,) "
                             f"or (n, 1). Received: y_true of shape {y_true.shape} with values "
                             f"{np.unique(y_true)[:10]}, y_pred.shape={y_pred.shape}")
        return np.eye(classes, dtype=y_pred.dtype)[labels], y_pred

    def get_config(self) -> dict:
        return {"name": self.name, "from_logits": self.from_logits}


class BinaryCrossentropy(Loss):
    """`loss = -mean(t * log(p) + (1 - t) * log(1 - p))` over the outputs, for targets in {0, 1}.

    Probabilities are clipped to `[1e-7, 1 - 1e-7]` (Keras 3), so the gradient
    `(p - t) / (p * (1 - p) * d)` is 0 where the clip is active. With `from_logits=True`,
    `p = sigmoid(z)` inside the loss and `dL/dz = (sigmoid(z) - t) / d`. tf.keras 2 also adds
    1e-7 inside each logarithm, which changes the loss of a clipped probability in the fifth digit.

    Args:
        from_logits: whether `y_pred` holds logits rather than probabilities (default False).
        label_smoothing: `s` in [0, 1], moving targets to `t * (1 - s) + s / 2` (default 0).

    Example:
    >>> round(BinaryCrossentropy()(np.array([[1.0]]), np.array([[0.8]])), 6)  # -log(0.8)
    0.223144
    """

    name = "binary_crossentropy"

    def __init__(self, from_logits: bool = False, label_smoothing: float = 0.0) -> None:
        self.from_logits = bool(from_logits)
        self.label_smoothing = check_real("label_smoothing", label_smoothing, low=0, high=1)

    def prepare(self, y_true: np.ndarray, y_pred: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        y_true, y_pred = align(y_true, y_pred)
        y_true = y_true.astype(y_pred.dtype)
        if self.label_smoothing:
            y_true = y_true * (1 - self.label_smoothing) + 0.5 * self.label_smoothing
        return y_true, y_pred

    def call(self, y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
        if self.from_logits:
            values = np.maximum(y_pred, 0) - y_pred * y_true + np.log1p(np.exp(-np.abs(y_pred)))
        else:
            p = _clip_and_its_slope(y_pred)[0]
            values = -(y_true * np.log(p) + (1 - y_true) * np.log(1 - p))
        return mean_over_outputs(values)

    def gradient(self, y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
        if self.from_logits:
            values = 1 / (1 + np.exp(-y_pred)) - y_true
        else:
            p, passes = _clip_and_its_slope(y_pred)
            values = np.where(passes, (p - y_true) / (p * (1 - p)), 0).astype(y_pred.dtype)
        return np.broadcast_to(values, y_pred.shape) / y_pred.shape[-1]

    def get_config(self) -> dict:
        return {"name": self.name, "from_logits": self.from_logits, "label_smoothing": self.label_smoothing}


# Keras's function forms, one loss per sample (`losses.mean_absolute_error(y_true, y_pred)`); metrics use them.
mean_absolute_error = MeanAbsoluteError().per_sample
mean_squared_error = MeanSquaredError().per_sample
categorical_crossentropy = CategoricalCrossentropy().per_sample
sparse_categorical_crossentropy = SparseCategoricalCrossentropy().per_sample
binary_crossentropy = BinaryCrossentropy().per_sample

_LOSSES = {
    "mae": MeanAbsoluteError, "mean_absolute_error": MeanAbsoluteError,
    "mse": MeanSquaredError, "mean_squared_error": MeanSquaredError,
    "huber": Huber, "huber_loss": Huber,
    "categorical_crossentropy": CategoricalCrossentropy,
    "sparse_categorical_crossentropy": SparseCategoricalCrossentropy,
    "binary_crossentropy": BinaryCrossentropy,
}


def get(identifier: str | Loss) -> Loss:
    """Returns a loss object for a Keras name (`"mae"`, `"categorical_crossentropy"`, ...) or a `Loss`."""
    if isinstance(identifier, Loss):
        return identifier
    if isinstance(identifier, str) and identifier in _LOSSES:
        return _LOSSES[identifier]()
    raise unknown_name("loss", identifier, _LOSSES)
