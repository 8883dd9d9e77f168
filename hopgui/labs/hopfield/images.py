"""Pictures from files as +-1 patterns for the Hopfield lab (Import image).

A picture is read on the GUI thread, so nothing in a file may make that slow or large: the file
is opened without blocking and refused unless it is a regular file (a folder, a named pipe or a
device says so, and a pipe can never hang the window); its format is taken from its content and
must be a raster format (an SVG declares any size it likes and may pull in other files); its
declared size is read from the header before any pixel is decoded and refused beyond
MAX_IMAGE_SIDE x MAX_IMAGE_SIDE, far more than a 128 x 128 grid needs; and decoding runs under
Qt's allocation limit of ALLOCATION_LIMIT_MB. Every refusal is a `PresetError` whose message
names the file and the true reason (and the limit, where one applies).

Patterns are flat ``(rows * cols,)`` int8 arrays in row-major order, +1 = ink, -1 = paper. A
QGuiApplication must exist before any call.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import NamedTuple

import numpy as np
from PySide6.QtCore import QFile, QFileDevice, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QImageReader, QPainter

from hopgui.labs.hopfield.presets import PresetError, checked_shape, gray_array
from models.files import file_label, kind_of

MAX_IMAGE_SIDE = 4096  # pixels per side: a 128 x 128 grid needs far fewer
ALLOCATION_LIMIT_MB = 256  # what decoding one picture may allocate (Qt's default limit)
SUPERSAMPLING = 4  # decode at up to this many pixels per grid cell, then scale smoothly
RASTER_FORMATS = {  # Qt's names, as QImageReader.format() gives them
    "png": "PNG",
    "jpeg": "JPEG",
    "jpg": "JPEG",
    "jfif": "JPEG",
    "bmp": "BMP",
    "gif": "GIF",
    "pbm": "PBM",
    "pgm": "PGM",
    "ppm": "PPM",
    "tif": "TIFF",
    "tiff": "TIFF",
    "webp": "WebP",
}
READABLE = "PNG, JPEG, BMP, GIF, TIFF or WebP"
VECTOR_FORMATS = {"svg", "svgz", "pdf"}


class ImportedImage(NamedTuple):
    """A picture turned into a pattern, and what the user should know about it (or "")."""

    pattern: np.ndarray  # (rows * cols,) int8 of +-1
    note: str


def import_image(path: str | Path, shape: tuple[int, int]) -> ImportedImage:
    """Load a raster picture as a pattern: dark pixels become ink (+1).

    The picture is flattened onto white (transparent = paper), converted to grayscale, scaled
    smoothly to fit the grid with its aspect ratio kept (the rest is paper) and thresholded at
    the mean grey level of the picture. An animated or multi-page file gives its first frame,
    and the note says so.
    """
    rows, cols = checked_shape(shape)
    path = Path(path)
    image, frames, animated = _read_image(path, rows, cols)
    gray = _grayscale_fitted(image, rows, cols)
    inside = gray[gray >= 0]
    if inside.max() == inside.min():
        raise PresetError(f"{file_label(path)} is blank (one uniform colour): nothing to draw")
    pattern = np.where((gray >= 0) & (gray < inside.mean()), 1, -1).astype(np.int8)
    note = ""
    if frames > 1:
        kind = "is animated" if animated else "has several pages"
        note = f"{file_label(path)} {kind} ({frames} frames): the first one was imported."
    return ImportedImage(pattern.reshape(-1), note)


# --- reading ----------------------------------------------------------------------------------


def _open_regular_file(path: Path) -> QFile:
    """The file opened for reading, or PresetError saying what it is instead. The descriptor is
    opened without blocking (a named pipe with no writer would otherwise hang) and checked with
    fstat, so the file read is the file checked."""
    label = file_label(path)
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISREG(mode):
            flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
            fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
            mode = os.fstat(fd).st_mode
            if not stat.S_ISREG(mode):
                os.close(fd)
    except FileNotFoundError:
        raise PresetError(f"no such image file: {label}") from None
    except OSError as exc:
        raise PresetError(f"cannot open {label}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(mode):
        raise PresetError(f"{label} is {kind_of(mode)}, not an image file")
    device = QFile()
    handle = QFileDevice.FileHandleFlag.AutoCloseHandle
    if not device.open(fd, QIODevice.OpenModeFlag.ReadOnly, handle):
        os.close(fd)
        raise PresetError(f"cannot open {label}: {device.errorString()}")
    return device


def _read_image(path: Path, rows: int, cols: int) -> tuple[QImage, int, bool]:
    """The picture (its first frame) decoded at no more than SUPERSAMPLING pixels per grid
    cell, its number of frames, and whether it is animated; everything about the file is
    checked before a pixel is decoded."""
    label = file_label(path)
    device = _open_regular_file(path)
    try:
        reader = QImageReader(device)  # no file name: the format comes from the content
        kind = bytes(reader.format().data()).decode("ascii", "replace").lower()
        if kind in VECTOR_FORMATS:
            raise PresetError(
                f"{label} is a vector drawing ({kind.upper()}), which can declare any size: "
                f"export it as a {READABLE} picture first"
            )
        if not kind or not reader.canRead():
            raise PresetError(f"{label} is not a picture Qt can read ({READABLE})")
        if kind not in RASTER_FORMATS:
            raise PresetError(f"{label} is a {kind.upper()} file; import a {READABLE} picture")
        size = reader.size()
        if not size.isValid():
            raise PresetError(f"{label} does not say how big it is, so it is not decoded")
        if size.isEmpty():
            raise PresetError(f"{label} declares an empty ({size.width()} x {size.height()}) image")
        if max(size.width(), size.height()) > MAX_IMAGE_SIDE:
            raise PresetError(
                f"{label} is {size.width()} x {size.height()} pixels; the limit is "
                f"{MAX_IMAGE_SIDE} x {MAX_IMAGE_SIDE} (a 128 x 128 grid needs far fewer)"
            )
        frames, animated = max(1, reader.imageCount()), reader.supportsAnimation()
        reader.setScaledSize(_decoded_size(size, rows, cols))
        image = _decode(reader)
        if image.isNull():
            raise PresetError(
                f"could not read {label}: the {RASTER_FORMATS[kind]} data is damaged or "
                f"incomplete ({reader.errorString()})"
            )
        return image, frames, animated
    finally:
        device.close()


def _decoded_size(size: QSize, rows: int, cols: int) -> QSize:
    """The size to decode at: the picture's own, or smaller with the same aspect ratio when it
    has more than SUPERSAMPLING pixels per grid cell (JPEG decodes such a size directly)."""
    box = QSize(cols * SUPERSAMPLING, rows * SUPERSAMPLING)
    if size.width() <= box.width() and size.height() <= box.height():
        return size
    scaled = size.scaled(box, Qt.AspectRatioMode.KeepAspectRatio)
    return QSize(max(1, scaled.width()), max(1, scaled.height()))


def _decode(reader: QImageReader) -> QImage:
    """reader.read() under our allocation limit (a process-wide setting, restored after)."""
    old_limit = QImageReader.allocationLimit()
    QImageReader.setAllocationLimit(ALLOCATION_LIMIT_MB)
    try:
        return reader.read()
    finally:
        QImageReader.setAllocationLimit(old_limit)


def _grayscale_fitted(image: QImage, rows: int, cols: int) -> np.ndarray:
    """(rows, cols) grey levels 0..255 of the image fitted into the grid; -1 outside it."""
    fitted = image.scaled(
        cols, rows, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )
    width, height = max(1, fitted.width()), max(1, fitted.height())
    canvas = QImage(width, height, QImage.Format.Format_RGB32)
    canvas.fill(QColor("white"))
    painter = QPainter(canvas)
    painter.drawImage(QRectF(0, 0, width, height), fitted)
    painter.end()
    gray = canvas.convertToFormat(QImage.Format.Format_Grayscale8).convertToFormat(
        QImage.Format.Format_RGB32
    )
    result = np.full((rows, cols), -1.0, dtype=np.float32)
    top, left = (rows - height) // 2, (cols - width) // 2
    result[top : top + height, left : left + width] = gray_array(gray)
    return result
