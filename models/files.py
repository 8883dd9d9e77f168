"""Reading untrusted files safely: what every file reader of hopgui shares (pattern sets,
session files, images). Plain Python, no Qt.

- `file_label(path)`: a file's name fit for a message (no control characters, cut to 80).
- `kind_of(mode)`: what a path that is not a regular file is, in words ("a folder", ...).
- `ARCHIVE_READ_ERRORS`: what reading a damaged zip archive of arrays can raise.
- `archive_directory(file, size)`: how many members a zip archive lists and how large its
  directory is, read from its end record before `zipfile` parses anything (None if there is
  no end record: not a zip, or cut short).
"""

from __future__ import annotations

import os
import stat
import struct
import unicodedata
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

# What reading a damaged or hostile zip archive of .npy members can raise (besides OSError):
# callers turn these into one message naming the file.
ARCHIVE_READ_ERRORS = (
    ValueError,
    EOFError,
    KeyError,
    RuntimeError,  # zipfile: an encrypted member
    NotImplementedError,  # zipfile: an unknown compression method
    OverflowError,
    UnicodeDecodeError,
    struct.error,
    zipfile.BadZipFile,
    zlib.error,
)

_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)  # bidirectional marks and overrides


def is_control(character: str) -> bool:
    """Control characters, line/paragraph separators, lone surrogates and bidi overrides."""
    return unicodedata.category(character) in ("Cc", "Cs", "Zl", "Zp") or (
        character in _BIDI_CONTROLS
    )


def file_label(path: str | os.PathLike) -> str:
    """The file's name for a message: no control characters, at most 80 characters."""
    label = "".join("?" if is_control(c) else c for c in Path(path).name) or str(path)
    return label if len(label) <= 80 else label[:79] + "\u2026"


def kind_of(mode: int) -> str:
    """What a path of this `st_mode` is, for "x is a folder, not a file"."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def archive_directory(file: BinaryIO, size: int) -> tuple[int, int] | None:
    """(members listed, directory bytes) from a zip archive's end record, or None when there is
    none. Leaves the file at its start."""
    tail = min(size, 22 + 0xFFFF)  # end-of-directory record: 22 bytes and a comment
    file.seek(size - tail)
    data = file.read(tail)
    file.seek(0)
    at = data.rfind(b"PK\x05\x06")
    if at < 0 or len(data) - at < 22:
        return None
    entries, directory_bytes = struct.unpack("<HI", data[at + 10 : at + 16])
    return entries, directory_bytes
