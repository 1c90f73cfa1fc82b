"""Generate minigrad's golden fixtures (tests/golden/*.json) from the real frameworks.

minigrad's parity tests compare its numbers with these files. Every number in them comes from
legacy tf.keras, Keras 3, PyTorch or scikit-learn, run by this script; the inputs (data, initial
weights, hyper-parameters) are in golden_cases.py. None of these frameworks is a dependency of
minigrad: they live in two throw-away virtual environments.

Set-up (Python 3.11, CPU only; torch is its 2.13.0+cpu build):

    python3.11 -m venv /work/venvs/tf
    /work/venvs/tf/bin/pip install tensorflow-cpu==2.21.0 tf-keras==2.21.0 scikit-learn==1.9.1 numpy==2.4.6
    python3.11 -m venv /work/venvs/k3
    /work/venvs/k3/bin/pip install torch==2.13.0 keras==3.15.1 numpy==2.4.6

Regenerate everything (from the repository root; each target imports only its own framework):

    /work/venvs/tf/bin/python tests/golden/generate.py legacy summary initializers sklearn
    /work/venvs/k3/bin/python tests/golden/generate.py keras3 torch
    /work/venvs/tf/bin/python tests/golden/generate.py article    # E1-E10 x 5 seeds, about 10 minutes
    /work/venvs/tf/bin/python tests/golden/generate.py tutorials
    KERAS_BACKEND=torch /work/venvs/k3/bin/python tests/golden/generate.py tutorials
    /work/venvs/tf/bin/python tests/golden/generate.py pieces
    KERAS_BACKEND=torch /work/venvs/k3/bin/python tests/golden/generate.py pieces
    /work/venvs/tf/bin/python tests/golden/generate.py layers
    KERAS_BACKEND=torch /work/venvs/k3/bin/python tests/golden/generate.py layers

Targets and the files they write:

    keras3        fit_keras3.json, and the "keras3" parts of optimizer_steps.json, schedules.json
                  and fit_classifier.json
    legacy        fit_legacy.json, and the "legacy" parts of optimizer_steps.json, schedules.json
                  and fit_classifier.json
    torch         fit_torch.json, and the "torch" parts of optimizer_steps.json and schedules.json
    summary       summary.json         (tf_keras model.summary() text)
    initializers  initializers.json    (tf_keras initializer statistics: bounds, mean, standard deviation)
    sklearn       train_test_split.json
    tutorials     tutorials_tf_keras.json or tutorials_keras3.json: what each tutorial script prints
    pieces        the "tf_keras" or "keras3" part of classification_pieces.json: activations and losses
                  (values and gradients on edge cases) and the three accuracies
    article       article_tf_keras.json (the article's experiments on real tf_keras, 5 seeds)
    layers        the "tf_keras" or "keras3" part of layers.json: BatchNormalization's values, gradients
                  and moving statistics; Dropout's rule on many draws (the fraction dropped, the values
                  kept, noise_shape's broadcasting, nothing at inference); whole fits of MLPs with
                  BatchNormalization, Dropout and Activation (tf_keras with its legacy optimizers), each
                  Dropout's masks recorded per training step (see layers_fit)

optimizer_steps.json and schedules.json hold one section per convention ("keras3", "legacy",
"torch"); a target rewrites only its own section and keeps the others (so run the two venvs'
commands one after the other, not at the same time).

A fit case holds: id, layers (a Dense's arguments, or {"class_name", **arguments} for another
layer), input_dim, initial_weights (in get_weights() order: kernel (in, units), bias (units,) per
Dense; gamma, beta, moving_mean, moving_variance per BatchNormalization), x, y, x_val, y_val, loss,
metrics, optimizer ({"class_name", "config"} with Keras argument names, or torch.optim names in
fit_torch.json; a dict learning_rate is a schedule), scheduler (torch only, stepped after every
batch), epochs, batch_size, then the results: weights_per_epoch (get_weights() at each epoch end),
history (loss, mae or accuracy, val_loss, val_mae or val_accuracy) and, in layers.json,
dropout_masks (per Dropout layer, the keep-mask of every training step, in order).

Determinism: float32, fixed initial weights set with set_weights, shuffle=False and an explicit
batch_size in every fit case (only the article target uses framework randomness, seeded).
"""
import argparse
import json
import os
import platform
import sys
from pathlib import Path

import golden_cases as cases
import numpy as np

HERE = Path(__file__).resolve().parent
GENERATOR = "tests/golden/generate.py"
CONVENTIONS = ["keras3", "legacy", "torch", "tf_keras"]
HISTORY_KEYS = ["loss", "mae", "val_loss", "val_mae"]
CLASSIFIER_KEYS = ["loss", "accuracy", "val_loss", "val_accuracy"]


# ---------------------------------------------------------------------------------------------
# Writing fixtures

def _plain(value):
    """Convert NumPy arrays and scalars (and tuples) to JSON-ready Python lists and numbers."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    return value


def _format(value, indent=0):
    """JSON text: nested dicts one entry per line; lists of numbers and flat dicts on one line."""
    pad = " " * indent
    if isinstance(value, dict) and any(isinstance(item, (dict, list)) for item in value.values()):
        items = [f'{pad} {json.dumps(key)}: {_format(item, indent + 1)}' for key, item in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list) and any(isinstance(item, dict) for item in value):
        items = [pad + " " + _format(item, indent + 1) for item in value]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return json.dumps(value, allow_nan=False)


def write_fixture(name, content):
    """Write tests/golden/<name>, adding the generator's name first."""
    text = _format(_plain({"generator": GENERATOR, **content}))
    (HERE / name).write_text(text + "\n")
    print(f"wrote tests/golden/{name} ({len(text) // 1024} KiB)")


def update_shared_fixture(name, convention, versions, records):
    """Rewrite one convention's section of a fixture that the three conventions share."""
    path = HERE / name
    old = json.loads(path.read_text()) if path.exists() else {"versions": {}}
    old["versions"][convention] = versions
    old[convention] = records
    present = [c for c in CONVENTIONS if c in old]
    write_fixture(name, {"versions": {c: old["versions"][c] for c in present},
                         **{c: old[c] for c in present}})


def python_versions(**frameworks):
    """The "versions" entry of a fixture: the given frameworks plus NumPy and Python."""
    return {**frameworks, "numpy": np.__version__, "python": platform.python_version()}


# ---------------------------------------------------------------------------------------------
# Fit cases and optimizer records, shared by the conventions

def expand_fit_case(spec):
    """A fit case from the table, with its data set's layers, weights and arrays filled in."""
    data = cases.DATA[spec["data"]]()
    case = {"id": spec["id"]}
    case.update(data)
    case.update({key: spec[key] for key in
                 ["loss", "metrics", "optimizer", "scheduler", "epochs", "batch_size"] if key in spec})
    return case


def step_record(convention, entry):
    """An optimizer_steps record (inputs only): theta0 and the five gradients of the spec."""
    case_id, class_name, config, *multi = entry
    record = {"id": case_id, "convention": convention, "class_name": class_name, "config": config}
    theta0, grads = np.float32(cases.THETA0), np.float32(cases.GRADS)
    if multi:
        record.update(multi=True, theta0=[theta0, np.float32(cases.THETA0_B)],
                      grads=[list(pair) for pair in zip(grads, np.float32(cases.GRADS_B), strict=True)])
    else:
        record.update(theta0=theta0, grads=grads)
    return _plain(record)


def step_inputs(record):
    """theta0 and each step's gradients as lists of float32 arrays, one per variable."""
    if record.get("multi"):
        return ([np.array(t, np.float32) for t in record["theta0"]],
                [[np.array(g, np.float32) for g in step] for step in record["grads"]])
    return [np.array(record["theta0"], np.float32)], [[np.array(g, np.float32)] for g in record["grads"]]


def step_output(record, values):
    """One step's thetas in the record's layout: a list of arrays if multi, else one array."""
    return values if record.get("multi") else values[0]


def keras_optimizer(optimizers, schedules, spec):
    """Build a Keras optimizer from a spec; a dict learning_rate becomes a schedule."""
    config = dict(spec["config"])
    rate = config.get("learning_rate")
    if isinstance(rate, dict):
        config["learning_rate"] = getattr(schedules, rate["class_name"])(**rate["config"])
    return getattr(optimizers, spec["class_name"])(**config)


def build_layer(keras, spec, classes=None):
    """A Keras layer from a case's spec: a Dense's arguments, or {"class_name": ..., **arguments}; `classes`
    maps a class name to a stand-in (layers_fit's recording Dropout)."""
    config = dict(spec)
    class_name = config.pop("class_name", "Dense")
    return (classes or {}).get(class_name, getattr(keras.layers, class_name))(**config)


def keras_fit(keras, optimizers, case, classes=None, run_eagerly=False):
    """Train one case with the framework's own Model.fit; return weights per epoch and history."""
    keras.backend.clear_session()
    layers = [build_layer(keras, layer, classes) for layer in case["layers"]]
    model = keras.Sequential([keras.Input((case["input_dim"],)), *layers])
    model.set_weights(case["initial_weights"])
    optimizer = keras_optimizer(optimizers, keras.optimizers.schedules, case["optimizer"])
    model.compile(optimizer=optimizer, loss=case["loss"], metrics=case["metrics"],
                  **({"run_eagerly": True} if run_eagerly else {}))
    weights = []
    record = keras.callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: weights.append(model.get_weights()))
    validation = (case["x_val"], case["y_val"]) if "x_val" in case else None
    history = model.fit(case["x"], case["y"], batch_size=case["batch_size"], epochs=case["epochs"],
                        shuffle=False, validation_data=validation, callbacks=[record], verbose=0)
    logged = history.history
    keys = CLASSIFIER_KEYS if case["metrics"] == ["accuracy"] else HISTORY_KEYS
    assert set(logged) <= set(keys), logged.keys()
    result = {"weights_per_epoch": weights,
              "history": {key: [float(v) for v in logged[key]] for key in keys if key in logged}}
    masks = [layer.masks for layer in layers if hasattr(layer, "masks")]
    if masks:
        result["dropout_masks"] = masks
    return result


def keras_schedule_records(schedules, evaluate):
    """Each Keras schedule of the table evaluated at steps 0..60 by evaluate(schedule, step)."""
    records = []
    for spec in cases.KERAS_SCHEDULES:
        schedule = getattr(schedules, spec["class_name"])(**spec["config"])
        records.append({**spec, "steps": cases.SCHEDULE_STEPS,
                        "values": [evaluate(schedule, step) for step in cases.SCHEDULE_STEPS]})
    return records


# ---------------------------------------------------------------------------------------------
# Targets: Keras 3 (torch backend), legacy tf.keras, PyTorch

def target_keras3():
    """Keras 3 on the torch backend: fit cases, optimizer test vectors and schedules."""
    os.environ["KERAS_BACKEND"] = "torch"
    import keras
    import torch

    versions = python_versions(keras=keras.__version__, keras_backend=keras.backend.backend(),
                               torch=torch.__version__)
    fits = [expand_fit_case(spec) for spec in cases.KERAS3_FIT]
    for case in fits:
        case.update(keras_fit(keras, keras.optimizers, case))
    write_fixture("fit_keras3.json", {"versions": versions, "cases": fits})
    classifiers = [expand_fit_case(spec) for spec in cases.CLASSIFIER_FIT]
    for case in classifiers:
        case.update(keras_fit(keras, keras.optimizers, case))
    update_shared_fixture("fit_classifier.json", "keras3", versions, classifiers)

    records = [step_record("keras3", entry) for entry in cases.KERAS3_STEPS]
    for record in records:
        optimizer = keras_optimizer(keras.optimizers, keras.optimizers.schedules, record)
        theta0, grads = step_inputs(record)
        variables = [keras.Variable(theta) for theta in theta0]
        record["thetas"] = []
        for step in grads:
            optimizer.apply_gradients(zip([keras.ops.convert_to_tensor(g) for g in step], variables, strict=True))
            record["thetas"].append(step_output(record, [keras.ops.convert_to_numpy(v) for v in variables]))
    update_shared_fixture("optimizer_steps.json", "keras3", versions, records)

    schedules = keras_schedule_records(
        keras.optimizers.schedules, lambda schedule, step: float(keras.ops.convert_to_numpy(schedule(step))))
    update_shared_fixture("schedules.json", "keras3", versions, schedules)


def target_legacy():
    """tf_keras 2.21's legacy optimizers (the article's era, with decay=): the same three kinds."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import tensorflow as tf
    import tf_keras

    versions = python_versions(tensorflow=tf.__version__, tf_keras=tf_keras.__version__)
    legacy = tf_keras.optimizers.legacy
    fits = [expand_fit_case(spec) for spec in cases.LEGACY_FIT]
    for case in fits:
        case.update(keras_fit(tf_keras, legacy, case))
    write_fixture("fit_legacy.json", {"versions": versions, "cases": fits})
    classifiers = [expand_fit_case(spec) for spec in cases.CLASSIFIER_FIT]
    for case in classifiers:
        case.update(keras_fit(tf_keras, legacy, case))
    update_shared_fixture("fit_classifier.json", "legacy", versions, classifiers)

    records = [step_record("legacy", entry) for entry in cases.LEGACY_STEPS]
    for record in records:
        optimizer = keras_optimizer(legacy, tf_keras.optimizers.schedules, record)
        theta0, grads = step_inputs(record)
        variables = [tf.Variable(theta) for theta in theta0]
        record["thetas"] = []
        for step in grads:
            optimizer.apply_gradients(zip([tf.constant(g) for g in step], variables, strict=True))
            record["thetas"].append(step_output(record, [v.numpy() for v in variables]))
    update_shared_fixture("optimizer_steps.json", "legacy", versions, records)

    # The legacy optimizer passes the step to a schedule as a float32 tensor.
    schedules = keras_schedule_records(
        tf_keras.optimizers.schedules,
        lambda schedule, step: float(schedule(tf.constant(step, tf.float32)).numpy()))
    update_shared_fixture("schedules.json", "legacy", versions, schedules)


def torch_optimizer(torch, params, spec):
    """Build a torch.optim optimizer from a spec (betas stored as a list)."""
    config = {key: tuple(value) if key == "betas" else value for key, value in spec["config"].items()}
    return getattr(torch.optim, spec["class_name"])(params, **config)


def torch_scheduler(torch, optimizer, spec):
    """Build a torch.optim.lr_scheduler scheduler from a spec."""
    return getattr(torch.optim.lr_scheduler, spec["class_name"])(optimizer, **spec["config"])


def torch_model(torch, case):
    """nn.Linear layers (weight = kernel.T) and activations, loaded with the case's initial weights."""
    activations = {"tanh": torch.nn.Tanh, "relu": torch.nn.ReLU}
    modules, weights, fan_in = [], iter(case["initial_weights"]), case["input_dim"]
    for layer in case["layers"]:
        linear = torch.nn.Linear(fan_in, layer["units"], bias=layer["use_bias"])
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(next(weights).T.copy()))
            if layer["use_bias"]:
                linear.bias.copy_(torch.from_numpy(next(weights)))
        modules.append(linear)
        if layer["activation"] != "linear":
            modules.append(activations[layer["activation"]]())
        fan_in = layer["units"]
    return torch.nn.Sequential(*modules)


def torch_weights(torch, model):
    """The model's weights in Keras get_weights() order: kernel (in, units), then bias, per layer."""
    weights = []
    for module in model:
        if isinstance(module, torch.nn.Linear):
            weights.append(module.weight.detach().numpy().T.copy())
            if module.bias is not None:
                weights.append(module.bias.detach().numpy().copy())
    return weights


def torch_fit(torch, case):
    """Keras fit semantics written out in PyTorch (spec section 5).

    Each epoch: consecutive batches in order (the last partial batch kept); for each, forward
    with the current weights, mean loss, zero_grad/backward/step, then the scheduler's step.
    Logged loss: batch-size-weighted mean of the pre-update batch losses; mae: mean over samples
    of |pred - y| (averaged over outputs) with the same pre-update predictions; validation: the
    end-of-epoch weights, in batches of batch_size, weighted the same way.
    """
    model = torch_model(torch, case)
    optimizer = torch_optimizer(torch, model.parameters(), case["optimizer"])
    scheduler = torch_scheduler(torch, optimizer, case["scheduler"]) if "scheduler" in case else None
    loss_fn = {"mae": torch.nn.L1Loss, "mse": torch.nn.MSELoss, "huber": torch.nn.HuberLoss}[case["loss"]]()

    def batches(x, y):
        x, y = torch.from_numpy(x), torch.from_numpy(y)
        for start in range(0, len(x), case["batch_size"]):
            yield x[start:start + case["batch_size"]], y[start:start + case["batch_size"]]

    def evaluate(x, y):
        with torch.no_grad():
            sums = [(loss_fn(model(xb), yb).item() * len(xb), (model(xb) - yb).abs().mean(1).sum().item())
                    for xb, yb in batches(x, y)]
        return [sum(column) / len(x) for column in zip(*sums, strict=True)]

    history = {key: [] for key in HISTORY_KEYS if "x_val" in case or not key.startswith("val_")}
    weights = []
    for _ in range(case["epochs"]):
        loss_sum = abs_sum = 0.0
        for xb, yb in batches(case["x"], case["y"]):
            prediction = model(xb)
            loss = loss_fn(prediction, yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            if scheduler is not None:
                scheduler.step()
            loss_sum += loss.item() * len(xb)
            abs_sum += (prediction.detach() - yb).abs().mean(1).sum().item()
        history["loss"].append(loss_sum / len(case["x"]))
        history["mae"].append(abs_sum / len(case["x"]))
        weights.append(torch_weights(torch, model))
        if "x_val" in case:
            val_loss, val_mae = evaluate(case["x_val"], case["y_val"])
            history["val_loss"].append(val_loss)
            history["val_mae"].append(val_mae)
    return {"weights_per_epoch": weights, "history": history}


def torch_schedule_record(torch, scheduler_spec, optimizer_spec, steps):
    """The lr (and momentum, or Adam's beta1) a torch scheduler sets for steps 0..steps-1."""
    param = torch.nn.Parameter(torch.zeros(1))
    param.grad = torch.zeros(1)
    optimizer = torch_optimizer(torch, [param], optimizer_spec)
    scheduler = torch_scheduler(torch, optimizer, scheduler_spec)
    group = optimizer.param_groups[0]
    lrs, momentums = [], []
    for step in range(steps):
        if step:
            optimizer.step()
            scheduler.step()
        lrs.append(group["lr"])
        momentums.append(group["betas"][0] if "betas" in group else group.get("momentum", 0.0))
    record = {**scheduler_spec, "optimizer": optimizer_spec, "steps": steps, "lrs": lrs}
    if any(momentums):
        record["momentums"] = momentums
    return record


def target_torch():
    """PyTorch conventions: fit cases (hand-written Keras-style loop), test vectors, schedulers."""
    import torch

    versions = python_versions(torch=torch.__version__)
    fits = [expand_fit_case(spec) for spec in cases.TORCH_FIT]
    for case in fits:
        case.update(torch_fit(torch, case))
    write_fixture("fit_torch.json", {"versions": versions, "cases": fits})

    records = [step_record("torch", entry) for entry in cases.TORCH_STEPS]
    for record in records:
        theta0, grads = step_inputs(record)
        params = [torch.nn.Parameter(torch.from_numpy(theta)) for theta in theta0]
        optimizer = torch_optimizer(torch, params, record)
        record["thetas"] = []
        for step in grads:
            for param, grad in zip(params, step, strict=True):
                param.grad = torch.from_numpy(grad)
            optimizer.step()
            record["thetas"].append(step_output(record, [p.detach().numpy().copy() for p in params]))
    update_shared_fixture("optimizer_steps.json", "torch", versions, records)

    schedules = [torch_schedule_record(torch, *entry) for entry in cases.TORCH_SCHEDULES]
    update_shared_fixture("schedules.json", "torch", versions, schedules)


# ---------------------------------------------------------------------------------------------
# Targets: tf_keras summary and initializers, scikit-learn, the article

def tf_keras_model(tf_keras, layers, input_dim):
    """Sequential([Input(input_dim), Dense(...), ...]); clear the session first so names start at dense."""
    return tf_keras.Sequential([tf_keras.Input((input_dim,))] + [build_layer(tf_keras, layer) for layer in layers])


def summary_text(model):
    """The exact text model.summary() prints, captured line by line."""
    lines = []
    model.summary(print_fn=lambda line, *args, **kwargs: lines.append(line))
    return "\n".join(lines)


def target_summary():
    """tf_keras model.summary() of the article's model and two others; and after compile+fit."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import tensorflow as tf
    import tf_keras

    records = []
    for case_id, layers, input_dim in cases.SUMMARIES:
        tf_keras.backend.clear_session()
        records.append({"id": case_id, "layers": layers, "input_dim": input_dim,
                        "text": summary_text(tf_keras_model(tf_keras, layers, input_dim))})

    case = expand_fit_case(cases.fit("article_identity_after_fit", cases.opt("Adam"), epochs=1))
    tf_keras.backend.clear_session()
    model = tf_keras_model(tf_keras, case["layers"], case["input_dim"])
    model.compile(optimizer=tf_keras.optimizers.legacy.Adam(), loss="mae", metrics=["mae"])
    model.fit(case["x"], case["y"], batch_size=32, epochs=1, verbose=0)
    after_fit = summary_text(model)
    if after_fit != next(r["text"] for r in records if r["id"] == "article_identity"):
        records.append({"id": case["id"], "layers": case["layers"], "input_dim": case["input_dim"],
                        "after": "compile(legacy.Adam(), 'mae') and fit one epoch", "text": after_fit})
    else:
        print("summary after compile+fit is unchanged: not recorded separately")
    versions = python_versions(tensorflow=tf.__version__, tf_keras=tf_keras.__version__)
    write_fixture("summary.json", {"versions": versions, "cases": records})


def target_initializers():
    """Statistics of seeded tf_keras GlorotUniform kernels and of every initializer by name (values are TF-RNG)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import tensorflow as tf
    import tf_keras

    records = []
    for shape in cases.INITIALIZER_SHAPES:
        kernel = tf_keras.initializers.GlorotUniform(seed=cases.INITIALIZER_SEED)(shape).numpy()
        limit = np.sqrt(6.0 / (shape[0] + shape[1]))  # the check only; the limit is not recorded
        records.append({"class_name": "GlorotUniform", "seed": cases.INITIALIZER_SEED, "shape": shape,
                        "dtype": str(kernel.dtype), "max_abs": float(np.abs(kernel).max()),
                        "mean": float(kernel.mean()), "var": float(kernel.var()),
                        "all_within_limit": bool(np.all(np.abs(kernel) <= limit))})
    statistics = []
    for name in cases.INITIALIZER_NAMES:
        kernel = tf_keras.initializers.get(name)(cases.INITIALIZER_STATS_SHAPE).numpy()
        statistics.append({"name": name, "shape": cases.INITIALIZER_STATS_SHAPE, "min": float(kernel.min()),
                           "max": float(kernel.max()), "mean": float(kernel.mean()), "std": float(kernel.std())})
    versions = python_versions(tensorflow=tf.__version__, tf_keras=tf_keras.__version__)
    write_fixture("initializers.json", {"versions": versions, "cases": records, "statistics": statistics})


def target_sklearn():
    """Indices returned by scikit-learn's train_test_split, including the article's two-step split."""
    import sklearn
    from sklearn.model_selection import train_test_split

    records = []
    for n, kwargs in cases.SPLITS:
        train, test = train_test_split(np.arange(n), **kwargs)
        records.append({"id": f"n{n}_" + "_".join(f"{k}{v}" for k, v in kwargs.items()),
                        "n": n, "kwargs": kwargs, "train_idx": train, "test_idx": test})
    for n in [100, 1000]:
        full, test = train_test_split(np.arange(n), test_size=0.2, random_state=42)
        train, valid = train_test_split(full, test_size=0.2, random_state=42)
        kwargs = {"test_size": 0.2, "random_state": 42}
        records.append({"id": f"article_n{n}_step1", "n": n, "kwargs": kwargs,
                        "train_idx": full, "test_idx": test})
        records.append({"id": f"article_n{n}_step2", "n": len(full), "kwargs": kwargs,
                        "input": f"train_idx of article_n{n}_step1",
                        "train_idx": train, "test_idx": valid})
    versions = python_versions(**{"scikit-learn": sklearn.__version__})
    write_fixture("train_test_split.json", {"versions": versions, "cases": records})


def article_data(experiment):
    """(x, y, x_val, y_val) as float32 columns, built the way experiments.md describes."""
    from sklearn.model_selection import train_test_split

    X = np.arange(experiment["n"], dtype=np.float32)
    if experiment["problem"] == "identity":
        return X[:80, None], X[:80, None], X[80:, None], X[80:, None]
    y = 2 * X + 5
    x_full, _, y_full, _ = train_test_split(X, y, test_size=0.2, random_state=42)
    x_train, x_valid, y_train, y_valid = train_test_split(x_full, y_full, test_size=0.2, random_state=42)
    return x_train[:, None], y_train[:, None], x_valid[:, None], y_valid[:, None]


def article_run(tf_keras, experiment, data, seed):
    """One seeded run of an experiment as the article ran it (batch 32, shuffle=True, MAE)."""
    x, y, x_val, y_val = data
    use_bias = experiment["problem"] == "linear"
    tf_keras.backend.clear_session()
    tf_keras.utils.set_random_seed(seed)
    model = tf_keras_model(tf_keras, [{"units": 1, "use_bias": use_bias}], 1)
    initial = model.get_weights()
    optimizer = keras_optimizer(tf_keras.optimizers.legacy, tf_keras.optimizers.schedules,
                                experiment["optimizer"])
    model.compile(optimizer=optimizer, loss="mae", metrics=["mae"])
    weights = []
    callbacks = [tf_keras.callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: weights.append(model.get_weights()))]
    if experiment.get("callbacks"):
        callbacks.append(tf_keras.callbacks.LearningRateScheduler(cases.lr_schedule))
    logged = model.fit(x, y, epochs=experiment["epochs"], validation_data=(x_val, y_val),
                       callbacks=callbacks, verbose=0).history
    run = {"seed": seed, "initial_weights": initial, "final_weights": weights[-1],
           "final": {key: float(logged[key][-1]) for key in HISTORY_KEYS},
           "W_per_epoch": [float(w[0][0, 0]) for w in weights]}
    if use_bias:
        run["b_per_epoch"] = [float(w[1][0]) for w in weights]
    run["mae_per_epoch"] = [float(v) for v in logged["mae"]]
    run["val_mae_per_epoch"] = [float(v) for v in logged["val_mae"]]
    if "lr" in logged:
        run["lr_per_epoch"] = [float(v) for v in logged["lr"]]
    return run


def target_article():
    """The article's E1-E10 on real tf_keras with legacy optimizers, seeds 0-4 (for bands)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import sklearn
    import tensorflow as tf
    import tf_keras

    experiments = []
    for experiment in cases.ARTICLE_EXPERIMENTS:
        data = article_data(experiment)
        runs = [article_run(tf_keras, experiment, data, seed) for seed in cases.ARTICLE_SEEDS]
        experiments.append({**experiment, "loss": "mae", "metrics": ["mae"], "batch_size": 32,
                            "shuffle": True, "n_train": len(data[0]), "n_val": len(data[2]),
                            "runs": runs})
        print(f"{experiment['id']}: final W {[round(r['W_per_epoch'][-1], 4) for r in runs]}")
    versions = python_versions(tensorflow=tf.__version__, tf_keras=tf_keras.__version__,
                               **{"scikit-learn": sklearn.__version__})
    write_fixture("article_tf_keras.json", {"versions": versions, "seeds": cases.ARTICLE_SEEDS,
                                            "experiments": experiments})


def local_get_file(folder, served):
    """A stand-in for Keras's `get_file` that writes the served file `fname` (by its base name) into `folder` and
    returns its path: load_data() then reads tests/dataset_files.py's small files, with no download or hash."""
    def get_file(fname=None, origin=None, **kwargs):
        path = Path(folder) / os.path.basename(fname)
        path.write_bytes(served[os.path.basename(fname)])
        return str(path)
    return get_file


def target_tutorials():
    """Run each tutorial script of tests/tutorials on the real Keras it is written for; record its output.

    The fixture harness (not the scripts): mnist and fashion_mnist's `get_file` return tests/dataset_files.py's
    `tutorial_files()` (the sha256 of what they hold recorded), `Model.fit` is tests/tutorial_harness.py's (the
    same initial weights as minigrad's run, no shuffling), each script starts from a cleared session (fresh layer
    names), and its output is recorded as a terminal shows it (tutorial_harness.screen).
    """
    import contextlib
    import io
    import re
    import tempfile

    sys.path.insert(0, str(HERE.parent))
    import dataset_files
    import tutorial_harness

    try:
        import tf_keras as framework
        from tf_keras.src.datasets import fashion_mnist, mnist
        name, package = "tf_keras", "tf_keras"
    except ImportError:
        import keras as framework
        from keras.src.datasets import fashion_mnist, mnist
        name, package = "keras3", "keras"
    served = dataset_files.tutorial_files()
    folder = tempfile.mkdtemp()
    mnist.get_file = fashion_mnist.get_file = local_get_file(folder, served)
    fit = framework.Model.fit
    outputs = {}
    for script, wanted in cases.TUTORIAL_FRAMEWORKS.items():
        if wanted != name:
            continue
        source = (HERE.parent / "tutorials" / f"{script}.py").read_text()
        source = re.sub(r"^from tensorflow import keras$|^import keras$", f"import {package} as keras", source,
                        flags=re.M)
        source = re.sub(r"^from keras([. ])", rf"from {package}\1", source, flags=re.M)
        framework.backend.clear_session()
        framework.Model.fit = tutorial_harness.harnessed(fit)
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(source, script, "exec"), {"__name__": "__main__"})
        outputs[script] = tutorial_harness.screen(printed.getvalue())
    versions = python_versions(**{name: framework.__version__})
    files = {file: dataset_files.held_sha256(file, content) for file, content in served.items()}
    write_fixture(f"tutorials_{name}.json", {"versions": versions, "files": files, "outputs": outputs})


def target_pieces():
    """Activations, losses and accuracies on the tables' edge cases, by tf_keras (tf.GradientTape) or Keras 3
    (torch autograd); writes that framework's part of classification_pieces.json."""
    try:
        import tensorflow as tf
        import tf_keras as keras
        name, to_tensor, to_numpy, total = "tf_keras", tf.constant, lambda t: t.numpy(), tf.reduce_sum

        def value_and_gradient(function, x):
            x = tf.Variable(np.array(x, np.float32))
            with tf.GradientTape() as tape:
                value = function(x)
            return value.numpy(), tape.gradient(value, x).numpy()
    except ImportError:
        import keras
        import torch
        name, to_tensor, to_numpy = "keras3", keras.ops.convert_to_tensor, keras.ops.convert_to_numpy
        total = torch.sum

        def value_and_gradient(function, x):
            x = torch.tensor(np.array(x, np.float32), requires_grad=True)
            value = function(x)
            value.backward()
            return value.detach().numpy(), x.grad.numpy()

    x, dy = np.array(cases.ACTIVATION_X, np.float32), np.array(cases.ACTIVATION_DY, np.float32)
    activations = []
    for activation in cases.ACTIVATION_NAMES:
        try:
            function = keras.activations.get(activation)
        except ValueError:
            continue
        # value_and_gradient calls the lambda at once, in this iteration: it sees this iteration's `function`
        _, gradient = value_and_gradient(lambda t: total(function(t) * to_tensor(dy)), x)  # noqa: B023
        activations.append({"name": activation, "x": x, "dy": dy, "values": to_numpy(function(to_tensor(x))),
                            "gradient": gradient})
    losses = []
    for case_id, class_name, config, y_true, y_pred in cases.LOSS_CASES:
        loss = getattr(keras.losses, class_name)(**config)
        target = to_tensor(np.array(y_true, np.float32))
        value, gradient = value_and_gradient(lambda p: loss(target, p), y_pred)  # noqa: B023 (called at once)
        losses.append({"id": case_id, "class_name": class_name, "config": config, "y_true": y_true,
                       "y_pred": y_pred, "value": float(value), "gradient": gradient})
    accuracies = []
    for case_id, class_name, y_true, y_pred in cases.ACCURACY_CASES:
        metric = getattr(keras.metrics, class_name)()
        metric.update_state(np.array(y_true, np.float32), np.array(y_pred, np.float32))
        accuracies.append({"id": case_id, "y_true": y_true, "y_pred": y_pred,
                           "value": float(to_numpy(metric.result()))})
    versions = python_versions(**{name: keras.__version__})
    update_shared_fixture("classification_pieces.json", name, versions,
                          {"activations": activations, "losses": losses, "accuracies": accuracies})



# ---------------------------------------------------------------------------------------------
# Target: layers (tf_keras or Keras 3)

def recording_dropout(keras, to_numpy):
    """Keras's Dropout, keeping the keep-mask of each training call in `masks` (as `output != 0`, which is the
    mask only if no input is exactly 0: checked, and why the Dropout fit cases put tanh or a normalization
    before each Dropout). Validation and prediction calls (training False) draw no mask."""

    class RecordingDropout(keras.layers.Dropout):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.masks = []

        def call(self, inputs, training=None):
            outputs = super().call(inputs, training=training)
            if training is True:
                x, y = to_numpy(inputs), to_numpy(outputs)
                assert (x != 0).all(), "an input of Dropout is exactly 0: its mask cannot be read from the output"
                self.masks.append(y != 0)
            return outputs

    return RecordingDropout


def layers_fit(keras, optimizers, case, to_numpy, eager):
    """keras_fit with each Dropout recording its masks (in `dropout_masks`, per layer, per step). tf_keras
    needs `eager` (run_eagerly=True) for the recording to run at every step rather than once when tracing."""
    return keras_fit(keras, optimizers, case, {"Dropout": recording_dropout(keras, to_numpy)}, eager)


def target_layers():
    """BatchNormalization and Dropout on their own, and whole fits with them, by tf_keras (tf.GradientTape,
    legacy optimizers) or Keras 3 (torch autograd); writes that framework's part of layers.json."""
    try:
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        import tensorflow as tf
        import tf_keras as keras
        name, optimizers, eager = "tf_keras", keras.optimizers.legacy, True

        def to_numpy(tensor):
            return tensor.numpy()

        def run_layer(layer, x, dy, training):
            x = tf.constant(x)
            with tf.GradientTape() as tape:
                tape.watch(x)
                y = layer(x, training=training)
                total = tf.reduce_sum(y * dy)
            dx, *grads = tape.gradient(total, [x, *layer.trainable_weights])
            return y.numpy(), dx.numpy(), [g.numpy() for g in grads]
    except ImportError:
        import keras
        import torch
        name, optimizers, eager, to_numpy = "keras3", keras.optimizers, False, keras.ops.convert_to_numpy

        def run_layer(layer, x, dy, training):
            x = torch.tensor(x, requires_grad=True)
            y = layer(x, training=training)
            (y * torch.from_numpy(dy)).sum().backward()
            return to_numpy(y), x.grad.numpy(), [w.value.grad.numpy() for w in layer.trainable_weights]

    def batch_normalization_record(record_id, config, weights, x, dy, training):
        keras.backend.clear_session()
        layer = keras.layers.BatchNormalization(**config)
        layer.build((None, *x.shape[1:]))
        layer.set_weights(weights)
        y, dx, grads = run_layer(layer, x, dy, training)
        return {"id": record_id, "config": config, "training": training, "weights": weights, "x": x, "dy": dy,
                "y": y, "dx": dx, "grads": grads, "weights_after": layer.get_weights()}

    batch_normalizations = []
    for case_id, config in cases.BATCH_NORMALIZATIONS:
        trainable = [cases.BN_GAMMA] * config.get("scale", True) + [cases.BN_BETA] * config.get("center", True)
        fresh = [*trainable, np.zeros(4, np.float32), np.ones(4, np.float32)]
        moved = [*trainable, cases.BN_MOVING_MEAN, cases.BN_MOVING_VARIANCE]
        batch_normalizations.append(
            batch_normalization_record(f"{case_id}_training", config, fresh, cases.BN_X, cases.BN_DY, True))
        batch_normalizations.append(
            batch_normalization_record(f"{case_id}_inference", config, moved, cases.BN_X, cases.BN_DY, False))
    fresh = [cases.BN_GAMMA, cases.BN_BETA, np.zeros(4, np.float32), np.ones(4, np.float32)]
    batch_normalizations.append(
        batch_normalization_record("defaults_training_3d", {}, fresh, cases.BN_X_3D, cases.BN_DY_3D, True))

    keras.backend.clear_session()
    layer = keras.layers.BatchNormalization(momentum=0.9)
    layer.build((None, 4))
    layer.set_weights(fresh)
    moving = []
    for x in cases.BN_STEPS_X:
        layer(x, training=True)
        moving.append(layer.get_weights()[2:])
    moving_statistics = {"config": {"momentum": 0.9}, "weights": fresh, "xs": cases.BN_STEPS_X,
                         "moving_after_each_step": moving}

    dropouts = []
    for case_id, config, shape in cases.DROPOUTS:
        layer = keras.layers.Dropout(**config)
        x = np.ones(shape, np.float32)
        y = to_numpy(layer(x, training=True))
        dropouts.append({"id": case_id, "config": config, "shape": shape, "values": sorted(set(y.ravel().tolist())),
                         "dropped_fraction": float((y == 0).mean()),
                         "rows_all_kept_or_all_dropped": bool(all(len(set(row)) == 1 for row in y.tolist())),
                         "inference_unchanged": bool((to_numpy(layer(x, training=False)) == x).all())})

    fits = [expand_fit_case(spec) for spec in cases.LAYER_FITS]
    for case in fits:
        case.update(layers_fit(keras, optimizers, case, to_numpy, eager))
    versions = python_versions(**{name: keras.__version__})
    update_shared_fixture("layers.json", name, versions,
                          {"batch_normalization": batch_normalizations, "moving_statistics": moving_statistics,
                           "dropout": dropouts, "fits": fits})


TARGETS = {"keras3": target_keras3, "legacy": target_legacy, "torch": target_torch,
           "summary": target_summary, "initializers": target_initializers,
           "sklearn": target_sklearn, "article": target_article, "tutorials": target_tutorials,
           "pieces": target_pieces, "layers": target_layers}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("targets", nargs="+", choices=TARGETS, help="fixtures to regenerate")
    for target in parser.parse_args(argv).targets:
        TARGETS[target]()


if __name__ == "__main__":
    sys.exit(main())
