"""Every code block of the article runs on minigrad with only the import lines changed.

The blocks below are the article's code, in its order, kept as text and run with `exec` in one
namespace, as a reader pasting them into one notebook would (so E2 retrains E1's model, as in the
article, and E7 passes E5's `lrate` callback on to Adam, as the article's code does). The web
page's scrape lost some line breaks (`])#saving ...`) and wrapped numbers in Markdown emphasis
(`SGD(**0.1**)`, `*model = ...*`); those are restored, and the printed output after each block is
left out. Nothing else is changed. The article never shows how `X` is built: its logged losses fit
`X = np.arange(100)` (see experiments.md), which the imports below add.
"""
from __future__ import annotations

import numpy as np
import pytest

IMPORTS = """
import numpy as np
import minigrad as keras
from minigrad.callbacks import LambdaCallback, LearningRateScheduler
from minigrad.data import train_test_split
X = np.arange(100)
"""

SUMMARY = """
model = keras.models.Sequential([
 keras.layers.Input(1),
 keras.layers.Dense(1, use_bias=False)
])
model.summary()
"""

GET_WEIGHTS = """
model.layers[0].get_weights()
"""

E1_SGD_0_1 = """
model = keras.models.Sequential([
    keras.layers.Input(1),
    keras.layers.Dense(1, use_bias=False)
])
#saving the single weight in a list using callback for plotting
all_weights = []
save_weights = LambdaCallback(on_epoch_end=lambda batch, logs: all_weights.append(model.layers[0].get_weights()[0][0][0]))
model.compile(loss='mae', optimizer=keras.optimizers.SGD(0.1), metrics=['mae'])
history = model.fit(X[:80], X[:80], epochs=100, validation_data=(X[80:], X[80:]), callbacks=[save_weights])
"""

E2_SGD_0_001 = """
model.compile(loss='mae', optimizer=keras.optimizers.SGD(0.001), metrics=['mae'])
history = model.fit(X[:80], X[:80], epochs=100, validation_data=(X[80:], X[80:]), callbacks=[save_weights])
"""

E4_DECAY = """
# decay works by:
# lrate = initial_lrate / (1 + decay * iteration)
model.compile(loss='mae', optimizer=keras.optimizers.SGD(0.01, decay=0.01), metrics=['mae'])
history = model.fit(X[:80], X[:80], epochs=250, validation_data=(X[80:], X[80:]), callbacks=[save_weights])
"""

E5_SCHEDULE = """
def lr_schedule(epoch):
    if epoch<5:
        return 0.02
    elif 5>=epoch>25:
        return 0.01
    elif 25>=epoch>50:
        return 0.001
    else:
        return 0.0001
lrate = LearningRateScheduler(lr_schedule)
model.compile(loss='mae', optimizer=keras.optimizers.SGD(), metrics=['mae'])
history = model.fit(X[:80], X[:80], epochs=100, validation_data=(X[80:], X[80:]), callbacks=[save_weights, lrate])
"""

E7_ADAM_2X_PLUS_5 = """
X = np.arange(100)
y = 2*X+5
X_train_full, X_test, y_train_full, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
X_train, X_valid, y_train, y_valid = train_test_split(X_train_full, y_train_full, test_size=0.2, random_state=42)
model = keras.models.Sequential([
    keras.layers.Input(1),
    keras.layers.Dense(1)
])
#all_weights = []
#save_weights = LambdaCallback(on_epoch_end=lambda batch, logs: all_weights.append(model.layers[0].get_weights()[0][0][0]))
model.compile(loss='mae', optimizer=keras.optimizers.Adam(), metrics=['mae'])
history = model.fit(X_train, y_train, epochs=200, validation_data=(X_valid, y_valid), callbacks=[lrate])
"""

BLOCKS = [SUMMARY, GET_WEIGHTS, E1_SGD_0_1, E2_SGD_0_001, E4_DECAY, E5_SCHEDULE, E7_ADAM_2X_PLUS_5]


def run_article_until(block: str) -> dict:
    """Runs the imports and the article's blocks in order up to `block`; returns the namespace.

    A block that is a single expression (like the article's `model.layers[0].get_weights()`)
    leaves its value under `_`, as a notebook cell shows it.
    """
    namespace: dict = {}
    exec(IMPORTS, namespace)
    namespace["keras"].utils.set_random_seed(0)
    for code in BLOCKS[:BLOCKS.index(block) + 1]:
        try:
            namespace["_"] = eval(code, namespace)
        except SyntaxError:
            exec(code, namespace)
    return namespace


def test_summary_block_prints_one_dense_layer_with_one_parameter(capsys):
    run_article_until(SUMMARY)
    printed = capsys.readouterr().out
    for line in ["Layer (type)", "(None, 1)", "Total params: 1", "Trainable params: 1", "Non-trainable params: 0"]:
        assert line in printed, f"expected {line!r} in the summary, got:\n{printed}"


def test_get_weights_block_gives_one_float32_1x1_kernel_in_glorot_range():
    """Glorot uniform for a 1x1 kernel draws from [-sqrt(6 / 2), sqrt(6 / 2)] = [-1.732, 1.732]."""
    weights = run_article_until(GET_WEIGHTS)["_"]
    assert len(weights) == 1 and weights[0].shape == (1, 1) and weights[0].dtype == np.float32, weights
    assert abs(weights[0][0, 0]) <= 3 ** 0.5, f"expected |W| <= sqrt(3), got {weights[0][0, 0]}"


def test_e1_block_logs_keras_progress_and_saves_w_every_epoch(capsys):
    namespace = run_article_until(E1_SGD_0_1)
    printed = capsys.readouterr().out
    assert "Epoch 1/100" in printed and "Epoch 100/100" in printed, printed[:300]
    assert "3/3 [==============================]" in printed, "80 samples in batches of 32 are 3 steps"
    for key in ["- loss: ", "- mae: ", "- val_loss: ", "- val_mae: "]:
        assert key in printed, f"expected {key!r} in the epoch line, got:\n{printed[:300]}"
    assert len(namespace["all_weights"]) == 100, len(namespace["all_weights"])
    assert isinstance(namespace["all_weights"][0], np.float32), type(namespace["all_weights"][0])
    assert [len(namespace["history"].history[k]) for k in ("loss", "mae", "val_loss", "val_mae")] == [100] * 4


def test_e2_block_keeps_training_the_e1_model_and_keeps_appending_w():
    """The article recompiles the same model: compile() keeps its weights, and `all_weights` grows to 200."""
    namespace = run_article_until(E2_SGD_0_001)
    assert len(namespace["all_weights"]) == 200, len(namespace["all_weights"])
    assert namespace["model"].optimizer.learning_rate == pytest.approx(0.001)


def test_e4_block_last_update_uses_lr_over_one_plus_decay_times_iteration():
    """250 epochs of 3 updates: the last update is iteration 749, lr = 0.01 / (1 + 0.01 * 749)."""
    history = run_article_until(E4_DECAY)["history"]
    expected = 0.01 / (1 + 0.01 * 749)
    assert history.learning_rates[-1] == pytest.approx(expected, rel=1e-6), (expected, history.learning_rates[-1])
    assert len(history.history["loss"]) == 250


def test_e5_block_runs_the_buggy_schedule_0_02_then_0_0001():
    """`5>=epoch>25` and `25>=epoch>50` never hold: the rate is 0.02 in epochs 0-4, then 0.0001."""
    rates = run_article_until(E5_SCHEDULE)["history"].history["learning_rate"]
    expected = [0.02] * 5 + [0.0001] * 95
    np.testing.assert_allclose(rates, expected, rtol=1e-6, err_msg="learning rate per epoch")


def test_e7_block_trains_adam_on_the_article_split_with_e5s_schedule_still_attached():
    """The article's E7 code passes `callbacks=[lrate]`, so Adam's rate is lr_schedule's, not 0.001."""
    namespace = run_article_until(E7_ADAM_2X_PLUS_5)
    assert (len(namespace["X_train"]), len(namespace["X_valid"]), len(namespace["X_test"])) == (64, 16, 20)
    rates = namespace["history"].history["learning_rate"]
    np.testing.assert_allclose(rates, [0.02] * 5 + [0.0001] * 195, rtol=1e-6, err_msg="learning rate per epoch")
    assert [w.shape for w in namespace["model"].get_weights()] == [(1, 1), (1,)]
