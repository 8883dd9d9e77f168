"""The main window's file handling: File > Open / Open Recent / Save / Save As, the title with
the file's name and a mark for unsaved changes, the question before closing, autosave and
recovery. The main window calls into this; it knows no lab.

A window built by a script (a test, a notebook, `--screenshot`) neither asks nor autosaves until
`start()` is called: `main.py` calls it for the window a person uses.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox

from hopgui.core.simulation import Transport
from hopgui.files import archive
from hopgui.files.archive import SessionDocument, SessionFileError
from hopgui.files.autosave import AutoSave, Orphan, find_orphans
from hopgui.files.export_ui import Exports
from hopgui.files.record_ui import Recording
from hopgui.files.session import Part, apply, collect, save
from models.files import file_label

RECENT_KEY = "files/recent"
RECENT_COUNT = 8
FILTER = f"hopgui sessions (*{archive.SUFFIX})"


class SessionFiles(QObject):
    """Open and save the whole session of `window` (a MainWindow)."""

    def __init__(self, window: QMainWindow, title: str) -> None:
        super().__init__(window)
        self.title = title
        self.path: str | None = None
        self.modified = False
        self.interactive = False  # ask before closing, autosave, offer recovery: see start()
        self.parts: dict[str, Part] = {}  # e.g. "lecture": what else a session keeps
        self.settings = QSettings()
        self.autosave = AutoSave(self._collect_for_autosave, self)
        self.autosave.failed.connect(lambda text: window.statusBar().showMessage(text, 8000))
        self._applying = False
        for lab in window.labs.values():
            lab.sim.sent.connect(self._on_command_sent)
        self.actions = self._make_actions()
        self.exports = Exports(window)
        self.recording = Recording(window)
        self.exports.record_panel = lambda panel: self.recording.toggle(panel=panel)
        self.update_title()

    @property
    def window(self) -> QMainWindow:
        """The main window (the Qt parent: a Python reference back would keep a closed window
        alive until the garbage collector runs)."""
        return self.parent()

    # --- menu ------------------------------------------------------------------------------------
    def _make_actions(self) -> dict[str, QAction]:
        def action(text: str, key: QKeySequence.StandardKey | str | None, slot) -> QAction:
            made = QAction(text, self.window)
            if key is not None:
                made.setShortcut(QKeySequence(key))
            made.triggered.connect(slot)
            self.window.addAction(made)
            return made

        std = QKeySequence.StandardKey
        return {
            "open": action("Open session…", std.Open, lambda: self.open_dialog()),
            "save": action("Save session", std.Save, lambda: self.save()),
            "save_as": action("Save session as…", "Ctrl+Shift+S", lambda: self.save_as()),
        }

    def fill_menu(self, menu: QMenu) -> None:
        """Open, Open Recent, Save, Save As at the top of the File menu."""
        menu.addAction(self.actions["open"])
        self.recent_menu = menu.addMenu("Open recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        menu.addAction(self.actions["save"])
        menu.addAction(self.actions["save_as"])
        menu.addSeparator()
        menu.addActions([*self.exports.actions.values(), self.recording.action])

    def window_actions(self) -> list[QAction]:
        """Every action of files, export and recording (their keys work in every lab)."""
        return [*self.actions.values(), *self.exports.actions.values(), self.recording.action]

    def shortcut_rows(self) -> list[tuple[str, str]]:
        native = QKeySequence.SequenceFormat.NativeText
        return [
            (a.shortcut().toString(native), a.text().rstrip("…")) for a in self.window_actions()
        ]

    # --- starting and stopping -------------------------------------------------------------------
    def start(self, autosave_folder: Path | None = None) -> None:
        """The window a person uses: ask before losing changes, and autosave."""
        self.interactive = True
        self.set_modified(False)  # what the window did while it was built is no edit
        self.autosave.start(autosave_folder)
        if self.modified:
            self.autosave.changed()

    def confirm_close(self) -> bool:
        """True if the window may close: no unsaved changes, or the user saved or discarded."""
        if not (self.interactive and self.modified):
            return True
        answer = self.ask_unsaved("closing")
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def shutdown(self) -> None:
        """The window closes for good: a recording is finished, and a clean exit leaves no
        autosave to offer."""
        self.recording.shutdown()
        self.autosave.stop()

    # --- state of the document -------------------------------------------------------------------
    def _on_command_sent(self, _seq: int, what: object) -> None:
        """Every command but play / pause / speed edits the session."""
        if self._applying or isinstance(what, Transport):
            return
        if not self.modified:
            self.set_modified(True)
        self.autosave.changed()

    def set_modified(self, modified: bool) -> None:
        self.modified = modified
        self.update_title()

    def update_title(self) -> None:
        """The file's name and a mark for unsaved changes ("lecture.hopgui*"; Qt adds " — " and
        the app's display name); before anything is named or changed, the app's title alone."""
        if self.path:
            title = f"{file_label(self.path)}[*]"
        elif self.modified:
            title = "Untitled[*]"
        else:
            title = self.title
        self.window.setWindowTitle(title)
        self.window.setWindowModified(self.modified)

    # --- saving ----------------------------------------------------------------------------------
    def document(self) -> SessionDocument:
        """The whole session now (each lab's state from its worker)."""
        return collect(self.window, self.parts)

    def save(self) -> bool:
        """Save to the session's file (asking for one the first time)."""
        if self.path is None:
            return self.save_as()
        return self.save_to(self.path)

    def save_as(self) -> bool:
        path = self.ask_save_path()
        if not path:
            return False
        if not path.endswith(archive.SUFFIX) and not os.path.exists(path):
            path += archive.SUFFIX
        return self.save_to(path)

    def save_to(self, path: str) -> bool:
        """Write the session to `path`; True on success (a message says why not)."""
        with _busy():
            try:
                document = self.document()
                document.source = None
                save(path, document)
            except (OSError, ValueError) as exc:
                self.show_error("Could not save the session", str(exc))
                return False
        self.path = os.path.abspath(path)
        self._add_recent(self.path)
        self.set_modified(False)
        self.update_title()
        self.autosave.discard()
        self.window.statusBar().showMessage(f"saved {file_label(path)}", 5000)
        return True

    # --- opening ---------------------------------------------------------------------------------
    def open_dialog(self) -> bool:
        path = self.ask_open_path()
        return bool(path) and self.open_path(path)

    def open_path(self, path: str) -> bool:
        """Open a session file: read and checked first, then (unsaved changes being saved or
        discarded) restored. A bad file gets one message and changes nothing."""
        try:
            with _busy():
                document = archive.read(path)
            if not self._may_replace():
                return False
            self.open_document(document, path)
        except SessionFileError as exc:
            self.show_error("Could not open the session", str(exc))
            return False
        return True

    def open_file(self, path: str) -> list[str]:
        """Read and restore `path`; SessionFileError (naming the file) leaves all as it was."""
        with _busy():
            return self.open_document(archive.read(path), path)

    def open_document(self, document: SessionDocument, path: str) -> list[str]:
        """Restore a session read from `path` (SessionFileError leaves all as it was)."""
        with _busy():
            notes = self._apply(document, file_label(path))
        self.path = os.path.abspath(path)
        self._add_recent(self.path)
        self.set_modified(False)
        self.update_title()
        self.autosave.discard()
        shown = "; ".join(notes) if notes else f"opened {file_label(path)}"
        self.window.statusBar().showMessage(shown, 8000)
        return notes

    def _apply(self, document: SessionDocument, label: str) -> list[str]:
        self._applying = True
        try:
            return apply(self.window, document, label, self.parts)
        finally:
            self._applying = False

    def _may_replace(self) -> bool:
        """Before another session replaces this one: save or discard unsaved changes."""
        if not (self.interactive and self.modified):
            return True
        answer = self.ask_unsaved("opening another session")
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    # --- recent files ----------------------------------------------------------------------------
    def recent(self) -> list[str]:
        value = self.settings.value(RECENT_KEY, [])
        paths = [value] if isinstance(value, str) else list(value or [])
        return [p for p in paths if isinstance(p, str) and p]

    def _add_recent(self, path: str) -> None:
        paths = [path, *(p for p in self.recent() if p != path)][:RECENT_COUNT]
        self.settings.setValue(RECENT_KEY, paths)

    def _forget_recent(self, path: str) -> None:
        self.settings.setValue(RECENT_KEY, [p for p in self.recent() if p != path])

    def _fill_recent(self) -> None:
        menu = self.recent_menu
        menu.clear()
        for number, path in enumerate(self.recent(), start=1):
            action = menu.addAction(f"&{number} {file_label(path)}")
            action.setToolTip(path)
            action.triggered.connect(lambda _checked=False, p=path: self.open_recent(p))
        if menu.isEmpty():
            menu.addAction("(none yet)").setEnabled(False)

    def open_recent(self, path: str) -> bool:
        if not os.path.exists(path):
            self._forget_recent(path)
            self.show_error("Could not open the session", f"{file_label(path)} no longer exists")
            return False
        return self.open_path(path)

    # --- autosave and recovery -------------------------------------------------------------------
    def _collect_for_autosave(self) -> SessionDocument | None:
        """The session for an autosave, or None while a lab is still working on a command (a
        blocking call would wait for it: try again shortly). Labs never started are left out."""
        labs = [lab for lab in self.window.labs.values() if lab.snapshot is not None]
        if any(not lab.sim.is_current(lab.snapshot) for lab in labs):
            return None
        document = collect(self.window, self.parts, only_started=True)
        document.source = self.path
        return document

    def orphans(self) -> list[Orphan]:
        if self.autosave.folder is None:
            return []
        return find_orphans(self.autosave.folder, own=self.autosave.path)

    def offer_recovery(self) -> bool:
        """After a crash: offer each autosave left by a hopgui that is no longer running (what
        and when); recovered or declined, it is deleted. True if one was recovered."""
        recovered = False
        for orphan in self.orphans():
            if recovered:
                orphan.release()
                continue
            answer = self.ask_recover(orphan.describe())
            if answer == QMessageBox.StandardButton.Yes:
                recovered = self.recover(orphan)
            elif answer == QMessageBox.StandardButton.No:
                orphan.remove()
            else:
                orphan.release()
        return recovered

    def recover(self, orphan: Orphan) -> bool:
        """Take an orphaned autosave back: the labs as they were, unsaved (the title names the
        file it belonged to, if any). The autosave is deleted either way."""
        try:
            document = orphan.read()
            self._apply(document, "the autosave")
        except SessionFileError as exc:
            orphan.remove()
            self.show_error("Could not recover the autosave", str(exc))
            return False
        orphan.remove()
        source = document.source
        self.path = source if source and os.path.exists(source) else None
        self.set_modified(True)
        self.update_title()
        self.autosave.changed()
        self.window.statusBar().showMessage(f"recovered work from {orphan.when()}", 8000)
        return True

    # --- questions (tests replace these) ---------------------------------------------------------
    def ask_unsaved(self, doing: str) -> QMessageBox.StandardButton:
        name = file_label(self.path) if self.path else "This session"
        buttons = (
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        return QMessageBox.question(
            self.window,
            "Unsaved changes",
            f"{name} has unsaved changes. Save them before {doing}?",
            buttons,
            QMessageBox.StandardButton.Save,
        )

    def ask_recover(self, what: str) -> QMessageBox.StandardButton:
        box = QMessageBox(self.window)
        box.setWindowTitle("Recover unsaved work?")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(f"hopgui did not close properly last time. Recover {what}?")
        box.setInformativeText("Discard deletes it; Later keeps it for the next start.")
        yes = box.addButton("Recover", QMessageBox.ButtonRole.AcceptRole)
        no = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Later", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(yes)
        box.exec()
        if box.clickedButton() is yes:
            return QMessageBox.StandardButton.Yes
        if box.clickedButton() is no:
            return QMessageBox.StandardButton.No
        return QMessageBox.StandardButton.Cancel

    def ask_save_path(self) -> str:
        start = self.path or str(Path.home() / f"session{archive.SUFFIX}")
        path, _ = QFileDialog.getSaveFileName(self.window, "Save session", start, FILTER)
        return path

    def ask_open_path(self) -> str:
        start = os.path.dirname(self.path) if self.path else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(
            self.window, "Open session", start, f"{FILTER};;All files (*)"
        )
        return path

    def show_error(self, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)  # file names are shown as they are
        box.exec()


class _busy:
    """A wait cursor while the labs' workers answer."""

    def __enter__(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *_exc) -> None:
        QGuiApplication.restoreOverrideCursor()
