"""Small files in the formats Keras downloads, and a local HTTP server to download them from.

The tests and tests/golden/generate_datasets.py (which records what real Keras does with them) build the same
files (the same bytes on one Python; gzip's and zip's headers vary between Python versions, so fixtures
record what a file holds, `held_sha256`, not its bytes):

- `mnist.npz`: NumPy arrays `x_train`, `y_train`, `x_test`, `y_test` (uint8);
- Fashion-MNIST: four gzipped IDX files (see `idx_gz`);
- `cifar-10-python.tar.gz`: a folder `cifar-10-batches-py/` of pickled batch dicts, written as Python 2's
  cPickle wrote the real ones (strings as byte strings, protocol 2), plus `batches.meta` and `readme.html`;
- `boston_housing.npz`: arrays `x` (n, 13) and `y` (n,), float64.
"""
from __future__ import annotations

import gzip
import hashlib
import http.server
import io
import json
import pickle
import socket
import struct
import tarfile
import threading
import urllib.parse
import zipfile
from typing import Any

import numpy as np

FASHION_FILES = ("train-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz",
                 "t10k-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz")
CIFAR_BATCHES = tuple(f"data_batch_{i}" for i in range(1, 6)) + ("test_batch",)
CIFAR_PER_BATCH = 2
BOSTON_ROWS = 23


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def held_sha256(name: str, content: bytes) -> str:
    """The sha256 of what a file holds: a `.gz` file's uncompressed bytes, a `.npz` file's arrays (the JSON of
    each one's `describe`, by name), any other file's bytes."""
    if name.endswith(".gz"):
        return sha256(gzip.decompress(content))
    if name.endswith(".npz"):
        with np.load(io.BytesIO(content)) as arrays:
            return sha256(json.dumps({key: describe(arrays[key]) for key in sorted(arrays.files)}).encode())
    return sha256(content)


def describe(array: Any) -> dict[str, Any]:
    """An array as the fixture records it: shape, dtype and the sha256 of its bytes in C order."""
    array = np.asarray(array)
    return {"shape": list(array.shape), "dtype": str(array.dtype),
            "sha256": sha256(np.ascontiguousarray(array).tobytes())}


def describe_split(split: Any) -> dict[str, Any]:
    """`(x_train, y_train), (x_test, y_test)` as the fixture records it."""
    (x_train, y_train), (x_test, y_test) = split
    return {"x_train": describe(x_train), "y_train": describe(y_train), "x_test": describe(x_test),
            "y_test": describe(y_test)}


def npz(**arrays: np.ndarray) -> bytes:
    """The bytes of `np.savez(file, **arrays)`."""
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)  # type: ignore[arg-type]
    return buffer.getvalue()


def mnist_arrays() -> dict[str, np.ndarray]:
    """Five training and three test 28x28 digits with random pixels and labels."""
    rng = np.random.default_rng(0)
    return {"x_train": rng.integers(0, 256, (5, 28, 28), dtype=np.uint8),
            "y_train": rng.integers(0, 10, 5, dtype=np.uint8),
            "x_test": rng.integers(0, 256, (3, 28, 28), dtype=np.uint8),
            "y_test": rng.integers(0, 10, 3, dtype=np.uint8)}


def idx_gz(values: np.ndarray) -> bytes:
    """A gzipped IDX file of unsigned bytes: 0, 0, type 0x08, ndim, each size as a big-endian int32, values."""
    header = bytes([0, 0, 0x08, values.ndim]) + b"".join(struct.pack(">i", size) for size in values.shape)
    return gzip.compress(header + values.astype(np.uint8).tobytes(), mtime=0)


def fashion_arrays() -> dict[str, np.ndarray]:
    """Four training and two test images, keyed by the file each goes in."""
    rng = np.random.default_rng(1)
    return dict(zip(FASHION_FILES, (rng.integers(0, 10, 4, dtype=np.uint8),
                                    rng.integers(0, 256, (4, 28, 28), dtype=np.uint8),
                                    rng.integers(0, 10, 2, dtype=np.uint8),
                                    rng.integers(0, 256, (2, 28, 28), dtype=np.uint8)), strict=True))


def fashion_files() -> dict[str, bytes]:
    return {name: idx_gz(values) for name, values in fashion_arrays().items()}


TUTORIAL_MNIST_SIZES = (320, 80)
TUTORIAL_FASHION_SIZES = (500, 100)


def learnable_images(seed: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """`n` noisy 28x28 uint8 images of ten classes and their labels: a small MLP learns them in tens of epochs.

    The classes share a blocky pattern (a random 7x7 pattern of light and dark cells, each 4x4 pixels); each
    class flips 8% of its cells. An image is its class's pattern at a random brightness (50% to 100%) plus
    noise (standard deviation 180), clipped to 0..255.
    """
    rng = np.random.default_rng(seed)
    shared = rng.random((7, 7)) > 0.5
    prototypes = np.kron(shared ^ (rng.random((10, 7, 7)) < 0.08), np.ones((4, 4))) * 255.0
    labels = rng.integers(0, 10, n).astype(np.uint8)
    images = prototypes[labels] * rng.uniform(0.5, 1.0, (n, 1, 1)) + rng.normal(0.0, 180.0, (n, 28, 28))
    return np.clip(np.round(images), 0, 255).astype(np.uint8), labels


def tutorial_mnist_arrays() -> dict[str, np.ndarray]:
    """A small learnable `mnist.npz` for the tutorial scripts: 320 training and 80 test images."""
    (n_train, n_test), seed = TUTORIAL_MNIST_SIZES, 10
    x, y = learnable_images(seed, n_train + n_test)
    return {"x_train": x[:n_train], "y_train": y[:n_train], "x_test": x[n_train:], "y_test": y[n_train:]}


def tutorial_fashion_files() -> dict[str, bytes]:
    """Small learnable Fashion-MNIST files for the tutorial scripts: 500 training and 100 test images."""
    (n_train, n_test), seed = TUTORIAL_FASHION_SIZES, 11
    x, y = learnable_images(seed, n_train + n_test)
    arrays = (y[:n_train], x[:n_train], y[n_train:], x[n_train:])
    return {name: idx_gz(values) for name, values in zip(FASHION_FILES, arrays, strict=True)}


def tutorial_files() -> dict[str, bytes]:
    """The files the tutorial scripts' `load_data()` calls read, under Keras's file names."""
    return {"mnist.npz": npz(**tutorial_mnist_arrays()), **tutorial_fashion_files()}


class Python2StylePickler(pickle._Pickler):  # type: ignore[name-defined]
    """Pickles as Python 2's cPickle did for CIFAR: every `str` and `bytes` as a byte string (BINSTRING).

    Read back with `encoding="bytes"`, such strings become `bytes`, as the real batch files' do.
    """

    dispatch = dict(pickle._Pickler.dispatch)  # type: ignore[attr-defined]

    def save_byte_string(self, value: str | bytes) -> None:
        data = value.encode("latin1") if isinstance(value, str) else value
        if len(data) < 256:
            self.write(pickle.SHORT_BINSTRING + bytes([len(data)]) + data)
        else:
            self.write(pickle.BINSTRING + struct.pack("<i", len(data)) + data)
        self.memoize(value)

    dispatch[str] = save_byte_string
    dispatch[bytes] = save_byte_string


def python2_pickle(value: Any) -> bytes:
    """`value` pickled as Python 2 with NumPy 1 did, naming NumPy's `numpy.core.multiarray._reconstruct`."""
    buffer = io.BytesIO()
    Python2StylePickler(buffer, protocol=2).dump(value)
    return buffer.getvalue().replace(b"cnumpy._core.multiarray\n", b"cnumpy.core.multiarray\n")


def cifar_batches() -> dict[str, dict[bytes, Any]]:
    """Each batch as the dict its file holds: `data` (n, 3072) uint8 rows of R, G, B planes, `labels` a list."""
    rng = np.random.default_rng(2)
    return {name: {b"batch_label": f"{name} of 6".encode(),
                   b"labels": [int(label) for label in rng.integers(0, 10, CIFAR_PER_BATCH)],
                   b"data": rng.integers(0, 256, (CIFAR_PER_BATCH, 3072), dtype=np.uint8),
                   b"filenames": [f"image_{i}.png".encode() for i in range(CIFAR_PER_BATCH)]}
            for name in CIFAR_BATCHES}


def tar_gz(members: dict[str, bytes]) -> bytes:
    """A gzipped tar archive of regular files (name -> content), fixed dates so the bytes never change."""
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as compressed, \
            tarfile.open(fileobj=compressed, mode="w") as archive:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(content), 0, 0o644
            archive.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


def cifar_archive(batches: dict[str, dict[bytes, Any]] | None = None) -> bytes:
    """`cifar-10-python.tar.gz` with the real archive's member names."""
    batches = cifar_batches() if batches is None else batches
    members = {f"cifar-10-batches-py/{name}": python2_pickle(batch) for name, batch in batches.items()}
    members["cifar-10-batches-py/batches.meta"] = python2_pickle({b"label_names": [b"airplane", b"automobile"]})
    members["cifar-10-batches-py/readme.html"] = b"<meta HTTP-EQUIV=\"REFRESH\" content=\"0; url=...\">"
    return tar_gz(members)


def zip_file() -> bytes:
    """A zip archive of two text files, one in a subfolder, with fixed dates."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in {"files/a.txt": b"a\n", "files/b/c.txt": b"c\n"}.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), content)
    return buffer.getvalue()


def layout_files() -> dict[str, bytes]:
    """The files the `get_file` layout cases download (see tests/golden/generate_datasets.py's LAYOUTS)."""
    archive = cifar_archive()
    return {"mnist.npz": npz(**mnist_arrays()), "data.txt": b"hello\n", "cifar-10-python.tar.gz": archive,
            "flowers.tgz": archive, "files.zip": zip_file()}


def boston_arrays() -> dict[str, np.ndarray]:
    """23 rows of 13 features and a price; row i's first feature is i, so a split shows which rows went where."""
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 100, (BOSTON_ROWS, 13))
    x[:, 0] = np.arange(BOSTON_ROWS)
    return {"x": x, "y": rng.uniform(5, 50, BOSTON_ROWS)}


class FileServer:
    """Serves `files` (name -> bytes) over HTTP on 127.0.0.1 from a thread, and notes each requested name.

    `cut[name] = n` sends only the first n bytes of that file and closes the connection, after announcing the
    full `Content-Length` (or, for a name in `chunked`, in chunked transfer encoding without the final chunk).
    """

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = dict(files)
        self.requests: list[str] = []
        self.cut: dict[str, int] = {}
        self.chunked: set[str] = set()
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02},
                                       daemon=True)
        self.thread.start()

    def _handler(self) -> type[http.server.BaseHTTPRequestHandler]:
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                name = urllib.parse.unquote(self.path.lstrip("/"))
                server.requests.append(name)
                self.close_connection = True
                if name not in server.files:
                    self.send_error(404, "Not Found")
                    return
                body = server.files[name]
                sent = body[:server.cut.get(name, len(body))]
                self.send_response(200)
                self.send_header("Connection", "close")
                if name in server.chunked:
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(sent), sent))
                    if name not in server.cut:
                        self.wfile.write(b"0\r\n\r\n")
                else:
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(sent)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


def unused_local_url() -> str:
    """The URL of a port on 127.0.0.1 that nothing listens on: a connection there is refused, as offline."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/"
