"""`get_file`: fetch a file once into Keras's cache folder, check its hash, and extract it if it is an archive.

Where a file goes, as in Keras 3: `cache_dir/cache_subdir/fname`, where `cache_dir` is `$KERAS_HOME` if that
variable is set and `~/.keras` otherwise, and `cache_subdir` is `"datasets"`. If that folder cannot be created
or written, the file goes to `.keras` in the system's temporary folder (`/tmp/.keras`) instead.

Three promises a download keeps:
- the bytes are written to a hidden `.part` file next to the target and renamed onto it only when complete
  (all `Content-Length` bytes arrived) and, if a hash was given, when the hash matches: a file in the cache
  is never half a file;
- a cached file is checked against the hash on every call, and downloaded again if it does not match;
- an archive is extracted into a hidden folder renamed at the end, once (Keras 3 extracts it at every call);
- when the server cannot be reached, the error names the URL and the exact path to copy the file to by hand.
"""
from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import tarfile
import tempfile
import urllib.parse
import zipfile
from typing import BinaryIO

from minigrad._progress import Progress

CHUNK_SIZE = 1 << 18
TIMEOUT = 60.0
"""Seconds to wait for the server before giving up (Keras waits forever)."""


class DownloadError(OSError):
    """A file could not be downloaded: the server was unreachable, refused it, or the transfer was cut short."""


def keras_home() -> str:
    """Keras's own folder: `$KERAS_HOME` if set, else `~/.keras` (read at each call, not at import)."""
    return os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")


def hash_algorithm_for(file_hash: str | None, hash_algorithm: str = "auto") -> str:
    """The algorithm Keras uses for `file_hash`: `"auto"` means sha256 for a 64-digit hash, md5 otherwise.

    Example:
    >>> hash_algorithm_for("731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1")
    'sha256'
    >>> hash_algorithm_for("d41d8cd98f00b204e9800998ecf8427e")
    'md5'
    """
    if hash_algorithm not in ("auto", "sha256", "md5"):
        raise ValueError('`hash_algorithm` must be "auto", "sha256" or "md5". '
                         f"Received: hash_algorithm={hash_algorithm!r}")
    if hash_algorithm == "auto":
        return "sha256" if file_hash is not None and len(file_hash) == 64 else "md5"
    return hash_algorithm


def hash_file(path: str, algorithm: str = "sha256") -> str:
    """The hex digest of the file at `path`, read in chunks (what `sha256sum path` prints).

    Example:
    >>> import pathlib, tempfile
    >>> scratch = tempfile.TemporaryDirectory()
    >>> empty = pathlib.Path(scratch.name) / "empty"
    >>> empty.write_bytes(b"")
    0
    >>> hash_file(str(empty))
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
    >>> scratch.cleanup()
    """
    hasher = hashlib.new(algorithm)
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(CHUNK_SIZE), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


def _cache_folder(cache_dir: str | None, cache_subdir: str) -> str:
    """`cache_dir/cache_subdir`, created; `<temp>/.keras/cache_subdir` when that cannot be created or written."""
    folder = os.path.join(os.path.expanduser(cache_dir if cache_dir is not None else keras_home()), cache_subdir)
    try:
        os.makedirs(folder, exist_ok=True)
        if os.access(folder, os.W_OK):
            return folder
    except OSError:
        pass
    folder = os.path.join(tempfile.gettempdir(), ".keras", cache_subdir)
    os.makedirs(folder, exist_ok=True)
    return folder


def _hidden_sibling(path: str, suffix: str) -> str:
    """A fresh hidden name beside `path` (`.name.1a2b3c4d.part`) for work in progress; created with the usual
    permissions, unlike `tempfile`'s private ones, so the finished file is readable as any download."""
    folder, name = os.path.split(path)
    return os.path.join(folder, f".{name}.{secrets.token_hex(4)}{suffix}")


def _by_hand(origin: str, target: str, file_hash: str | None, algorithm: str) -> str:
    """The advice for a computer that cannot reach `origin`."""
    check = f"\nIts {algorithm} hash must be {file_hash}." if file_hash is not None else ""
    return (f"If this computer cannot reach that address (offline, or behind a firewall), download {origin} "
            f"on one that can and copy it to\n    {target}{check}")


def _copy_response(response: BinaryIO, file: BinaryIO, size: int | None, label: str) -> int:
    """Copies the body into `file` chunk by chunk, with a progress line when the size is known; returns the bytes."""
    received = 0
    with Progress(label, total=max(size or 1, 1), quiet=size is None) as progress:
        for chunk in iter(lambda: response.read(CHUNK_SIZE), b""):
            file.write(chunk)
            received += len(chunk)
            if size:
                progress.advance(f"{received / 1e6:.1f} of {size / 1e6:.1f} MB", steps=len(chunk))
    return received


def _download(origin: str, target: str, file_hash: str | None, algorithm: str, old_hash: str | None) -> None:
    """Downloads `origin` into a `.part` file beside `target`, checks length and hash, then renames it onto `target`.

    Raises:
        DownloadError: the server could not be reached or answered with an error, or the transfer stopped early.
        ValueError: the downloaded file's hash is not `file_hash`.
    """
    # urllib.request takes 40 ms to import (it brings http, email and ssl); only a download needs it.
    import http.client
    import urllib.error
    import urllib.request

    advice = _by_hand(origin, target, file_hash, algorithm)
    if old_hash is not None:
        advice = (f"The file already there has {algorithm} hash {old_hash}, not {file_hash}: it is incomplete or "
                  f"another file.\n{advice}")
    partial = _hidden_sibling(target, ".part")
    size, cut_short = None, False
    try:
        with open(partial, "xb") as file:
            try:
                with urllib.request.urlopen(origin, timeout=TIMEOUT) as response:
                    length = response.headers.get("Content-Length")
                    size = int(length) if length and length.isdigit() else None
                    received = _copy_response(response, file, size, os.path.basename(target))
            except http.client.IncompleteRead as error:  # a chunked response cut short
                received, cut_short = file.tell() + len(error.partial), True
            except urllib.error.HTTPError as error:
                raise DownloadError(f"Could not download {origin}: the server answered {error.code} {error.reason}."
                                    f"\n{advice}") from None
            except (OSError, http.client.HTTPException) as error:
                reason = error.reason if isinstance(error, urllib.error.URLError) else error
                raise DownloadError(f"Could not download {origin}: {reason or type(error).__name__}.\n{advice}"
                                    ) from None
        if cut_short or size is not None and received != size:
            expected = "" if size is None else f" of {size}"
            raise DownloadError(f"The download of {origin} was interrupted after {received}{expected} bytes; "
                                f"nothing was saved. Run again to retry.\n{advice}")
        if file_hash is not None:
            actual = hash_file(partial, algorithm)
            if actual != file_hash:
                raise ValueError(f"Incomplete or corrupted file downloaded from {origin}: its {algorithm} hash is "
                                 f"{actual}, but {file_hash} was expected. It was not saved to {target}.")
        os.replace(partial, target)
    finally:
        if os.path.exists(partial):
            os.remove(partial)


def _check_member(archive: str, name: str, kind_ok: bool) -> None:
    """Refuses an archive member that is a link or a device, or whose path leaves the extraction folder."""
    parts = name.replace("\\", "/").split("/")
    if not kind_ok or name.startswith(("/", "\\")) or ".." in parts or os.path.isabs(name):
        raise ValueError(f"Refusing to extract {archive}: its member {name!r} is a link, a device, or a path "
                         "outside the extraction folder. The file may be corrupted or malicious.")


def _extract(archive: str, folder: str, archive_format: str | list[str] | None) -> None:
    """Extracts a tar or zip `archive` into a fresh `folder` (through a hidden folder renamed at the end)."""
    formats = ["tar", "zip"] if archive_format == "auto" else [archive_format] if isinstance(archive_format, str) \
        else list(archive_format or [])
    unknown = [name for name in formats if name not in ("tar", "zip")]
    if unknown:
        raise ValueError(f'`archive_format` must be "auto", "tar", "zip", a list of those or None. '
                         f"Received: archive_format={archive_format!r}")
    unpacked = _hidden_sibling(folder, "")
    os.mkdir(unpacked)
    try:
        if "tar" in formats and tarfile.is_tarfile(archive):
            with tarfile.open(archive) as tar:
                for member in tar.getmembers():
                    _check_member(archive, member.name, member.isfile() or member.isdir())
                # The "data" filter (Python >= 3.10.12) repeats those checks and silences Python 3.12's warning.
                if hasattr(tarfile, "data_filter"):
                    tar.extractall(unpacked, filter="data")
                else:
                    tar.extractall(unpacked)
        elif "zip" in formats and zipfile.is_zipfile(archive):
            with zipfile.ZipFile(archive) as zip_file:
                for name in zip_file.namelist():
                    _check_member(archive, name, True)
                zip_file.extractall(unpacked)
        else:
            raise ValueError(f"Could not extract {archive}: it is not a {' or '.join(formats) or 'known'} archive "
                             f"(archive_format={archive_format!r}).")
        if os.path.isdir(folder):
            shutil.rmtree(folder)
        os.replace(unpacked, folder)
    finally:
        if os.path.isdir(unpacked):
            shutil.rmtree(unpacked)


def get_file(fname: str | os.PathLike[str] | None = None, origin: str | None = None, untar: bool = False,
             md5_hash: str | None = None, file_hash: str | None = None, cache_subdir: str = "datasets",
             hash_algorithm: str = "auto", extract: bool = False, archive_format: str | list[str] | None = "auto",
             cache_dir: str | os.PathLike[str] | None = None, force_download: bool = False) -> str:
    """Downloads a file from a URL unless it is already in the cache, as `keras.utils.get_file` does.

    The file lands in `cache_dir/cache_subdir/fname`: by default `~/.keras/datasets/fname`, or
    `$KERAS_HOME/datasets/fname` when the environment variable `KERAS_HOME` is set, and `/tmp/.keras/datasets/`
    when that folder cannot be written. A file already there is used without contacting the server, after its
    hash is checked (a file whose hash does not match is downloaded again). A download is written to a hidden
    `.part` file and renamed only once complete and checked. An archive is extracted as Keras 3 names it:
    `fname` with a dot (`"data.tar.gz"`) is kept as is and extracted into `data_extracted/`; `fname` without
    one (`"data"`) is saved as `data_archive` and extracted into `data/`.

    Args:
        fname: the file's name in the cache; default the last part of `origin`'s path. An absolute path names
            the file's location itself (as tf.keras 2 allowed); a relative path with folders is refused.
        origin: the URL to download from.
        untar: deprecated form of `extract=True, archive_format="tar"`.
        md5_hash: deprecated form of `file_hash=..., hash_algorithm="md5"`.
        file_hash: the expected hex digest of the file (`sha256sum` prints it); None checks nothing.
        cache_subdir: the folder under `cache_dir`; an absolute path is used as is.
        hash_algorithm: `"sha256"`, `"md5"` or `"auto"` (sha256 for a 64-digit hash, md5 otherwise).
        extract: extract the downloaded tar or zip archive and return the extraction folder.
        archive_format: `"auto"` (tar, then zip), `"tar"`, `"zip"`, a list of those, or None.
        cache_dir: the cache folder; default `$KERAS_HOME`, else `~/.keras`.
        force_download: download even if the file is in the cache.

    Returns:
        The path of the file, or of the extraction folder when `extract` is true.

    Raises:
        DownloadError: the server could not be reached or the transfer was cut short; the message names the
            URL and the path to copy the file to by hand.
        ValueError: a bad argument, or a downloaded file whose hash is not `file_hash`.

    Example (a `file://` URL stands in for a web address):
    >>> import pathlib, tempfile
    >>> scratch = tempfile.TemporaryDirectory()
    >>> folder = pathlib.Path(scratch.name)
    >>> (folder / "hello.txt").write_text("hello")
    5
    >>> path = get_file(origin=(folder / "hello.txt").as_uri(), cache_dir=folder / "cache")
    Downloading data from file:///.../hello.txt
    >>> path.endswith("cache/datasets/hello.txt"), pathlib.Path(path).read_text()
    (True, 'hello')
    >>> path == get_file(origin=(folder / "hello.txt").as_uri(), cache_dir=folder / "cache")  # cached: no download
    True
    >>> scratch.cleanup()
    """
    if not origin or not isinstance(origin, str):
        raise ValueError(f"`origin` must be the URL of the file to download. Received: origin={origin!r}")
    if md5_hash is not None and file_hash is None:
        file_hash, hash_algorithm = md5_hash, "md5"
    algorithm = hash_algorithm_for(file_hash, hash_algorithm)
    if untar:
        extract, archive_format = True, "tar"
    name = os.fspath(fname) if fname is not None else ""
    folder = None
    if os.path.isabs(name):
        folder, name = os.path.split(name)
        os.makedirs(folder, exist_ok=True)
    elif os.sep in name or "/" in name:
        raise ValueError("`fname` must be a file name; to choose its folder, use `cache_dir` or `cache_subdir` "
                         f"(or give an absolute path). Received: fname={name!r}")
    named = bool(name)
    if not named:
        name = os.path.basename(urllib.parse.urlsplit(origin).path)
        if not name:
            raise ValueError(f"Could not find a file name in origin={origin!r}; pass `fname`.")
    if folder is None:
        folder = _cache_folder(None if cache_dir is None else os.fspath(cache_dir), cache_subdir)

    extraction_folder = None
    if extract and named and "." in name:
        target = os.path.join(folder, name)
        extraction_folder = os.path.join(folder, name[:name.find(".")] + "_extracted")
    elif extract:
        target = os.path.join(folder, name + "_archive")
        extraction_folder = os.path.join(folder, name)
    else:
        target = os.path.join(folder, name)

    old_hash = None
    download = force_download or not os.path.exists(target)
    if not download and file_hash is not None:
        actual = hash_file(target, algorithm)
        if actual != file_hash:
            print(f"A local file was found at {target}, but its {algorithm} hash {actual} is not the expected "
                  f"{file_hash} (incomplete or outdated), so it will be downloaded again.")
            download, old_hash = True, actual
    if download:
        print(f"Downloading data from {origin}")
        _download(origin, target, file_hash, algorithm, old_hash)

    if extraction_folder is None:
        return target
    if download or not os.path.isdir(extraction_folder):
        _extract(target, extraction_folder, archive_format)
    return extraction_folder
