"""Pattern helpers for hopgui's cue tools and pattern-set files (pure numpy, no Qt).

A pattern is a 1-D int8 array of +-1 holding a picture of `shape` = (rows, cols) in row-major
order; +1 is a dark ("ink") pixel, -1 the background. Pattern sets are stored as .npz files read
with allow_pickle=False, so opening a file can never run code.
"""

import os
import pickle
import tempfile
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

FILE_FORMAT = "hopgui-patterns"
FILE_VERSION = 1
MAX_SIDE = 4096


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


def _otsu_threshold(values: np.ndarray) -> float:
    """Otsu (1979) threshold: the split of the sorted values maximising the between-class
    variance w0 w1 (mu0 - mu1)^2, placed halfway between the two values it separates."""
    v = np.sort(values.ravel())
    n = v.size
    k = np.arange(1, n)  # class 0 = v[:k]
    sums = np.cumsum(v)[:-1]
    between = k * (n - k) * (sums / k - (v.sum() - sums) / (n - k)) ** 2
    between[v[1:] == v[:-1]] = -1.0  # a split must separate different values
    best = int(np.argmax(between))
    return 0.5 * (v[best] + v[best + 1])


def binarize_image(gray: object, shape: tuple[int, int], threshold: str = "mean") -> np.ndarray:
    """A 2-D grayscale image (float or uint8) as a +-1 pattern of `shape`, dark = +1.

    The image is resized by area averaging, then pixels darker than the threshold (the mean of
    the resized image, or Otsu's threshold with threshold="otsu") become +1.
    Raises PatternFileError for an empty, non-2-D, non-finite or single-tone image.
    """
    size = _check_shape(shape)
    if threshold not in ("mean", "otsu"):
        raise ValueError(f"unknown threshold {threshold!r}: choose 'mean' or 'otsu'")
    try:
        image = np.asarray(gray, dtype=np.float64)
    except (TypeError, ValueError):
        raise PatternFileError("the image is not an array of gray levels") from None
    if image.ndim != 2 or image.size == 0:
        raise PatternFileError(f"expected a non-empty 2-D grayscale image, got shape {image.shape}")
    if not np.all(np.isfinite(image)):
        raise PatternFileError("the image contains invalid (NaN or infinite) gray levels")
    small = _area_resize(image, size)
    if np.ptp(small) <= 1e-9 * max(1.0, float(np.abs(small).max())):
        raise PatternFileError("the image is a single tone at this size: nothing to draw")
    cut = small.mean() if threshold == "mean" else _otsu_threshold(small)
    return np.where(small < cut, 1, -1).astype(np.int8).ravel()


# --- pattern-set files ---------------------------------------------------------------------------


def save_pattern_set(
    path: str | os.PathLike, patterns: object, shape: tuple[int, int], names: Sequence[str]
) -> None:
    """Write patterns (P, N) of +-1, their picture shape and P names to an .npz file at `path`.

    The file is written to a temporary name first and then moved into place, so a failed save
    never leaves half a file behind. The path is used as given (no ".npz" is appended).
    """
    stack = np.asarray(patterns)
    if stack.ndim != 2:
        raise ValueError(f"patterns must be a (P, N) array, got shape {stack.shape}")
    stack = np.array([_as_pattern(p) for p in stack], dtype=np.int8).reshape(stack.shape)
    size = _check_shape(shape, stack.shape[1])
    names = list(names)
    if len(names) != stack.shape[0] or not all(isinstance(n, str) for n in names):
        raise ValueError(f"need one text name per pattern ({stack.shape[0]}), got {names!r}")
    target = Path(path)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".hopgui-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            np.savez_compressed(
                file,
                format=np.array(FILE_FORMAT),
                version=np.array(FILE_VERSION),
                patterns=stack,
                shape=np.array(size, dtype=np.int64),
                names=np.array(names, dtype=np.str_),
            )
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


_READ_ERRORS = (
    OSError,
    ValueError,
    EOFError,
    KeyError,
    zipfile.BadZipFile,
    zlib.error,
    pickle.UnpicklingError,
)


def load_pattern_set(path: str | os.PathLike) -> tuple[np.ndarray, tuple[int, int], list[str]]:
    """Read a file written by `save_pattern_set`: (patterns (P, N) int8, (rows, cols), names).

    Everything is checked; a missing, unreadable, corrupt or foreign file raises
    PatternFileError with a message for the user.
    """
    name = Path(path).name
    try:
        with open(path, "rb") as file:
            data = np.load(file, allow_pickle=False)
            if not isinstance(data, np.lib.npyio.NpzFile):
                raise PatternFileError(f"{name} is not a hopgui pattern set (a bare numpy array)")
            with data:
                contents = {key: data[key] for key in data.files}
    except PatternFileError:
        raise
    except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
        raise PatternFileError(f"cannot open {name}: {exc.strerror}") from exc
    except _READ_ERRORS as exc:
        raise PatternFileError(f"{name} is damaged or not a hopgui pattern set") from exc
    return _checked_contents(contents, name)


def _checked_contents(contents: dict, name: str) -> tuple[np.ndarray, tuple[int, int], list[str]]:
    """Validate the arrays of a pattern-set file; PatternFileError names what is wrong."""
    missing = [k for k in ("format", "version", "patterns", "shape", "names") if k not in contents]
    if missing or str(contents["format"]) != FILE_FORMAT:
        raise PatternFileError(f"{name} is not a hopgui pattern set")
    version = contents["version"]
    if version.shape != () or version.dtype.kind not in "iu" or int(version) != FILE_VERSION:
        raise PatternFileError(
            f"{name} has pattern-set format version {version}, "
            f"this hopgui reads version {FILE_VERSION}"
        )
    stack, shape, names = contents["patterns"], contents["shape"], contents["names"]
    if stack.ndim != 2 or stack.dtype.kind not in "iu" or np.any(np.abs(stack) != 1):
        raise PatternFileError(f"{name}: the patterns are not a (P, N) array of -1 and +1")
    if shape.shape != (2,) or shape.dtype.kind not in "iu":
        raise PatternFileError(f"{name}: the picture shape is not two whole numbers")
    try:
        size = _check_shape(shape.tolist(), stack.shape[1])
    except ValueError as exc:
        raise PatternFileError(f"{name}: {exc}") from None
    if names.shape != (stack.shape[0],) or names.dtype.kind != "U":
        raise PatternFileError(f"{name}: expected {stack.shape[0]} pattern names")
    return stack.astype(np.int8), size, [str(n) for n in names]
