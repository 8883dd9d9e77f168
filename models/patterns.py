"""Pattern helpers for hopgui's cue tools and pattern-set files (pure numpy, no Qt).

A pattern is a 1-D int8 array of +-1 holding a picture of `shape` = (rows, cols) in row-major
order; +1 is a dark ("ink") pixel, -1 the background. Pattern sets are .npz files (zip archives
of .npy arrays) read member by member with every size checked first and nothing ever unpickled,
so opening a file can never run code, exhaust memory or block (see `load_pattern_set`).

Limits of a pattern set (keyword arguments of `load_pattern_set` and `save_pattern_set` can
change the first two): at most MAX_MEMORIES = 1,000 memories, pictures of at most
MAX_SET_SIDE x MAX_SET_SIDE = 128 x 128 pixels, names of at most MAX_NAME_LENGTH = 40 characters.
"""

from __future__ import annotations

import contextlib
import math
import os
import secrets
import stat
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import BinaryIO

import numpy as np

from models.files import (
    ARCHIVE_READ_ERRORS,
    archive_directory,
    file_label,
    is_control,
    kind_of,
)

FILE_FORMAT = "hopgui-patterns"
FILE_VERSION = 1
MAX_SIDE = 4096  # pictures handled by the cue tools and resampling
MAX_MEMORIES = 1000  # memories in a pattern set: what the app can show and store in a moment
MAX_SET_SIDE = 128  # rows and columns of a pattern set's pictures: the app's largest grid
MAX_NAME_LENGTH = 40  # characters of a memory name: what a label can show


class PatternFileError(ValueError):
    """A pattern-set file or image that cannot be used; the message says why, for the user."""


# --- validation -------------------------------------------------------------------------------


def _as_pattern(pattern: object, what: str = "pattern") -> np.ndarray:
    """(N,) int8 copy of a +-1 pattern."""
    array = np.asarray(pattern)
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{what} must be a non-empty 1-D array, got shape {array.shape}")
    if array.dtype.kind not in "iuf" or np.any(np.abs(array) != 1):
        raise ValueError(f"{what} must contain only -1 and +1")
    return array.astype(np.int8)


def _check_shape(shape: object, n_units: int | None = None) -> tuple[int, int]:
    """(rows, cols) as Python ints; rows * cols must equal n_units when given."""
    try:
        rows, cols = (int(v) for v in shape)  # type: ignore[union-attr]
        ok = all(float(v) == int(v) for v in shape)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        raise ValueError(f"shape must be two whole numbers (rows, cols), got {shape!r}") from None
    if not ok or not (1 <= rows <= MAX_SIDE and 1 <= cols <= MAX_SIDE):
        raise ValueError(f"shape must be two whole numbers from 1 to {MAX_SIDE}, got {shape!r}")
    if n_units is not None and rows * cols != n_units:
        raise ValueError(f"a {rows} x {cols} picture has {rows * cols} pixels, not {n_units}")
    return rows, cols


# --- making and corrupting patterns ----------------------------------------------------------


def random_patterns(n_patterns: int, n_units: int, seed: int | None = 0) -> np.ndarray:
    """(P, N) int8 patterns with independent, equally likely +-1 entries."""
    if n_patterns < 0 or n_units < 1:
        raise ValueError(f"need P >= 0 patterns of N >= 1 units, got P={n_patterns}, N={n_units}")
    bits = np.random.default_rng(seed).integers(0, 2, size=(n_patterns, n_units), dtype=np.int8)
    return 2 * bits - 1


def flip_bits(pattern: object, fraction: float, seed: int | None = 0) -> np.ndarray:
    """Copy of `pattern` with exactly round(fraction * N) distinct, randomly chosen bits flipped."""
    noisy = _as_pattern(pattern)
    if not 0.0 <= fraction <= 1.0:
        raise ValueError(f"the fraction of flipped bits must lie between 0 and 1, got {fraction}")
    count = round(fraction * noisy.size)
    chosen = np.random.default_rng(seed).choice(noisy.size, size=count, replace=False)
    noisy[chosen] *= -1
    return noisy


def hide_region(
    pattern: object, shape: tuple[int, int], region: tuple[int, int, int, int]
) -> np.ndarray:
    """Partial cue: copy with picture rows row0:row1, columns col0:col1 set to -1 (background).

    region = (row0, row1, col0, col1), half-open like a numpy slice and clipped to the picture,
    so a rectangle dragged past the edge still works.
    """
    flat = _as_pattern(pattern)
    rows, cols = _check_shape(shape, flat.size)
    try:
        row0, row1, col0, col1 = (int(v) for v in region)
    except (TypeError, ValueError):
        raise ValueError(f"region must be four whole numbers, got {region!r}") from None
    picture = flat.reshape(rows, cols)
    picture[max(row0, 0) : max(row1, 0), max(col0, 0) : max(col1, 0)] = -1
    return flat


def shift(pattern: object, shape: tuple[int, int], dy: int, dx: int) -> np.ndarray:
    """Copy moved dy rows down and dx columns right, wrapping round the edges."""
    flat = _as_pattern(pattern)
    picture = flat.reshape(_check_shape(shape, flat.size))
    return np.roll(picture, (int(dy), int(dx)), axis=(0, 1)).ravel()


# --- resizing and images -----------------------------------------------------------------------


def _area_weights(n_in: int, n_out: int) -> np.ndarray:
    """(n_out, n_in) area-averaging matrix: output cell o covers input [o, o+1) * n_in/n_out."""
    width = n_in / n_out
    low = np.arange(n_out)[:, np.newaxis] * width
    cells = np.arange(n_in)[np.newaxis, :]
    covered = np.minimum(low + width, cells + 1) - np.maximum(low, cells)
    return np.clip(covered, 0.0, None) / width


def _area_resize(picture: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Resize a 2-D float picture by area averaging (a pixel is the mean of what it covers)."""
    rows = _area_weights(picture.shape[0], shape[0])
    cols = _area_weights(picture.shape[1], shape[1])
    return rows @ picture @ cols.T


def resample(pattern: object, shape: tuple[int, int], new_shape: tuple[int, int]) -> np.ndarray:
    """A +-1 pattern redrawn on another grid: area-average majority, ties by nearest pixel."""
    flat = _as_pattern(pattern)
    old = _check_shape(shape, flat.size)
    new = _check_shape(new_shape)
    picture = flat.reshape(old).astype(np.float64)
    mean = _area_resize(picture, new)
    centre_rows = ((np.arange(new[0]) + 0.5) * old[0] / new[0]).astype(np.int64)
    centre_cols = ((np.arange(new[1]) + 0.5) * old[1] / new[1]).astype(np.int64)
    nearest = picture[np.ix_(centre_rows, centre_cols)]
    tie = np.abs(mean) < 1e-9
    return np.where(tie, nearest, np.sign(mean)).astype(np.int8).ravel()


# --- pattern-set files ---------------------------------------------------------------------------
#
# A pattern set is a zip archive (an .npz) of five .npy members: format, version, patterns, shape
# and names. Reading never trusts the file: it must be a regular file; the archive's directory
# must list few members; only those five are opened; each member's declared size, and the shape
# and type in its .npy header, are checked against the limits before a byte of data is read; the
# data are read in slices and checked as they come; nothing is ever unpickled.

_MEMBERS = ("format", "version", "patterns", "shape", "names")
_MAX_ARCHIVE_MEMBERS = 64  # a pattern set has five
_MAX_DIRECTORY_BYTES = 1 << 20  # the archive's central directory
_MAX_HEADER_BYTES = 10_000  # numpy's own limit for .npy headers
_MAX_SMALL_BYTES = 1024  # data of format, version, shape
_MAX_NAME_WIDTH = 1024  # declared characters per name beyond which a file is refused outright
_READ_SLICE = 1 << 22  # bytes of array data read at a time


def memory_name(name: object, what: str = "a memory name") -> str:
    """`name` as hopgui keeps it: text without control characters, at most MAX_NAME_LENGTH long.

    A longer name is cut to MAX_NAME_LENGTH characters, the last one an ellipsis; a name holding
    control characters (tab, newline, ...), line separators or bidirectional overrides raises
    ValueError, since it could garble the label that shows it.
    """
    if not isinstance(name, str):
        raise ValueError(f"{what} must be text, not {type(name).__name__}")
    bad = next((c for c in name if is_control(c)), None)
    if bad is not None:
        raise ValueError(
            f"{what} contains the control character U+{ord(bad):04X}: names must be plain text"
        )
    if len(name) > MAX_NAME_LENGTH:
        return name[: MAX_NAME_LENGTH - 1].rstrip() + "\u2026"
    return name


def save_pattern_set(
    path: str | os.PathLike,
    patterns: object,
    shape: tuple[int, int],
    names: Sequence[str],
    *,
    max_memories: int = MAX_MEMORIES,
    max_side: int = MAX_SET_SIDE,
) -> None:
    """Write patterns (P, N) of +-1, their picture shape and P names to an .npz file at `path`.

    The limits of `load_pattern_set` apply (1 to max_memories memories, pictures of at most
    max_side x max_side), so every file written can be read back; names pass through
    `memory_name` (longer ones are shortened to MAX_NAME_LENGTH characters; control characters
    raise ValueError). The path is used as given (no ".npz" is appended); through a symbolic link
    the file it points to is replaced.

    The file is written to a temporary file in the same folder and then moved into place
    (os.replace), so a failed save never leaves half a file behind. A new file gets the usual
    permissions (0666 less the umask, like any program's files); an existing file keeps its mode
    (and, where allowed, its group), so overwriting a shared file keeps it shared.
    Raises ValueError for bad arguments and OSError when the file cannot be written.
    """
    max_memories = _check_limit(max_memories, "max_memories")
    max_side = _check_limit(max_side, "max_side")
    stack = np.asarray(patterns)
    if stack.ndim != 2:
        raise ValueError(f"patterns must be a (P, N) array, got shape {stack.shape}")
    if stack.shape[0] == 0:
        raise ValueError("there are no memories to save")
    if stack.shape[0] > max_memories:
        raise ValueError(
            f"a pattern set may hold at most {max_memories:,} memories, not {stack.shape[0]:,}"
        )
    stack = np.array([_as_pattern(p) for p in stack], dtype=np.int8).reshape(stack.shape)
    size = _check_shape(shape, stack.shape[1])
    if max(size) > max_side:
        raise ValueError(
            f"a pattern set holds pictures of at most {max_side} x {max_side}, "
            f"not {size[0]} x {size[1]}"
        )
    names = list(names)
    if len(names) != stack.shape[0] or not all(isinstance(n, str) for n in names):
        shown = repr(names) if len(repr(names)) < 200 else f"{len(names)} values"
        raise ValueError(f"need one text name per pattern ({stack.shape[0]}), got {shown}")
    names = [memory_name(n, f"the name of memory {k + 1}") for k, n in enumerate(names)]
    _write_atomically(
        Path(os.path.realpath(path)),
        lambda file: np.savez_compressed(
            file,
            format=np.array(FILE_FORMAT),
            version=np.array(FILE_VERSION),
            patterns=stack,
            shape=np.array(size, dtype=np.int64),
            names=np.array(names, dtype=np.str_),
        ),
    )


def _write_atomically(target: Path, write: Callable[[BinaryIO], object]) -> None:
    """Write a file through `write(file)` to a temporary name beside `target`, then replace it."""
    try:
        existing: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        existing = None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        raise ValueError(f"{file_label(target)} is {kind_of(existing.st_mode)}, not a file")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _attempt in range(100):
        temporary = target.parent / f".hopgui-{secrets.token_hex(6)}.tmp"
        try:
            handle = os.open(temporary, flags, 0o666)  # the umask applies, as for any new file
            break
        except FileExistsError:
            continue
    else:
        raise FileExistsError(f"could not create a temporary file in {target.parent}")
    try:
        with os.fdopen(handle, "wb") as file:
            write(file)
            file.flush()
            os.fsync(file.fileno())
        if existing is not None:
            if hasattr(os, "chown"):
                with contextlib.suppress(OSError):  # only the owner's groups are allowed
                    os.chown(temporary, -1, existing.st_gid)
            os.chmod(temporary, stat.S_IMODE(existing.st_mode))
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def load_pattern_set(
    path: str | os.PathLike, *, max_memories: int = MAX_MEMORIES, max_side: int = MAX_SET_SIDE
) -> tuple[np.ndarray, tuple[int, int], list[str]]:
    """Read a file written by `save_pattern_set`: (patterns (P, N) int8, (rows, cols), names).

    Limits: 1 to max_memories memories (MAX_MEMORIES = 1,000 by default: what the app can show
    and store in a moment), pictures of at most max_side x max_side (MAX_SET_SIDE = 128, the
    app's largest grid). Patterns may be stored as any integer or floating-point type holding
    exactly -1 and +1; the version may be a number or text ("1"). Names longer than
    MAX_NAME_LENGTH characters are shortened (see `memory_name`); names with control characters
    are refused.

    Everything is checked before it is read (see the comment above): anything that is not a
    regular file is refused before it is opened, and no declared size can make the reader
    allocate more than the limits allow. A missing, unreadable, corrupt, foreign or too-large
    file raises PatternFileError (a ValueError) with a message for the user naming the file
    and, where one applies, the limit.
    """
    label = file_label(path)
    limits = _Limits(label, max_memories, max_side)  # bad limits are the caller's ValueError
    try:
        contents = _read_pattern_set(path, limits)
    except PatternFileError:
        raise
    except (FileNotFoundError, PermissionError) as exc:
        raise PatternFileError(f"cannot open {label}: {exc.strerror}") from exc
    except MemoryError as exc:
        raise PatternFileError(f"{label} is too large to read into memory") from exc
    except OSError as exc:
        reason = exc.strerror or "the file could not be read"
        raise PatternFileError(f"cannot read {label}: {reason}") from exc
    except ARCHIVE_READ_ERRORS as exc:
        raise PatternFileError(f"{label} is damaged or not a hopgui pattern set") from exc
    return _checked_contents(contents, label, max_side)


def _read_pattern_set(path: str | os.PathLike, limits: _Limits) -> dict[str, np.ndarray]:
    """The five arrays of a pattern-set file, each checked against the limits before reading."""
    label = limits.label
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):  # never open a pipe or a device: opening one can block forever
        raise PatternFileError(f"cannot open {label}: it is {kind_of(mode)}, not a file")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    handle = os.open(path, flags)  # O_NONBLOCK: should it have become a pipe meanwhile
    with os.fdopen(handle, "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise PatternFileError(f"cannot open {label}: it is {kind_of(status.st_mode)}")
        start = file.read(6)
        if start == b"\x93NUMPY":
            raise PatternFileError(f"{label} is not a hopgui pattern set (a bare numpy array)")
        if not start.startswith(b"PK"):
            raise PatternFileError(f"{label} is damaged or not a hopgui pattern set")
        _check_archive_directory(file, status.st_size, label)
        with zipfile.ZipFile(file) as archive:
            members = {}
            for key in _MEMBERS:
                try:
                    info = archive.getinfo(f"{key}.npy")
                except KeyError:
                    raise PatternFileError(
                        f"{label} is not a hopgui pattern set (it has no {key!r})"
                    ) from None
                members[key] = info
            contents = {}
            for key in _MEMBERS:  # patterns before names: names are checked against P
                contents[key] = _read_member(archive, members[key], key, limits)
                if key == "version":  # a foreign or newer file is named as such at once
                    _check_format(contents["format"], label)
                    _check_version(contents["version"], label)
            return contents


def _check_archive_directory(file: BinaryIO, size: int, label: str) -> None:
    """Refuse an archive whose directory lists more than a few members, before zipfile reads it."""
    directory = archive_directory(file, size)
    if directory is None:
        raise PatternFileError(f"{label} is damaged or not a hopgui pattern set")
    entries, directory_bytes = directory
    if entries > _MAX_ARCHIVE_MEMBERS or directory_bytes > _MAX_DIRECTORY_BYTES:
        raise PatternFileError(
            f"{label} is not a hopgui pattern set: its archive lists {entries:,} files "
            f"(a pattern set has {len(_MEMBERS)}; hopgui opens at most {_MAX_ARCHIVE_MEMBERS})"
        )


class _Limits:
    """Checks of a member's declared .npy shape and type, made before its data are read."""

    def __init__(self, label: str, max_memories: int, max_side: int) -> None:
        self.label = label
        self.max_memories = _check_limit(max_memories, "max_memories")
        self.max_side = _check_limit(max_side, "max_side")
        self.count: int | None = None  # P, once the patterns' header has been read

    def member_bytes(self, key: str) -> int:
        """Most bytes a member's .npy data (header included) may take."""
        if key == "patterns":
            data = self.max_memories * self.max_side**2 * 8
        elif key == "names":
            data = self.max_memories * 4 * _MAX_NAME_WIDTH
        else:
            data = _MAX_SMALL_BYTES
        return _MAX_HEADER_BYTES + 16 + data

    def check(self, key: str, shape: tuple[int, ...], dtype: np.dtype) -> None:
        label = self.label
        if key == "format":
            if shape != () or dtype.kind not in "US" or dtype.itemsize > _MAX_SMALL_BYTES // 8:
                raise PatternFileError(f"{label} is not a hopgui pattern set")
        elif key == "version":
            if shape != () or dtype.kind not in "iufUS" or dtype.itemsize > _MAX_SMALL_BYTES // 8:
                raise PatternFileError(
                    f"{label}: its format version is not a single number; "
                    f"this hopgui reads pattern sets of version {FILE_VERSION}"
                )
        elif key == "patterns":
            self._check_patterns(shape, dtype)
        elif key == "shape":
            if shape != (2,) or dtype.kind not in "iu":
                raise PatternFileError(f"{label}: the picture shape is not two whole numbers")
        elif key == "names":
            if shape != (self.count,) or dtype.kind != "U":
                raise PatternFileError(f"{label}: expected {self.count} pattern names as text")
            width = dtype.itemsize // 4
            if width > _MAX_NAME_WIDTH:
                raise PatternFileError(
                    f"{label}: its memory names are up to {width:,} characters long; hopgui "
                    f"reads names of at most {_MAX_NAME_WIDTH:,} characters (and shows "
                    f"{MAX_NAME_LENGTH})"
                )

    def _check_patterns(self, shape: tuple[int, ...], dtype: np.dtype) -> None:
        label, side = self.label, self.max_side
        if len(shape) != 2 or dtype.kind not in "iuf" or dtype.itemsize > 8:
            raise PatternFileError(
                f"{label}: the patterns are not a (P, N) array of numbers -1 and +1"
            )
        count, units = shape
        if count == 0:
            raise PatternFileError(f"{label} holds no memories: a pattern set needs at least one")
        if count > self.max_memories:
            raise PatternFileError(
                f"{label} holds {count:,} memories; a pattern set may hold at most "
                f"{self.max_memories:,}"
            )
        if units > side * side:
            raise PatternFileError(
                f"{label} holds pictures of {units:,} pixels; a pattern set may hold pictures "
                f"of at most {side} x {side} = {side * side:,} pixels"
            )
        self.count = count


def _check_limit(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise ValueError(f"{name} must be a whole number of at least 1, got {value!r}")
    return int(value)


def _read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, key: str, limits: _Limits
) -> np.ndarray:
    """One .npy member: its compression, header (declared shape and type) and size are checked
    against the limits first, then the data are read slice by slice."""
    label = limits.label
    if info.flag_bits & 0x1:
        raise PatternFileError(f"{label} is encrypted; hopgui reads only plain pattern sets")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise PatternFileError(
            f"{label} uses a compression method hopgui does not read (only stored or deflated)"
        )
    if info.compress_size > info.file_size + info.file_size // 100 + 1024:
        raise PatternFileError(f"{label} is damaged or not a hopgui pattern set")
    with archive.open(info) as member:  # the header is at most 10 kB: read it to name the limit
        version = np.lib.format.read_magic(member)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(member)
        elif version == (2, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(member)
        else:
            raise PatternFileError(f"{label} is damaged or not a hopgui pattern set")
        if dtype.hasobject or dtype.names is not None or dtype.subdtype is not None:
            raise PatternFileError(
                f"{label}: its {key!r} are stored as Python objects, which hopgui never opens"
            )
        limits.check(key, shape, dtype)
        if info.file_size > limits.member_bytes(key):
            raise PatternFileError(
                f"{label}: its {key!r} member takes {info.file_size / 1e6:,.1f} MB, more than any "
                f"pattern set within the limits ({limits.max_memories:,} memories of at most "
                f"{limits.max_side} x {limits.max_side} pixels) needs"
            )
        if info.file_size < member.tell() + math.prod(shape) * dtype.itemsize:
            raise PatternFileError(f"{label} is damaged or not a hopgui pattern set")
        return _read_data(member, shape, fortran, dtype, key, label)


def _read_data(
    member: BinaryIO,
    shape: tuple[int, ...],
    fortran: bool,
    dtype: np.dtype,
    key: str,
    label: str,
) -> np.ndarray:
    """The array data after an .npy header, read in slices of rows; patterns become int8 as
    they come (and are checked to be -1 and +1), so float64 data never sit in memory whole."""
    disk_shape = tuple(reversed(shape)) if fortran and len(shape) > 1 else shape
    if len(disk_shape) == 0:
        disk_shape, shape_now = (1,), ()
    else:
        shape_now = None
    row_items = math.prod(disk_shape[1:])
    rows_per_slice = max(1, _READ_SLICE // max(1, row_items * dtype.itemsize))
    pieces = []
    for first in range(0, disk_shape[0], rows_per_slice):
        rows = min(rows_per_slice, disk_shape[0] - first)
        wanted = rows * row_items * dtype.itemsize
        data = member.read(wanted)
        if len(data) != wanted:
            raise PatternFileError(f"{label} is damaged or not a hopgui pattern set")
        piece = np.frombuffer(data, dtype=dtype).reshape((rows, *disk_shape[1:]))
        if key == "patterns":
            piece = _spins(piece, first, fortran, label)
        pieces.append(piece)
    array = np.concatenate(pieces) if len(pieces) != 1 else pieces[0].copy()
    if shape_now is not None:
        return array.reshape(shape_now)
    return array.T if fortran and len(shape) > 1 else array


def _spins(piece: np.ndarray, first: int, fortran: bool, label: str) -> np.ndarray:
    """A slice of stored patterns as int8, or PatternFileError naming a value that is not +-1."""
    bad = np.abs(piece) != 1
    if np.any(bad):
        row, col = (int(v) for v in np.argwhere(bad)[0])
        memory, pixel = (col, first + row) if fortran else (first + row, col)
        value = piece[row, col].item()
        raise PatternFileError(
            f"{label}: memory {memory + 1} holds the value {value!r} at pixel {pixel + 1}; "
            "patterns must hold only -1 and +1"
        )
    return piece.astype(np.int8)


def _check_format(fmt: np.ndarray, label: str) -> None:
    value = fmt.item() if fmt.shape == () else None
    if isinstance(value, bytes):
        value = value.decode("ascii", errors="replace")
    if value != FILE_FORMAT:
        raise PatternFileError(f"{label} is not a hopgui pattern set")


def _check_version(version: np.ndarray, label: str) -> None:
    """Accept version 1 stored as any number or as text; otherwise say what was found."""
    value = version.item()
    if isinstance(value, bytes):
        value = value.decode("ascii", errors="replace")
    if isinstance(value, str):
        text = value.strip()
        shown = text if len(text) <= 20 and not any(is_control(c) for c in text) else "?"
        try:
            number = float(text)
        except ValueError:
            raise PatternFileError(
                f"{label}: its format version is the text {shown!r}, not a number; "
                f"this hopgui reads pattern sets of version {FILE_VERSION}"
            ) from None
        found = f"{shown} (stored as text)"
    else:
        number = float(value)
        found = f"{value:g}" if isinstance(value, float) else str(value)
    if number != FILE_VERSION:
        newer = " (it comes from a newer hopgui)" if number > FILE_VERSION else ""
        raise PatternFileError(
            f"{label} has pattern-set format version {found}{newer}; "
            f"this hopgui reads version {FILE_VERSION} only"
        )


def _checked_contents(
    contents: dict[str, np.ndarray], label: str, max_side: int
) -> tuple[np.ndarray, tuple[int, int], list[str]]:
    """Validate the values of a pattern-set file; PatternFileError names what is wrong."""
    stack, shape, names = contents["patterns"], contents["shape"], contents["names"]
    rows, cols = (int(v) for v in shape)
    if not (1 <= rows <= max_side and 1 <= cols <= max_side):
        raise PatternFileError(
            f"{label} holds pictures of {rows} x {cols}; a pattern set may hold pictures of "
            f"1 x 1 to {max_side} x {max_side}"
        )
    if rows * cols != stack.shape[1]:
        raise PatternFileError(
            f"{label}: a {rows} x {cols} picture has {rows * cols} pixels, not {stack.shape[1]}"
        )
    kept = []
    for k, name in enumerate(names.tolist()):
        try:
            kept.append(memory_name(name, f"the name of memory {k + 1}"))
        except ValueError as exc:
            raise PatternFileError(f"{label}: {exc}") from None
    return np.ascontiguousarray(stack, dtype=np.int8), (rows, cols), kept
