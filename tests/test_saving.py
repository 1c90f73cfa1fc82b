"""Save and load: bit-identical round trips, atomic writes, and clear errors for bad files (never unpickling)."""
import json
import os
import zipfile

import numpy as np
import pytest
from all_optimizers import ALL_OPTIMIZERS, make

import minigrad as keras
from minigrad.layers import Dense, Input
from minigrad.optimizers import SGD, schedules

X = np.linspace(-1, 1, 64, dtype="float32").reshape(32, 2)
Y = (X[:, :1] * 2 - X[:, 1:] + 0.5).astype("float32")


def make_model(optimizer=None, loss="mse"):
    model = keras.Sequential([Input(2), Dense(4, activation="tanh"), Dense(1)])
    model.compile(optimizer=optimizer or SGD(0.05, momentum=0.9, nesterov=True), loss=loss, metrics=["mae"])
    return model


def trained_model(optimizer=None, loss="mse", epochs=2):
    model = make_model(optimizer, loss)
    model.fit(X, Y, batch_size=8, epochs=epochs, verbose=0)
    return model


def assert_same_arrays(expected, actual, what):
    assert len(expected) == len(actual), f"{what}: {len(expected)} arrays expected, got {len(actual)}"
    for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
        assert e.dtype == a.dtype and np.array_equal(e, a), f"{what} {i} differs:\nexpected {e}\nactual {a}"


def test_round_trip_gives_bit_identical_weights_and_predictions(tmp_path):
    model = trained_model()
    model.save(tmp_path / "model.npz")
    loaded = keras.models.load_model(tmp_path / "model.npz")
    assert_same_arrays(model.get_weights(), loaded.get_weights(), "weight")
    assert_same_arrays([model.predict(X, verbose=0)], [loaded.predict(X, verbose=0)], "predictions")


def test_round_trip_restores_the_architecture_and_compile_config(tmp_path):
    model = trained_model(optimizer=SGD(0.05, momentum=0.5, decay=0.01, clipnorm=1.0), loss=keras.losses.Huber(2.0))
    model.save(tmp_path / "model.npz")
    loaded = keras.models.load_model(tmp_path / "model.npz")
    assert [layer.get_config() for layer in loaded.layers] == [layer.get_config() for layer in model.layers]
    assert loaded.name == model.name and loaded.input_shape == (None, 2)
    assert type(loaded.optimizer) is SGD and loaded.optimizer.get_config() == model.optimizer.get_config()
    assert loaded.optimizer.iterations == model.optimizer.iterations == 8
    assert loaded.loss.get_config() == {"name": "huber_loss", "delta": 2.0}
    assert [m.name for m in loaded.metrics] == ["mae"]


OPTIMIZERS = [
    ("keras3.SGD_momentum", lambda: SGD(0.05, momentum=0.9)),
    ("keras3.SGD_schedule", lambda: SGD(schedules.ExponentialDecay(0.1, decay_steps=3, decay_rate=0.5))),
    ("SGD_one_cycle_with_momentum", lambda: SGD(schedules.OneCycle(max_learning_rate=0.1, total_steps=100),
                                                momentum=0.9)),
    ("Adam_cyclical", lambda: keras.optimizers.Adam(schedules.CyclicalLearningRate(0.001, 0.1, step_size_up=3))),
    ("Adam_warmup_cosine_restarts", lambda: keras.optimizers.Adam(
        schedules.LinearWarmup(schedules.CosineDecayRestarts(0.05, 4), warmup_steps=3))),
    ("SGD_piecewise", lambda: SGD(schedules.PiecewiseConstantDecay([5, 10], [0.1, 0.01, 0.001]))),
    *[(name, lambda cls=cls: make(cls, 0.01)) for name, cls in ALL_OPTIMIZERS],
]


@pytest.mark.parametrize("make_optimizer", [o[1] for o in OPTIMIZERS], ids=[o[0] for o in OPTIMIZERS])
def test_training_after_load_follows_the_never_saved_trajectory(make_optimizer, tmp_path):
    """Save after 2 epochs; 3 more epochs of the original and of the loaded copy (same shuffling
    state) give bit-identical weights, optimizer slots and history."""
    model = trained_model(make_optimizer())
    model.save(tmp_path / "model.npz")
    shuffling = keras.backend.rng().bit_generator.state
    expected = model.fit(X, Y, batch_size=8, epochs=3, verbose=0).history

    keras.utils.set_random_seed(123)  # a new session...
    loaded = keras.models.load_model(tmp_path / "model.npz")
    keras.backend.rng().bit_generator.state = shuffling  # ...that shuffles as the original did
    actual = loaded.fit(X, Y, batch_size=8, epochs=3, verbose=0).history

    assert actual == expected, f"history after load differs:\nexpected {expected}\nactual {actual}"
    assert_same_arrays(model.get_weights(), loaded.get_weights(), "weight")
    expected_state, actual_state = model.optimizer.get_state(), loaded.optimizer.get_state()
    assert actual_state["iterations"] == expected_state["iterations"]
    for expected_slots, actual_slots in zip(expected_state["slots"] or [], actual_state["slots"] or [], strict=True):
        assert_same_arrays(list(expected_slots.values()), list(actual_slots.values()), "optimizer slot")


def test_loading_does_not_draw_random_numbers(tmp_path):
    trained_model().save(tmp_path / "model.npz")
    state = keras.backend.rng().bit_generator.state
    keras.models.load_model(tmp_path / "model.npz")
    assert keras.backend.rng().bit_generator.state == state, "load_model changed the shuffling generator"


def test_an_uncompiled_model_round_trips_uncompiled(tmp_path):
    model = keras.Sequential([Input(3), Dense(2, activation="relu", use_bias=False)])
    model.save(tmp_path / "model.npz")
    loaded = keras.models.load_model(tmp_path / "model.npz")
    assert loaded.optimizer is None
    assert_same_arrays(model.get_weights(), loaded.get_weights(), "weight")


def test_save_weights_and_load_weights_round_trip(tmp_path):
    model, other = trained_model(), make_model()
    model.save_weights(tmp_path / "w.npz")
    other.load_weights(tmp_path / "w.npz")
    assert_same_arrays(model.get_weights(), other.get_weights(), "weight")


def test_load_weights_into_a_different_architecture_fails_and_changes_nothing(tmp_path):
    trained_model().save_weights(tmp_path / "w.npz")
    other = keras.Sequential([Input(2), Dense(5), Dense(1)])
    before = other.get_weights()
    with pytest.raises(ValueError, match=r"expects its kernel to have shape \(2, 5\)"):
        other.load_weights(tmp_path / "w.npz")
    assert_same_arrays(before, other.get_weights(), "weight")


def test_a_weights_file_is_not_a_model_file(tmp_path):
    trained_model().save_weights(tmp_path / "w.npz")
    with pytest.raises(ValueError, match="'weights' file"):
        keras.models.load_model(tmp_path / "w.npz")


def test_a_crash_mid_save_leaves_the_previous_file_intact(tmp_path, monkeypatch):
    """The new file is written beside the old one and renamed over it only once complete."""
    path = tmp_path / "model.npz"
    model = trained_model()
    model.save(path)
    saved = path.read_bytes()

    def crash(file, **arrays):
        file.write(b"PK\x03\x04 half a file")
        raise KeyboardInterrupt("power cut")

    monkeypatch.setattr(np, "savez", crash)
    model.fit(X, Y, verbose=0)
    with pytest.raises(KeyboardInterrupt):
        model.save(path)
    assert path.read_bytes() == saved, "the previous file was damaged"
    assert os.listdir(tmp_path) == ["model.npz"], f"temporary files were left behind: {os.listdir(tmp_path)}"


def test_overwrite_false_refuses_to_replace_a_file(tmp_path):
    path = tmp_path / "model.npz"
    path.write_bytes(b"keep me")
    with pytest.raises(FileExistsError, match="overwrite=False"):
        trained_model().save(path, overwrite=False)
    assert path.read_bytes() == b"keep me"


def test_a_function_learning_rate_cannot_be_saved_and_nothing_is_written(tmp_path):
    model = trained_model(optimizer=SGD(lambda: 0.01))
    with pytest.raises(ValueError, match="plain function as `learning_rate`"):
        model.save(tmp_path / "model.npz")
    assert os.listdir(tmp_path) == []


def test_a_missing_file_raises_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError, match="No model file"):
        keras.models.load_model(tmp_path / "nothing.npz")


def corrupt_cases(path):
    """(name, bytes) of damaged or foreign files, made from a good model file at `path`."""
    good = path.read_bytes()
    middle = len(good) // 2
    flipped = good[:middle] + bytes(b ^ 0xFF for b in good[middle:middle + 16]) + good[middle + 16:]
    foreign = path.parent / "foreign.npz"
    np.savez(foreign, data=np.arange(3))
    single = path.parent / "single.npy"
    np.save(single, np.arange(3))
    return [("truncated", good[:middle]), ("empty", b""), ("flipped_bytes", flipped),
            ("text", b"this is not a model"), ("foreign_npz", foreign.read_bytes()),
            ("single_npy", single.read_bytes())]


@pytest.mark.parametrize("case", ["truncated", "empty", "flipped_bytes", "text", "foreign_npz", "single_npy"])
def test_damaged_or_foreign_files_give_a_clear_error(case, tmp_path):
    trained_model().save(tmp_path / "model.npz")
    content = dict(corrupt_cases(tmp_path / "model.npz"))[case]
    bad = tmp_path / "bad.npz"
    bad.write_bytes(content)
    with pytest.raises(ValueError, match="Cannot load .*bad.npz"):
        keras.models.load_model(bad)


PICKLE_RAN = []


class Payload:
    def __reduce__(self):
        return PICKLE_RAN.append, ("unpickled!",)


def test_a_pickled_payload_is_never_unpickled(tmp_path):
    path = tmp_path / "evil.npz"
    np.savez(path, header=np.array([Payload()], dtype=object))
    with pytest.raises(ValueError, match="Cannot load"):
        keras.models.load_model(path)
    assert PICKLE_RAN == [], "loading ran code from the file"


def rewrite_header(path, change):
    with np.load(path, allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files}
    header = json.loads(str(arrays["header"]))
    change(header)
    arrays["header"] = np.array(json.dumps(header))
    np.savez(path, **arrays)


@pytest.mark.parametrize("module, class_name", [("os", "system"), ("subprocess", "Popen"),
                                                 ("minigrad.optimizers", "get"), ("minigrad.models", "Sequential")])
def test_a_header_cannot_name_code_outside_minigrad_optimizers(module, class_name, tmp_path):
    path = tmp_path / "model.npz"
    trained_model().save(path)

    def point_elsewhere(header):
        header["compile"]["optimizer"].update(module=module, class_name=class_name)

    rewrite_header(path, point_elsewhere)
    with pytest.raises(ValueError, match="Cannot load"):
        keras.models.load_model(path)


def test_a_slot_with_the_wrong_shape_is_rejected(tmp_path):
    path = tmp_path / "model.npz"
    trained_model().save(path)
    with np.load(path) as archive:
        arrays = {name: archive[name] for name in archive.files}
    arrays["slot_0_momentum"] = np.zeros((7, 7), dtype="float32")
    np.savez(path, **arrays)
    with pytest.raises(ValueError, match="slot 'momentum' has shape"):
        keras.models.load_model(path)


def test_the_file_is_a_plain_npz_with_a_json_header(tmp_path):
    path = tmp_path / "model.npz"
    trained_model().save(path)
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
    assert {"header.npy", "weight_0.npy", "weight_3.npy", "slot_0_momentum.npy"} <= names
    with np.load(path, allow_pickle=False) as archive:
        header = json.loads(str(archive["header"]))
    assert header["format"] == "minigrad" and header["compile"]["optimizer"]["class_name"] == "SGD"
    assert header["optimizer_state"]["attributes"]["iterations"] == 8


def test_schedule_learning_rate_is_restored_as_a_schedule(tmp_path):
    model = trained_model(optimizer=SGD(schedules.InverseTimeDecay(0.1, decay_steps=1, decay_rate=0.5)))
    model.save(tmp_path / "model.npz")
    loaded = keras.models.load_model(tmp_path / "model.npz")
    assert isinstance(loaded.optimizer.get_config()["learning_rate"], dict)
    assert loaded.optimizer.learning_rate == model.optimizer.learning_rate  # 0.1 / (1 + 0.5 * 8)


def test_a_saved_file_gets_a_normal_file_mode(tmp_path):
    """The temporary file is private while written; the saved file has the usual mode (0o666 minus the umask)."""
    mask = os.umask(0o022)
    try:
        trained_model().save(tmp_path / "model.npz")
    finally:
        os.umask(mask)
    assert (tmp_path / "model.npz").stat().st_mode & 0o777 == 0o644


def test_a_float64_model_loads_only_under_float64(tmp_path):
    """Loading under another floatx would round the weights silently; the error says what to do."""
    keras.backend.set_floatx("float64")
    model = keras.Sequential([Input(2), Dense(1)])
    model.save(tmp_path / "model.npz")
    assert keras.models.load_model(tmp_path / "model.npz").get_weights()[0].dtype == np.float64
    keras.backend.set_floatx("float32")
    with pytest.raises(ValueError, match=r"set_floatx\('float64'\)"):
        keras.models.load_model(tmp_path / "model.npz")
