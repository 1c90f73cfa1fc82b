"""ModelCheckpoint (Keras 3's saving rules and messages) and BackupAndRestore (bit-exact resume)."""
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import minigrad as keras
from minigrad.callbacks import BackupAndRestore, Callback, ModelCheckpoint
from minigrad.layers import Dense, Input
from minigrad.optimizers import SGD

X = np.linspace(-1, 1, 60, dtype="float32").reshape(30, 2)
Y = (X[:, :1] * 2 - X[:, 1:] + 0.5).astype("float32")
X_VAL, Y_VAL = X[::3] + 0.05, Y[::3]


def make_model(optimizer=None):
    model = keras.Sequential([Input(2), Dense(4, activation="tanh"), Dense(1)])
    model.compile(optimizer=optimizer or SGD(0.05, momentum=0.9), loss="mse", metrics=["mae"])
    return model


def saved_weights(path):
    with np.load(path, allow_pickle=False) as archive:
        return [archive[f"weight_{i}"] for i in range(4)]


def drive(checkpoint, model, monitored):
    """Calls the epoch hooks as fit would, with `weights = epoch` so each file shows when it was written."""
    checkpoint.set_model(model)
    for epoch, value in enumerate(monitored):
        model.set_weights([np.full_like(w, epoch) for w in model.get_weights()])
        checkpoint.on_epoch_begin(epoch)
        checkpoint.on_epoch_end(epoch, {"loss": 1.0, "val_loss": value})


def test_saves_every_epoch_with_the_epoch_in_the_name(tmp_path):
    model = make_model()
    model.fit(X, Y, epochs=3, verbose=0, callbacks=[ModelCheckpoint(str(tmp_path / "m-{epoch:02d}.npz"))])
    assert sorted(os.listdir(tmp_path)) == ["m-01.npz", "m-02.npz", "m-03.npz"]
    last = keras.models.load_model(tmp_path / "m-03.npz")
    assert all(np.array_equal(a, b) for a, b in zip(last.get_weights(), model.get_weights(), strict=True))


def test_save_best_only_saves_when_the_monitored_value_decreases(tmp_path):
    """val_loss 3, 2, 2.5, 1: saved at epochs 0, 1 and 3, so the file holds epoch 3's weights."""
    path = tmp_path / "best.npz"
    checkpoint = ModelCheckpoint(path, save_best_only=True)
    drive(checkpoint, make_model(), [3.0, 2.0, 2.5])
    assert saved_weights(path)[0].flat[0] == 1, "epoch 2 (val_loss 2.5 > 2) must not overwrite epoch 1"
    checkpoint.on_epoch_begin(3)
    checkpoint.model.set_weights([np.full_like(w, 3) for w in checkpoint.model.get_weights()])
    checkpoint.on_epoch_end(3, {"val_loss": 1.0})
    assert saved_weights(path)[0].flat[0] == 3 and checkpoint.best == 1.0


def test_mode_max_saves_when_the_monitored_value_increases(tmp_path):
    path = tmp_path / "best.npz"
    drive(ModelCheckpoint(path, save_best_only=True, mode="max"), make_model(), [1.0, 3.0, 2.0])
    assert saved_weights(path)[0].flat[0] == 1


def test_initial_value_threshold_must_be_beaten(tmp_path):
    path = tmp_path / "best.npz"
    drive(ModelCheckpoint(path, save_best_only=True, initial_value_threshold=0.5), make_model(), [1.0, 0.8])
    assert not path.exists(), "no epoch beat the threshold 0.5, yet a file was written"


def test_verbose_prints_keras_3_messages(tmp_path, capsys):
    path = tmp_path / "best.npz"
    drive(ModelCheckpoint(path, save_best_only=True, verbose=1), make_model(), [3.0, 2.0, 2.5])
    assert capsys.readouterr().out == (
        f"\nEpoch 1: val_loss improved from None to 3.00000, saving model to {path}\n"
        f"\nEpoch 2: val_loss improved from 3.00000 to 2.00000, saving model to {path}\n"
        "\nEpoch 3: val_loss did not improve from 2.00000\n"
    )


def test_a_missing_monitor_warns_and_saves(tmp_path):
    path = tmp_path / "best.npz"
    with pytest.warns(UserWarning, match="Can save best model only with val_mae available"):
        drive(ModelCheckpoint(path, monitor="val_mae", save_best_only=True), make_model(), [1.0])
    assert path.exists()


def test_save_weights_only_writes_a_weights_file(tmp_path):
    path = tmp_path / "w.npz"
    model = make_model()
    model.fit(X, Y, verbose=0, callbacks=[ModelCheckpoint(path, save_weights_only=True)])
    with pytest.raises(ValueError, match="'weights' file"):
        keras.models.load_model(path)
    other = make_model()
    other.load_weights(path)
    assert all(np.array_equal(a, b) for a, b in zip(other.get_weights(), model.get_weights(), strict=True))


def test_integer_save_freq_saves_every_n_batches(tmp_path):
    """30 samples in batches of 8: 4 batches per epoch; save_freq=2 saves after batches 2 and 4 of each epoch."""
    model = make_model()
    model.fit(X, Y, batch_size=8, epochs=2, verbose=0,
              callbacks=[ModelCheckpoint(str(tmp_path / "e{epoch}-b{batch}.npz"), save_freq=2)])
    assert sorted(os.listdir(tmp_path)) == ["e1-b2.npz", "e1-b4.npz", "e2-b2.npz", "e2-b4.npz"]


def test_the_best_checkpoint_has_the_lowest_validation_loss(tmp_path):
    path = tmp_path / "best.npz"
    model = make_model(SGD(0.3, momentum=0.9))
    history = model.fit(X, Y, epochs=8, verbose=0, validation_data=(X_VAL, Y_VAL),
                        callbacks=[ModelCheckpoint(path, save_best_only=True)])
    best = keras.models.load_model(path).evaluate(X_VAL, Y_VAL, verbose=0)[0]
    assert best == pytest.approx(min(history.history["val_loss"]), rel=1e-6), (
        f"best file's val_loss {best}, history {history.history['val_loss']}")


class Interrupt(Exception):
    pass


class InterruptAt(Callback):
    """Raises at the start of epoch `epoch`, like a crash or Ctrl-C after the previous epoch's backup."""

    def __init__(self, epoch):
        super().__init__()
        self.epoch = epoch

    def on_epoch_begin(self, epoch, logs=None):
        if epoch == self.epoch:
            raise Interrupt(f"interrupted at epoch {epoch}")


def run(backup_dir, epochs=6, optimizer=None, interrupt_at=None, seed=7):
    keras.utils.set_random_seed(seed)
    model = make_model(optimizer)
    callbacks = [BackupAndRestore(backup_dir)] + ([InterruptAt(interrupt_at)] if interrupt_at is not None else [])
    history = model.fit(X, Y, batch_size=8, epochs=epochs, verbose=0, callbacks=callbacks,
                        validation_data=(X_VAL, Y_VAL))
    return model, history


@pytest.mark.parametrize("optimizer_name", ["SGD", "Adam", "Nadam"])
def test_an_interrupted_run_resumes_bit_identical_to_an_uninterrupted_one(optimizer_name, tmp_path):
    """Interrupted at epoch 3, then run again from a new model with a different seed: the backup
    restores weights, optimizer slots and iterations, the shuffling generator and the epoch."""
    optimizer_class = getattr(keras.optimizers, optimizer_name)
    expected_model, expected = run(tmp_path / "a", optimizer=optimizer_class(0.02))
    with pytest.raises(Interrupt):
        run(tmp_path / "b", optimizer=optimizer_class(0.02), interrupt_at=3)
    assert os.listdir(tmp_path / "b") == ["backup.npz"]
    model, resumed = run(tmp_path / "b", optimizer=optimizer_class(0.02), seed=99)

    assert resumed.epoch == [3, 4, 5], f"resumed at the wrong epoch: {resumed.epoch}"
    for key, values in expected.history.items():
        assert resumed.history[key] == values[3:], f"{key}: expected {values[3:]}, resumed {resumed.history[key]}"
    for i, (e, a) in enumerate(zip(expected_model.get_weights(), model.get_weights(), strict=True)):
        assert np.array_equal(e, a), f"weight {i} differs after resuming:\n{e}\n{a}"
    expected_state, state = expected_model.optimizer.get_state(), model.optimizer.get_state()
    assert state["iterations"] == expected_state["iterations"] == 24
    for e_slots, a_slots in zip(expected_state["slots"] or [], state["slots"] or [], strict=True):
        assert all(np.array_equal(e_slots[name], a_slots[name]) for name in e_slots)
    assert not (tmp_path / "b").exists(), "the backup should be deleted when fit finishes"


def test_delete_checkpoint_false_keeps_the_backup(tmp_path):
    keras.utils.set_random_seed(0)
    make_model().fit(X, Y, epochs=2, verbose=0, callbacks=[BackupAndRestore(tmp_path, delete_checkpoint=False)])
    assert os.listdir(tmp_path) == ["backup.npz"]


def test_a_backup_of_another_optimizer_is_refused(tmp_path):
    with pytest.raises(Interrupt):
        run(tmp_path, interrupt_at=1)
    model = keras.Sequential([Input(2), Dense(4, activation="tanh"), Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(0.1), loss="mse")
    before = model.get_weights()
    with pytest.raises(ValueError, match="holds the state of a SGD optimizer. Received: a model compiled with Adam"):
        model.fit(X, Y, verbose=0, callbacks=[BackupAndRestore(tmp_path)])
    assert all(np.array_equal(a, b) for a, b in zip(before, model.get_weights(), strict=True))


SCRIPT = textwrap.dedent("""
    import os, sys
    import numpy as np
    import minigrad as keras
    from minigrad.callbacks import BackupAndRestore, Callback

    class Crash(Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.epoch = epoch

        def on_train_batch_end(self, batch, logs=None):
            if self.epoch == int(sys.argv[2]) and batch == 1:
                os._exit(3)  # in mid-epoch, with no cleanup at all, as in a killed process

    keras.utils.set_random_seed(int(sys.argv[3]))
    x = np.linspace(-1, 1, 60, dtype="float32").reshape(30, 2)
    y = x[:, :1] * 2 - x[:, 1:]
    model = keras.Sequential([keras.Input(2), keras.layers.Dense(4, activation="tanh"), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(0.05, momentum=0.9), loss="mse")
    model.fit(x, y, batch_size=8, epochs=5, verbose=0, callbacks=[BackupAndRestore(sys.argv[1]), Crash()])
    np.save(os.path.join(sys.argv[4], "final.npy"), np.concatenate([w.ravel() for w in model.get_weights()]))
""")


def test_a_killed_process_resumes_bit_identical(tmp_path):
    """A real crash: the process dies after batch 2 of epoch 3; a new process (another seed) restores the
    end of epoch 2 and finishes the run. The half-done epoch is redone with the same shuffled batches."""
    script = tmp_path / "train.py"
    script.write_text(SCRIPT)

    def python(backup, crash_at, seed, out):
        out.mkdir(exist_ok=True)
        return subprocess.run([sys.executable, str(script), str(backup), str(crash_at), str(seed), str(out)],
                              capture_output=True, text=True, timeout=120)

    assert python(tmp_path / "a", -1, 5, tmp_path / "uninterrupted").returncode == 0
    crashed = python(tmp_path / "b", 2, 5, tmp_path / "resumed")
    assert crashed.returncode == 3, crashed.stderr
    finished = python(tmp_path / "b", -1, 1234, tmp_path / "resumed")
    assert finished.returncode == 0, finished.stderr
    expected = np.load(tmp_path / "uninterrupted" / "final.npy")
    actual = np.load(tmp_path / "resumed" / "final.npy")
    assert np.array_equal(expected, actual), f"resumed weights differ:\n{expected}\n{actual}"
