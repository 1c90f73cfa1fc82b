"""The callback protocol, the list that dispatches it, `History` and `LambdaCallback`."""
from __future__ import annotations

from typing import Any, Callable, Iterable

HOOKS = (
    "on_train_begin", "on_train_end", "on_epoch_begin", "on_epoch_end",
    "on_train_batch_begin", "on_train_batch_end",
)


class Callback:
    """Base class: override the hooks you need; `self.model` is set before training starts.

    Order during `fit` (as Keras): `on_train_begin`; per epoch `on_epoch_begin`, then per batch
    `on_train_batch_begin` / `on_train_batch_end` (which forward to `on_batch_begin` /
    `on_batch_end`), then `on_epoch_end` with the epoch's logs; finally `on_train_end`.
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

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        pass

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        pass

    def on_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        pass

    def on_batch_end(self, batch: int, logs: dict | None = None) -> None:
        pass

    def on_train_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        self.on_batch_begin(batch, logs)

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        self.on_batch_end(batch, logs)


def _defines(callback: Callback, hook: str) -> bool:
    """True if `callback` does something in `hook` (a method of its own or a LambdaCallback function)."""
    aliases = {"on_train_batch_begin": "on_batch_begin", "on_train_batch_end": "on_batch_end"}
    names = (hook, aliases[hook]) if hook in aliases else (hook,)
    return any(getattr(getattr(callback, name), "__func__", None) is not getattr(Callback, name)
               for name in names)


class CallbackList:
    """Calls each hook on the callbacks that define it, in order, passing the same `logs` dict.

    The callbacks that define a hook are found once, so a hook nobody uses (typically the batch
    hooks) costs nothing in the training loop: `if callbacks.on_train_batch_end: ...`.
    """

    def __init__(self, callbacks: Iterable[Callback], model: Any, params: dict[str, Any]) -> None:
        self.callbacks = list(callbacks)
        for callback in self.callbacks:
            callback.set_model(model)
            callback.set_params(params)
        for hook in HOOKS:
            methods = [getattr(cb, hook) for cb in self.callbacks if _defines(cb, hook)]
            setattr(self, hook, _dispatcher(methods) if methods else None)


def _dispatcher(methods: list[Callable]) -> Callable:
    if len(methods) == 1:
        return methods[0]

    def call_all(*args: Any) -> None:
        for method in methods:
            method(*args)

    return call_all


class History(Callback):
    """Records each epoch's logs in `history`, a dict of lists; `fit` returns it.

    Besides the logged values (`loss`, metrics, `val_*`), it records under `learning_rate` the
    learning rate of the epoch's last update, whatever set it (a number, `decay=`, a schedule
    or a callback).

    Example:
    >>> h = History(); h.on_epoch_end(0, {"loss": 1.5}); h.history
    {'loss': [1.5]}
    """

    def __init__(self) -> None:
        super().__init__()
        self.history: dict[str, list[float]] = {}
        self.epoch: list[int] = []

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        self.epoch.append(epoch)
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(value)
        optimizer = getattr(self.model, "optimizer", None)
        if optimizer is not None and "learning_rate" not in (logs or {}):
            self.history.setdefault("learning_rate", []).append(optimizer.last_learning_rate)


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
                 on_train_batch_begin: Callable | None = None,
                 on_train_batch_end: Callable | None = None) -> None:
        super().__init__()
        hooks = dict(on_epoch_begin=on_epoch_begin, on_epoch_end=on_epoch_end,
                     on_batch_begin=on_batch_begin, on_batch_end=on_batch_end,
                     on_train_begin=on_train_begin, on_train_end=on_train_end,
                     on_train_batch_begin=on_train_batch_begin, on_train_batch_end=on_train_batch_end)
        for name, function in hooks.items():
            if function is not None:
                if not callable(function):
                    raise TypeError(f"`{name}` must be callable. Received: {name}={function!r}")
                setattr(self, name, function)
