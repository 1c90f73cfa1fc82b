"""Benchmark 6: one epoch of a 784-256-10 ReLU/softmax MLP on 10,000 samples (MNIST's shape), where the
arithmetic of a real classifier dominates.

Batches of 128 (79 steps), sparse categorical cross-entropy, SGD(0.1), float32, `shuffle=False`. One step:

    h = relu(x @ W1 + b1); p = softmax(h @ W2 + b2)
    dz2 = (p - onehot(y)) / n; dW2 = h.T @ dz2; dh = dz2 @ W2.T * (h > 0); dW1 = x.T @ dh
    W -= lr * dW (and the biases)

The reference is that loop in bare NumPy (no clipping of p: the probabilities stay far from 0 and 1 here);
minigrad runs `model.fit(..., epochs=1)`; PyTorch, when installed, runs the same loop with autograd,
`nn.CrossEntropyLoss` on the logits and `optim.SGD`.
"""
from __future__ import annotations

import numpy as np

from benchmarks.harness import Candidate, Result, Settings, Skip, available, measure
from benchmarks.peers import threads_note

TITLE = "MLP epoch: 784 -> 256 (ReLU) -> 10 (softmax), 10,000 samples, batch 128, SGD"
LEARNING_RATE = 0.1
BATCH_SIZE = 128


def sizes(settings: Settings) -> tuple[int, int, int, int]:
    """(samples, inputs, hidden, classes): the real size, or a small one for a quick run."""
    return (512, 64, 32, 10) if settings.quick else (10_000, 784, 256, 10)


def data(settings: Settings) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    samples, inputs, hidden, classes = sizes(settings)
    rng = np.random.default_rng(0)
    x = rng.random((samples, inputs), dtype=np.float32)
    y = rng.integers(0, classes, samples)
    limits = [np.sqrt(6 / (inputs + hidden)), np.sqrt(6 / (hidden + classes))]
    weights = [rng.uniform(-limits[0], limits[0], (inputs, hidden)).astype(np.float32), np.zeros(hidden, np.float32),
               rng.uniform(-limits[1], limits[1], (hidden, classes)).astype(np.float32), np.zeros(classes, np.float32)]
    return x, y, weights


def numpy_candidate(settings: Settings) -> Candidate:
    def prepare():
        x, y, (w1, b1, w2, b2) = data(settings)
        onehot = np.eye(w2.shape[1], dtype=np.float32)[y]
        lr = np.float32(LEARNING_RATE)

        def epoch() -> None:
            for start in range(0, len(x), BATCH_SIZE):
                xb, tb = x[start:start + BATCH_SIZE], onehot[start:start + BATCH_SIZE]
                h = np.maximum(xb @ w1 + b1, 0)
                z = h @ w2 + b2
                e = np.exp(z - z.max(axis=1, keepdims=True))
                p = e / e.sum(axis=1, keepdims=True)
                dz2 = (p - tb) / len(xb)
                dh = (dz2 @ w2.T) * (h > 0)
                for weight, gradient in ((w2, h.T @ dz2), (b2, dz2.sum(axis=0)), (w1, xb.T @ dh), (b1, dh.sum(axis=0))):
                    weight -= lr * gradient

        return epoch

    return Candidate("bare NumPy loop", prepare)


def minigrad_candidate(settings: Settings) -> Candidate:
    def prepare():
        import minigrad as keras

        x, y, weights = data(settings)
        model = keras.Sequential([keras.Input(x.shape[1]), keras.layers.Dense(weights[0].shape[1], activation="relu"),
                                  keras.layers.Dense(weights[2].shape[1], activation="softmax")])
        model.set_weights(weights)
        model.compile(optimizer=keras.optimizers.SGD(LEARNING_RATE), loss="sparse_categorical_crossentropy")
        return lambda: model.fit(x, y, batch_size=BATCH_SIZE, epochs=1, shuffle=False, verbose=0)

    return Candidate("minigrad fit (1 epoch)", prepare)


def torch_candidate(settings: Settings) -> Candidate:
    try:
        import torch
    except ModuleNotFoundError:
        raise Skip("PyTorch: `torch` is not installed.") from None

    def prepare():
        x, y, (w1, b1, w2, b2) = data(settings)
        x, y = torch.from_numpy(x), torch.from_numpy(y)
        first, second = torch.nn.Linear(*w1.shape), torch.nn.Linear(*w2.shape)
        with torch.no_grad():
            for layer, kernel, bias in ((first, w1, b1), (second, w2, b2)):
                layer.weight.copy_(torch.from_numpy(kernel.T.copy()))
                layer.bias.copy_(torch.from_numpy(bias))
        model = torch.nn.Sequential(first, torch.nn.ReLU(), second)
        optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)
        loss_fn = torch.nn.CrossEntropyLoss()

        def epoch() -> None:
            for start in range(0, len(x), BATCH_SIZE):
                loss = loss_fn(model(x[start:start + BATCH_SIZE]), y[start:start + BATCH_SIZE])
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()

        return epoch

    return Candidate(f"PyTorch {torch.__version__} loop (autograd, optim.SGD)", prepare)


def run(settings: Settings) -> Result:
    candidates, notes = available([numpy_candidate, minigrad_candidate, torch_candidate], settings)
    timings = measure(candidates, settings.repeats)
    samples, inputs, hidden, classes = sizes(settings)
    notes.insert(0, f"Time per epoch: {samples} samples, {inputs} -> {hidden} -> {classes}, batch {BATCH_SIZE}.")
    notes.append(threads_note())
    return Result(TITLE if not settings.quick else f"{TITLE} (quick: {samples} samples, {inputs} -> {hidden})",
                  "bare NumPy loop", timings, notes)
