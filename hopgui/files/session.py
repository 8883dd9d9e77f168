"""A whole session to and from a `.hopgui` file: every lab's `state()`, the lab on screen and
other named parts (a lecture), written atomically and restored all together or not at all.

The window is reached through what every main window has (`labs`, `current_lab()`,
`show_lab(name)`), so this module knows no lab.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import QIODevice, QSaveFile

from hopgui import __version__
from hopgui.core.lab import Lab
from hopgui.core.session import Session
from hopgui.files.archive import SessionDocument, SessionFileError, encode
from models.files import file_label

HOME = "home"


class SessionWindow(Protocol):
    labs: dict[str, Lab]

    def current_lab(self) -> Lab | None: ...

    def show_lab(self, name: str) -> None: ...


@dataclass
class Part:
    """Something besides the labs that a session keeps (e.g. the open lecture): `get()` gives
    plain data (None: nothing to keep), `check(data)` raises ValueError in words, `set(data)`
    takes it back and cannot fail after a good check."""

    get: Callable[[], Any]
    check: Callable[[Any], None]
    set: Callable[[Any], None]


def write_bytes(path: str | os.PathLike, data: bytes) -> None:
    """Write `data` to `path` atomically (QSaveFile: a temporary file renamed over the old one
    on success), so a crash or a full disk never leaves half a file in place of a good one.
    OSError with the file's name and the reason."""
    label = file_label(path)
    file = QSaveFile(os.fspath(path))
    if not file.open(QIODevice.OpenModeFlag.WriteOnly):
        raise OSError(f"cannot write {label}: {file.errorString()}")
    written = file.write(data)
    if written != len(data):
        reason = file.errorString()
        file.cancelWriting()
        file.commit()  # discards the temporary file
        raise OSError(f"could not write all of {label} (is the disk full?): {reason}")
    if not file.commit():
        raise OSError(f"could not save {label}: {file.errorString()}")


def stamp(document: SessionDocument) -> SessionDocument:
    document.app = f"hopgui {__version__}"
    document.saved = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return document


def collect(
    window: SessionWindow, parts: dict[str, Part] | None = None, only_started: bool = False
) -> SessionDocument:
    """The whole session, now: every lab's state (a blocking call into each worker; with
    `only_started`, labs whose worker has drawn no frame yet are left out instead of started)."""
    labs = {}
    for name, lab in window.labs.items():
        if only_started and lab.snapshot is None:
            continue
        labs[name] = lab.state()
    lab = window.current_lab()
    extras = {}
    for name, part in (parts or {}).items():
        data = part.get()
        if data is not None:
            extras[name] = data
    return stamp(SessionDocument(labs=labs, current_lab=lab.name if lab else HOME, extras=extras))


def apply(
    window: SessionWindow,
    document: SessionDocument,
    label: str,
    parts: dict[str, Part] | None = None,
) -> list[str]:
    """Restore every lab the document names, all or none: each lab's session checks its part in
    full before changing; if one refuses, the labs already restored get their old state back
    and SessionFileError names the file, the lab and the problem. Labs stop running first (and
    run again if the file is refused). Returns notes for the user (parts this hopgui skips)."""
    parts = parts or {}
    notes = [
        f"{label}: this hopgui has no lab {name!r}; that part was skipped"
        for name in document.labs
        if name not in window.labs
    ]
    for name, data in document.extras.items():
        if name not in parts:
            notes.append(f"{label}: this hopgui cannot open its {name!r}; that part was skipped")
            continue
        try:
            parts[name].check(data)
        except ValueError as exc:
            raise SessionFileError(f"{label}: its {name} cannot be used: {exc}") from None
    todo = [
        (window.labs[name], state) for name, state in document.labs.items() if name in window.labs
    ]
    if not todo and document.labs:
        raise SessionFileError(f"{label} holds no lab this hopgui knows")
    was_running = [lab for lab, _ in todo if lab.sim.running]
    for lab, _ in todo:
        lab.sim.pause()  # no step between the restore and the first frame of it
    done: list[tuple[Lab, dict]] = []
    for lab, state in todo:
        try:
            old = lab.sim.call(lambda session, s=state: _swap(session, s))
        except Exception as exc:
            for earlier, previous in reversed(done):
                earlier.sim.call(lambda session, s=previous: session.restore(s))
            for running in was_running:
                running.sim.play()
            message = str(exc) or type(exc).__name__
            raise SessionFileError(
                f"{label}: the {lab.title} lab cannot use it: {message}"
            ) from None
        done.append((lab, old))
    for lab, _ in todo:
        lab.sim.pause()  # a transport command: the worker sends a frame of the restored state
    for name, data in document.extras.items():
        if name in parts:
            parts[name].set(data)
    if document.current_lab == HOME or document.current_lab in window.labs:
        window.show_lab(document.current_lab)
    return notes


def _swap(session: Session, state: dict[str, Any]) -> dict[str, Any]:
    """In the worker: the session's state before, after restoring `state` (which checks it)."""
    old = session.state()
    Session.restore(session, state)
    return old


def save(path: str | os.PathLike, document: SessionDocument) -> None:
    """Encode and write atomically (ValueError for a state that cannot be saved, OSError)."""
    write_bytes(path, encode(document))
