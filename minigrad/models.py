"""`Sequential`: a stack of layers with Keras's `compile`, `fit`, `evaluate` and `predict`.

One training step, `train_step` (forward, loss, backward, optimizer update), is the heart of it; `fit`
repeats it over the batches of every epoch and calls the callbacks in Keras's order; `train_on_batch` is
the step on one batch of the user's data.
"""
from __future__ import annotations

import math
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import numpy as np

from minigrad import backend, losses, model_file, optimizers
from minigrad import metrics as metrics_module
from minigrad._validation import as_float_array, check_positive_int, check_real, check_verbose
from minigrad.callbacks.base import Callback, CallbackList, History
from minigrad.callbacks.old_names import WithOldNames, keras_2_2_name
from minigrad.callbacks.progbar import ProgbarLogger, final_line
from minigrad.layers import Input, Layer, sample_shape
from minigrad.summary import print_summary


class Sequential:
    """A linear stack of layers, trained with Keras's `fit` semantics.

    A model is also a layer of another model, as in Keras: `Sequential([model, Softmax()])` runs `model`, then
    the softmax, and shares `model`'s weights.

    Args:
        layers: an optional `Input` followed by layers (`Dense`, `Activation`, `Softmax`, `Dropout`,
            `BatchNormalization`, `Flatten`) or models.
        name: defaults to `sequential`, `sequential_1`, ...

    Example (the article's model):
    >>> import minigrad as keras
    >>> model = keras.models.Sequential([keras.layers.Input(1), keras.layers.Dense(1, use_bias=False)])
    >>> [w.shape for w in model.get_weights()]
    [(1, 1)]
    """

    forward_takes_training = True

    def __init__(self, layers: Iterable[Layer | Sequential | Input] | None = None, name: str | None = None) -> None:
        self.name = name or backend.unique_name("sequential")
        self.layers: list[Layer | Sequential] = []
        self.sample_shape: tuple[int, ...] | None = None
        self.optimizer: optimizers.Optimizer | None = None
        self.loss: losses.Loss | None = None
        self.metrics: list[metrics_module.MeanMetricWrapper] = []
        self.loss_tracker = metrics_module.Mean("loss")
        self.history: History | None = None
        self.stop_training = False
        for layer in layers or []:
            self.add(layer)

    def add(self, layer: Layer | Sequential | Input) -> None:
        """Appends a layer; an `Input` (or a first layer's `input_shape`/`input_dim`) fixes the sample shape."""
        if isinstance(layer, Input):
            if self.layers or self.sample_shape is not None:
                raise ValueError(f"An `Input` can only be the first layer. Received: {layer.shape} after other layers")
            self.sample_shape = layer.sample_shape
            return
        if not isinstance(layer, (Layer, Sequential)) or layer is self:
            raise TypeError(f"Sequential takes `Input`, layers such as `Dense` and other models. Received: {layer!r}")
        if layer.declared_input_shape is not None and not self.layers and self.sample_shape is None:
            self.sample_shape = layer.declared_input_shape
        if not self.layers:
            shape = self.sample_shape
        else:
            shape = self.layers[-1].output_shape if self.layers[-1].built else None
        expected = layer.sample_shape if isinstance(layer, Sequential) else layer.input_shape
        if layer.built and shape is not None and expected != shape:
            raise ValueError(f"Layer {layer.name!r} expects inputs of shape {expected} but the layer "
                             f"before gives {shape}.")
        self.layers.append(layer)
        if shape is not None:
            self._build_from(len(self.layers) - 1, shape)

    @property
    def built(self) -> bool:
        return bool(self.layers) and all(layer.built for layer in self.layers)

    @property
    def declared_input_shape(self) -> tuple[int, ...] | None:
        """The sample shape this model gives a model it is the first layer of."""
        return self.sample_shape

    @property
    def output_shape(self) -> tuple[int, ...]:
        """The shape of one output sample (its last layer's)."""
        if not self.layers:
            raise ValueError(f"Model {self.name!r} has no layers, so no output shape.")
        return self.layers[-1].output_shape

    @property
    def input_shape(self) -> tuple[int | None, ...] | None:
        """`(None, *sample_shape)` as Keras writes it, or None before the model knows its input."""
        return None if self.sample_shape is None else (None, *self.sample_shape)

    def build(self, input_shape: int | Sequence[int | None]) -> None:
        """Creates every layer's weights for samples of `input_shape` (`3`, `(3,)` or `(None, 3)`)."""
        self.sample_shape = sample_shape(input_shape, "input_shape")
        self._build_from(0, self.sample_shape)

    def _build_from(self, start: int, shape: tuple[int, ...]) -> None:
        for layer in self.layers[start:]:
            if not layer.built:
                layer.build(shape)
            shape = layer.output_shape

    @property
    def trainable_variables(self) -> list[np.ndarray]:
        """Every layer's trainable weights, live: what the optimizer updates in place."""
        return [w for layer in self.layers for w in layer.trainable_weights]

    @property
    def trainable_weights(self) -> list[np.ndarray]:
        """Keras's other name for `trainable_variables`."""
        return self.trainable_variables

    @property
    def non_trainable_weights(self) -> list[np.ndarray]:
        """The weights the optimizer never updates (BatchNormalization's moving statistics), live."""
        return [w for layer in self.layers for w in layer.non_trainable_weights]

    @property
    def weights(self) -> list[np.ndarray]:
        """Every layer's weights, layer by layer (each layer's trainable ones first), live."""
        return [w for layer in self.layers for w in layer.weights]

    # -- weights -------------------------------------------------------------------------------

    def get_weights(self) -> list[np.ndarray]:
        """Every layer's weights in order (`[kernel, bias, gamma, beta, moving_mean, moving_variance, ...]`), as
        copies."""
        return [w for layer in self.layers for w in layer.get_weights()]

    def set_weights(self, weights: Sequence[np.ndarray]) -> None:
        """Sets every layer's weights from a list shaped like `get_weights()`; checks all before changing any."""
        weights = list(weights)
        if not self.built:
            raise ValueError(f"Model {self.name!r} has no weights yet: start it with an `Input` or call "
                             f"`build(input_shape)` before `set_weights`. Received: {len(weights)} arrays")
        for layer, layer_weights in zip(self.layers, self.check_weights(weights), strict=True):
            layer.set_weights(layer_weights)

    def check_weights(self, weights: Sequence[np.ndarray]) -> list[list[np.ndarray]]:
        """`weights` (shaped like `get_weights()`) cut into each layer's, checked; raises before any change."""
        weights = list(weights)
        expected = len(self.weights)
        if len(weights) != expected:
            raise ValueError(f"Model {self.name!r} expects {expected} weight arrays. Received: {len(weights)}")
        slices, position = [], 0
        for layer in self.layers:
            layer.check_weights(weights[position:position + len(layer.weights)])
            slices.append(weights[position:position + len(layer.weights)])
            position += len(layer.weights)
        return slices

    def save(self, filepath: model_file.PathLike, overwrite: bool = True) -> None:
        """Saves layers, compile config, weights and optimizer state to one `.npz` file; see `saving`."""
        model_file.save_model(self, filepath, overwrite)

    def save_weights(self, filepath: model_file.PathLike, overwrite: bool = True) -> None:
        """Saves only the weights to one `.npz` file."""
        model_file.save_weights(self, filepath, overwrite)

    def load_weights(self, filepath: model_file.PathLike) -> None:
        """Sets the weights from a file written by `save_weights` or `save`."""
        model_file.load_weights(self, filepath)

    def count_params(self) -> int:
        return sum(layer.count_params() for layer in self.layers)

    def summary(self, print_fn: Callable[[str], Any] = print) -> None:
        """Prints the tf.keras 2 table: layer name and type, output shape, parameter count, totals."""
        print_summary(self, print_fn)

    # -- compile and the step ------------------------------------------------------------------

    def compile(self, optimizer: str | optimizers.Optimizer = "rmsprop", loss: str | losses.Loss | None = None,
                metrics: Sequence[str | metrics_module.MeanMetricWrapper] | None = None) -> None:
        """Chooses the optimizer (object or name such as `"sgd"`), the loss and the metrics to log."""
        if loss is None:
            raise ValueError("`loss` is required, e.g. compile(loss='mae'). Received: loss=None")
        if isinstance(metrics, str):
            raise TypeError(f"`metrics` must be a list of names, e.g. ['mae']. Received: metrics={metrics!r}")
        optimizer, loss = optimizers.get(optimizer), losses.get(loss)
        self.metrics = [metrics_module.get(name) for name in metrics or []]
        self.optimizer, self.loss = optimizer, loss

    def train_step(self, data: tuple[np.ndarray, np.ndarray]) -> dict[str, float]:
        """One update of the weights from one checked batch `(x, y)`; `fit` calls it for every batch:

            y_pred = self._forward(x, training=True)                # each layer's forward, in order
            loss, grad = self.loss.value_and_gradient(y, y_pred)    # grad = dL/dy_pred
            gradients = self._backward(grad)   # each layer, last first: grad = layer.backward(grad); its grads
            self.optimizer.apply(gradients, self.trainable_variables)

        `training=True` is Keras's flag: Dropout drops units and BatchNormalization uses (and records) the
        batch's statistics. Returns the logs: as in Keras 3, running means of the loss and metrics over every
        batch since the last `reset_metrics()` (which `fit` calls at the start of each epoch), each computed
        with the weights before that batch's update.
        """
        x, y = data
        assert self.loss is not None and self.optimizer is not None, "compile() sets the loss and the optimizer"
        # exercise: fit_step
        y_pred = self._forward(x, training=True)
        loss, grad = self.loss.value_and_gradient(y, y_pred)
        gradients = self._backward(grad)
        self.optimizer.apply(gradients, self.trainable_variables)
        # end exercise
        return self._track(loss, y, y_pred)

    def test_step(self, data: tuple[np.ndarray, np.ndarray]) -> dict[str, float]:
        """The loss (and metrics) on one checked batch `(x, y)`, without training; logs as `train_step`'s."""
        x, y = data
        assert self.loss is not None, "compile() sets the loss"
        y_pred = self._forward(x, training=False)
        return self._track(self.loss(y, y_pred), y, y_pred)

    def train_on_batch(self, x: Any, y: Any, return_dict: bool = False) -> float | list[float] | dict[str, float]:
        """`train_step` on one batch after checking it: the loss, `[loss, *metrics]`, or a dict with `return_dict`."""
        logs = self.train_step(self._as_batch(x, y, "train_on_batch"))
        return logs if return_dict else _as_list_or_float(logs)

    def test_on_batch(self, x: Any, y: Any, return_dict: bool = False) -> float | list[float] | dict[str, float]:
        """`test_step` on one batch after checking it; returns as `train_on_batch`."""
        logs = self.test_step(self._as_batch(x, y, "test_on_batch"))
        return logs if return_dict else _as_list_or_float(logs)

    def predict_on_batch(self, x: Any) -> np.ndarray:
        """The model's outputs for one batch (at inference: `training=False`)."""
        return self._forward(self._as_batch_inputs(x), training=False)

    def compute_gradients(self, x: Any, y: Any) -> tuple[float, list[np.ndarray]]:
        """The loss on `(x, y)` and its gradient for each of `trainable_variables`: a step without the update
        (its forward pass is a training one, as `train_step`'s: BatchNormalization's moving statistics move).

        Example:
        >>> import minigrad as keras
        >>> model = keras.Sequential([keras.Input(1), keras.layers.Dense(1, use_bias=False)])
        >>> model.compile(loss="mae"); model.set_weights([np.array([[2.0]])])
        >>> model.compute_gradients(np.array([3.0]), np.array([3.0]))  # d|2x - x|/dW = x
        (3.0, [array([[3.]], dtype=float32)])
        """
        x, y = self._as_batch(x, y, "compute_gradients")
        assert self.loss is not None, "compile() sets the loss"
        loss, grad = self.loss.value_and_gradient(y, self._forward(x, training=True))
        return float(loss), self._backward(grad)

    @property
    def metrics_names(self) -> list[str]:
        """`["loss", *the compiled metrics' names]`, as tf.keras 2 lists them (what `evaluate` returns, in order)."""
        return [self.loss_tracker.name, *(metric.name for metric in self.metrics)]

    def reset_metrics(self) -> None:
        """Starts the running loss and metrics afresh."""
        for tracker in (self.loss_tracker, *self.metrics):
            tracker.reset_state()

    def _forward(self, x: np.ndarray, training: bool) -> np.ndarray:
        """Each layer's forward pass, first to last; `training` reaches the layers whose `forward` takes it."""
        for layer in self.layers:
            if layer.forward_takes_training:
                x = layer.forward(x, training=training)  # type: ignore[call-arg]
            else:
                x = layer.forward(x)
        return x

    def _backward(self, grad: np.ndarray) -> list[np.ndarray]:
        """Backpropagates dL/dy_pred through the layers, last first; returns each weight's gradient."""
        self.backward(grad, need_input_grad=False)
        return self.grads

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        """As a layer of another model: this model's outputs for the batch `x`."""
        return self._forward(x, training)

    def backward(self, dy: np.ndarray, need_input_grad: bool = True) -> np.ndarray | None:
        """From `dy` = dL/d(output): sets each layer's gradients (`grads`) and returns dL/d(input), which the
        first layer computes only if `need_input_grad` (a model inside another model needs it)."""
        grad: np.ndarray | None = dy
        for i in range(len(self.layers) - 1, -1, -1):
            grad = self.layers[i].backward(grad, need_input_grad=i > 0 or need_input_grad)  # type: ignore[arg-type]
        return grad

    @property
    def grads(self) -> list[np.ndarray]:
        """The gradient of each trainable weight from the last `backward`, in `trainable_weights` order."""
        return [g for layer in self.layers for g in layer.grads]

    def get_layer(self, name: str | None = None, index: int | None = None) -> Layer | Sequential:
        """The layer called `name`, or at position `index` of `layers`.

        Example:
        >>> import minigrad as keras
        >>> model = keras.Sequential([keras.Input(2), keras.layers.Dense(1, name="out")])
        >>> model.get_layer("out") is model.layers[0]
        True
        """
        if (name is None) == (index is None):
            raise ValueError(f"Give `name` or `index`, one of them. Received: name={name!r}, index={index!r}")
        if index is not None:
            count = len(self.layers)
            if isinstance(index, bool) or not isinstance(index, int) or not -count <= index < count:
                raise ValueError(f"Model {self.name!r} has {count} layers. Received: index={index!r}")
            return self.layers[index]
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise ValueError(f"No such layer: {name!r}. Existing layers are: {[layer.name for layer in self.layers]}.")

    def _track(self, loss: float | np.ndarray, y: np.ndarray, y_pred: np.ndarray) -> dict[str, float]:
        self.loss_tracker.update_state(loss, len(y_pred))
        for metric in self.metrics:
            metric.update_state(y, y_pred)
        return {tracker.name: tracker.result() for tracker in (self.loss_tracker, *self.metrics)}

    def __call__(self, x: Any, training: bool = False) -> np.ndarray:
        """`model(x)`: the outputs for `x` in one forward pass, as Keras 3 returns them. `training=True` runs it
        as `fit` does (Dropout drops units; BatchNormalization uses the batch's statistics and updates its moving
        ones); the default is inference, as `predict`.
        """
        x = self._as_inputs(x)
        if not self.built:
            self.build(x.shape[1:])
        return self._forward(x, training=bool(training))

    # -- data ----------------------------------------------------------------------------------

    def _as_inputs(self, x: Any, name: str = "x", check_finite: bool = True) -> np.ndarray:
        """`x` as a floatx array of samples (a 1-D `x` is n samples of one feature), matching the input shape."""
        if not self.layers:
            raise ValueError(f"Model {self.name!r} has no layers. Add one, e.g. model.add(Dense(1)). "
                             "Received: layers=[]")
        x = as_float_array(x, name, check_finite)
        if self.sample_shape is not None and x.shape[1:] != self.sample_shape:
            raise ValueError(f"The model expects {math.prod(self.sample_shape)} feature(s) per sample, in samples "
                             f"of shape {self.sample_shape}. Received: {name} with shape {x.shape}")
        return x

    def _as_targets(self, y: Any, x: np.ndarray, name: str = "y", check_finite: bool = True) -> np.ndarray:
        """`y` with one row per sample of `x`: one value, one value per output, or a class index."""
        y = as_float_array(y, name, check_finite)
        units = self.layers[-1].output_shape[-1] if self.layers[-1].built else None
        if units is not None and y.shape[1:] not in ((1,), (units,)):
            raise ValueError(f"The model has {units} output(s) per sample. Received: {name} with shape {y.shape}")
        if len(y) != len(x):
            raise ValueError(f"`x` and `{name}` must have the same number of samples. "
                             f"Received: {len(x)} and {len(y)}")
        return y

    def _as_batch(self, x: Any, y: Any, method: str) -> tuple[np.ndarray, np.ndarray]:
        if self.optimizer is None:
            raise RuntimeError(f"You must call `compile()` before `{method}()`.")
        x = self._as_batch_inputs(x)
        return x, self._as_targets(y, x, check_finite=False)

    def _as_batch_inputs(self, x: Any) -> np.ndarray:
        x = self._as_inputs(x, check_finite=False)
        if not self.layers[-1].built:
            self.build(x.shape[1:])
        return x

    def _as_validation_data(self, validation_data: Any) -> tuple[np.ndarray, np.ndarray]:
        if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
            raise ValueError("`validation_data` must be a tuple `(x_val, y_val)`. "
                             f"Received: {type(validation_data).__name__} of length "
                             f"{len(validation_data) if hasattr(validation_data, '__len__') else 'n/a'}")
        x_val = self._as_inputs(validation_data[0], "x_val")
        return x_val, self._as_targets(validation_data[1], x_val, "y_val")

    # -- fit, evaluate, predict ----------------------------------------------------------------

    def fit(self, x: Any = None, y: Any = None, batch_size: int | None = None, epochs: int = 1,
            verbose: int | str = "auto", callbacks: Sequence[Callback] | None = None,
            validation_split: float = 0.0, validation_data: tuple | None = None, shuffle: bool = True,
            initial_epoch: int = 0) -> History:
        """Trains the model with mini-batch gradient descent; returns the `History`.

        Each epoch (from `initial_epoch` to `epochs - 1`) takes a fresh permutation of the
        training samples (unless `shuffle=False`), cuts it into batches of `batch_size` (the last
        one may be smaller) and calls `train_step` on each. The logged `loss` and metrics are
        the means over the epoch's samples (each computed before its batch's update); `val_*` uses
        the end-of-epoch weights. `validation_split` keeps the last fraction of `x`, `y` for
        validation, before shuffling. Every argument is checked before anything changes; the first
        epoch whose loss is NaN or infinite triggers one RuntimeWarning (`TerminateOnNaN` stops there).
        A callback may set `model.resume_epoch` in `on_train_begin` to start at that epoch instead
        (`BackupAndRestore` resumes so; Keras 3 calls it `model._initial_epoch`).
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
        validation = None
        if validation_data is not None:
            validation = self._as_validation_data(validation_data)
        elif validation_split:
            x, y, validation = _split(x, y, validation_split)
        if not self.built:
            self.build(x.shape[1:])

        self.history = History()
        params = self._fit_params(len(x), batch_size, epochs, verbose, validation is not None)
        callback_list = CallbackList(user_callbacks + [self.history] + [ProgbarLogger(verbose)] * bool(verbose),
                                     model=self, params=params)
        self.stop_training = False
        logs: dict[str, float] = {}
        diverged = False
        self.resume_epoch: int | None = None
        callback_list.on_train_begin()
        for epoch in range(initial_epoch if self.resume_epoch is None else self.resume_epoch, epochs):
            self.reset_metrics()
            callback_list.on_epoch_begin(epoch)
            for batch, (x_batch, y_batch) in enumerate(_batches(x, y, batch_size, shuffle)):
                callback_list.on_train_batch_begin(batch)
                logs = self.train_step((x_batch, y_batch))
                callback_list.on_train_batch_end(batch, logs)
                if self.stop_training:
                    break
            logs = WithOldNames(logs, where="logs")
            if not diverged and not math.isfinite(logs["loss"]):
                diverged = True
                _warn_diverged(logs["loss"], epoch, self.optimizer)
            if validation is not None:
                val_logs = self._evaluate_batches(*validation, batch_size, callback_list)
                logs.update({f"val_{key}": value for key, value in val_logs.items()})
            callback_list.on_epoch_end(epoch, logs)
            if self.stop_training:
                break
        callback_list.on_train_end(logs)
        return self.history

    def _fit_params(self, samples: int, batch_size: int, epochs: int, verbose: int, validation: bool) -> WithOldNames:
        """The callbacks' `params`: tf.keras 2's keys, answering Keras 2.2's old ones too."""
        logged = self.metrics_names + ([f"val_{name}" for name in self.metrics_names] if validation else [])
        return WithOldNames(
            {"verbose": verbose, "epochs": epochs, "steps": -(-samples // batch_size)},
            where="self.params",
            retired={"samples": (samples, "Read self.params['steps'], the number of batches per epoch."),
                     "batch_size": (batch_size, "Read self.params['steps'], the number of batches per epoch."),
                     "do_validation": (validation, "An epoch's logs hold 'val_loss' when fit validates."),
                     "metrics": ([keras_2_2_name(name) for name in logged], "An epoch's logs hold today's names.")})

    def evaluate(self, x: Any = None, y: Any = None, batch_size: int | None = None, verbose: int | str = "auto",
                 return_dict: bool = False,
                 callbacks: Sequence[Callback] | None = None) -> float | list[float] | dict[str, float]:
        """The loss (and metrics) over `x`, `y`: a float, `[loss, *metrics]`, or a dict with `return_dict`.

        Callbacks get `on_test_begin`, `on_test_batch_begin/end` and `on_test_end`, as in Keras.
        """
        if self.optimizer is None:
            raise RuntimeError("You must call `compile()` before `evaluate()`.")
        x = self._as_inputs(x)
        y = self._as_targets(y, x)
        batch_size = 32 if batch_size is None else check_positive_int("batch_size", batch_size)
        verbose = check_verbose(verbose)
        callback_list = CallbackList(_check_callbacks(callbacks), model=self, params={"verbose": verbose})
        start = time.perf_counter()
        logs = self._evaluate_batches(x, y, batch_size, callback_list)
        if verbose:
            _print_final_line(-(-len(x) // batch_size), time.perf_counter() - start, logs, verbose)
        return logs if return_dict else _as_list_or_float(logs)

    def _evaluate_batches(self, x: np.ndarray, y: np.ndarray, batch_size: int,
                          callbacks: CallbackList) -> dict[str, float]:
        """`evaluate` on checked arrays (`fit`'s validation calls it every epoch with its own callbacks)."""
        self.reset_metrics()
        callbacks.on_test_begin()
        logs: dict[str, float] = {}
        for batch, (x_batch, y_batch) in enumerate(_batches(x, y, batch_size, shuffle=False)):
            callbacks.on_test_batch_begin(batch)
            logs = self.test_step((x_batch, y_batch))
            callbacks.on_test_batch_end(batch, logs)
        callbacks.on_test_end(logs)
        return dict(logs)

    def predict(self, x: Any, batch_size: int | None = None, verbose: int | str = "auto",
                callbacks: Sequence[Callback] | None = None) -> np.ndarray:
        """The model's outputs for `x`, an array of shape `(n_samples, units)`.

        Callbacks get `on_predict_begin`, `on_predict_batch_begin/end` (with `{"outputs": ...}`) and
        `on_predict_end`, as in Keras.
        """
        x = self._as_inputs(x)
        batch_size = 32 if batch_size is None else check_positive_int("batch_size", batch_size)
        verbose = check_verbose(verbose)
        callback_list = CallbackList(_check_callbacks(callbacks), model=self, params={"verbose": verbose})
        callback_list.on_predict_begin()
        began = time.perf_counter()
        outputs = []
        for batch, start in enumerate(range(0, len(x), batch_size)):
            callback_list.on_predict_batch_begin(batch)
            outputs.append(self.predict_on_batch(x[start:start + batch_size]).copy())
            callback_list.on_predict_batch_end(batch, {"outputs": outputs[-1]})
        callback_list.on_predict_end()
        if verbose:
            _print_final_line(len(outputs), time.perf_counter() - began, None, verbose)
        return np.concatenate(outputs)

    def predict_classes(self, x: Any, batch_size: int = 32, verbose: int = 0) -> np.ndarray:
        """Keras 2.2's class predictions, removed in tf.keras 2.6: the most probable class of each sample, or for
        one (sigmoid) output whether it is above 0.5 (as int32 0/1 in a column), with a DeprecationWarning.

            classes = predict(x).argmax(axis=-1)               # several outputs
            classes = (predict(x) > 0.5).astype("int32")       # one output
        """
        warnings.warn("`model.predict_classes()` was removed in tf.keras 2.6. Use np.argmax(model.predict(x), "
                      "axis=-1) for a softmax output, or (model.predict(x) > 0.5).astype('int32') for one sigmoid "
                      "output.", DeprecationWarning, stacklevel=2)
        probabilities = self.predict(x, batch_size=batch_size, verbose=verbose)
        if probabilities.shape[-1] > 1:
            return probabilities.argmax(axis=-1)
        return (probabilities > 0.5).astype("int32")

    def predict_proba(self, x: Any, batch_size: int = 32, verbose: int = 0) -> np.ndarray:
        """Keras 2.2's name for `predict` (its outputs are probabilities), removed in tf.keras 2.6; warns."""
        warnings.warn("`model.predict_proba()` was removed in tf.keras 2.6. Use model.predict(x).",
                      DeprecationWarning, stacklevel=2)
        return self.predict(x, batch_size=batch_size, verbose=verbose)


def load_model(filepath: model_file.PathLike) -> Sequential:
    """Rebuilds a model saved by `model.save(filepath)`: same layers, weights, compile config and
    optimizer state, so training continues exactly as if it had never stopped. Creating the layers
    does not draw from the random generator, so a seeded shuffling order is not disturbed."""
    saved = model_file.read_model(filepath)
    model = Sequential([Input(saved.sample_shape)] if saved.sample_shape else [], name=saved.name)
    for layer in saved.layers:
        model.add(layer)
    if saved.compile_config is not None:
        model.compile(**saved.compile_config)
    saved.restore(model)
    return model


def _batches(x: np.ndarray, y: np.ndarray, batch_size: int, shuffle: bool) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """The epoch's batches in order: a fresh permutation of the samples if `shuffle`, then slices."""
    if shuffle:
        order = backend.rng().permutation(len(x))
        x, y = x[order], y[order]
    for start in range(0, len(x), batch_size):
        yield x[start:start + batch_size], y[start:start + batch_size]


def _split(x: np.ndarray, y: np.ndarray,
           validation_split: float) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, np.ndarray]]:
    split = int(len(x) * (1 - validation_split))
    if split == 0 or split == len(x):
        raise ValueError(f"validation_split={validation_split} leaves {split} training and "
                         f"{len(x) - split} validation samples out of {len(x)}; both must be at least 1.")
    return x[:split], y[:split], (x[split:], y[split:])


def _as_list_or_float(logs: dict[str, float]) -> float | list[float]:
    values = list(logs.values())
    return values[0] if len(values) == 1 else values


def _print_final_line(steps: int, elapsed: float, logs: dict[str, float] | None, verbose: int) -> None:
    """`evaluate`'s and `predict`'s last line, as tf.keras 2 prints it (the time per step is the mean)."""
    print(final_line(steps, elapsed, elapsed / steps, logs, verbose))


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
