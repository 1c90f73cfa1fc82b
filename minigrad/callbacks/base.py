"""The callback protocol, the list that dispatches it, `History` and `LambdaCallback`."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from minigrad.callbacks.old_names import WithOldNames


class Callback:
    """Base class: override the hooks you need; `self.model` and `self.params` are set before they run.

    Order during `fit` (as Keras): `on_train_begin`; per epoch `on_epoch_begin`, then per batch
    `on_train_batch_begin` / `on_train_batch_end` (which forward to `on_batch_begin` /
    `on_batch_end`), the validation's `on_test_*` hooks, then `on_epoch_end` with the epoch's logs;
    finally `on_train_end`. `evaluate` calls the `on_test_*` hooks and `predict` the `on_predict_*` ones.
    """

    def __init__(self) -> None:
        self.model: Any = None
        self.params: dict[str, Any] = {}

    def set_model(self, model: Any) -> None:
        self.model = model

    def set_params(self, params: dict[str, Any]) -> None:
        self.params = params

    def on_train_begin(self, logs: dict | None = None) -> None:
        pass

    def on_train_end(self, logs: dict | None = None) -> None:
        pass

    def on_test_begin(self, logs: dict | None = None) -> None:
        pass

    def on_test_end(self, logs: dict | None = None) -> None:
        pass

    def on_predict_begin(self, logs: dict | None = None) -> None:
        pass

    def on_predict_end(self, logs: dict | None = None) -> None:
        pass

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        pass

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        pass

    def on_test_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        pass

    def on_test_batch_end(self, batch: int, logs: dict | None = None) -> None:
        pass

    def on_predict_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        pass

    def on_predict_batch_end(self, batch: int, logs: dict | None = None) -> None:
        pass

    def on_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        pass

    def on_batch_end(self, batch: int, logs: dict | None = None) -> None:
        pass

    def on_train_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        self.on_batch_begin(batch, logs)

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        self.on_batch_end(batch, logs)


class CallbackList:
    """Calls each hook on every callback, in order, passing the same `logs` dict ({} when none is given).

    As tf.keras 2's, it skips a phase's batch hooks (`fit` calls them for every batch) when no callback
    overrides them.
    """

    def __init__(self, callbacks: Iterable[Callback], model: Any, params: dict[str, Any]) -> None:
        self.callbacks = list(callbacks)
        self.params = params
        for callback in self.callbacks:
            callback.set_model(model)
            callback.set_params(params)
        self.batch_hooks_used = {phase: any(_overrides_batch_hooks(callback, phase) for callback in self.callbacks)
                                 for phase in ("train", "test", "predict")}

    def _call(self, hook: str, *args: Any) -> None:
        for callback in self.callbacks:
            getattr(callback, hook)(*args)

    def _call_batch_hook(self, phase: str, hook: str, batch: int, logs: dict | None) -> None:
        if self.batch_hooks_used[phase]:
            self._call(f"on_{phase}_batch_{hook}", batch, {} if logs is None else logs)

    def on_train_begin(self, logs: dict | None = None) -> None:
        self._call("on_train_begin", {} if logs is None else logs)

    def on_train_end(self, logs: dict | None = None) -> None:
        self._call("on_train_end", {} if logs is None else logs)

    def on_test_begin(self, logs: dict | None = None) -> None:
        self._call("on_test_begin", {} if logs is None else logs)

    def on_test_end(self, logs: dict | None = None) -> None:
        self._call("on_test_end", {} if logs is None else logs)

    def on_predict_begin(self, logs: dict | None = None) -> None:
        self._call("on_predict_begin", {} if logs is None else logs)

    def on_predict_end(self, logs: dict | None = None) -> None:
        self._call("on_predict_end", {} if logs is None else logs)

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self._call("on_epoch_begin", epoch, {} if logs is None else logs)

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        self._call("on_epoch_end", epoch, {} if logs is None else logs)

    def on_train_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        self._call_batch_hook("train", "begin", batch, logs)

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        self._call_batch_hook("train", "end", batch, logs)

    def on_test_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        self._call_batch_hook("test", "begin", batch, logs)

    def on_test_batch_end(self, batch: int, logs: dict | None = None) -> None:
        self._call_batch_hook("test", "end", batch, logs)

    def on_predict_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        self._call_batch_hook("predict", "begin", batch, logs)

    def on_predict_batch_end(self, batch: int, logs: dict | None = None) -> None:
        self._call_batch_hook("predict", "end", batch, logs)


def _overrides_batch_hooks(callback: Callback, phase: str) -> bool:
    """Whether `callback` replaces one of `phase`'s batch hooks (in its class or, as LambdaCallback, itself)."""
    hooks = [f"on_{phase}_batch_begin", f"on_{phase}_batch_end"]
    if phase == "train":
        hooks += ["on_batch_begin", "on_batch_end"]
    return any(hook in vars(callback) or getattr(type(callback), hook) is not getattr(Callback, hook)
               for hook in hooks)


class History(Callback):
    """Records each epoch's logs in `history`, a dict of lists with Keras's keys, in Keras's order; `fit` returns it.

    As in Keras, `history` holds what the epochs logged: the loss, the metrics and their `val_` versions, and
    `learning_rate` only when a callback logs it (`LearningRateScheduler`, `ReduceLROnPlateau`). Reading Keras 2.2's
    name of a key (`history.history["acc"]`) or tf.keras 2's (`["lr"]`) gives the same list with a
    DeprecationWarning (see `callbacks.old_names`). Beside the logs, `learning_rates` keeps the rate of each epoch's
    last update whatever set it (a number, `decay=`, a schedule, a callback); Keras has no such attribute, and
    minigrad's plots read it.

    Example:
    >>> h = History(); h.on_epoch_end(0, {"loss": 1.5}); h.history, h.learning_rates
    ({'loss': [1.5]}, [])
    """

    def __init__(self) -> None:
        super().__init__()
        self.history: dict[str, list[float]] = WithOldNames(where="history.history")
        self.epoch: list[int] = []
        self.learning_rates: list[float] = []

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        self.epoch.append(epoch)
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(value)
        optimizer = getattr(self.model, "optimizer", None)
        if optimizer is not None:
            self.learning_rates.append(optimizer.last_learning_rate)


class LambdaCallback(Callback):
    """A callback made of plain functions, called with positional arguments.

    Args:
        on_epoch_begin, on_epoch_end: `f(epoch, logs)`.
        on_batch_begin, on_batch_end, on_train_batch_begin, on_train_batch_end: `f(batch, logs)`.
        on_train_begin, on_train_end: `f(logs)`.

    Example (the article's):
    >>> all_weights = []
    >>> save_weights = LambdaCallback(on_epoch_end=lambda batch, logs: all_weights.append(1.0))
    """

    def __init__(self, on_epoch_begin: Callable | None = None, on_epoch_end: Callable | None = None,
                 on_batch_begin: Callable | None = None, on_batch_end: Callable | None = None,
                 on_train_begin: Callable | None = None, on_train_end: Callable | None = None,
                 on_train_batch_begin: Callable | None = None, on_train_batch_end: Callable | None = None) -> None:
        super().__init__()
        hooks = dict(on_epoch_begin=on_epoch_begin, on_epoch_end=on_epoch_end, on_batch_begin=on_batch_begin,
                     on_batch_end=on_batch_end, on_train_begin=on_train_begin, on_train_end=on_train_end,
                     on_train_batch_begin=on_train_batch_begin, on_train_batch_end=on_train_batch_end)
        for name, function in hooks.items():
            if function is not None:
                if not callable(function):
                    raise TypeError(f"`{name}` must be callable. Received: {name}={function!r}")
                setattr(self, name, function)
