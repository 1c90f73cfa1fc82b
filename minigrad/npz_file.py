"""The safe file behind `minigrad.saving`: an `.npz` archive with a JSON header, written atomically (the target
is either the old file or the complete new one) and read with `allow_pickle=False` (a file cannot run code)."""
from __future__ import annotations

import contextlib
import json
import os
import tempfile
import zipfile
from collections.abc import Iterator
from typing import Any

import numpy as np

FORMAT, VERSION = "minigrad", 1
PathLike = str | os.PathLike


def write_atomically(filepath: PathLike, header: dict, arrays: dict[str, np.ndarray], overwrite: bool) -> None:
    """Writes `header` (as JSON text, after the format and version) and `arrays` to a temporary file in the same
    directory, then replaces `filepath` with it in one `os.replace`."""
    path = os.fspath(filepath)
    if not overwrite and os.path.exists(path):
        raise FileExistsError(f"{path!r} already exists. Pass overwrite=True to replace it. Received: overwrite=False")
    text = json.dumps({"format": FORMAT, "version": VERSION, **header}, default=_json_default)
    handle, temporary = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(path)), suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as f:
            # the keys are weight_i, slot_i_name and state_name, never one of savez's own arguments
            np.savez(f, header=np.array(text), **arrays)  # type: ignore[arg-type]
            f.flush()
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes it private; give it a normal file's mode
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    raise ValueError(f"A model holding {value!r} cannot be saved: only numbers, strings, lists and dicts "
                     f"can go into the file's JSON header. Received: a {type(value).__name__}")


def read(filepath: PathLike, kinds: tuple[str, ...]) -> tuple[dict, dict[str, np.ndarray]]:
    """`(header, arrays)` from a file written by `write_atomically` whose header `kind` is one of `kinds`."""
    path = os.fspath(filepath)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"No model file at {path!r}. Received: filepath={path!r}")
    with file_errors(path):
        archive = np.load(path, allow_pickle=False)
        if not isinstance(archive, np.lib.npyio.NpzFile):
            raise ValueError("it holds a single array, not an .npz archive")
        with archive:
            arrays = {name: archive[name] for name in archive.files}
        if "header" not in arrays:
            raise ValueError(f"it has no 'header' entry (it holds: {', '.join(sorted(arrays)) or 'nothing'})")
        header = json.loads(str(arrays.pop("header")))
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise ValueError("its header does not say format='minigrad'")
        if header.get("version") != VERSION or header.get("kind") not in kinds:
            raise ValueError(f"it is a version {header.get('version')} {header.get('kind')!r} file; "
                             f"expected version {VERSION} and one of {kinds}")
    return header, arrays


@contextlib.contextmanager
def file_errors(filepath: PathLike) -> Iterator[None]:
    """Turns any error met while reading or interpreting a file into one clear ValueError."""
    try:
        yield
    except (ValueError, TypeError, KeyError, IndexError, OSError, EOFError, zipfile.BadZipFile) as error:
        raise ValueError(f"Cannot load {os.fspath(filepath)!r}: it is truncated, corrupted or not a minigrad "
                         f"model file ({type(error).__name__}: {error}).") from error
