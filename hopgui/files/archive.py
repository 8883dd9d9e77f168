"""The `.hopgui` session format: what is in a file, and how a file is checked before it is read.

Pure Python and numpy (no Qt), so the format can be read in a notebook or a test without a GUI.

A session file is a zip archive of

* `manifest.json` (UTF-8): `{"format": "hopgui-session", "version": 1, "app": "hopgui 0.1.0",
  "saved": "2026-12-01T10:15:00+00:00", "current_lab": "hopfield" | "home", "labs": {name:
  tree}, "extras": {name: tree}, "source": original file or null, "arrays": {id: {"dtype":
  "int8", "shape": [6, 256]}}}`. A tree is plain JSON (objects, lists, text, numbers, true,
  false, null; no NaN or infinity), in which an array stands as `{"$array": id}`;
* `arrays/<id>.npy`: one numpy array per id (its place in the trees, e.g.
  `labs.hopfield.patterns`), of the dtype and shape the manifest declares
  (booleans, integers, floats up to 8 bytes, or short text), read with `allow_pickle=False`.

Every size is checked before anything is read: the archive's directory, the manifest's bytes,
each array's declared shape (in the manifest, then in its .npy header) against
MAX_ARRAY_BYTES, the sum against MAX_TOTAL_BYTES, and each member's declared size in the
archive. A file that fails a check raises `SessionFileError` (a ValueError) naming the file
and the problem, so nothing in a file can run code, exhaust memory or block.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import os
import re
import stat
import zipfile
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from models.files import ARCHIVE_READ_ERRORS, archive_directory, file_label, kind_of

FORMAT = "hopgui-session"
VERSION = 1
SUFFIX = ".hopgui"
MANIFEST = "manifest.json"
ARRAY_KEY = "$array"

MAX_FILE_BYTES = 1 << 30  # the file on disk
MAX_MEMBERS = 1024  # files in the archive
MAX_DIRECTORY_BYTES = 1 << 20  # the archive's central directory
MAX_MANIFEST_BYTES = 8 << 20
MAX_ARRAY_BYTES = 256 << 20  # one array: 1,000 memories of 128 x 128 take 16 MB
MAX_TOTAL_BYTES = 512 << 20  # all arrays together
MAX_DIMENSIONS = 4
MAX_TEXT_CHARACTERS = 4096  # per element of a text array
MAX_DEPTH = 32  # nesting of the manifest's trees
_NPY_HEADER_BYTES = 10_000  # numpy's own limit for .npy headers

_DTYPES_ALLOWED = "biufU"  # booleans, integers, floats, text: never objects
MAX_ID_CHARACTERS = 120
_ARRAY_ID = re.compile(rf"[A-Za-z0-9_.\-]{{1,{MAX_ID_CHARACTERS}}}")
_ARRAY_ID_BAD = re.compile(r"[^A-Za-z0-9_.\-]")


class SessionFileError(ValueError):
    """A session file that cannot be used; the message names the file and says why."""


@dataclass
class SessionDocument:
    """Everything a session file holds, in memory: each lab's `state()`, the lab on screen,
    and other parts (`extras`, e.g. the open lecture) under names of their own."""

    labs: dict[str, dict[str, Any]]
    current_lab: str = "home"
    extras: dict[str, Any] = field(default_factory=dict)
    saved: str = ""  # ISO 8601, UTC
    app: str = ""
    source: str | None = None  # the file an autosave belongs to (None: never saved)

    def saved_time(self) -> dt.datetime | None:
        try:
            return dt.datetime.fromisoformat(self.saved)
        except (TypeError, ValueError):
            return None


# --- writing -----------------------------------------------------------------------------------


def encode(document: SessionDocument) -> bytes:
    """The session as the bytes of a `.hopgui` file (a zip archive; arrays deflated)."""
    arrays: dict[str, np.ndarray] = {}
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "app": document.app,
        "saved": document.saved or dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "current_lab": document.current_lab,
        "source": document.source,
        "labs": {
            name: _to_tree(state, arrays, f"labs/{name}") for name, state in document.labs.items()
        },
        "extras": {
            name: _to_tree(part, arrays, f"extras/{name}") for name, part in document.extras.items()
        },
    }
    manifest["arrays"] = {
        key: {"dtype": array.dtype.str, "shape": list(array.shape)} for key, array in arrays.items()
    }
    text = json.dumps(manifest, indent=1, allow_nan=False, ensure_ascii=False)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr(MANIFEST, text.encode("utf-8"))
        for key, array in arrays.items():
            data = io.BytesIO()
            np.save(data, array, allow_pickle=False)
            archive.writestr(f"arrays/{key}.npy", data.getvalue())
    return buffer.getvalue()


def _to_tree(value: Any, arrays: dict[str, np.ndarray], where: str) -> Any:
    """`value` as plain JSON, its arrays moved to `arrays` (ValueError names what cannot go)."""
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in _DTYPES_ALLOWED:
            raise ValueError(f"{where} is an array of {value.dtype}, which a session cannot hold")
        if value.dtype.kind == "f" and value.size and not np.all(np.isfinite(value)):
            raise ValueError(f"{where} holds values that are not finite numbers")
        key = _ARRAY_ID_BAD.sub("_", where.replace("/", "."))[-MAX_ID_CHARACTERS:]
        while key in arrays:
            key = f"{key[-MAX_ID_CHARACTERS + 1 :]}_"
        arrays[key] = np.ascontiguousarray(value)
        return {ARRAY_KEY: key}
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, dict):
        if ARRAY_KEY in value:
            raise ValueError(f"{where} uses the reserved key {ARRAY_KEY!r}")
        if not all(isinstance(k, str) for k in value):
            raise ValueError(f"{where} has a key that is not text")
        return {k: _to_tree(v, arrays, f"{where}/{k}") for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_to_tree(v, arrays, f"{where}/{i}") for i, v in enumerate(value)]
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{where} is {value}, not a finite number")
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise ValueError(f"{where} is a {type(value).__name__}, which a session cannot hold")


# --- reading -----------------------------------------------------------------------------------


def read(path: str | os.PathLike) -> SessionDocument:
    """Read and check a `.hopgui` file. SessionFileError (a ValueError) names the file and the
    problem: missing, not a file, not a session, damaged, from a newer hopgui, too large, an
    array of the wrong type or shape, a pickled array, a value that is not a finite number."""
    label = file_label(path)
    try:
        return _read(path, label)
    except SessionFileError:
        raise
    except (FileNotFoundError, PermissionError, IsADirectoryError) as exc:
        raise SessionFileError(f"cannot open {label}: {exc.strerror}") from exc
    except MemoryError as exc:
        raise SessionFileError(f"{label} is too large to read into memory") from exc
    except OSError as exc:
        reason = exc.strerror or "the file could not be read"
        raise SessionFileError(f"cannot read {label}: {reason}") from exc
    except ARCHIVE_READ_ERRORS as exc:
        raise SessionFileError(f"{label} is damaged or not a hopgui session ({exc})") from exc


def _read(path: str | os.PathLike, label: str) -> SessionDocument:
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):  # a pipe or a device could block for ever
        raise SessionFileError(f"cannot open {label}: it is {kind_of(mode)}, not a file")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    with os.fdopen(os.open(path, flags), "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise SessionFileError(f"cannot open {label}: it is not a regular file")
        if status.st_size > MAX_FILE_BYTES:
            raise SessionFileError(
                f"{label} takes {status.st_size / 1e9:,.1f} GB; a session file may take at "
                f"most {MAX_FILE_BYTES / 1e9:,.1f} GB"
            )
        start = file.read(4)
        if not start.startswith(b"PK"):
            what = "empty" if not start else "not a hopgui session (not a zip archive)"
            raise SessionFileError(f"{label} is {what}")
        _check_directory(file, status.st_size, label)
        with zipfile.ZipFile(file) as archive:
            manifest = _read_manifest(archive, label)
            arrays = {
                key: _read_array(archive, key, spec, label)
                for key, spec in manifest["arrays"].items()
            }
    labs = _from_tree(manifest["labs"], arrays, label, 0)
    extras = _from_tree(manifest.get("extras", {}), arrays, label, 0)
    if not isinstance(labs, dict) or not all(isinstance(v, dict) for v in labs.values()):
        raise SessionFileError(f"{label}: its 'labs' are not a table of lab states")
    if not isinstance(extras, dict):
        raise SessionFileError(f"{label}: its 'extras' are not a table")
    current = manifest.get("current_lab", "home")
    source = manifest.get("source")
    return SessionDocument(
        labs=labs,
        current_lab=current if isinstance(current, str) else "home",
        extras=extras,
        saved=str(manifest.get("saved", "")),
        app=str(manifest.get("app", "")),
        source=source if isinstance(source, str) else None,
    )


def _check_directory(file, size: int, label: str) -> None:
    """Refuse an archive whose directory lists too many members, before zipfile reads it."""
    directory = archive_directory(file, size)
    if directory is None:
        raise SessionFileError(f"{label} is damaged (truncated?) or not a hopgui session")
    entries, directory_bytes = directory
    if entries > MAX_MEMBERS or directory_bytes > MAX_DIRECTORY_BYTES:
        raise SessionFileError(
            f"{label} is not a hopgui session: its archive lists {entries:,} files "
            f"(hopgui opens at most {MAX_MEMBERS:,})"
        )


def _member(archive: zipfile.ZipFile, name: str, limit: int, label: str) -> zipfile.ZipInfo:
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise SessionFileError(f"{label} is not a hopgui session (it has no {name})") from None
    if info.flag_bits & 0x1:
        raise SessionFileError(f"{label} is encrypted; hopgui reads only plain session files")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise SessionFileError(f"{label} uses a compression method hopgui does not read")
    if info.file_size > limit:
        raise SessionFileError(
            f"{label}: its {name} takes {info.file_size / 1e6:,.1f} MB, more than the "
            f"{limit / 1e6:,.0f} MB hopgui reads"
        )
    return info


def _read_manifest(archive: zipfile.ZipFile, label: str) -> dict[str, Any]:
    info = _member(archive, MANIFEST, MAX_MANIFEST_BYTES, label)
    text = archive.read(info).decode("utf-8")

    def no_constant(name: str) -> None:
        raise SessionFileError(f"{label}: its manifest holds {name}, not a finite number")

    try:
        manifest = json.loads(text, parse_constant=no_constant)
    except json.JSONDecodeError as exc:
        raise SessionFileError(f"{label}: its manifest is not valid JSON ({exc.msg})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise SessionFileError(f"{label} is not a hopgui session (its manifest says otherwise)")
    version = manifest.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise SessionFileError(f"{label}: its format version is not a whole number")
    if version > VERSION:
        raise SessionFileError(
            f"{label} was saved by a newer hopgui (session format {version}); this hopgui "
            f"reads format {VERSION}: update hopgui to open it"
        )
    if version < 1:
        raise SessionFileError(f"{label} has an unknown session format ({version})")
    if not isinstance(manifest.get("labs"), dict):
        raise SessionFileError(f"{label}: its manifest names no lab states")
    specs = manifest.get("arrays", {})
    if not isinstance(specs, dict) or len(specs) > MAX_MEMBERS:
        raise SessionFileError(f"{label}: its manifest's list of arrays is damaged")
    total = 0
    for key, spec in specs.items():
        total += _declared_bytes(key, spec, label)
        if total > MAX_TOTAL_BYTES:
            raise SessionFileError(
                f"{label} declares more than {MAX_TOTAL_BYTES / 1e6:,.0f} MB of arrays, more "
                "than any hopgui session holds"
            )
    return manifest


def _declared_bytes(key: str, spec: Any, label: str) -> int:
    """Bytes of the array the manifest declares under `key` (SessionFileError if too many)."""
    ok = isinstance(spec, dict) and isinstance(spec.get("shape"), list)
    ok = ok and _ARRAY_ID.fullmatch(key) is not None
    if ok:
        shape, ok = spec["shape"], len(spec["shape"]) <= MAX_DIMENSIONS
        ok = ok and all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in shape)
    if not ok:
        raise SessionFileError(f"{label}: array {key!r} has no proper shape in the manifest")
    dtype = _allowed_dtype(spec.get("dtype"), key, label)
    size = math.prod(shape) * dtype.itemsize
    if size > MAX_ARRAY_BYTES:
        shown = " x ".join(f"{n:,}" for n in shape)
        raise SessionFileError(
            f"{label}: array {key!r} is declared as {shown} values ({size / 1e9:,.1f} GB); "
            f"hopgui reads arrays of at most {MAX_ARRAY_BYTES / 1e6:,.0f} MB"
        )
    return size


def _allowed_dtype(text: Any, key: str, label: str) -> np.dtype:
    try:
        dtype = np.dtype(text) if isinstance(text, str) and len(text) <= 16 else None
    except TypeError:
        dtype = None
    if dtype is None or dtype.hasobject or dtype.names is not None or dtype.subdtype is not None:
        raise SessionFileError(
            f"{label}: array {key!r} is not stored as plain numbers (Python objects are never "
            "opened)"
        )
    if dtype.kind not in _DTYPES_ALLOWED or (dtype.kind != "U" and dtype.itemsize > 8):
        raise SessionFileError(f"{label}: array {key!r} has the type {dtype}, not numbers")
    if dtype.kind == "U" and dtype.itemsize // 4 > MAX_TEXT_CHARACTERS:
        raise SessionFileError(f"{label}: array {key!r} holds texts that are too long")
    return dtype


def _read_array(archive: zipfile.ZipFile, key: str, spec: dict, label: str) -> np.ndarray:
    """One array: its .npy header must match the manifest before its data are read."""
    dtype, shape = np.dtype(spec["dtype"]), tuple(spec["shape"])
    expected = math.prod(shape) * dtype.itemsize
    name = f"arrays/{key}.npy"
    info = _member(archive, name, _NPY_HEADER_BYTES + 16 + expected, label)
    with archive.open(info) as member:
        version = np.lib.format.read_magic(member)
        if version == (1, 0):
            got_shape, fortran, got_dtype = np.lib.format.read_array_header_1_0(member)
        elif version in ((2, 0), (3, 0)):
            got_shape, fortran, got_dtype = np.lib.format.read_array_header_2_0(member)
        else:
            raise SessionFileError(f"{label}: array {key!r} is damaged")
        if got_dtype.hasobject:
            raise SessionFileError(
                f"{label}: array {key!r} is a pickled Python object, which hopgui never opens"
            )
        if got_dtype != dtype or tuple(got_shape) != shape:
            raise SessionFileError(
                f"{label}: array {key!r} holds {got_dtype} of shape {tuple(got_shape)}, but the "
                f"manifest declares {dtype} of shape {shape}"
            )
        if info.file_size < member.tell() + expected:
            raise SessionFileError(f"{label}: array {key!r} is damaged (truncated?)")
        member.seek(0)
        data = member.read(info.file_size)
    array = np.load(io.BytesIO(data), allow_pickle=False)
    if array.dtype.kind == "f" and array.size and not np.all(np.isfinite(array)):
        raise SessionFileError(f"{label}: array {key!r} holds NaN or infinite values")
    return array


def _from_tree(value: Any, arrays: dict[str, np.ndarray], label: str, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise SessionFileError(f"{label}: its manifest is nested too deeply")
    if isinstance(value, dict):
        if ARRAY_KEY in value:
            key = value[ARRAY_KEY]
            if len(value) != 1 or not isinstance(key, str) or key not in arrays:
                raise SessionFileError(f"{label}: its manifest names an array it does not hold")
            return arrays[key]
        return {k: _from_tree(v, arrays, label, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_from_tree(v, arrays, label, depth + 1) for v in value]
    return value
