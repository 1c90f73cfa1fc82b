"""`minigrad.datasets` and `minigrad.utils.get_file`: Keras's URLs, cache folder, hashes and arrays, offline.

Nothing here reaches the internet. Every download goes to a server each test starts on 127.0.0.1
(tests/dataset_files.py's FileServer), serving small files in Keras's formats; a loader is pointed at it by
replacing its `ORIGIN_FOLDER` (and `FILE_HASH` with the small file's sha256, from hashlib), and the cache is
under pytest's tmp_path through `KERAS_HOME`. What real Keras does (its `get_file` arguments and folder
layout, the arrays its loaders return from the same small files) is in tests/golden/datasets.json, written by
tests/golden/generate_datasets.py.
"""
from __future__ import annotations

import hashlib
import inspect
import os
import pickle
import shutil
import subprocess
import sys
import tarfile
import tempfile
import traceback
from pathlib import Path
from types import ModuleType
from typing import Any

import dataset_files as files
import golden_fixtures
import numpy as np
import pytest

import minigrad as keras
from minigrad import _download
from minigrad.datasets import boston_housing, cifar, cifar10, fashion_mnist, mnist

KERAS = golden_fixtures.load("datasets")
FRAMEWORKS = ["keras3", "tf_keras"]
LOADERS = {"mnist": mnist, "fashion_mnist": fashion_mnist, "cifar10": cifar10, "boston_housing": boston_housing}
DEBIAN_FASHION = Path("/usr/share/datasets/fashion-mnist")
SPLIT = ("x_train", "y_train", "x_test", "y_test")


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def all_paths(folder: Path) -> list[str]:
    """Every file and folder under `folder` (hidden ones included), relative to it."""
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


@pytest.fixture(autouse=True)
def keras_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """KERAS_HOME in tmp_path, so no test touches ~/.keras."""
    home = tmp_path / "keras_home"
    monkeypatch.setenv("KERAS_HOME", str(home))
    return home


@pytest.fixture
def server() -> Any:
    """A local server with the small files of every dataset, under Keras's file names."""
    served = {"mnist.npz": files.npz(**files.mnist_arrays()),
              "boston_housing.npz": files.npz(**files.boston_arrays()),
              "cifar-10-python.tar.gz": files.cifar_archive(), **files.fashion_files(), **files.layout_files()}
    server = files.FileServer(served)
    yield server
    server.close()


def serve(monkeypatch: pytest.MonkeyPatch, module: ModuleType, server: files.FileServer) -> None:
    """Points `module`'s downloads at `server`, expecting the sha256 of the small file it serves."""
    monkeypatch.setattr(module, "ORIGIN_FOLDER", server.url)
    if hasattr(module, "FILE_HASH"):
        monkeypatch.setattr(module, "FILE_HASH", sha256(server.files[module.FILE_NAME]))


# get_file: where files go


@pytest.mark.parametrize("case", KERAS["keras3"]["layouts"], ids=lambda case: case["id"])
def test_get_file_puts_files_and_archives_where_keras3_does(case: dict, server: files.FileServer,
                                                            tmp_path: Path) -> None:
    """Keras 3's names: `fname` with a dot is kept and extracted into `<stem>_extracted/`; without a dot (or
    taken from the URL) the archive is saved as `<fname>_archive` and extracted into `<fname>/`."""
    cache = tmp_path / "cache"
    returned = keras.utils.get_file(origin=server.url + case["served"], cache_dir=cache, **case["kwargs"])
    assert os.path.relpath(returned, cache) == case["returned"]
    assert all_paths(cache) == case["paths"]


def test_get_file_saves_into_keras_home_datasets(server: files.FileServer, keras_home: Path) -> None:
    path = keras.utils.get_file("data.txt", origin=server.url + "data.txt")
    assert path == str(keras_home / "datasets" / "data.txt")
    assert Path(path).read_bytes() == b"hello\n"


def test_get_file_reads_keras_home_at_each_call(server: files.FileServer, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Keras 3 reads KERAS_HOME when it is imported; here a change after `import minigrad` counts too."""
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "elsewhere"))
    assert keras.utils.get_file("data.txt", origin=server.url + "data.txt") == \
        str(tmp_path / "elsewhere" / "datasets" / "data.txt")


def test_get_file_without_keras_home_saves_into_home_dot_keras(server: files.FileServer, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KERAS_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    path = keras.utils.get_file("data.txt", origin=server.url + "data.txt")
    assert path == str(tmp_path / "home" / ".keras" / "datasets" / "data.txt")


def test_get_file_falls_back_to_temp_dot_keras_when_the_cache_cannot_be_created(
        server: files.FileServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keras: a cache folder that cannot be written is replaced by `/tmp/.keras` (here the test's temp folder)."""
    (tmp_path / "a_file").write_text("not a folder")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))
    path = keras.utils.get_file("data.txt", origin=server.url + "data.txt", cache_dir=tmp_path / "a_file" / "keras")
    assert path == str(tmp_path / "temp" / ".keras" / "datasets" / "data.txt")


def test_get_file_absolute_fname_is_the_files_location_as_in_tf_keras_2(server: files.FileServer,
                                                                        tmp_path: Path) -> None:
    path = keras.utils.get_file(str(tmp_path / "mine" / "data.txt"), origin=server.url + "data.txt")
    assert path == str(tmp_path / "mine" / "data.txt")


# get_file: cache and hashes


def test_get_file_second_call_reads_the_cache_without_contacting_the_server(server: files.FileServer) -> None:
    digest = sha256(server.files["data.txt"])
    first = keras.utils.get_file("data.txt", origin=server.url + "data.txt", file_hash=digest)
    second = keras.utils.get_file("data.txt", origin=server.url + "data.txt", file_hash=digest)
    assert first == second
    assert server.requests == ["data.txt"]


def test_get_file_prints_keras_downloading_line(server: files.FileServer, capsys: pytest.CaptureFixture) -> None:
    keras.utils.get_file("data.txt", origin=server.url + "data.txt")
    assert capsys.readouterr().out == f"Downloading data from {server.url}data.txt\n"


def test_get_file_force_download_downloads_even_when_cached(server: files.FileServer) -> None:
    keras.utils.get_file("data.txt", origin=server.url + "data.txt")
    keras.utils.get_file("data.txt", origin=server.url + "data.txt", force_download=True)
    assert server.requests == ["data.txt", "data.txt"]


def test_get_file_wrong_hash_after_download_names_file_expected_and_actual_and_saves_nothing(
        server: files.FileServer, keras_home: Path) -> None:
    expected = "0" * 64
    with pytest.raises(ValueError) as error:
        keras.utils.get_file("data.txt", origin=server.url + "data.txt", file_hash=expected)
    message = str(error.value)
    assert f"{server.url}data.txt" in message and str(keras_home / "datasets" / "data.txt") in message
    assert expected in message and sha256(b"hello\n") in message and "sha256" in message
    assert all_paths(keras_home / "datasets") == []


def test_get_file_cached_file_with_wrong_hash_is_downloaded_again(server: files.FileServer, keras_home: Path,
                                                                  capsys: pytest.CaptureFixture) -> None:
    """Keras: a cached file whose hash does not match is taken as incomplete or outdated and replaced."""
    target = keras_home / "datasets" / "data.txt"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"hel")
    path = keras.utils.get_file("data.txt", origin=server.url + "data.txt", file_hash=sha256(b"hello\n"))
    assert Path(path).read_bytes() == b"hello\n"
    assert server.requests == ["data.txt"]
    expected = sha256(server.files["data.txt"])
    assert f"{sha256(b'hel')} is not the expected {expected}" in capsys.readouterr().out


def test_get_file_auto_hash_of_32_digits_is_md5(server: files.FileServer) -> None:
    """Keras's "auto": a 64-digit hash is sha256, any other md5."""
    md5 = hashlib.md5(b"hello\n").hexdigest()
    assert Path(keras.utils.get_file("data.txt", origin=server.url + "data.txt", file_hash=md5)).exists()
    with pytest.raises(ValueError, match="md5 hash"):
        keras.utils.get_file("other.txt", origin=server.url + "data.txt", file_hash="0" * 32)


def test_get_file_md5_hash_argument_is_the_deprecated_form_of_file_hash(server: files.FileServer) -> None:
    with pytest.raises(ValueError, match="md5 hash is " + hashlib.md5(b"hello\n").hexdigest()):
        keras.utils.get_file("data.txt", origin=server.url + "data.txt", md5_hash="1" * 32)


# get_file: failures leave nothing behind and say what to do


@pytest.mark.parametrize("encoding", ["content-length", "chunked"])
def test_get_file_cut_short_download_saves_nothing_and_the_next_call_downloads(
        encoding: str, server: files.FileServer, keras_home: Path) -> None:
    """The server announces the whole file but closes after 10 bytes: no file (not even a partial one)
    stays in the cache, even without a hash to catch it; the next call downloads it whole."""
    content = server.files["mnist.npz"]
    server.cut["mnist.npz"] = 10
    if encoding == "chunked":
        server.chunked.add("mnist.npz")
    with pytest.raises(_download.DownloadError, match="interrupted after 10 "):
        keras.utils.get_file("mnist.npz", origin=server.url + "mnist.npz")
    assert all_paths(keras_home / "datasets") == []
    del server.cut["mnist.npz"]
    assert Path(keras.utils.get_file("mnist.npz", origin=server.url + "mnist.npz")).read_bytes() == content


def test_get_file_interrupted_by_ctrl_c_leaves_no_partial_file(server: files.FileServer, keras_home: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    class InterruptedProgress(_download.Progress):
        def advance(self, detail: str = "", steps: int = 1) -> None:
            raise KeyboardInterrupt

    monkeypatch.setattr(_download, "Progress", InterruptedProgress)
    with pytest.raises(KeyboardInterrupt):
        keras.utils.get_file("mnist.npz", origin=server.url + "mnist.npz")
    assert all_paths(keras_home / "datasets") == []


def test_get_file_offline_error_names_the_url_and_where_to_copy_the_file(keras_home: Path) -> None:
    """For a student behind a firewall: one message, no chain of tracebacks, the URL and the exact path."""
    url = files.unused_local_url() + "mnist.npz"
    with pytest.raises(_download.DownloadError) as error:
        keras.utils.get_file("mnist.npz", origin=url, file_hash="a" * 64)
    message = str(error.value)
    assert f"Could not download {url}" in message
    assert f"copy it to\n    {keras_home / 'datasets' / 'mnist.npz'}" in message
    assert "sha256 hash must be " + "a" * 64 in message
    assert error.value.__cause__ is None and error.value.__suppress_context__
    assert "During handling" not in "".join(traceback.format_exception(error.value))
    assert all_paths(keras_home / "datasets") == []


def test_get_file_http_error_names_the_status(server: files.FileServer) -> None:
    with pytest.raises(_download.DownloadError, match=f"Could not download {server.url}missing.npz: "
                                                      "the server answered 404 Not Found"):
        keras.utils.get_file(origin=server.url + "missing.npz")


@pytest.mark.parametrize("member", ["../escaped.txt", "link"])
def test_get_file_refuses_an_archive_member_outside_its_folder(member: str, server: files.FileServer,
                                                               tmp_path: Path) -> None:
    buffer = tempfile.SpooledTemporaryFile()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        info = tarfile.TarInfo(member)
        if member == "link":
            info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
        archive.addfile(info, None if member == "link" else tempfile.SpooledTemporaryFile())
    buffer.seek(0)
    server.files["evil.tar.gz"] = buffer.read()
    with pytest.raises(ValueError, match=f"member '{member}' is a link, a device, or a path outside"):
        keras.utils.get_file("evil.tar.gz", origin=server.url + "evil.tar.gz", extract=True, cache_dir=tmp_path)
    assert not (tmp_path / "datasets" / "escaped.txt").exists() and not (tmp_path / "escaped.txt").exists()
    assert all_paths(tmp_path / "datasets") == ["evil.tar.gz"]


@pytest.mark.parametrize("arguments, name", [
    ({"origin": None}, "origin"),
    ({"origin": "http://127.0.0.1:9/x", "file_hash": "0" * 64, "hash_algorithm": "sha1"}, "hash_algorithm"),
    ({"fname": "sub/x.txt", "origin": "http://127.0.0.1:9/x"}, "fname"),
])
def test_get_file_rejects_bad_arguments_naming_them(arguments: dict, name: str) -> None:
    with pytest.raises(ValueError, match=f"`{name}`"):
        keras.utils.get_file(**arguments)


def test_get_file_rejects_an_unknown_archive_format(server: files.FileServer) -> None:
    with pytest.raises(ValueError, match="`archive_format`"):
        keras.utils.get_file("files.zip", origin=server.url + "files.zip", extract=True, archive_format="rar")


# The loaders: Keras's downloads


def recorded_downloads(module: ModuleType, monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """The arguments `module.load_data()` gives `get_file`, defaults filled in, as the generator records Keras's."""
    keys = ("fname", "origin", "file_hash", "cache_subdir", "extract", "untar", "hash_algorithm")
    calls = []

    def record(*args: Any, **kwargs: Any) -> str:
        bound = inspect.signature(_download.get_file).bind(*args, **kwargs)
        bound.apply_defaults()
        calls.append({key: bound.arguments[key] for key in keys})
        return "/nonexistent/" + os.path.basename(bound.arguments["origin"])

    monkeypatch.setattr(module, "get_file", record)
    with pytest.raises(FileNotFoundError):
        module.load_data()
    return calls


@pytest.mark.parametrize("name", LOADERS)
def test_loaders_ask_get_file_for_keras3s_url_name_hash_and_folder(name: str,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    assert recorded_downloads(LOADERS[name], monkeypatch) == KERAS["keras3"]["downloads"][name]


@pytest.mark.parametrize("name", LOADERS)
def test_loaders_download_tf_keras_2s_urls_with_its_hashes(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """tf.keras 2 names CIFAR-10's archive differently in the cache; the URLs and hashes are the same."""
    ours = [(call["origin"], call["file_hash"]) for call in recorded_downloads(LOADERS[name], monkeypatch)]
    assert ours == [(call["origin"], call["file_hash"]) for call in KERAS["tf_keras"]["downloads"][name]]


# The loaders: what they return


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_mnist_returns_the_arrays_keras_returns(framework: str, server: files.FileServer, keras_home: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    serve(monkeypatch, mnist, server)
    assert files.describe_split(keras.datasets.mnist.load_data()) == KERAS[framework]["mnist"]
    assert (keras_home / "datasets" / "mnist.npz").read_bytes() == server.files["mnist.npz"]


def test_mnist_second_call_reads_the_cache_without_contacting_the_server(
        server: files.FileServer, monkeypatch: pytest.MonkeyPatch) -> None:
    serve(monkeypatch, mnist, server)
    keras.datasets.mnist.load_data()
    (x_train, _), _ = keras.datasets.mnist.load_data()
    assert server.requests == ["mnist.npz"]
    np.testing.assert_array_equal(x_train, files.mnist_arrays()["x_train"])


def test_mnist_checks_the_file_against_keras_published_hash(server: files.FileServer, keras_home: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The small file is not Keras's mnist.npz, so Keras's sha256 (FILE_HASH left as is) refuses it."""
    monkeypatch.setattr(mnist, "ORIGIN_FOLDER", server.url)
    expected = KERAS["keras3"]["downloads"]["mnist"][0]["file_hash"]
    with pytest.raises(ValueError, match=f"hash is {sha256(server.files['mnist.npz'])}, but {expected} was"):
        keras.datasets.mnist.load_data()
    assert not (keras_home / "datasets" / "mnist.npz").exists()


def test_mnist_cache_dir_argument_of_tf_keras_2(server: files.FileServer, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    serve(monkeypatch, mnist, server)
    keras.datasets.mnist.load_data(cache_dir=str(tmp_path / "course"))
    assert (tmp_path / "course" / "datasets" / "mnist.npz").exists()


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_fashion_mnist_returns_the_arrays_keras_returns(framework: str, server: files.FileServer,
                                                        keras_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    serve(monkeypatch, fashion_mnist, server)
    assert files.describe_split(keras.datasets.fashion_mnist.load_data()) == KERAS[framework]["fashion_mnist"]
    assert all_paths(keras_home / "datasets") == ["fashion-mnist"] + sorted(
        f"fashion-mnist/{name}" for name in files.FASHION_FILES)


def test_fashion_mnist_truncated_file_in_the_cache_gives_a_clear_error(server: files.FileServer, keras_home: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Keras checks no hash for Fashion-MNIST; the IDX header still tells a half-copied file."""
    serve(monkeypatch, fashion_mnist, server)
    folder = keras_home / "datasets" / "fashion-mnist"
    folder.mkdir(parents=True)
    images = server.files["train-images-idx3-ubyte.gz"]
    (folder / "train-images-idx3-ubyte.gz").write_bytes(images[:len(images) // 2])
    with pytest.raises(ValueError, match="train-images-idx3-ubyte.gz is not a complete gzip file"):
        keras.datasets.fashion_mnist.load_data()


@pytest.mark.parametrize("framework", FRAMEWORKS)
@pytest.mark.parametrize("case", range(3))
def test_boston_housing_shuffles_and_splits_as_keras(framework: str, case: int, server: files.FileServer,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Keras: `RandomState(seed).shuffle` of the row order, then the first `int(n * (1 - test_split))` rows train."""
    keras_case = KERAS[framework]["boston_housing"][case]
    serve(monkeypatch, boston_housing, server)
    split = keras.datasets.boston_housing.load_data(test_split=keras_case["test_split"], seed=keras_case["seed"])
    (x_train, _), (x_test, _) = split
    assert x_train[:, 0].astype(int).tolist() == keras_case["train_rows"]
    assert x_test[:, 0].astype(int).tolist() == keras_case["test_rows"]
    assert files.describe_split(split) == {key: keras_case[key] for key in SPLIT}


@pytest.mark.parametrize("arguments", [{"test_split": 1.0}, {"test_split": -0.1}, {"test_split": "0.2"},
                                       {"seed": -1}, {"seed": 1.5}])
def test_boston_housing_rejects_bad_arguments_before_downloading(arguments: dict, server: files.FileServer,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    serve(monkeypatch, boston_housing, server)
    with pytest.raises(ValueError, match=f"`{next(iter(arguments))}`"):
        keras.datasets.boston_housing.load_data(**arguments)
    assert server.requests == []


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_cifar_load_batch_reads_a_python2_batch_as_keras(framework: str, tmp_path: Path) -> None:
    (tmp_path / "data_batch_1").write_bytes(files.python2_pickle(files.cifar_batches()["data_batch_1"]))
    data, labels = cifar.load_batch(str(tmp_path / "data_batch_1"))
    assert files.describe(data) == KERAS[framework]["cifar_batch"]["data"]
    assert labels.tolist() == KERAS[framework]["cifar_batch"]["labels"]


def test_cifar10_returns_channels_last_uint8_images_and_one_column_of_uint8_labels(
        server: files.FileServer, keras_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch row holds the red, then green, then blue 32x32 plane: pixel (row r, column c) of channel ch is
    `data[ch * 1024 + r * 32 + c]`; Keras returns images as (n, 32, 32, 3) and labels as (n, 1), both uint8."""
    serve(monkeypatch, cifar10, server)
    (x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
    n = files.CIFAR_PER_BATCH
    assert (x_train.shape, y_train.shape, x_test.shape, y_test.shape) == ((5 * n, 32, 32, 3), (5 * n, 1),
                                                                          (n, 32, 32, 3), (n, 1))
    assert {x_train.dtype, y_train.dtype, x_test.dtype, y_test.dtype} == {np.dtype(np.uint8)}
    batches = files.cifar_batches()
    data = np.concatenate([batches[f"data_batch_{k}"][b"data"] for k in range(1, 6)])
    i, r, c, ch = np.indices(x_train.shape)
    np.testing.assert_array_equal(x_train, data[i, ch * 1024 + r * 32 + c])
    assert y_train[:, 0].tolist() == sum((batches[f"data_batch_{k}"][b"labels"] for k in range(1, 6)), [])
    assert y_test[:, 0].tolist() == batches["test_batch"][b"labels"]
    assert (keras_home / "datasets" / "cifar-10-batches-py-target_archive").is_file()


def test_cifar10_second_call_reads_the_cache_without_contacting_the_server(
        server: files.FileServer, monkeypatch: pytest.MonkeyPatch) -> None:
    serve(monkeypatch, cifar10, server)
    keras.datasets.cifar10.load_data()
    keras.datasets.cifar10.load_data()
    assert server.requests == ["cifar-10-python.tar.gz"]


# Offline


@pytest.mark.parametrize("module, served, cached", [
    pytest.param(mnist, "mnist.npz", "datasets/mnist.npz", id="mnist"),
    pytest.param(fashion_mnist, "train-labels-idx1-ubyte.gz", "datasets/fashion-mnist/train-labels-idx1-ubyte.gz",
                 id="fashion_mnist"),
    pytest.param(cifar10, "cifar-10-python.tar.gz", "datasets/cifar-10-batches-py-target_archive", id="cifar10"),
    pytest.param(boston_housing, "boston_housing.npz", "datasets/boston_housing.npz", id="boston_housing"),
])
def test_loaders_offline_name_the_url_and_the_path_to_copy_the_file_to(
        module: ModuleType, served: str, cached: str, keras_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = files.unused_local_url()
    monkeypatch.setattr(module, "ORIGIN_FOLDER", url)
    with pytest.raises(_download.DownloadError) as error:
        module.load_data()
    assert f"Could not download {url}{served}" in str(error.value)
    assert f"copy it to\n    {keras_home / cached}" in str(error.value)


# CIFAR batches never run code


class RunsCommand:
    """Unpickling this calls `os.system(command)`: the classic malicious pickle."""

    def __init__(self, command: str) -> None:
        self.command = command

    def __reduce__(self) -> tuple:
        return os.system, (self.command,)


class RunsPython:
    """Unpickling this calls `eval(source)`."""

    def __init__(self, source: str) -> None:
        self.source = source

    def __reduce__(self) -> tuple:
        return eval, (self.source,)


@pytest.mark.parametrize("payload, name", [
    (lambda marker: RunsCommand(f"touch {marker}"), "posix.system"),
    (lambda marker: RunsPython(f"open({str(marker)!r}, 'w').close()"), "builtins.eval"),
])
def test_cifar_load_batch_refuses_a_pickle_that_would_run_code_without_running_it(
        payload: Any, name: str, tmp_path: Path) -> None:
    marker = tmp_path / "code_ran"
    batch = {b"data": np.zeros((1, 3072), np.uint8), b"labels": [0], b"exploit": payload(marker)}
    (tmp_path / "data_batch_1").write_bytes(pickle.dumps(batch))
    with pytest.raises(pickle.UnpicklingError, match=f"Refusing to load .*data_batch_1: it names `{name}`"):
        cifar.load_batch(str(tmp_path / "data_batch_1"))
    assert not marker.exists()


def test_cifar10_refuses_an_archive_with_a_malicious_batch(server: files.FileServer, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    marker = tmp_path / "code_ran"
    batches = files.cifar_batches()
    batches["data_batch_3"][b"labels"] = RunsCommand(f"touch {marker}")  # type: ignore[assignment]
    server.files["cifar-10-python.tar.gz"] = files.cifar_archive(batches)
    serve(monkeypatch, cifar10, server)
    with pytest.raises(pickle.UnpicklingError, match="data_batch_3: it names `posix.system`"):
        keras.datasets.cifar10.load_data()
    assert not marker.exists()


def test_cifar_load_batch_refuses_a_pickle_that_is_not_a_batch(tmp_path: Path) -> None:
    (tmp_path / "data_batch_1").write_bytes(pickle.dumps({b"data": [1, 2, 3], b"labels": [0]}))
    with pytest.raises(ValueError, match="is not a CIFAR batch: it needs `data`, a uint8 array of shape"):
        cifar.load_batch(str(tmp_path / "data_batch_1"))


# Importing stays cheap


def test_importing_minigrad_leaves_the_network_modules_unloaded() -> None:
    """`import minigrad` opens no connection and reads no dataset; urllib.request (40 ms) loads at a download."""
    code = "import sys, minigrad; print('urllib.request' in sys.modules, 'http.client' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout == "False False\n"


# The real Fashion-MNIST files, where Debian's dataset-fashion-mnist package is installed

if DEBIAN_FASHION.is_dir():
    def test_fashion_mnist_loads_the_real_files_copied_into_the_cache_as_keras(
            keras_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """The four files copied by hand where Keras keeps them load without a download, as both Kerases load them."""
        folder = keras_home / "datasets" / "fashion-mnist"
        folder.mkdir(parents=True)
        for name in files.FASHION_FILES:
            shutil.copy(DEBIAN_FASHION / name, folder / name)
        monkeypatch.setattr(fashion_mnist, "ORIGIN_FOLDER", files.unused_local_url())
        split = keras.datasets.fashion_mnist.load_data()
        for framework in FRAMEWORKS:
            debian = KERAS[framework]["fashion_mnist_debian"]
            assert {name: sha256((folder / name).read_bytes()) for name in files.FASHION_FILES} == \
                debian["files_sha256"]
            assert files.describe_split(split) == {key: debian[key] for key in SPLIT}
            assert split[0][1][:10].tolist() == debian["y_train_first"]
