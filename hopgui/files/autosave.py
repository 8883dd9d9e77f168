"""Autosave and recovery: the session is written in the background to the user's data folder a
few seconds after each change; after a crash (or a kill -9) the next start offers it back.

Each running hopgui owns one autosave file `<id>.hopgui` beside a lock file `<id>.lock` that it
holds for as long as it runs (QLockFile: the lock names the process, so a lock whose process
has died is stale). At start, only autosaves whose lock can be taken belong to no running
hopgui: two instances never offer each other's live autosave. A recovered or declined autosave
is deleted with its lock; a clean exit deletes the instance's own.

The GUI thread only collects the labs' states (a copy each, in their workers); encoding and
writing run in a Python thread, so the event loop never waits for zlib or the disk.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QStandardPaths, QTimer, Signal

from hopgui.files import archive
from hopgui.files.archive import SessionDocument
from hopgui.files.session import write_bytes
from models.files import file_label

DELAY_MS = 3000  # after the last change: a burst of edits is one write
RETRY_MS = 1000  # a lab still busy with a command: try again shortly
FOLDER_NAME = "autosave"


def default_folder() -> Path:
    """`<AppDataLocation>/autosave` (on Linux ~/.local/share/hopgui/hopgui/autosave)."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base) / FOLDER_NAME


def _lock(path: Path) -> QLockFile:
    lock = QLockFile(str(path))
    lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
    return lock


@dataclass
class Orphan:
    """An autosave left by a hopgui that is no longer running; its lock is held by us."""

    path: Path
    lock: QLockFile
    modified: float  # seconds since the epoch

    def when(self) -> str:
        return dt.datetime.fromtimestamp(self.modified).strftime("%A %d %B %Y, %H:%M")

    def read(self) -> SessionDocument:
        return archive.read(self.path)

    def describe(self) -> str:
        """What and when, for the question the user is asked."""
        try:
            document = self.read()
        except ValueError:
            return f"an autosave from {self.when()} (it cannot be read)"
        source = file_label(document.source) if document.source else "never saved"
        labs = ", ".join(document.labs) or "no lab"
        return f"unsaved work from {self.when()} ({source}; labs: {labs})"

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)
        self.lock.unlock()  # deletes the lock file

    def release(self) -> None:
        """Leave it for another time (or another instance)."""
        self.lock.unlock()
        # unlock() deleted the lock file; the autosave without one is still an orphan


def find_orphans(folder: Path, own: Path | None = None) -> list[Orphan]:
    """Autosaves in `folder` whose hopgui has gone (newest first), each now locked by us."""
    if not folder.is_dir():
        return []
    _remove_stale_locks(folder)
    found = []
    for path in folder.glob(f"*{archive.SUFFIX}"):
        if own is not None and path == own:
            continue
        lock = _lock(path.with_suffix(".lock"))
        if not lock.tryLock(0):
            continue  # a running hopgui's live autosave
        try:
            modified = path.stat().st_mtime
        except OSError:
            lock.unlock()
            continue
        found.append(Orphan(path, lock, modified))
    return sorted(found, key=lambda o: o.modified, reverse=True)


def _remove_stale_locks(folder: Path) -> None:
    """Locks of hopguis that died before they had anything to save (a live one's lock holds)."""
    for path in folder.glob("*.lock"):
        if not path.with_suffix(archive.SUFFIX).exists():
            lock = _lock(path)
            if lock.tryLock(0):
                lock.unlock()  # and the lock file is gone


class AutoSave(QObject):
    """Writes `collect()` to this instance's autosave file `DELAY_MS` after the last change.
    `collect` returns None while a lab is still busy (then it tries again shortly)."""

    written = Signal(str)  # the path, once a write has finished (GUI thread)
    failed = Signal(str)  # a message in words
    _finished = Signal(object, float)  # (error or None, seconds): from the writer thread

    def __init__(
        self, collect: Callable[[], SessionDocument | None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._collect = collect
        self.folder: Path | None = None
        self.path: Path | None = None
        self._lock: QLockFile | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.save_now)
        self._writer: threading.Thread | None = None
        self._generation = 0  # counts changes: a write of an older one is not the newest
        self._written_generation = 0
        self.last_pause = 0.0  # seconds the GUI thread spent in the last autosave
        self.longest_pause = 0.0
        self._finished.connect(self._on_finished)

    @property
    def active(self) -> bool:
        return self._lock is not None

    def start(self, folder: Path | None = None) -> bool:
        """Take this instance's autosave file and lock in `folder` (default: the user's data
        folder). False, with `failed` emitted, if the folder cannot be written."""
        folder = folder or default_folder()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.failed.emit(f"Autosave is off: cannot create {folder} ({exc.strerror})")
            return False
        name = f"{dt.datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        lock = _lock(folder / f"{name}.lock")
        if not lock.tryLock(0):
            self.failed.emit(f"Autosave is off: cannot lock a file in {folder}")
            return False
        self.folder, self.path, self._lock = folder, folder / f"{name}{archive.SUFFIX}", lock
        return True

    def changed(self) -> None:
        """Something worth keeping changed: write it a few seconds from now."""
        if self.active:
            self._generation += 1
            self._timer.start(DELAY_MS)

    def save_now(self) -> None:
        """Collect now (GUI thread, a few ms) and write in the background."""
        if not self.active or self._generation == self._written_generation:
            return
        if self._writer is not None and self._writer.is_alive():
            self._timer.start(RETRY_MS)
            return
        started = time.perf_counter()
        try:
            document = self._collect()
        except Exception as exc:  # a lab that cannot answer now: the next change tries again
            self.failed.emit(f"Autosave failed: {exc}")
            return
        if document is None:
            self._timer.start(RETRY_MS)
            return
        generation, path = self._generation, self.path
        self._writer = threading.Thread(
            target=self._write, args=(document, path, generation), daemon=True
        )
        self._writer.start()
        self.last_pause = time.perf_counter() - started
        self.longest_pause = max(self.longest_pause, self.last_pause)

    def _write(self, document: SessionDocument, path: Path, generation: int) -> None:
        started = time.perf_counter()
        try:
            write_bytes(path, archive.encode(document))
        except (OSError, ValueError) as exc:
            self._finished.emit(exc, 0.0)
            return
        self._written_generation = max(self._written_generation, generation)
        self._finished.emit(None, time.perf_counter() - started)

    def _on_finished(self, error: Exception | None, _seconds: float) -> None:
        if error is not None:
            self.failed.emit(f"Autosave failed: {error}")
        elif self.path is not None:
            self.written.emit(str(self.path))

    def wait(self, timeout: float = 10.0) -> None:
        """Let a write under way finish (at exit)."""
        if self._writer is not None:
            self._writer.join(timeout)

    def discard(self) -> None:
        """The session was saved or left on purpose: its autosave is not needed."""
        self._timer.stop()
        self.wait()
        self._written_generation = self._generation
        if self.path is not None:
            self.path.unlink(missing_ok=True)

    def stop(self) -> None:
        """A clean exit: no autosave is left to offer, and the lock goes too."""
        self.discard()
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None
