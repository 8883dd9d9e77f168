"""The lecture's place in the window: its menu and keys (Page Down / Page Up, R), the caption
bar, the dialogs to open, save and add to a lecture, and the lecture's part of a session file."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QStandardPaths
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMainWindow, QMenu, QMessageBox

from hopgui.files.session import Part, write_bytes
from hopgui.lecture import BUILTIN
from hopgui.lecture.document import LectureError
from hopgui.lecture.player import LecturePlayer
from models.files import file_label
from widgets.caption_bar import CaptionBar

if TYPE_CHECKING:
    from hopgui.core.lab import Lab

LECTURE_FILTER = "Lectures (*.toml);;All files (*)"
RERUN_KEY = "R"  # while a lecture is open R runs the step again (the labs' Reset moves aside)


class LectureControls(QObject):
    """Wires a `LecturePlayer` into `window` (which has `labs`, `show_lab`, `current_lab`)."""

    def __init__(self, window: QMainWindow, caption_bar: CaptionBar) -> None:
        super().__init__(window)
        self._window, self.caption_bar = window, caption_bar
        self.player = LecturePlayer(window.labs, window.show_lab, self)
        self.player.changed.connect(self._on_changed)
        self.player.step_started.connect(self._on_step_started)
        self.player.step_finished.connect(self._on_step_finished)
        self.actions = self._build_actions()
        self._on_changed()

    def _build_actions(self) -> dict[str, QAction]:
        rows = {
            "next": ("Next step (or run / pause)", "PgDown", self.next),
            "previous": ("Previous step (or reset)", "PgUp", self.previous),
            "rerun": ("Run this step again", "", self.player.rerun),
            "open": ("Open lecture…", "Ctrl+Shift+O", self.open_dialog),
            "builtin": ("Built-in lecture", "", self.open_builtin),
            "add": ("Add this as a step…", "Ctrl+Shift+A", self.add_step_dialog),
            "save": ("Save lecture as…", "Ctrl+Shift+L", self.save_dialog),
            "close": ("Close lecture", "", self.player.close),
        }
        actions = {}
        for key, (text, shortcut, slot) in rows.items():
            action = QAction(text, self._window)
            action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(slot)
            self._window.addAction(action)  # works with the menu bar hidden
            actions[key] = action
        return actions

    def fill_menu(self, menu: QMenu) -> None:
        for key in ("open", "builtin", "save", "close"):
            menu.addAction(self.actions[key])
        menu.addSeparator()
        for key in ("next", "previous", "rerun", "add"):
            menu.addAction(self.actions[key])

    # --- keys -------------------------------------------------------------------------------------
    def next(self) -> None:
        """Page Down: the next step; with no lecture open, run or pause the lab shown. On a
        blanked screen it first brings the picture back (the class sees the step happen)."""
        if self._unblank():
            return
        if self.player.lecture is None:
            lab = self._window.current_lab()
            if lab is not None:
                lab.toggle_run()
        elif not self.player.next() and not self.player.busy:
            self.caption_bar.show_end()

    def previous(self) -> None:
        """Page Up: the step before; with no lecture open, reset the lab shown."""
        if self._unblank():
            return
        if self.player.lecture is None:
            lab = self._window.current_lab()
            if lab is not None:
                lab.reset()
        else:
            self.player.previous()

    def _unblank(self) -> bool:
        blank = self._window.presentation.blank
        if blank.isVisible():
            blank.hide()
            return True
        return False

    # --- dialogs ----------------------------------------------------------------------------------
    def open_builtin(self) -> bool:
        return self.open_path(str(BUILTIN))

    def open_dialog(self) -> bool:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        path, _ = QFileDialog.getOpenFileName(self._window, "Open lecture", folder, LECTURE_FILTER)
        return bool(path) and self.open_path(path)

    def open_path(self, path: str) -> bool:
        """Open the lecture at `path`; a bad one gets one message and changes nothing."""
        try:
            self.player.open_file(path)
        except (OSError, LectureError) as error:
            self._error(f"Cannot open the lecture {file_label(path)}", str(error))
            return False
        return True

    def save_dialog(self) -> bool:
        if self.player.lecture is None:
            self._error("No lecture to save", "Open a lecture, or add a step to start one.")
            return False
        start = self.player.path if self.player.path and self.player.path != str(BUILTIN) else ""
        path, _ = QFileDialog.getSaveFileName(self._window, "Save lecture", start, LECTURE_FILTER)
        return bool(path) and self.save_to(path if path.endswith(".toml") else path + ".toml")

    def save_to(self, path: str) -> bool:
        try:
            write_bytes(path, self.player.text().encode("utf-8"))
        except (OSError, LectureError) as error:
            self._error("Could not save the lecture", str(error))
            return False
        self.player.path = path
        self._window.statusBar().showMessage(f"saved the lecture as {file_label(path)}", 5000)
        return True

    def add_step_dialog(self) -> bool:
        lab = self._window.current_lab()
        if lab is None:
            self._error("Choose a lab first", "A step shows one lab: open it, set it up, then add.")
            return False
        caption, ok = QInputDialog.getText(
            self._window,
            "Add this as a step",
            "Caption (shown large under the picture):",
            text=lab.title,
        )
        if not ok:
            return False
        self.add_step(lab, caption.strip())
        return True

    def add_step(self, lab: Lab, caption: str) -> None:
        index = self.player.add_step(lab, caption)
        self._window.statusBar().showMessage(
            f"added step {index + 1}: Ctrl+Shift+L saves the lecture", 5000
        )

    def _error(self, title: str, text: str) -> None:
        if os.environ.get("QT_QPA_PLATFORM") == "offscreen":  # headless: say it, do not wait
            print(f"hopgui: {title}: {text}")
            return
        QMessageBox.warning(self._window, title, text)

    # --- what follows the player ------------------------------------------------------------------
    def _on_changed(self) -> None:
        is_open = self.player.lecture is not None
        self.caption_bar.setVisible(is_open)
        self.actions["rerun"].setEnabled(is_open)
        self.actions["close"].setEnabled(is_open)
        self.actions["rerun"].setShortcut(QKeySequence(RERUN_KEY if is_open else ""))
        for lab in self._window.labs.values():
            lab.set_reset_key("" if is_open else RERUN_KEY)
        if is_open and self.player.index >= 0:
            self._on_step_started(self.player.index)

    def _on_step_started(self, index: int) -> None:
        step = self.player.lecture.steps[index]
        self.caption_bar.show_step(step.caption, index + 1, self.player.count)

    def _on_step_finished(self, index: int, message: str) -> None:
        if message:
            lab = self._window.labs[self.player.lecture.steps[index].lab]
            lab.messages.show_message(message)

    # --- session files ----------------------------------------------------------------------------
    def part(self) -> Part:
        """The open lecture (its text and step) as part of a .hopgui session."""
        return Part(get=self._get, check=self._check, set=self._set)

    def _get(self) -> Any:
        if self.player.lecture is None:
            return None
        return {"text": self.player.text(), "step": max(self.player.index, 0)}

    def _check(self, data: Any) -> None:
        if not (isinstance(data, dict) and isinstance(data.get("text"), str)):
            raise ValueError("the lecture part is damaged")
        if not isinstance(data.get("step", 0), int):
            raise ValueError("the lecture's step is not a number")
        self.player.read(data["text"])

    def _set(self, data: Any) -> None:
        lecture = self.player.read(data["text"])
        self.player.open(lecture, None, start=data.get("step", 0), run_step=False)
