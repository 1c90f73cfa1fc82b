"""Benchmark 2: the article's E1 on real peers, next to minigrad and the bare NumPy loop.

The peers run the same experiment (same data, model, optimizer, loss, metric, epochs, batch size,
validation every epoch, W recorded each epoch) the way their users would write it:

- tf.keras 2 (`tf_keras`, legacy `SGD`), the framework the article used;
- Keras 3 on whatever backend `KERAS_BACKEND` selects (torch in minigrad's k3 environment);
- a hand-written PyTorch loop (`nn.Linear`, `nn.L1Loss`, `optim.SGD`, `loss.item()` per batch).

Each timed run builds a fresh model untimed and times `fit` (or the loop), so a Keras time includes
the per-model graph tracing its users pay on every new model. Threads: every library keeps its
default (NumPy's BLAS and torch use all cores); the table's notes say what that was.
"""
from __future__ import annotations

import importlib
import importlib.util
import os

from benchmarks import e1
from benchmarks.harness import Candidate, Result, Settings, Skip, available, measure

TITLE = "E1 on peers: tf.keras, Keras 3, a PyTorch loop"


def _import(module: str, label: str):
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as error:
        if error.name != module:
            raise
        raise Skip(f"{label}: `{module}` is not installed.") from None


def keras_fit(keras, optimizer, epochs: int):
    """The article's E1 code for a Keras module (`tf_keras` or `keras`): returns the `fit` to time."""
    keras.utils.set_random_seed(0)
    model = keras.models.Sequential([keras.layers.Input((1,)), keras.layers.Dense(1, use_bias=False)])
    all_weights = []
    save_weights = keras.callbacks.LambdaCallback(
        on_epoch_end=lambda batch, logs: all_weights.append(model.layers[0].get_weights()[0][0][0]))
    model.compile(loss="mae", optimizer=optimizer, metrics=["mae"])
    X = e1.X
    return lambda: model.fit(X[:80], X[:80], epochs=epochs, validation_data=(X[80:], X[80:]),
                             callbacks=[save_weights], verbose=0)


def tf_keras_candidate(settings: Settings) -> Candidate:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    tf_keras = _import("tf_keras", "tf.keras (legacy)")
    label = f"tf.keras {tf_keras.__version__} (legacy SGD)"
    return Candidate(label, lambda: keras_fit(tf_keras, tf_keras.optimizers.legacy.SGD(e1.LEARNING_RATE),
                                              e1.epochs_for(settings)))


def keras3_candidate(settings: Settings) -> Candidate:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    if importlib.util.find_spec("tensorflow") is None and importlib.util.find_spec("torch") is not None:
        os.environ.setdefault("KERAS_BACKEND", "torch")
    keras = _import("keras", "Keras 3")
    if not keras.__version__.startswith("3."):
        raise Skip(f"Keras 3: `keras` here is version {keras.__version__}.")
    label = f"Keras {keras.__version__} ({keras.backend.backend()} backend)"
    return Candidate(label, lambda: keras_fit(keras, keras.optimizers.SGD(e1.LEARNING_RATE), e1.epochs_for(settings)))


def torch_loop(torch, epochs: int):
    """E1 as a PyTorch user writes it; returns the loop to time."""
    torch.manual_seed(0)
    model = torch.nn.Linear(1, 1, bias=False)
    optimizer = torch.optim.SGD(model.parameters(), lr=e1.LEARNING_RATE)
    loss_fn = torch.nn.L1Loss()

    def train():
        x = torch.as_tensor(e1.X[:80, None], dtype=torch.float32)
        x_val = torch.as_tensor(e1.X[80:, None], dtype=torch.float32)
        y, y_val = x, x_val
        history = {"loss": [], "mae": [], "val_loss": [], "val_mae": []}
        all_weights = []
        for _ in range(epochs):
            order = torch.randperm(len(x))
            loss_sum = mae_sum = 0.0
            for start in range(0, len(x), e1.BATCH_SIZE):
                batch = order[start:start + e1.BATCH_SIZE]
                x_batch, y_batch = x[batch], y[batch]
                y_pred = model(x_batch)
                loss = loss_fn(y_pred, y_batch)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                loss_sum += loss.item() * len(batch)
                mae_sum += (y_pred.detach() - y_batch).abs().sum().item()
            with torch.no_grad():
                val_error = (model(x_val) - y_val).abs()
            history["loss"].append(loss_sum / len(x))
            history["mae"].append(mae_sum / len(x))
            history["val_loss"].append(val_error.mean().item())
            history["val_mae"].append(val_error.sum().item() / len(x_val))
            all_weights.append(model.weight.item())
        return history, all_weights

    return train


def torch_candidate(settings: Settings) -> Candidate:
    torch = _import("torch", "PyTorch loop")
    return Candidate(f"PyTorch {torch.__version__} loop", lambda: torch_loop(torch, e1.epochs_for(settings)))


def threads_note() -> str:
    """Which thread settings were in force: the variables `--threads` sets, and torch's count."""
    parts = [f"{name}={os.environ[name]}" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
             if name in os.environ] or ["none set: each library's default, all cores"]
    try:
        import torch
        parts.append(f"torch.get_num_threads()={torch.get_num_threads()}")
    except ImportError:
        pass
    return f"Threads: {', '.join(parts)}."


def run(settings: Settings) -> Result:
    peers, notes = available([tf_keras_candidate, keras3_candidate, torch_candidate], settings)
    if not peers:
        raise Skip("no peer is installed here (tf_keras, keras 3, torch); see the README to compare.")
    candidates = [e1.minigrad_candidate(settings), e1.numpy_candidate(settings), *peers]
    timings = measure(candidates, settings.repeats, quiet=settings.quiet)
    notes.insert(0, f"{e1.epochs_for(settings)} epochs; each Keras run builds and compiles a fresh model "
                    "(untimed) and times `fit`, tracing included.")
    notes.append(threads_note())
    return Result(TITLE, "minigrad fit", timings, notes)
