"""Record what real Keras's dataset loaders and `get_file` do (tests/golden/datasets.json).

tests/test_datasets.py compares minigrad.datasets with this file. Each framework's section holds:

    downloads      the arguments each `load_data()` passes to `get_file` (URL, file name, hash, folder, extract)
    mnist, fashion_mnist, boston_housing
                   what `load_data()` returns from the small files of tests/dataset_files.py (each array's shape,
                   dtype and the sha256 of its bytes; boston's rows by their id in column 0), with Keras's
                   `get_file` replaced by a function that returns the local file
    cifar_batch    what Keras's `load_batch` returns from a small CIFAR batch written as Python 2 wrote them
    fashion_mnist_debian
                   what `load_data()` returns from the real Fashion-MNIST files of Debian's
                   dataset-fashion-mnist package, when /usr/share/datasets/fashion-mnist/ holds them
    layouts        (Keras 3 only) where the real `get_file` puts files and archives under `cache_dir`, downloading
                   the small files from a local server (tests/dataset_files.py's FileServer)

Nothing here reaches the internet. Run from the repository root, each in its own venv (see generate.py):

    KERAS_BACKEND=torch /work/venvs/k3/bin/python tests/golden/generate_datasets.py keras3
    /work/venvs/tf/bin/python tests/golden/generate_datasets.py tf_keras
"""
import argparse
import inspect
import json
import os
import platform
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import dataset_files as files  # noqa: E402

OUT = Path(__file__).parent / "datasets.json"
DEBIAN_FASHION = Path("/usr/share/datasets/fashion-mnist")
BOSTON_CASES = [{"test_split": 0.2, "seed": 113}, {"test_split": 0.3, "seed": 7}, {"test_split": 0.0, "seed": 113}]
LAYOUTS = [
    {"id": "file", "served": "mnist.npz", "kwargs": {"fname": "mnist.npz"}},
    {"id": "name_from_url", "served": "data.txt", "kwargs": {}},
    {"id": "cache_subdir", "served": "data.txt", "kwargs": {"fname": "data.txt", "cache_subdir": "datasets/sub"}},
    {"id": "extract_name_without_dot", "served": "cifar-10-python.tar.gz",
     "kwargs": {"fname": "cifar-10-batches-py-target", "extract": True}},
    {"id": "extract_name_with_dot", "served": "cifar-10-python.tar.gz",
     "kwargs": {"fname": "batches.tar.gz", "extract": True}},
    {"id": "extract_name_from_url", "served": "flowers.tgz", "kwargs": {"extract": True}},
    {"id": "extract_zip", "served": "files.zip", "kwargs": {"fname": "files.zip", "extract": True}},
]


def framework(name):
    """The loader modules and `get_file` of Keras 3 or tf.keras 2."""
    if name == "keras3":
        import keras
        from keras.src.datasets import boston_housing, cifar, cifar10, fashion_mnist, mnist
        from keras.src.utils.file_utils import get_file
        version = {"keras": keras.__version__, "backend": keras.backend.backend()}
    else:
        import tf_keras
        from tf_keras.src.datasets import boston_housing, cifar, cifar10, fashion_mnist, mnist
        from tf_keras.src.utils.data_utils import get_file
        version = {"tf_keras": tf_keras.__version__}
    loaders = {"mnist": mnist, "fashion_mnist": fashion_mnist, "cifar10": cifar10, "boston_housing": boston_housing}
    return loaders, cifar, get_file, version


def with_get_file(module, replacement, call):
    """Runs `call()` with `module.get_file` replaced."""
    original = module.get_file
    module.get_file = replacement
    try:
        return call()
    finally:
        module.get_file = original


def downloads(loaders, get_file):
    """The `get_file` arguments of each loader, defaults filled in (the loader stops at the missing file)."""
    keys = ("fname", "origin", "file_hash", "cache_subdir", "extract", "untar", "hash_algorithm")
    result = {}
    for name, module in loaders.items():
        calls = []

        def record(*args, calls=calls, **kwargs):
            bound = inspect.signature(get_file).bind(*args, **kwargs)
            bound.apply_defaults()
            calls.append({key: bound.arguments[key] for key in keys})
            return "/nonexistent/" + os.path.basename(str(bound.arguments["origin"]))

        try:
            with_get_file(module, record, module.load_data)
        except OSError:
            pass
        result[name] = calls
    return result


def local_files(folder, contents):
    """Writes `contents` (name -> bytes) into `folder` and returns a `get_file` stand-in that finds them there."""
    for name, content in contents.items():
        (folder / name).write_bytes(content)
    return lambda fname=None, origin=None, **kwargs: str(folder / os.path.basename(origin))


def fashion_debian(loaders):
    if not DEBIAN_FASHION.is_dir():
        return None
    stand_in = lambda fname=None, origin=None, **kwargs: str(DEBIAN_FASHION / os.path.basename(origin))  # noqa: E731
    split = with_get_file(loaders["fashion_mnist"], stand_in, loaders["fashion_mnist"].load_data)
    result = files.describe_split(split)
    (_, y_train), (_, y_test) = split
    result["y_train_first"] = [int(v) for v in y_train[:10]]
    result["y_test_first"] = [int(v) for v in y_test[:10]]
    result["files_sha256"] = {name: files.sha256((DEBIAN_FASHION / name).read_bytes()) for name in files.FASHION_FILES}
    return result


def layouts(get_file):
    """Where the real `get_file` puts each case's file under a fresh `cache_dir`: its return value and every path."""
    server = files.FileServer(files.layout_files())
    result = []
    try:
        for case in LAYOUTS:
            with tempfile.TemporaryDirectory() as cache_dir:
                returned = get_file(origin=server.url + case["served"], cache_dir=cache_dir, **case["kwargs"])
                paths = sorted(str(path.relative_to(cache_dir)) for path in Path(cache_dir).rglob("*"))
                result.append({**case, "returned": os.path.relpath(returned, cache_dir), "paths": paths})
    finally:
        server.close()
    return result


def generate(name):
    loaders, cifar, get_file, version = framework(name)
    section = {"versions": {**version, "numpy": np.__version__, "python": platform.python_version()},
               "downloads": downloads(loaders, get_file)}
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        mnist = local_files(folder, {"mnist.npz": files.npz(**files.mnist_arrays())})
        section["mnist"] = files.describe_split(with_get_file(loaders["mnist"], mnist, loaders["mnist"].load_data))
        fashion = local_files(folder, files.fashion_files())
        section["fashion_mnist"] = files.describe_split(
            with_get_file(loaders["fashion_mnist"], fashion, loaders["fashion_mnist"].load_data))
        boston = local_files(folder, {"boston_housing.npz": files.npz(**files.boston_arrays())})
        section["boston_housing"] = []
        for case in BOSTON_CASES:
            (x_train, y_train), (x_test, y_test) = with_get_file(
                loaders["boston_housing"], boston, lambda case=case: loaders["boston_housing"].load_data(**case))
            section["boston_housing"].append({
                **case, "train_rows": [int(v) for v in x_train[:, 0]], "test_rows": [int(v) for v in x_test[:, 0]],
                **files.describe_split(((x_train, y_train), (x_test, y_test)))})
        batch = files.cifar_batches()["data_batch_1"]
        (folder / "data_batch_1").write_bytes(files.python2_pickle(batch))
        data, labels = cifar.load_batch(str(folder / "data_batch_1"))
        section["cifar_batch"] = {"data": files.describe(data), "labels": [int(v) for v in labels],
                                  "labels_type": type(labels).__name__}
    section["fashion_mnist_debian"] = fashion_debian(loaders)
    if name == "keras3":
        section["layouts"] = layouts(get_file)
    fixture = json.loads(OUT.read_text()) if OUT.exists() else {}
    fixture["generator"] = "tests/golden/generate_datasets.py"
    fixture[name] = section
    OUT.write_text(json.dumps(fixture, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("framework", choices=["keras3", "tf_keras"])
    generate(parser.parse_args().framework)
