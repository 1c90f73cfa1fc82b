"""`Sequential`: a stack of layers with Keras's `compile`, `fit`, `evaluate` and `predict`."""
from __future__ import annotations

import math
import warnings
from typing import Any, Iterable, Sequence

import numpy as np

from minigrad import backend, losses, optimizers, saving
from minigrad import metrics as metrics_module
from minigrad._validation import as_float_array, check_positive_int, check_real, check_verbose
from minigrad.callbacks import Callback, CallbackList, History, ProgbarLogger
from minigrad.layers import Dense, Input
from minigrad.saving import load_model  # noqa: F401  (keras.models.load_model)
from minigrad.summary import print_summary


class Sequential:
    """A linear stack of layers, trained with Keras's `fit` semantics.

    Args:
        layers: an optional `Input` followed by `Dense` layers.
        name: defaults to `sequential`, `sequential_1`, ...

    Example (the article's model):
    >>> import minigrad as keras
    >>> model = keras.models.Sequential([keras.layers.Input(1), keras.layers.Dense(1, use_bias=False)])
    >>> [w.shape for w in model.get_weights()]
    [(1, 1)]
    """

    def __init__(self, layers: Iterable[Dense | Input] | None = None, name: str | None = None) -> None:
        self.name = name or backend.unique_name("sequential")
        self.layers: list[Dense] = []
        self.input_dim: int | None = None
        self.optimizer: optimizers.Optimizer | None = None
        self.loss: losses.Loss | None = None
        self.metrics: list[metrics_module.MeanMetricWrapper] = []
        self.history: History | None = None
        self.stop_training = False
        self._resume_epoch: int | None = None
        for layer in layers or []:
            self.add(layer)

    def add(self, layer: Dense | Input) -> None:
        """Appends a layer; an `Input` may only come first and fixes the number of features."""
        if isinstance(layer, Input):
            if self.layers or self.input_dim is not None:
                raise ValueError(f"An `Input` can only be the first layer. Received: {layer.shape} after other layers")
            self.input_dim = layer.features
            return
        if not isinstance(layer, Dense):
            raise TypeError(f"Sequential takes `Input` and `Dense` layers. Received: {layer!r}")
        if self.layers and layer.built and layer.input_dim != self.layers[-1].units:
            raise ValueError(f"Layer {layer.name!r} expects {layer.input_dim} inputs but the previous "
                             f"layer has {self.layers[-1].units} outputs.")
        input_known = self.layers[-1].built if self.layers else self.input_dim is not None
        self.layers.append(layer)
        if input_known:
            self._build_from(len(self.layers) - 1)

    @property
    def built(self) -> bool:
        return bool(self.layers) and all(layer.built for layer in self.layers)

    def build(self, input_dim: int) -> None:
        """Creates every layer's weights for samples of `input_dim` features."""
        self.input_dim = check_positive_int("input_dim", input_dim)
        self._build_from(0)

    def _build_from(self, start: int) -> None:
        fan_in = self.input_dim if start == 0 else self.layers[start - 1].units
        for layer in self.layers[start:]:
            if not layer.built:
                layer.build(fan_in)
            fan_in = layer.units
        self._variables = [w for layer in self.layers for w in layer.weights]
        self._gradients = [g for layer in self.layers for g in layer.grads]

    # -- weights -------------------------------------------------------------------------------

    def get_weights(self) -> list[np.ndarray]:
        """Every layer's weights in order (`[kernel, bias, kernel, bias, ...]`), as copies."""
        return [w for layer in self.layers for w in layer.get_weights()]

    def set_weights(self, weights: Sequence[np.ndarray]) -> None:
        """Sets every layer's weights from a list shaped like `get_weights()`."""
        weights = list(weights)
        if not self.built:
            raise ValueError(f"Model {self.name!r} has no weights yet: start it with an `Input` or call "
                             f"`build(input_dim)` before `set_weights`. Received: {len(weights)} arrays")
        expected = sum(len(layer.weights) for layer in self.layers)
        if len(weights) != expected:
            raise ValueError(f"Model {self.name!r} expects {expected} weight arrays. Received: {len(weights)}")
        slices, position = [], 0
        for layer in self.layers:
            slices.append(weights[position:position + len(layer.weights)])
            layer.check_weights(slices[-1])
            position += len(layer.weights)
        for layer, layer_weights in zip(self.layers, slices):
            layer.set_weights(layer_weights)

    def save(self, filepath: saving.PathLike, overwrite: bool = True) -> None:
        """Saves layers, compile config, weights and optimizer state to one `.npz` file; see `saving`."""
        saving.save_model(self, filepath, overwrite)

    def save_weights(self, filepath: saving.PathLike, overwrite: bool = True) -> None:
        """Saves only the weights to one `.npz` file."""
        saving.save_weights(self, filepath, overwrite)

    def load_weights(self, filepath: saving.PathLike) -> None:
        """Sets the weights from a file written by `save_weights` or `save`."""
        saving.load_weights(self, filepath)

    def count_params(self) -> int:
        return sum(layer.count_params() for layer in self.layers)

    def summary(self, print_fn=print) -> None:
        """Prints the tf.keras 2 table: layer name and type, output shape, parameter count, totals."""
        print_summary(self, print_fn)

    # -- compile, forward and backward ---------------------------------------------------------

    def compile(self, optimizer: str | optimizers.Optimizer = "rmsprop", loss: str | losses.Loss | None = None,
                metrics: Sequence[str] | None = None) -> None:
        """Chooses the optimizer (object or name such as `"sgd"`), the loss and the metrics to log."""
        if loss is None:
            raise ValueError("`loss` is required, e.g. compile(loss='mae'). Received: loss=None")
        if isinstance(metrics, str):
            raise TypeError(f"`metrics` must be a list of names, e.g. ['mae']. Received: metrics={metrics!r}")
        optimizer, loss = optimizers.get(optimizer), losses.get(loss)
        self.metrics = [metrics_module.get(name) for name in metrics or []]
        self.optimizer, self.loss = optimizer, loss

    def _forward(self, x: np.ndarray) -> np.ndarray:
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def _backward(self, grad: np.ndarray) -> None:
        # exercise: fit_step
        for i in range(len(self.layers) - 1, -1, -1):
            grad = self.layers[i].backward(grad, need_input_grad=i > 0)
        # end exercise

    def __call__(self, x: Any) -> np.ndarray:
        return self.predict(x, verbose=0)

    # -- data ----------------------------------------------------------------------------------

    def _as_inputs(self, x: Any, name: str = "x", features: int | None = None) -> np.ndarray:
        """`x` as a 2-D floatx array (a 1-D `x` is n samples of one feature) with the model's number of
        features (or `features`, before the model is built); building is left to the caller."""
        if not self.layers:
            raise ValueError(f"Model {self.name!r} has no layers. Add one, e.g. model.add(Dense(1)). "
                             "Received: layers=[]")
        x = as_float_array(x, name)
        expected = self.input_dim if self.input_dim is not None else features
        if expected is not None and x.shape[1] != expected:
            raise ValueError(f"The model expects {expected} feature(s) per sample. "
                             f"Received: {name} with shape {x.shape}")
        return x

    def _build_for(self, x: np.ndarray) -> None:
        if not self.built:
            self.build(x.shape[1])

    def _as_targets(self, y: Any, x: np.ndarray, name: str = "y") -> np.ndarray:
        y = as_float_array(y, name)
        units = self.layers[-1].units
        if y.shape[1] != units:
            raise ValueError(f"The model has {units} output(s) per sample. Received: {name} with shape {y.shape}")
        if len(y) != len(x):
            raise ValueError(f"`x` and `{name}` must have the same number of samples. "
                             f"Received: {len(x)} and {len(y)}")
        return y

    # -- fit, evaluate, predict ----------------------------------------------------------------

    def fit(self, x: Any = None, y: Any = None, batch_size: int | None = None, epochs: int = 1,
            verbose: int | str = "auto", callbacks: Sequence[Callback] | None = None,
            validation_split: float = 0.0, validation_data: tuple | None = None, shuffle: bool = True,
            initial_epoch: int = 0) -> History:
        """Trains the model with mini-batch gradient descent; returns the `History`.

        Each epoch (from `initial_epoch` to `epochs - 1`) takes a fresh permutation of the
        training samples (unless `shuffle=False`), cuts it into batches of `batch_size` (the last
        one may be smaller) and, per batch: forward pass with the current weights, loss,
        backward pass, one optimizer update. The logged `loss` and metrics are the means over the
        epoch's batches (computed before each update); `val_*` uses the end-of-epoch weights.
        `validation_split` keeps the last fraction of `x`, `y` for validation, before shuffling.
        Every argument is checked before anything changes; the first epoch whose loss is NaN or
        infinite triggers one RuntimeWarning (`TerminateOnNaN` stops there).
        """
        if self.optimizer is None:
            raise RuntimeError("You must call `compile()` before `fit()`.")
        x = self._as_inputs(x)
        y = self._as_targets(y, x)
        batch_size = 32 if batch_size is None else check_positive_int("batch_size", batch_size)
        epochs = check_positive_int("epochs", epochs, allow_zero=True)
        initial_epoch = check_positive_int("initial_epoch", initial_epoch, allow_zero=True)
        verbose = check_verbose(verbose)
        validation_split = check_real("validation_split", validation_split, low=0, high=1, high_open=True)
        user_callbacks = _check_callbacks(callbacks)
        if validation_data is not None:
            validation_data = self._as_validation_data(validation_data, x.shape[1])
        elif validation_split:
            split = int(len(x) * (1 - validation_split))
            if split == 0 or split == len(x):
                raise ValueError(f"validation_split={validation_split} leaves {split} training and "
                                 f"{len(x) - split} validation samples out of {len(x)}; both must be at least 1.")
            x, y, validation_data = x[:split], y[:split], (x[split:], y[split:])
        self._build_for(x)

        n = len(x)
        steps = -(-n // batch_size)
        self.history = History()
        progbar = [ProgbarLogger(verbose)] if verbose else []
        callbacks = CallbackList(user_callbacks + [self.history] + progbar, model=self,
                                 params={"verbose": verbose, "epochs": epochs, "steps": steps})
        loss_tracker = metrics_module.Mean("loss")
        starts = range(0, n, batch_size)
        self.stop_training = False
        logs: dict[str, float] = {}
        diverged = False
        if callbacks.on_train_begin:
            callbacks.on_train_begin({})
        if self._resume_epoch is not None:  # set by BackupAndRestore.on_train_begin
            initial_epoch, self._resume_epoch = self._resume_epoch, None
        for epoch in range(initial_epoch, epochs):
            for tracker in (loss_tracker, *self.metrics):
                tracker.reset_state()
            if callbacks.on_epoch_begin:
                callbacks.on_epoch_begin(epoch, {})
            if shuffle:
                order = backend.rng().permutation(n)
                x_epoch, y_epoch = x[order], y[order]
            else:
                x_epoch, y_epoch = x, y
            for batch, start in enumerate(starts):
                if callbacks.on_train_batch_begin:
                    callbacks.on_train_batch_begin(batch, {})
                x_batch, y_batch = x_epoch[start:start + batch_size], y_epoch[start:start + batch_size]
                # exercise: fit_step
                y_pred = self._forward(x_batch)
                loss, grad = self.loss.value_and_gradient(y_batch, y_pred)
                self._backward(grad)
                self.optimizer.apply(self._gradients, self._variables)
                # end exercise
                loss_tracker.update_state(loss, len(x_batch))
                for metric in self.metrics:
                    metric.update_state(y_batch, y_pred)
                if callbacks.on_train_batch_end:
                    callbacks.on_train_batch_end(batch, _results(loss_tracker, self.metrics))
                if self.stop_training:
                    break
            logs = _results(loss_tracker, self.metrics)
            if not diverged and not math.isfinite(logs["loss"]):
                diverged = True
                _warn_diverged(logs["loss"], epoch, self.optimizer)
            if validation_data is not None:
                val_logs = self._evaluate_arrays(*validation_data, batch_size)
                logs.update({f"val_{key}": value for key, value in val_logs.items()})
            if callbacks.on_epoch_end:
                callbacks.on_epoch_end(epoch, logs)
            if self.stop_training:
                break
        if callbacks.on_train_end:
            callbacks.on_train_end(logs)
        return self.history

    def _as_validation_data(self, validation_data: Any, features: int) -> tuple[np.ndarray, np.ndarray]:
        if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
            raise ValueError("`validation_data` must be a tuple `(x_val, y_val)`. "
                             f"Received: {type(validation_data).__name__} of length "
                             f"{len(validation_data) if hasattr(validation_data, '__len__') else 'n/a'}")
        x_val = self._as_inputs(validation_data[0], "x_val", features)
        return x_val, self._as_targets(validation_data[1], x_val, "y_val")

    def _evaluate_arrays(self, x: np.ndarray, y: np.ndarray, batch_size: int) -> dict[str, float]:
        loss_tracker = metrics_module.Mean("loss")
        for tracker in self.metrics:
            tracker.reset_state()
        for start in range(0, len(x), batch_size):
            x_batch, y_batch = x[start:start + batch_size], y[start:start + batch_size]
            y_pred = self._forward(x_batch)
            loss_tracker.update_state(self.loss(y_batch, y_pred), len(x_batch))
            for metric in self.metrics:
                metric.update_state(y_batch, y_pred)
        return _results(loss_tracker, self.metrics)

    def evaluate(self, x: Any = None, y: Any = None, batch_size: int | None = None,
                 verbose: int | str = "auto", return_dict: bool = False) -> float | list[float] | dict[str, float]:
        """The loss (and metrics) over `x`, `y`: a float, `[loss, *metrics]`, or a dict with `return_dict`."""
        if self.optimizer is None:
            raise RuntimeError("You must call `compile()` before `evaluate()`.")
        x = self._as_inputs(x)
        y = self._as_targets(y, x)
        batch_size = 32 if batch_size is None else check_positive_int("batch_size", batch_size)
        verbose = check_verbose(verbose)
        self._build_for(x)
        results = self._evaluate_arrays(x, y, batch_size)
        if verbose:
            steps = -(-len(x) // batch_size)
            line = " - ".join(f"{key}: {value:.4f}" for key, value in results.items())
            print(f"{steps}/{steps} [{'=' * 30}] - {line}")
        if return_dict:
            return results
        values = list(results.values())
        return values[0] if len(values) == 1 else values

    def predict(self, x: Any, batch_size: int | None = None, verbose: int | str = "auto") -> np.ndarray:
        """The model's outputs for `x`, an array of shape `(n_samples, units)`."""
        x = self._as_inputs(x)
        batch_size = 32 if batch_size is None else check_positive_int("batch_size", batch_size)
        verbose = check_verbose(verbose)
        self._build_for(x)
        outputs = [self._forward(x[start:start + batch_size]).copy() for start in range(0, len(x), batch_size)]
        if verbose:
            steps = len(outputs)
            print(f"{steps}/{steps} [{'=' * 30}]")
        return np.concatenate(outputs)


def _results(loss_tracker: metrics_module.Mean, model_metrics: list[metrics_module.MeanMetricWrapper]) -> dict[str, float]:
    logs = {"loss": loss_tracker.result()}
    for metric in model_metrics:
        logs[metric.name] = metric.result()
    return logs


def _check_callbacks(callbacks: Sequence[Callback] | None) -> list[Callback]:
    if isinstance(callbacks, Callback):
        callbacks = [callbacks]
    for callback in callbacks or []:
        if not isinstance(callback, Callback):
            raise TypeError("`callbacks` must be a list of `Callback` objects (e.g. LambdaCallback(...)). "
                            f"Received: an element {callback!r}")
    return list(callbacks or [])


def _warn_diverged(loss: float, epoch: int, optimizer: optimizers.Optimizer) -> None:
    """One warning per fit, at the first epoch whose loss is NaN or infinite."""
    warnings.warn(
        f"Training diverged: the loss became {loss} in epoch {epoch + 1}. Each update overshot the minimum "
        "by more than the one before, until the numbers overflowed. The learning rate "
        f"({optimizer.last_learning_rate:g}) is probably too large: try one 10 times smaller, or pass "
        "callbacks=[TerminateOnNaN()] to stop at once.",
        RuntimeWarning, stacklevel=3,
    )
