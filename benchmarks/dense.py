"""Benchmark 4: one training step of a large Dense layer, where the arithmetic dominates.

`Dense(512)` on 512 features, a batch of 1024, MAE loss, SGD, float32. One step is:

    z = x @ kernel + bias                 # forward: a (1024, 512) x (512, 512) GEMM
    e = z - y                             # MAE value mean(abs(e)) and gradient g = sign(e) / e.size
    d_kernel = x.T @ g                    # backward: a second GEMM (no dL/dx: first layer)
    d_bias = g.sum(axis=0)
    kernel -= lr * d_kernel; bias -= lr * d_bias

The reference is that step in bare NumPy with preallocated buffers (`out=`): the floor. minigrad
is timed through fit's own per-batch lines (forward, loss, backward, `optimizer.apply`) and through
`fit` itself (one epoch of one batch, `shuffle=False`), which adds fit's input checks. PyTorch, when
installed, runs the same step with autograd and `torch.optim.SGD`. The overhead to look for:
copies, float64 upcasts and arrays allocated where an in-place update would do.
"""
from __future__ import annotations

import numpy as np

from benchmarks.harness import Candidate, Result, Settings, Skip, available, measure
from benchmarks.peers import threads_note

TITLE = "Large Dense step: batch 1024, 512 -> 512, MAE, SGD, float32"
LEARNING_RATE = 0.01


def shapes(settings: Settings) -> tuple[int, int, int]:
    """(batch, features, units): the real size, or a small one for a quick run."""
    return (64, 32, 32) if settings.quick else (1024, 512, 512)


def data(settings: Settings) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    batch, features, units = shapes(settings)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((batch, features), dtype=np.float32)
    y = rng.standard_normal((batch, units), dtype=np.float32)
    limit = np.sqrt(6 / (features + units))
    kernel = rng.uniform(-limit, limit, (features, units)).astype(np.float32)
    return x, y, kernel


def numpy_candidate(settings: Settings) -> Candidate:
    def prepare():
        x, y, kernel = data(settings)
        bias = np.zeros(kernel.shape[1], np.float32)
        e, abs_e, g = np.empty_like(y), np.empty_like(y), np.empty_like(y)
        d_kernel, d_bias = np.empty_like(kernel), np.empty_like(bias)
        lr = np.float32(LEARNING_RATE)

        def step() -> float:
            np.matmul(x, kernel, out=e)
            np.add(e, bias, out=e)
            np.subtract(e, y, out=e)
            loss = float(np.abs(e, out=abs_e).mean())
            np.divide(np.sign(e, out=g), e.size, out=g)
            np.matmul(x.T, g, out=d_kernel)
            np.sum(g, axis=0, out=d_bias)
            np.subtract(kernel, np.multiply(lr, d_kernel, out=d_kernel), out=kernel)
            np.subtract(bias, np.multiply(lr, d_bias, out=d_bias), out=bias)
            return loss

        return step

    return Candidate("bare NumPy, preallocated", prepare)


def minigrad_model(settings: Settings):
    import minigrad as keras

    x, y, kernel = data(settings)
    model = keras.models.Sequential([keras.layers.Input(x.shape[1]), keras.layers.Dense(y.shape[1])])
    model.set_weights([kernel, np.zeros(y.shape[1], np.float32)])
    model.compile(loss="mae", optimizer=keras.optimizers.SGD(LEARNING_RATE))
    return model, x, y


def minigrad_step_candidate(settings: Settings) -> Candidate:
    def prepare():
        model, x, y = minigrad_model(settings)

        def step() -> float:
            model.reset_metrics()
            return model.train_on_batch(x, y)

        return step

    return Candidate("minigrad train_on_batch", prepare)


def minigrad_fit_candidate(settings: Settings) -> Candidate:
    def prepare():
        model, x, y = minigrad_model(settings)
        return lambda: model.fit(x, y, batch_size=len(x), epochs=1, shuffle=False, verbose=0)

    return Candidate("minigrad fit (1 epoch = 1 batch)", prepare)


def torch_candidate(settings: Settings) -> Candidate:
    try:
        import torch
    except ModuleNotFoundError:
        raise Skip("PyTorch: `torch` is not installed.") from None

    def prepare():
        x, y, kernel = (torch.from_numpy(array) for array in data(settings))
        layer = torch.nn.Linear(*kernel.shape)
        with torch.no_grad():
            layer.weight.copy_(kernel.T)
            layer.bias.zero_()
        optimizer = torch.optim.SGD(layer.parameters(), lr=LEARNING_RATE)
        loss_fn = torch.nn.L1Loss()

        def step() -> float:
            loss = loss_fn(layer(x), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            return loss.item()

        return step

    return Candidate(f"PyTorch {torch.__version__} (autograd, optim.SGD)", prepare)


def run(settings: Settings) -> Result:
    steps = 3 if settings.quick else 20
    factories = [numpy_candidate, minigrad_step_candidate, minigrad_fit_candidate, torch_candidate]
    candidates, notes = available(factories, settings)
    for candidate in candidates:
        candidate.prepare = _repeated(candidate.prepare, steps)
    timings = measure(candidates, settings.repeats, quiet=settings.quiet).scaled(1 / steps)
    batch, features, units = shapes(settings)
    notes.insert(0, f"Time per step (mean of {steps} consecutive steps per timed run); batch {batch}, "
                    f"{features} -> {units}. Target: minigrad's step within 1.1x of bare NumPy.")
    notes.append(threads_note())
    return Result(TITLE if not settings.quick else f"{TITLE} (quick: {batch}, {features} -> {units})",
                  "bare NumPy, preallocated", timings, notes)


def _repeated(prepare, steps: int):
    """Wraps `prepare` so that the timed call runs `steps` steps in a row."""
    def prepare_steps():
        step = prepare()

        def run_steps() -> None:
            for _ in range(steps):
                step()

        return run_steps

    return prepare_steps
