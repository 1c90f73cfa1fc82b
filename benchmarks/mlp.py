"""Benchmark 6: one epoch of MNIST's MLP, 784 -> 512 -> 512 -> 10 with Dropout(0.2) after each hidden layer, on
60,000 samples in batches of 128 (469 steps), sparse categorical cross-entropy, SGD(0.1), float32, `shuffle=False`;
then the same MLP with a BatchNormalization after each hidden ReLU (issue 23's case). One step of the first:

    h1 = relu(x @ W1 + b1);  keep1 = random(h1.shape) >= 0.2;  d1 = h1 * keep1 / 0.8
    h2 = relu(d1 @ W2 + b2); keep2 = ...;                       d2 = h2 * keep2 / 0.8
    p = softmax(d2 @ W3 + b3)
    dz3 = (p - onehot(y)) / n; dW3 = d2.T @ dz3; dz2 = dz3 @ W3.T * keep2 / 0.8 * (h2 > 0); dW2 = d1.T @ dz2
    dz1 = dz2 @ W2.T * keep1 / 0.8 * (h1 > 0); dW1 = x.T @ dz1 (no dL/dx: the first layer's input is the data)
    W -= lr * dW (and the biases)

With BatchNormalization each `h` is normalized before its Dropout, `b = gamma * (h - mean) / sqrt(var + 1e-3) +
beta` with the batch's statistics (and the moving ones updated), and its backward pass runs through them
(`dh = gamma / std * (db - d_beta / n - h_hat * d_gamma / n)`, as `BatchNormalization.backward` derives it).

The references are those loops in bare NumPy, drawing the masks the way minigrad does (a float32 uniform draw
compared with the rate); minigrad runs `model.fit(..., epochs=1)`. Peers, when installed (run the benchmark in
their environments, see the README): a hand-written PyTorch loop (`nn.Dropout`, `nn.BatchNorm1d` with Keras's
epsilon and momentum, `CrossEntropyLoss` on the logits, `optim.SGD`) and tf.keras 2's `fit` (legacy SGD; a fresh
model per run, its tracing included). With `--threads N`, TensorFlow's thread pools get N threads too.
"""
from __future__ import annotations

import functools
import os
import statistics

import numpy as np

from benchmarks.harness import Candidate, Result, Settings, Skip, available, measure
from benchmarks.peers import threads_note

TITLE = "MLP epoch: 784 -> 512 -> 512 -> 10 with Dropout(0.2), 60,000 samples, batch 128, SGD; with BatchNormalization"
LEARNING_RATE = 0.1
BATCH_SIZE = 128
RATE = 0.2
MOMENTUM, EPSILON = 0.99, 1e-3  # BatchNormalization's defaults
REFERENCE = "bare NumPy loop, Dropout"


def sizes(settings: Settings) -> tuple[int, int, int, int]:
    """(samples, inputs, hidden, classes): the real size, or a small one for a quick run."""
    return (512, 64, 32, 10) if settings.quick else (60_000, 784, 512, 10)


@functools.lru_cache(maxsize=2)
def data(settings: Settings) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, ...]]:
    """Random images and labels, and Glorot-uniform initial weights `(W1, b1, W2, b2, W3, b3)` (read-only: copy)."""
    samples, inputs, hidden, classes = sizes(settings)
    rng = np.random.default_rng(0)
    x = rng.random((samples, inputs), dtype=np.float32)
    y = rng.integers(0, classes, samples)
    weights = []
    for fan_in, fan_out in ((inputs, hidden), (hidden, hidden), (hidden, classes)):
        limit = np.sqrt(6 / (fan_in + fan_out))
        weights += [rng.uniform(-limit, limit, (fan_in, fan_out)).astype(np.float32), np.zeros(fan_out, np.float32)]
    return x, y, tuple(weights)


def numpy_candidate(settings: Settings, batch_normalization: bool = False) -> Candidate:
    def prepare():
        x, y, initial = data(settings)
        w1, b1, w2, b2, w3, b3 = (w.copy() for w in initial)
        hidden = w1.shape[1]
        onehot = np.eye(w3.shape[1], dtype=np.float32)[y]
        lr, scale = np.float32(LEARNING_RATE), np.float32(1 / (1 - RATE))
        rng = np.random.default_rng(0)
        norms = [[np.ones(hidden, np.float32), np.zeros(hidden, np.float32), np.zeros(hidden, np.float32),
                  np.ones(hidden, np.float32)] for _ in range(2)]  # gamma, beta, moving mean, moving variance

        def hidden_forward(a, w, b, norm):
            """relu, then (optionally) the batch normalization, then dropout; what the backward pass needs."""
            h = np.maximum(a @ w + b, 0)
            out, cache = h, None
            if batch_normalization:
                gamma, beta, moving_mean, moving_variance = norm
                mean = h.mean(axis=0)
                centered = h - mean
                var = (centered ** 2).mean(axis=0)
                moving_mean[...] = moving_mean * MOMENTUM + mean * (1 - MOMENTUM)
                moving_variance[...] = moving_variance * MOMENTUM + var * (1 - MOMENTUM)
                std = np.sqrt(var + EPSILON)
                h_hat = centered / std
                out, cache = gamma * h_hat + beta, (h_hat, std)
            kept = (rng.random(h.shape, dtype=np.float32) >= RATE) * scale
            return out * kept, (h, kept, cache)

        def hidden_backward(d_out, saved, norm):
            """dL/dz of the hidden layer from dL/d(its dropout's output); updates gamma and beta."""
            h, kept, cache = saved
            d = d_out * kept
            if batch_normalization:
                h_hat, std = cache
                gamma, beta = norm[:2]
                d_gamma, d_beta = (d * h_hat).sum(axis=0), d.sum(axis=0)
                d = gamma / std * (d - d_beta / len(d) - h_hat * (d_gamma / len(d)))
                gamma -= lr * d_gamma
                beta -= lr * d_beta
            return d * (h > 0)

        def epoch() -> None:
            for start in range(0, len(x), BATCH_SIZE):
                xb, tb = x[start:start + BATCH_SIZE], onehot[start:start + BATCH_SIZE]
                a1, saved1 = hidden_forward(xb, w1, b1, norms[0])
                a2, saved2 = hidden_forward(a1, w2, b2, norms[1])
                z = a2 @ w3 + b3
                e = np.exp(z - z.max(axis=1, keepdims=True))
                p = e / e.sum(axis=1, keepdims=True)
                dz3 = (p - tb) / len(xb)
                dz2 = hidden_backward(dz3 @ w3.T, saved2, norms[1])
                dz1 = hidden_backward(dz2 @ w2.T, saved1, norms[0])
                for weight, gradient in ((w3, a2.T @ dz3), (b3, dz3.sum(axis=0)), (w2, a1.T @ dz2),
                                         (b2, dz2.sum(axis=0)), (w1, xb.T @ dz1), (b1, dz1.sum(axis=0))):
                    weight -= lr * gradient

        return epoch

    return Candidate(f"bare NumPy loop, {'BatchNormalization' if batch_normalization else 'Dropout'}", prepare)


def keras_layers(keras, hidden: int, classes: int, batch_normalization: bool) -> list:
    """The MLP's layers after its `Input`, in a Keras module (`minigrad`, `tf_keras`)."""
    layers = []
    for _ in range(2):
        layers.append(keras.layers.Dense(hidden, activation="relu"))
        if batch_normalization:
            layers.append(keras.layers.BatchNormalization())
        layers.append(keras.layers.Dropout(RATE))
    return [*layers, keras.layers.Dense(classes, activation="softmax")]


def minigrad_candidate(settings: Settings, batch_normalization: bool = False) -> Candidate:
    def prepare():
        import minigrad as keras

        x, y, weights = data(settings)
        keras.utils.set_random_seed(0)
        model = keras.Sequential([keras.Input(x.shape[1]),
                                  *keras_layers(keras, weights[0].shape[1], weights[4].shape[1], batch_normalization)])
        model.set_weights(initial_weights(model, weights))
        model.compile(optimizer=keras.optimizers.SGD(LEARNING_RATE), loss="sparse_categorical_crossentropy")
        return lambda: model.fit(x, y, batch_size=BATCH_SIZE, epochs=1, shuffle=False, verbose=0)

    return Candidate(f"minigrad fit, {'BatchNormalization' if batch_normalization else 'Dropout'}", prepare)


def initial_weights(model, weights: tuple[np.ndarray, ...]) -> list[np.ndarray]:
    """`model.get_weights()` with the benchmark's kernels and biases for its Dense layers, in order."""
    dense = iter(weights)
    return [w for layer in model.layers
            for w in ([next(dense), next(dense)] if type(layer).__name__ == "Dense" else layer.get_weights())]


def torch_candidate(settings: Settings, batch_normalization: bool = False) -> Candidate:
    try:
        import torch
    except ModuleNotFoundError:
        raise Skip("PyTorch: `torch` is not installed.") from None

    def prepare():
        x, y, weights = data(settings)
        x, y = torch.from_numpy(x), torch.from_numpy(y)
        modules = []
        for i in range(3):
            kernel, bias = weights[2 * i], weights[2 * i + 1]
            linear = torch.nn.Linear(*kernel.shape)
            with torch.no_grad():
                linear.weight.copy_(torch.from_numpy(kernel.T.copy()))
                linear.bias.copy_(torch.from_numpy(bias))
            modules.append(linear)
            if i < 2:
                modules.append(torch.nn.ReLU())
                if batch_normalization:  # torch's momentum is Keras's 1 - momentum
                    modules.append(torch.nn.BatchNorm1d(kernel.shape[1], eps=EPSILON, momentum=1 - MOMENTUM))
                modules.append(torch.nn.Dropout(RATE))
        model = torch.nn.Sequential(*modules)
        optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)
        loss_fn = torch.nn.CrossEntropyLoss()

        def epoch() -> None:
            model.train()
            for start in range(0, len(x), BATCH_SIZE):
                loss = loss_fn(model(x[start:start + BATCH_SIZE]), y[start:start + BATCH_SIZE])
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()

        return epoch

    return Candidate(f"PyTorch {torch.__version__} loop, {'BatchNorm1d' if batch_normalization else 'Dropout'}",
                     prepare)


def tf_keras_candidate(settings: Settings, batch_normalization: bool = False) -> Candidate:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    try:
        import tensorflow as tf
        import tf_keras
    except ModuleNotFoundError:
        raise Skip("tf.keras: `tf_keras` is not installed.") from None
    if "OMP_NUM_THREADS" in os.environ and not tf.config.threading.get_intra_op_parallelism_threads():
        tf.config.threading.set_intra_op_parallelism_threads(int(os.environ["OMP_NUM_THREADS"]))
        tf.config.threading.set_inter_op_parallelism_threads(int(os.environ["OMP_NUM_THREADS"]))

    def prepare():
        x, y, weights = data(settings)
        tf_keras.backend.clear_session()
        tf_keras.utils.set_random_seed(0)
        model = tf_keras.Sequential([tf_keras.Input((x.shape[1],)), *keras_layers(
            tf_keras, weights[0].shape[1], weights[4].shape[1], batch_normalization)])
        model.set_weights(initial_weights(model, weights))
        model.compile(optimizer=tf_keras.optimizers.legacy.SGD(LEARNING_RATE), loss="sparse_categorical_crossentropy")
        return lambda: model.fit(x, y, batch_size=BATCH_SIZE, epochs=1, shuffle=False, verbose=0)

    layer = "BatchNormalization" if batch_normalization else "Dropout"
    return Candidate(f"tf.keras {tf_keras.__version__} fit, {layer}", prepare)


def run(settings: Settings) -> Result:
    factories = [functools.partial(factory, batch_normalization=normalized) for normalized in (False, True)
                 for factory in (numpy_candidate, minigrad_candidate, torch_candidate, tf_keras_candidate)]
    candidates, notes = available(factories, settings)
    notes = list(dict.fromkeys(notes))  # a missing peer is skipped twice, with and without BatchNormalization
    timings = measure(candidates, settings.repeats, quiet=settings.quiet)
    samples, inputs, hidden, classes = sizes(settings)
    median = {name: statistics.median(times) for name, times in timings.items()}
    notes.insert(0, f"Time per epoch: {samples} samples, {inputs} -> {hidden} -> {hidden} -> {classes}, "
                    f"batch {BATCH_SIZE}, {-(-samples // BATCH_SIZE)} steps.")
    notes.insert(1, "minigrad vs the bare loop: "
                 f"{median['minigrad fit, Dropout'] / median[REFERENCE]:.2f}x with Dropout, "
                 f"{median['minigrad fit, BatchNormalization'] / median['bare NumPy loop, BatchNormalization']:.2f}x "
                 "with BatchNormalization; BatchNormalization adds "
                 f"{median['minigrad fit, BatchNormalization'] / median['minigrad fit, Dropout'] - 1:+.0%} to "
                 "minigrad's epoch.")
    notes.append(threads_note())
    title = TITLE if not settings.quick else f"{TITLE} (quick: {samples} samples, {inputs} -> {hidden})"
    return Result(title, REFERENCE, timings, notes)
