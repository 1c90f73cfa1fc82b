"""Case tables for generate.py: the data sets, fit cases, optimizer test vectors and schedules.

Everything here is input: plain data and hyper-parameters, no framework is imported. The numbers
that the fixtures check (weights, losses, learning rates) are produced by the frameworks in
generate.py, never written here.
"""
import numpy as np

W0 = 1.3835369  # the article's initial kernel (its printout), used as the fixed starting weight
DATA_SEED = 0   # NumPy seed of the synthetic multi-output and two-layer data


def opt(class_name, **config):
    """An optimizer (or schedule, or scheduler) spec as stored in the fixtures."""
    return {"class_name": class_name, "config": config}


# ---------------------------------------------------------------------------------------------
# Data sets: each returns the model and data part of a fit case.

def _column(values):
    return np.asarray(values, np.float32).reshape(-1, 1)


def _dense(units, use_bias=True, activation="linear"):
    return {"units": units, "use_bias": use_bias, "activation": activation}


def layer(class_name, **config):
    """A layer spec other than Dense's (whose spec is its arguments): `{"class_name": ..., **arguments}`."""
    return {"class_name": class_name, **config}


def identity():
    """The article's f(x)=x: Dense(1, use_bias=False), train on X[:80], validate on X[80:]."""
    X = np.arange(100, dtype=np.float32)
    return {"layers": [_dense(1, use_bias=False)], "input_dim": 1,
            "initial_weights": [np.array([[W0]], np.float32)],
            "x": _column(X[:80]), "y": _column(X[:80]), "x_val": _column(X[80:]), "y_val": _column(X[80:])}


def identity_full():
    """f(x)=x on all of X[:100], no validation: 100 samples give batches 32, 32, 32, 4."""
    X = np.arange(100, dtype=np.float32)
    return {"layers": [_dense(1, use_bias=False)], "input_dim": 1,
            "initial_weights": [np.array([[W0]], np.float32)], "x": _column(X), "y": _column(X)}


def linear():
    """The article's f(x)=2x+5 with Dense(1) (kernel W0, bias 0), train X[:80], validate X[80:]."""
    X = np.arange(100, dtype=np.float32)
    Y = 2 * X + 5
    return {"layers": [_dense(1)], "input_dim": 1,
            "initial_weights": [np.array([[W0]], np.float32), np.zeros(1, np.float32)],
            "x": _column(X[:80]), "y": _column(Y[:80]), "x_val": _column(X[80:]), "y_val": _column(Y[80:])}


def _synthetic():
    """50 samples of 2 features and a noisy affine 3-output target, from a fixed NumPy seed."""
    rng = np.random.default_rng(DATA_SEED)
    x = rng.normal(size=(50, 2)).astype(np.float32)
    a = rng.normal(size=(2, 3))
    y = (x @ a + np.array([0.5, -1.0, 2.0]) + 0.1 * rng.normal(size=(50, 3))).astype(np.float32)
    return rng, x, y


def multi():
    """Dense(3) with bias on 2 features: 40 training and 10 validation samples."""
    rng, x, y = _synthetic()
    kernel = rng.uniform(-1, 1, size=(2, 3)).astype(np.float32)
    bias = rng.uniform(-0.5, 0.5, size=3).astype(np.float32)
    return {"layers": [_dense(3)], "input_dim": 2, "initial_weights": [kernel, bias],
            "x": x[:40], "y": y[:40], "x_val": x[40:], "y_val": y[40:]}


def two_layer():
    """Dense(4, tanh) then Dense(1) on 2 features; the target is the first output of multi()."""
    rng, x, y = _synthetic()
    rng = np.random.default_rng(DATA_SEED + 1)
    weights = [rng.uniform(-1, 1, size=(2, 4)), rng.uniform(-0.5, 0.5, size=4),
               rng.uniform(-1, 1, size=(4, 1)), rng.uniform(-0.5, 0.5, size=1)]
    return {"layers": [_dense(4, activation="tanh"), _dense(1)], "input_dim": 2,
            "initial_weights": [w.astype(np.float32) for w in weights],
            "x": x[:40], "y": y[:40, :1], "x_val": x[40:], "y_val": y[40:, :1]}


def classifier():
    """Dense(5, relu) then Dense(3, softmax) on 4 features, one-hot targets of 3 blobs: 32 + 12 samples."""
    rng = np.random.default_rng(DATA_SEED + 2)
    labels = np.arange(44) % 3
    centers = rng.normal(0.0, 2.0, size=(3, 4))
    x = (centers[labels] + rng.normal(size=(44, 4))).astype(np.float32)
    y = np.eye(3, dtype=np.float32)[labels]
    weights = [rng.uniform(-0.8, 0.8, size=(4, 5)), rng.uniform(-0.1, 0.1, size=5),
               rng.uniform(-0.8, 0.8, size=(5, 3)), rng.uniform(-0.1, 0.1, size=3)]
    return {"layers": [_dense(5, activation="relu"), _dense(3, activation="softmax")], "input_dim": 4,
            "initial_weights": [w.astype(np.float32) for w in weights],
            "x": x[:32], "y": y[:32], "x_val": x[32:], "y_val": y[32:]}


def classifier_sparse():
    """classifier() with integer class labels of shape (n,) instead of one-hot rows."""
    case = classifier()
    case["y"], case["y_val"] = case["y"].argmax(axis=1), case["y_val"].argmax(axis=1)
    return case


def binary_classifier():
    """Dense(5, relu) then Dense(1, sigmoid): is the class of classifier() 0? Labels of shape (n, 1)."""
    case = classifier()
    rng = np.random.default_rng(DATA_SEED + 3)
    case["layers"][-1] = _dense(1, activation="sigmoid")
    case["initial_weights"][2:] = [rng.uniform(-0.8, 0.8, size=(5, 1)).astype(np.float32),
                                   np.zeros(1, np.float32)]
    case["y"], case["y_val"] = case["y"][:, :1], case["y_val"][:, :1]
    return case


DATA = {"identity": identity, "identity_full": identity_full, "linear": linear,
        "multi": multi, "two_layer": two_layer, "classifier": classifier,
        "classifier_sparse": classifier_sparse, "binary_classifier": binary_classifier}


def fit(case_id, optimizer, data="identity", loss="mae", epochs=5, batch_size=32, scheduler=None):
    """One fit case of the table (the data name is expanded by generate.py)."""
    case = {"id": case_id, "data": data, "loss": loss, "metrics": ["mae"], "optimizer": optimizer,
            "epochs": epochs, "batch_size": batch_size}
    if scheduler is not None:
        case["scheduler"] = scheduler
    return case


# ---------------------------------------------------------------------------------------------
# Fit cases, Keras conventions (the same names serve Keras 3 and legacy tf.keras).

# (id stem, class name, options); every entry runs with default hyper-parameters.
KERAS_OPTIMIZERS = [
    ("sgd", "SGD", {}),
    ("sgd_momentum0.9", "SGD", {"momentum": 0.9}),
    ("sgd_nesterov", "SGD", {"momentum": 0.9, "nesterov": True}),
    ("rmsprop", "RMSprop", {}),
    ("rmsprop_momentum0.5", "RMSprop", {"momentum": 0.5}),
    ("rmsprop_centered", "RMSprop", {"centered": True}),
    ("rmsprop_centered_momentum0.5", "RMSprop", {"centered": True, "momentum": 0.5}),
    ("adagrad", "Adagrad", {}),
    ("adagrad_acc0.5", "Adagrad", {"initial_accumulator_value": 0.5}),
    ("adam", "Adam", {}),
    ("adam_amsgrad", "Adam", {"amsgrad": True}),
    ("nadam", "Nadam", {}),
    ("adamax", "Adamax", {}),
    ("adadelta", "Adadelta", {}),
]


def _keras_optimizer_cases():
    """Each optimizer with its defaults, then with a learning rate that moves W visibly.

    The adaptive ones get lr 0.1 (1.0 for Adadelta) and epsilon 1e-2, once on the article's data and
    once on the multi-output data with MSE, whose gradients of order 1 make epsilon's placement
    visible. SGD gets lr 0.001 (its default 0.01 already moves W by about 0.4 a step).
    """
    cases = []
    for stem, name, options in KERAS_OPTIMIZERS:
        cases.append(fit(f"{stem}_defaults", opt(name, **options)))
        if name == "SGD":
            cases.append(fit(f"{stem}_lr0.001", opt(name, learning_rate=0.001, **options)))
            continue
        lr = 1.0 if name == "Adadelta" else 0.1
        tuned = opt(name, learning_rate=lr, epsilon=1e-2, **options)
        cases.append(fit(f"{stem}_lr{lr}_eps1e-2", tuned))
        cases.append(fit(f"{stem}_lr{lr}_eps1e-2_multi_mse", tuned, data="multi", loss="mse"))
    return cases


def _schedule_fit_cases():
    """SGD (and one Adam) with each Keras schedule as learning_rate: 5 epochs of 3 batches."""
    schedules = [
        ("exponential_decay", opt("ExponentialDecay", initial_learning_rate=0.01, decay_steps=3,
                                  decay_rate=0.5)),
        ("exponential_decay_staircase", opt("ExponentialDecay", initial_learning_rate=0.01,
                                            decay_steps=3, decay_rate=0.5, staircase=True)),
        ("inverse_time_decay", opt("InverseTimeDecay", initial_learning_rate=0.01, decay_steps=3,
                                   decay_rate=0.5)),
        ("inverse_time_decay_steps1", opt("InverseTimeDecay", initial_learning_rate=0.01,
                                          decay_steps=1, decay_rate=0.01)),
        ("piecewise_constant", opt("PiecewiseConstantDecay", boundaries=[5, 10],
                                   values=[0.01, 0.005, 0.001])),
        ("polynomial_decay", opt("PolynomialDecay", initial_learning_rate=0.01, decay_steps=10,
                                 end_learning_rate=0.001, power=2.0)),
        ("cosine_decay_warmup", opt("CosineDecay", initial_learning_rate=0.0, decay_steps=12,
                                    alpha=0.1, warmup_target=0.01, warmup_steps=3)),
        ("cosine_decay_restarts", opt("CosineDecayRestarts", initial_learning_rate=0.01,
                                      first_decay_steps=4, t_mul=2.0, m_mul=0.5, alpha=0.1)),
    ]
    cases = [fit(f"sgd_{stem}", opt("SGD", learning_rate=schedule)) for stem, schedule in schedules]
    cases.append(fit("sgd_momentum0.9_exponential_decay",
                     opt("SGD", learning_rate=schedules[0][1], momentum=0.9)))
    cases.append(fit("adam_exponential_decay",
                     opt("Adam", learning_rate=opt("ExponentialDecay", initial_learning_rate=0.1,
                                                   decay_steps=3, decay_rate=0.5), epsilon=1e-2)))
    return cases


KERAS_FIT = _keras_optimizer_cases() + _schedule_fit_cases() + [
    fit("sgd_lr0.1_e1_100epochs", opt("SGD", learning_rate=0.1), epochs=100),
    fit("sgd_clipnorm1_linear", opt("SGD", clipnorm=1.0), data="linear"),
    fit("sgd_clipvalue0.5_linear", opt("SGD", clipvalue=0.5), data="linear"),
    fit("sgd_global_clipnorm1_linear", opt("SGD", global_clipnorm=1.0), data="linear"),
    fit("loss_mae_sgd_linear", opt("SGD", learning_rate=0.001), data="linear"),
    fit("loss_mse_sgd_linear", opt("SGD", learning_rate=1e-4), data="linear", loss="mse"),
    fit("loss_huber_sgd_linear", opt("SGD", learning_rate=0.001), data="linear", loss="huber"),
    fit("multi_sgd_mse", opt("SGD", learning_rate=0.1), data="multi", loss="mse"),
    fit("multi_sgd_mae", opt("SGD", learning_rate=0.1), data="multi"),
    fit("two_layer_sgd_mse", opt("SGD", learning_rate=0.1), data="two_layer", loss="mse"),
    fit("two_layer_adam_mse", opt("Adam", learning_rate=0.01), data="two_layer", loss="mse", epochs=10),
    fit("linear_adam_defaults_100epochs", opt("Adam"), data="linear", epochs=100),
    fit("linear_sgd_lr1e-4_momentum0.9_100epochs", opt("SGD", learning_rate=1e-4, momentum=0.9),
        data="linear", epochs=100),
    fit("partial_batch_sgd_lr0.001_100samples", opt("SGD", learning_rate=0.001), data="identity_full"),
    fit("sgd_batch16", opt("SGD", learning_rate=0.001), batch_size=16),
]

# Keras 3 only: decoupled weight_decay (theta -= lr * wd * theta before the update) and AdamW.
KERAS3_FIT = KERAS_FIT + [
    fit("adamw_defaults_linear", opt("AdamW"), data="linear"),
    fit("adamw_lr0.1_eps1e-2_weight_decay0.2_multi_mse",
        opt("AdamW", learning_rate=0.1, epsilon=1e-2, weight_decay=0.2), data="multi", loss="mse"),
    fit("sgd_lr0.1_weight_decay0.2_multi_mse", opt("SGD", learning_rate=0.1, weight_decay=0.2),
        data="multi", loss="mse"),
    fit("adam_lr0.1_eps1e-2_weight_decay0.2_multi_mse",
        opt("Adam", learning_rate=0.1, epsilon=1e-2, weight_decay=0.2), data="multi", loss="mse"),
]

# legacy tf.keras only: the `decay=` argument (lr_k = lr / (1 + decay * k)).
LEGACY_FIT = KERAS_FIT + [
    fit("sgd_lr0.01_decay0.01_e4", opt("SGD", learning_rate=0.01, decay=0.01)),
    fit("sgd_momentum0.9_decay0.5", opt("SGD", learning_rate=0.001, momentum=0.9, decay=0.5)),
    fit("adam_lr0.1_eps1e-2_decay0.5", opt("Adam", learning_rate=0.1, epsilon=1e-2, decay=0.5)),
    fit("rmsprop_lr0.1_eps1e-2_decay0.5", opt("RMSprop", learning_rate=0.1, epsilon=1e-2, decay=0.5)),
    fit("rmsprop_momentum0.5_lr0.1_eps1e-2_decay0.5",
        opt("RMSprop", learning_rate=0.1, epsilon=1e-2, momentum=0.5, decay=0.5)),
    fit("adagrad_lr0.1_eps1e-2_decay0.5", opt("Adagrad", learning_rate=0.1, epsilon=1e-2, decay=0.5)),
    fit("nadam_lr0.1_eps1e-2_decay0.5_ignored", opt("Nadam", learning_rate=0.1, epsilon=1e-2, decay=0.5)),
    fit("sgd_exponential_decay_and_decay0.5",
        opt("SGD", learning_rate=opt("ExponentialDecay", initial_learning_rate=0.01, decay_steps=3,
                                     decay_rate=0.5), decay=0.5)),
    fit("sgd_clipvalue0.5_clipnorm0.3_linear", opt("SGD", clipvalue=0.5, clipnorm=0.3), data="linear"),
]

# Classifiers (fit_classifier.json, Keras 3 and legacy tf.keras): softmax or sigmoid outputs,
# cross-entropy losses and the three accuracies Keras resolves "accuracy" to.
CLASSIFIER_FIT = [
    {**fit(f"{data}_{stem}", optimizer, data=data, loss=loss, epochs=5, batch_size=8), "metrics": ["accuracy"]}
    for data, loss in [("classifier", "categorical_crossentropy"),
                       ("classifier_sparse", "sparse_categorical_crossentropy"),
                       ("binary_classifier", "binary_crossentropy")]
    for stem, optimizer in [("sgd_lr0.1_momentum0.9", opt("SGD", learning_rate=0.1, momentum=0.9)),
                            ("adam_lr0.01", opt("Adam", learning_rate=0.01))]
]

# ---------------------------------------------------------------------------------------------
# Fit cases, PyTorch conventions (torch.optim names; a Keras-style loop in generate.py).

TORCH_FIT = [
    fit("sgd_defaults", opt("SGD")),
    fit("sgd_lr0.01", opt("SGD", lr=0.01)),
    fit("sgd_lr0.1_e1_100epochs", opt("SGD", lr=0.1), epochs=100),
    fit("sgd_momentum0.9", opt("SGD", lr=1e-3, momentum=0.9)),
    fit("sgd_nesterov", opt("SGD", lr=1e-3, momentum=0.9, nesterov=True)),
    fit("sgd_momentum0.9_dampening0.5", opt("SGD", lr=1e-3, momentum=0.9, dampening=0.5)),
    fit("sgd_momentum0.9_weight_decay0.2_multi_mse", opt("SGD", lr=0.1, momentum=0.9, weight_decay=0.2),
        data="multi", loss="mse"),
    fit("rmsprop_defaults", opt("RMSprop")),
    fit("rmsprop_centered", opt("RMSprop", centered=True)),
    fit("rmsprop_momentum0.5", opt("RMSprop", momentum=0.5)),
    fit("rmsprop_lr0.1_eps1e-2_multi_mse", opt("RMSprop", lr=0.1, eps=1e-2), data="multi", loss="mse"),
    fit("rmsprop_centered_momentum0.5_lr0.1_eps1e-2_multi_mse",
        opt("RMSprop", lr=0.1, eps=1e-2, centered=True, momentum=0.5), data="multi", loss="mse"),
    fit("adagrad_defaults", opt("Adagrad")),
    fit("adagrad_acc0.1", opt("Adagrad", initial_accumulator_value=0.1)),
    fit("adagrad_lr0.1_lr_decay0.5", opt("Adagrad", lr=0.1, lr_decay=0.5)),
    fit("adagrad_lr0.1_eps1e-2_multi_mse", opt("Adagrad", lr=0.1, eps=1e-2), data="multi", loss="mse"),
    fit("adam_defaults", opt("Adam")),
    fit("adam_amsgrad", opt("Adam", amsgrad=True)),
    fit("adam_lr0.1_eps1e-2_multi_mse", opt("Adam", lr=0.1, eps=1e-2), data="multi", loss="mse"),
    fit("adam_lr0.1_weight_decay0.2_multi_mse", opt("Adam", lr=0.1, weight_decay=0.2),
        data="multi", loss="mse"),
    fit("adamw_defaults", opt("AdamW")),
    fit("adamw_lr0.1_weight_decay0.2_multi_mse", opt("AdamW", lr=0.1, weight_decay=0.2),
        data="multi", loss="mse"),
    fit("nadam_defaults", opt("NAdam")),
    fit("nadam_lr0.1_eps1e-2_multi_mse", opt("NAdam", lr=0.1, eps=1e-2), data="multi", loss="mse"),
    fit("adamax_defaults", opt("Adamax")),
    fit("adamax_lr0.1_eps1e-2_multi_mse", opt("Adamax", lr=0.1, eps=1e-2), data="multi", loss="mse"),
    fit("adadelta_defaults", opt("Adadelta")),
    fit("adadelta_eps1e-2_multi_mse", opt("Adadelta", rho=0.9, eps=1e-2), data="multi", loss="mse"),
    fit("loss_mae_sgd_linear", opt("SGD", lr=0.001), data="linear"),
    fit("loss_mse_sgd_linear", opt("SGD", lr=1e-4), data="linear", loss="mse"),
    fit("loss_huber_sgd_linear", opt("SGD", lr=0.001), data="linear", loss="huber"),
    fit("multi_sgd_mse", opt("SGD", lr=0.1), data="multi", loss="mse"),
    fit("two_layer_sgd_mse", opt("SGD", lr=0.1), data="two_layer", loss="mse"),
    fit("two_layer_adam_mse", opt("Adam", lr=0.01), data="two_layer", loss="mse", epochs=10),
    fit("linear_sgd_lr1e-4_momentum0.9_100epochs", opt("SGD", lr=1e-4, momentum=0.9),
        data="linear", epochs=100),
    fit("partial_batch_sgd_lr0.001_100samples", opt("SGD", lr=0.001), data="identity_full"),
    fit("sgd_cycliclr_triangular2", opt("SGD", lr=1e-4),
        scheduler=opt("CyclicLR", base_lr=1e-4, max_lr=1e-2, step_size_up=4, mode="triangular2",
                      cycle_momentum=False)),
    fit("sgd_momentum0.9_cycliclr_cycle_momentum", opt("SGD", lr=1e-4, momentum=0.9),
        scheduler=opt("CyclicLR", base_lr=1e-4, max_lr=1e-3, step_size_up=4, step_size_down=2,
                      cycle_momentum=True, base_momentum=0.8, max_momentum=0.9)),
    fit("sgd_momentum0.9_onecyclelr", opt("SGD", lr=1e-3, momentum=0.9),
        scheduler=opt("OneCycleLR", max_lr=1e-3, total_steps=15, cycle_momentum=False)),
    fit("sgd_momentum0.9_onecyclelr_cycle_momentum", opt("SGD", lr=1e-3, momentum=0.9),
        scheduler=opt("OneCycleLR", max_lr=1e-3, total_steps=15, cycle_momentum=True)),
]

# ---------------------------------------------------------------------------------------------
# Direct optimizer updates: the spec's test vectors (theta0 and five gradients).

THETA0 = [1.0, -2.0, 0.5, 0.0]
GRADS = [[0.5, -1, 0, 2], [0.3, -0.2, 0, -1.5], [-0.7, 0.4, 0, 0.9], [0.1, 0, 0, -0.3],
         [1.2, -0.6, 0, 0.05]]
# A second variable for the clipping records (marked "multi": true).
THETA0_B = [0.25, -0.75]
GRADS_B = [[1.5, 0.5], [-2.0, 1.0], [0.4, -0.4], [3.0, 0.0], [-0.2, 0.9]]

_HALVING = opt("ExponentialDecay", initial_learning_rate=0.1, decay_steps=1, decay_rate=0.5)

# (id, class name, config); multi=True records update [theta, theta_b] together.
KERAS_STEPS = [
    ("sgd_lr0.1", "SGD", {"learning_rate": 0.1}),
    ("sgd_lr0.1_momentum0.9", "SGD", {"learning_rate": 0.1, "momentum": 0.9}),
    ("sgd_lr0.1_nesterov", "SGD", {"learning_rate": 0.1, "momentum": 0.9, "nesterov": True}),
    ("rmsprop_lr0.1_eps1e-2", "RMSprop", {"learning_rate": 0.1, "epsilon": 1e-2}),
    ("rmsprop_lr0.1_eps1e-2_momentum0.5", "RMSprop",
     {"learning_rate": 0.1, "epsilon": 1e-2, "momentum": 0.5}),
    ("rmsprop_lr0.1_eps1e-2_centered", "RMSprop",
     {"learning_rate": 0.1, "epsilon": 1e-2, "centered": True}),
    ("rmsprop_lr0.1_eps1e-2_centered_momentum0.5", "RMSprop",
     {"learning_rate": 0.1, "epsilon": 1e-2, "centered": True, "momentum": 0.5}),
    ("adagrad_lr0.1_eps1e-2", "Adagrad", {"learning_rate": 0.1, "epsilon": 1e-2}),
    ("adagrad_lr0.1_eps1e-2_acc0.5", "Adagrad",
     {"learning_rate": 0.1, "epsilon": 1e-2, "initial_accumulator_value": 0.5}),
    ("adam_lr0.1_eps1e-2", "Adam", {"learning_rate": 0.1, "epsilon": 1e-2}),
    ("adam_lr0.1_eps1e-2_amsgrad", "Adam", {"learning_rate": 0.1, "epsilon": 1e-2, "amsgrad": True}),
    ("nadam_lr0.1_eps1e-2", "Nadam", {"learning_rate": 0.1, "epsilon": 1e-2}),
    ("adamax_lr0.1_eps1e-2", "Adamax", {"learning_rate": 0.1, "epsilon": 1e-2}),
    ("adadelta_lr1_rho0.9_eps1e-2", "Adadelta", {"learning_rate": 1.0, "rho": 0.9, "epsilon": 1e-2}),
] + [(f"{name.lower()}_defaults", name, {})
     for name in ["SGD", "RMSprop", "Adagrad", "Adam", "Nadam", "Adamax", "Adadelta"]]

KERAS3_STEPS = KERAS_STEPS + [
    ("sgd_exponential_decay", "SGD", {"learning_rate": _HALVING}),
    ("sgd_momentum0.9_exponential_decay", "SGD", {"learning_rate": _HALVING, "momentum": 0.9}),
    ("sgd_lr0.1_weight_decay0.2", "SGD", {"learning_rate": 0.1, "weight_decay": 0.2}),
    ("adam_lr0.1_eps1e-2_weight_decay0.2", "Adam",
     {"learning_rate": 0.1, "epsilon": 1e-2, "weight_decay": 0.2}),
    ("sgd_lr0.1_clipnorm1", "SGD", {"learning_rate": 0.1, "clipnorm": 1.0}),
    ("sgd_lr0.1_clipvalue0.5", "SGD", {"learning_rate": 0.1, "clipvalue": 0.5}),
    ("sgd_lr0.1_clipnorm1_two_variables", "SGD", {"learning_rate": 0.1, "clipnorm": 1.0}, True),
    ("sgd_lr0.1_global_clipnorm1_two_variables", "SGD",
     {"learning_rate": 0.1, "global_clipnorm": 1.0}, True),
    ("adam_lr0.1_eps1e-2_global_clipnorm1_two_variables", "Adam",
     {"learning_rate": 0.1, "epsilon": 1e-2, "global_clipnorm": 1.0}, True),
]

LEGACY_STEPS = KERAS_STEPS + [
    ("sgd_lr0.1_decay0.5", "SGD", {"learning_rate": 0.1, "decay": 0.5}),
    ("sgd_lr0.1_momentum0.9_decay0.5", "SGD", {"learning_rate": 0.1, "momentum": 0.9, "decay": 0.5}),
    ("rmsprop_lr0.1_eps1e-2_decay0.5", "RMSprop", {"learning_rate": 0.1, "epsilon": 1e-2, "decay": 0.5}),
    ("rmsprop_lr0.1_eps1e-2_momentum0.5_decay0.5", "RMSprop",
     {"learning_rate": 0.1, "epsilon": 1e-2, "momentum": 0.5, "decay": 0.5}),
    ("adagrad_lr0.1_eps1e-2_decay0.5", "Adagrad", {"learning_rate": 0.1, "epsilon": 1e-2, "decay": 0.5}),
    ("adam_lr0.1_eps1e-2_decay0.5", "Adam", {"learning_rate": 0.1, "epsilon": 1e-2, "decay": 0.5}),
    ("nadam_lr0.1_eps1e-2_decay0.5_ignored", "Nadam",
     {"learning_rate": 0.1, "epsilon": 1e-2, "decay": 0.5}),
    ("adamax_lr0.1_eps1e-2_decay0.5", "Adamax", {"learning_rate": 0.1, "epsilon": 1e-2, "decay": 0.5}),
    ("adadelta_lr1_rho0.9_eps1e-2_decay0.5", "Adadelta",
     {"learning_rate": 1.0, "rho": 0.9, "epsilon": 1e-2, "decay": 0.5}),
    ("sgd_exponential_decay", "SGD", {"learning_rate": _HALVING}),
    ("sgd_exponential_decay_and_decay0.5", "SGD", {"learning_rate": _HALVING, "decay": 0.5}),
    ("sgd_lr0.1_clipnorm1", "SGD", {"learning_rate": 0.1, "clipnorm": 1.0}),
    ("sgd_lr0.1_clipvalue0.5", "SGD", {"learning_rate": 0.1, "clipvalue": 0.5}),
    ("sgd_lr0.1_clipnorm1_two_variables", "SGD", {"learning_rate": 0.1, "clipnorm": 1.0}, True),
    ("sgd_lr0.1_global_clipnorm1_two_variables", "SGD",
     {"learning_rate": 0.1, "global_clipnorm": 1.0}, True),
    ("sgd_lr0.1_clipvalue0.5_clipnorm0.5_two_variables", "SGD",
     {"learning_rate": 0.1, "clipvalue": 0.5, "clipnorm": 0.5}, True),
]

TORCH_STEPS = [
    ("sgd_lr0.1", "SGD", {"lr": 0.1}),
    ("sgd_lr0.1_momentum0.9", "SGD", {"lr": 0.1, "momentum": 0.9}),
    ("sgd_lr0.1_nesterov", "SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True}),
    ("sgd_lr0.1_momentum0.9_dampening0.5", "SGD", {"lr": 0.1, "momentum": 0.9, "dampening": 0.5}),
    ("sgd_lr0.1_momentum0.9_weight_decay0.2", "SGD", {"lr": 0.1, "momentum": 0.9, "weight_decay": 0.2}),
    ("rmsprop_lr0.1_eps1e-2", "RMSprop", {"lr": 0.1, "eps": 1e-2}),
    ("rmsprop_lr0.1_eps1e-2_momentum0.5", "RMSprop", {"lr": 0.1, "eps": 1e-2, "momentum": 0.5}),
    ("rmsprop_lr0.1_eps1e-2_centered", "RMSprop", {"lr": 0.1, "eps": 1e-2, "centered": True}),
    ("rmsprop_lr0.1_eps1e-2_centered_momentum0.5", "RMSprop",
     {"lr": 0.1, "eps": 1e-2, "centered": True, "momentum": 0.5}),
    ("rmsprop_lr0.1_eps1e-2_alpha0.9", "RMSprop", {"lr": 0.1, "eps": 1e-2, "alpha": 0.9}),
    ("adagrad_lr0.1_eps1e-2", "Adagrad", {"lr": 0.1, "eps": 1e-2}),
    ("adagrad_lr0.1_eps1e-2_acc0.1_lr_decay0.5", "Adagrad",
     {"lr": 0.1, "eps": 1e-2, "initial_accumulator_value": 0.1, "lr_decay": 0.5}),
    ("adam_lr0.1_eps1e-2", "Adam", {"lr": 0.1, "eps": 1e-2}),
    ("adam_lr0.1_eps1e-2_amsgrad", "Adam", {"lr": 0.1, "eps": 1e-2, "amsgrad": True}),
    ("adam_lr0.1_eps1e-2_weight_decay0.2", "Adam", {"lr": 0.1, "eps": 1e-2, "weight_decay": 0.2}),
    ("adamw_lr0.1_eps1e-2_weight_decay0.2", "AdamW", {"lr": 0.1, "eps": 1e-2, "weight_decay": 0.2}),
    ("nadam_lr0.1_eps1e-2", "NAdam", {"lr": 0.1, "eps": 1e-2}),
    ("nadam_lr0.1_eps1e-2_momentum_decay0.1", "NAdam", {"lr": 0.1, "eps": 1e-2, "momentum_decay": 0.1}),
    ("adamax_lr0.1_eps1e-2", "Adamax", {"lr": 0.1, "eps": 1e-2}),
    ("adadelta_lr1_rho0.9_eps1e-2", "Adadelta", {"lr": 1.0, "rho": 0.9, "eps": 1e-2}),
] + [(f"{name.lower()}_defaults", name, {})
     for name in ["SGD", "RMSprop", "Adagrad", "Adam", "AdamW", "NAdam", "Adamax", "Adadelta"]]

# ---------------------------------------------------------------------------------------------
# Learning-rate schedules evaluated on their own.

SCHEDULE_STEPS = list(range(61))

KERAS_SCHEDULES = [
    opt("ExponentialDecay", initial_learning_rate=0.1, decay_steps=10, decay_rate=0.5),
    opt("ExponentialDecay", initial_learning_rate=0.1, decay_steps=10, decay_rate=0.5, staircase=True),
    opt("PiecewiseConstantDecay", boundaries=[5, 10], values=[1.0, 0.5, 0.1]),
    opt("PolynomialDecay", initial_learning_rate=0.1, decay_steps=20, end_learning_rate=0.01),
    opt("PolynomialDecay", initial_learning_rate=0.1, decay_steps=20, end_learning_rate=0.01, power=2.0),
    opt("PolynomialDecay", initial_learning_rate=0.1, decay_steps=20, end_learning_rate=0.01, cycle=True),
    opt("PolynomialDecay", initial_learning_rate=0.1, decay_steps=20, end_learning_rate=0.01,
        power=2.0, cycle=True),
    opt("InverseTimeDecay", initial_learning_rate=0.1, decay_steps=10, decay_rate=0.5),
    opt("InverseTimeDecay", initial_learning_rate=0.1, decay_steps=10, decay_rate=0.5, staircase=True),
    opt("InverseTimeDecay", initial_learning_rate=0.01, decay_steps=1, decay_rate=0.01),
    opt("CosineDecay", initial_learning_rate=0.1, decay_steps=40),
    opt("CosineDecay", initial_learning_rate=0.1, decay_steps=40, alpha=0.1),
    opt("CosineDecay", initial_learning_rate=0.0, decay_steps=40, alpha=0.1, warmup_target=0.1,
        warmup_steps=10),
    opt("CosineDecay", initial_learning_rate=0.05, decay_steps=40, warmup_target=0.1, warmup_steps=0),
    opt("CosineDecayRestarts", initial_learning_rate=0.1, first_decay_steps=10),
    opt("CosineDecayRestarts", initial_learning_rate=0.1, first_decay_steps=10, t_mul=1.0,
        m_mul=0.5, alpha=0.1),
    opt("CosineDecayRestarts", initial_learning_rate=0.1, first_decay_steps=10, t_mul=2.0,
        m_mul=0.5, alpha=0.1),
    opt("CosineDecayRestarts", initial_learning_rate=0.1, first_decay_steps=10, t_mul=3.0,
        m_mul=0.5, alpha=0.1),
]

_SGD_MOMENTUM = opt("SGD", lr=0.1, momentum=0.9)
_ADAM = opt("Adam", lr=0.1)

# (scheduler, optimizer, number of steps)
TORCH_SCHEDULES = [
    (opt("CyclicLR", base_lr=0.01, max_lr=0.1, step_size_up=5, cycle_momentum=False),
     opt("SGD", lr=0.1), 31),
    (opt("CyclicLR", base_lr=0.01, max_lr=0.1, step_size_up=5, mode="triangular2",
         cycle_momentum=False), opt("SGD", lr=0.1), 41),
    (opt("CyclicLR", base_lr=0.01, max_lr=0.1, step_size_up=5, mode="exp_range", gamma=0.9,
         cycle_momentum=False), opt("SGD", lr=0.1), 41),
    (opt("CyclicLR", base_lr=0.01, max_lr=0.1, step_size_up=5, step_size_down=3,
         cycle_momentum=False), opt("SGD", lr=0.1), 33),
    (opt("CyclicLR", base_lr=0.01, max_lr=0.1, step_size_up=5, base_momentum=0.8,
         max_momentum=0.9), _SGD_MOMENTUM, 31),
    (opt("CyclicLR", base_lr=0.01, max_lr=0.1, step_size_up=5, base_momentum=0.8,
         max_momentum=0.9), _ADAM, 31),
    (opt("OneCycleLR", max_lr=0.1, total_steps=40), _SGD_MOMENTUM, 40),
    (opt("OneCycleLR", max_lr=0.1, total_steps=40, anneal_strategy="linear"), _SGD_MOMENTUM, 40),
    (opt("OneCycleLR", max_lr=0.1, total_steps=40, three_phase=True), _SGD_MOMENTUM, 40),
    (opt("OneCycleLR", max_lr=0.1, total_steps=40, anneal_strategy="linear", three_phase=True),
     _SGD_MOMENTUM, 40),
    (opt("OneCycleLR", max_lr=0.1, total_steps=40, pct_start=0.5, div_factor=10.0,
         final_div_factor=100.0), _SGD_MOMENTUM, 40),
    (opt("OneCycleLR", max_lr=0.1, total_steps=40, cycle_momentum=False), opt("SGD", lr=0.1), 40),
    (opt("OneCycleLR", max_lr=0.1, total_steps=40, base_momentum=0.8, max_momentum=0.9), _ADAM, 40),
    (opt("ExponentialLR", gamma=0.9), opt("SGD", lr=0.1), 30),
    (opt("StepLR", step_size=5, gamma=0.5), opt("SGD", lr=0.1), 30),
    (opt("LinearLR", start_factor=0.25, total_iters=10), opt("SGD", lr=0.1), 30),
    (opt("CosineAnnealingLR", T_max=10, eta_min=0.001), opt("SGD", lr=0.1), 41),
    (opt("CosineAnnealingWarmRestarts", T_0=5, T_mult=2, eta_min=0.001), opt("SGD", lr=0.1), 41),
]

# ---------------------------------------------------------------------------------------------
# scikit-learn train_test_split, tf_keras summary and initializer cases.

# The article's two-step split (test_size 0.2, random_state 42, n 100 and 1000) is added by generate.py.
SPLITS = [
    (100, {"test_size": 0.2, "random_state": 0}),
    (100, {"test_size": 25, "random_state": 42}),
    (100, {"train_size": 0.7, "random_state": 42}),
    (100, {"train_size": 60, "random_state": 42}),
    (100, {"train_size": 0.5, "test_size": 0.3, "random_state": 42}),
    (100, {"test_size": 0.2, "shuffle": False}),
    (10, {"test_size": 0.25, "random_state": 0}),
]

SUMMARIES = [
    ("article_identity", [_dense(1, use_bias=False)], 1),
    ("dense1_bias", [_dense(1)], 1),
    ("three_layer", [_dense(16, activation="relu"), _dense(8, activation="tanh"), _dense(1)], 4),
    # Keras's examples/mnist_mlp.py: six-digit parameter counts.
    ("mnist_mlp_dropout", [_dense(512, activation="relu"), layer("Dropout", rate=0.2), _dense(512, activation="relu"),
                           layer("Dropout", rate=0.2), _dense(10, activation="softmax")], 784),
    # Names longer than their column, and BatchNormalization's two non-trainable weights per feature.
    ("mlp_batch_normalization", [_dense(512), layer("BatchNormalization"), layer("Activation", activation="relu"),
                                 _dense(10), layer("BatchNormalization", center=False),
                                 layer("Activation", activation="softmax")], 784),
]

INITIALIZER_SHAPES = [(1, 1), (2, 3), (200, 300)]
INITIALIZER_SEED = 42
# Every Keras initializer by name on a (400, 300) kernel: its statistics (bounds and moments) are what minigrad's
# must share, since the random streams differ.
INITIALIZER_NAMES = ["glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "lecun_uniform", "lecun_normal",
                     "random_normal", "random_uniform", "truncated_normal", "zeros", "ones"]
INITIALIZER_STATS_SHAPE = (400, 300)

# ---------------------------------------------------------------------------------------------
# The article's experiments E1-E10, run as the article does (batch 32, shuffle=True, MAE).

def lr_schedule(epoch):
    """The article's E5 schedule, as written: the two middle conditions can never be true."""
    if epoch < 5:
        return 0.02
    elif 5 >= epoch > 25:
        return 0.01
    elif 25 >= epoch > 50:
        return 0.001
    else:
        return 0.0001


ARTICLE_SEEDS = [0, 1, 2, 3, 4]

# problem "identity": X = np.arange(100), train X[:80], validate X[80:], Dense(1, use_bias=False).
# problem "linear": X = np.arange(n), y = 2X + 5, train_test_split(test_size=0.2, random_state=42)
# twice (full/test, then train/valid), Dense(1). E9/E10's hyper-parameters are our choice.
ARTICLE_EXPERIMENTS = [
    {"id": "E1", "problem": "identity", "n": 100, "optimizer": opt("SGD", learning_rate=0.1), "epochs": 100},
    {"id": "E2", "problem": "identity", "n": 100, "optimizer": opt("SGD", learning_rate=0.001), "epochs": 100},
    {"id": "E3", "problem": "identity", "n": 100, "optimizer": opt("SGD", learning_rate=0.0001), "epochs": 200},
    {"id": "E4", "problem": "identity", "n": 100, "optimizer": opt("SGD", learning_rate=0.01, decay=0.01),
     "epochs": 250},
    {"id": "E5", "problem": "identity", "n": 100, "optimizer": opt("SGD"), "epochs": 100,
     "callbacks": ["LearningRateScheduler(lr_schedule)"]},
    {"id": "E6", "problem": "identity", "n": 100, "optimizer": opt("Adam"), "epochs": 100},
    {"id": "E7", "problem": "linear", "n": 100, "optimizer": opt("Adam"), "epochs": 200},
    {"id": "E8", "problem": "linear", "n": 1000, "optimizer": opt("Adam"), "epochs": 200},
    {"id": "E9", "problem": "linear", "n": 100, "optimizer": opt("SGD", learning_rate=1e-4, momentum=0.9),
     "epochs": 200},
    {"id": "E10", "problem": "linear", "n": 1000, "optimizer": opt("SGD", learning_rate=1e-4, momentum=0.9),
     "epochs": 200},
]


# ---------------------------------------------------------------------------------------------
# Tutorial scripts (tests/tutorials/*.py): the real Keras each one is written for. generate.py runs
# each on that framework (imports rewritten from `keras` to `tf_keras` for tf.keras 2) and records its output.

TUTORIAL_FRAMEWORKS = {
    "digits_lab": "keras3",
    "geron_fashion_mlp": "tf_keras",
    "geron_one_cycle": "tf_keras",
    "geron_schedules": "tf_keras",
    "keras_io_scheduler": "keras3",
    "keras22_mnist_mlp": "tf_keras",
    "keras3_mnist_mlp": "keras3",
    "keras_io_scheduler_tf2": "tf_keras",
    "mlm_adaptive": "tf_keras",
    "mlm_batch_normalization": "tf_keras",
    "mlm_learning_rate": "tf_keras",
    "mlm_momentum_and_plateau": "tf_keras",
    "tf_basic_classification": "tf_keras",
    "tf_guide_custom_scheduler": "tf_keras",
}


# ---------------------------------------------------------------------------------------------
# Classification pieces (classification_pieces.json): activations and losses with their gradients
# on edge cases, and the three accuracies. Gradients are of sum(DY * f(x)) for activations and of the
# batch loss for losses.

ACTIVATION_NAMES = ["relu", "tanh", "sigmoid", "elu", "selu", "leaky_relu", "softplus", "swish", "silu", "gelu",
                    "softmax"]
ACTIVATION_X = [[-3.0, -1.0, -0.5, 0.25], [0.5, 1.0, 3.0, 12.0]]
ACTIVATION_DY = [[0.3, -1.2, 0.7, 2.0], [-0.4, 1.1, 0.25, -0.8]]

_PROBABILITIES = [[0.0, 0.3, 0.7], [1.0, 0.0, 0.0], [0.2, 0.5, 0.3], [1e-9, 0.5, 0.5]]
_ONE_HOT = [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]
_LOGITS = [[20.0, -5.0, 0.0], [-30.0, 30.0, 1.0], [0.1, 0.2, 0.3], [3.0, 3.0, -3.0]]
_BINARY_P = [[0.0], [1.0], [0.3], [0.999]]
_BINARY_T = [[0.0], [1.0], [1.0], [0.0]]
LOSS_CASES = [
    ("cce_probabilities_with_0_and_1", "CategoricalCrossentropy", {}, _ONE_HOT, _PROBABILITIES),
    ("cce_label_smoothing_0.2", "CategoricalCrossentropy", {"label_smoothing": 0.2}, _ONE_HOT, _PROBABILITIES),
    ("cce_large_logits", "CategoricalCrossentropy", {"from_logits": True}, _ONE_HOT, _LOGITS),
    ("sparse_cce_probabilities", "SparseCategoricalCrossentropy", {}, [1, 0, 2, 0], _PROBABILITIES),
    ("sparse_cce_large_logits", "SparseCategoricalCrossentropy", {"from_logits": True}, [1, 0, 2, 0], _LOGITS),
    ("bce_probabilities_with_0_and_1", "BinaryCrossentropy", {}, _BINARY_T, _BINARY_P),
    ("bce_label_smoothing_0.1", "BinaryCrossentropy", {"label_smoothing": 0.1}, _BINARY_T,
     [[0.1], [0.8], [0.3], [0.6]]),
    ("bce_large_logits", "BinaryCrossentropy", {"from_logits": True}, _BINARY_T, [[-40.0], [40.0], [0.5], [3.0]]),
]

ACCURACY_CASES = [
    ("binary_accuracy", "BinaryAccuracy", [[1.0], [0.0], [1.0], [0.0]], [[0.7], [0.5], [0.4], [0.2]]),
    ("categorical_accuracy", "CategoricalAccuracy", _ONE_HOT, _PROBABILITIES),
    ("sparse_categorical_accuracy", "SparseCategoricalAccuracy", [1, 0, 2, 0], _PROBABILITIES),
]


# ---------------------------------------------------------------------------------------------
# Layers (layers.json, one section per framework): BatchNormalization and Dropout on their own, then whole
# fits of small MLPs that use them with Activation. BatchNormalization's numbers are values and gradients of
# sum(DY * layer(X)); Dropout's masks are random, so what is recorded about them is their rule.

_layer_rng = np.random.default_rng(DATA_SEED + 4)
# 8 samples of 4 features, each feature with its own mean and scale (means far from 0, as after a ReLU).
BN_X = (_layer_rng.normal(size=(8, 4)) * [1.0, 0.5, 2.0, 0.1] + [0.5, -1.0, 3.0, 0.2]).astype(np.float32)
BN_DY = _layer_rng.normal(size=(8, 4)).astype(np.float32)
BN_GAMMA = _layer_rng.uniform(0.5, 1.5, size=4).astype(np.float32)
BN_BETA = _layer_rng.uniform(-0.5, 0.5, size=4).astype(np.float32)
# The moving statistics set before an inference case.
BN_MOVING_MEAN = _layer_rng.normal(size=4).astype(np.float32)
BN_MOVING_VARIANCE = _layer_rng.uniform(0.5, 2.0, size=4).astype(np.float32)
# Five training batches in a row, for the moving statistics after each.
BN_STEPS_X = (_layer_rng.normal(size=(5, 8, 4)) * [1.0, 0.5, 2.0, 0.1] + [0.5, -1.0, 3.0, 0.2]).astype(np.float32)
# A batch of 4 sequences of 3 steps: statistics over the batch and the steps, per feature.
BN_X_3D = _layer_rng.normal(size=(4, 3, 4)).astype(np.float32)
BN_DY_3D = _layer_rng.normal(size=(4, 3, 4)).astype(np.float32)

# (id, BatchNormalization arguments): each is run in training and at inference, on BN_X (and BN_X_3D for "3d").
BATCH_NORMALIZATIONS = [
    ("defaults", {}),
    ("momentum0.9_epsilon1e-2", {"momentum": 0.9, "epsilon": 1e-2}),
    ("no_center", {"center": False}),
    ("no_scale", {"scale": False}),
    ("no_center_no_scale", {"center": False, "scale": False}),
]

# (id, Dropout arguments, input shape): Keras's output on ones in training, recorded as its facts.
DROPOUTS = [
    ("rate0.2", {"rate": 0.2}, (400, 500)),
    ("rate0.5", {"rate": 0.5}, (400, 500)),
    ("rate0.3_noise_shape_rows", {"rate": 0.3, "noise_shape": (None, 1)}, (4000, 20)),
]


def _mlp_weights(rng, shapes):
    """Initial weights in get_weights() order, drawn from `rng`: a kernel "k" of (in, units) and a bias "b" of
    (units,) per Dense; "gamma", "beta" and the moving statistics (zeros, ones) of a BatchNormalization."""
    draw = {"k": lambda n: rng.uniform(-0.8, 0.8, size=n), "b": lambda n: rng.uniform(-0.1, 0.1, size=n),
            "gamma": lambda n: rng.uniform(0.8, 1.2, size=n), "beta": lambda n: rng.uniform(-0.1, 0.1, size=n),
            "moving_mean": np.zeros, "moving_variance": np.ones}
    return [np.asarray(draw[kind](size), np.float32) for kind, size in shapes]


def bn_classifier():
    """classifier()'s blobs: Dense(8) -> BatchNormalization -> Activation("relu") -> Dense(3, softmax)."""
    case = classifier()
    rng = np.random.default_rng(DATA_SEED + 5)
    case["layers"] = [_dense(8), layer("BatchNormalization"), layer("Activation", activation="relu"),
                      _dense(3, activation="softmax")]
    case["initial_weights"] = _mlp_weights(rng, [("k", (4, 8)), ("b", 8), ("gamma", 8), ("beta", 8),
                                                 ("moving_mean", 8), ("moving_variance", 8), ("k", (8, 3)), ("b", 3)])
    return case


def bn_after_relu_classifier():
    """classifier()'s blobs: Dense(8, relu) -> BatchNormalization(momentum 0.9, epsilon 0.01) -> Dense(3, softmax)."""
    case = bn_classifier()
    case["layers"] = [_dense(8, activation="relu"), layer("BatchNormalization", momentum=0.9, epsilon=0.01),
                      _dense(3, activation="softmax")]
    return case


def bn_regression():
    """two_layer()'s regression: Dense(4, tanh) -> BatchNormalization(center=False, scale=False) -> Dense(1)."""
    case = two_layer()
    rng = np.random.default_rng(DATA_SEED + 6)
    case["layers"] = [_dense(4, activation="tanh"), layer("BatchNormalization", center=False, scale=False), _dense(1)]
    case["initial_weights"] = _mlp_weights(rng, [("k", (2, 4)), ("b", 4), ("moving_mean", 4),
                                                 ("moving_variance", 4), ("k", (4, 1)), ("b", 1)])
    return case


def dropout_classifier():
    """classifier()'s blobs: Dense(8, tanh) -> Dropout(0.5, seed=1) -> Dense(3, softmax).

    tanh's outputs are never exactly 0, so a recorded mask reads unambiguously as `output != 0`."""
    case = classifier()
    rng = np.random.default_rng(DATA_SEED + 7)
    case["layers"] = [_dense(8, activation="tanh"), layer("Dropout", rate=0.5, seed=1), _dense(3, activation="softmax")]
    case["initial_weights"] = _mlp_weights(rng, [("k", (4, 8)), ("b", 8), ("k", (8, 3)), ("b", 3)])
    return case


def dropout_bn_classifier():
    """classifier()'s blobs: Dense(8, tanh, no bias) -> BatchNormalization -> Dropout(0.25, seed=2) ->
    Dense(3, softmax).

    No bias before the normalization, as Keras advises: its gradient would be nearly cancelled by the
    normalization's subtraction of the mean (exactly, without the tanh), and Adam, which divides by the
    gradient's size, would turn its rounding noise into steps."""
    case = bn_classifier()
    case["layers"] = [_dense(8, use_bias=False, activation="tanh"), layer("BatchNormalization"),
                      layer("Dropout", rate=0.25, seed=2), _dense(3, activation="softmax")]
    del case["initial_weights"][1]
    return case


DATA.update({"bn_classifier": bn_classifier, "bn_after_relu_classifier": bn_after_relu_classifier,
             "bn_regression": bn_regression, "dropout_classifier": dropout_classifier,
             "dropout_bn_classifier": dropout_bn_classifier})

# Whole fits: the Keras 3 optimizer in the "keras3" section, tf.keras's legacy one in the "tf_keras" section.
LAYER_FITS = [
    {**fit("bn_classifier_sgd_lr0.1_momentum0.9", opt("SGD", learning_rate=0.1, momentum=0.9), data="bn_classifier",
           loss="categorical_crossentropy", batch_size=8), "metrics": ["accuracy"]},
    {**fit("bn_after_relu_classifier_adam_lr0.01", opt("Adam", learning_rate=0.01), data="bn_after_relu_classifier",
           loss="categorical_crossentropy", batch_size=8), "metrics": ["accuracy"]},
    fit("bn_regression_sgd_lr0.1_mse", opt("SGD", learning_rate=0.1), data="bn_regression", loss="mse", epochs=10),
    {**fit("dropout_classifier_sgd_lr0.1_momentum0.9", opt("SGD", learning_rate=0.1, momentum=0.9),
           data="dropout_classifier", loss="categorical_crossentropy", batch_size=8), "metrics": ["accuracy"]},
    {**fit("dropout_bn_classifier_adam_lr0.01", opt("Adam", learning_rate=0.01), data="dropout_bn_classifier",
           loss="categorical_crossentropy", batch_size=8), "metrics": ["accuracy"]},
]
