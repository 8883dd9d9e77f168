"""Recording as a person reaches it: File > Record… and Ctrl+R (Ctrl+R again stops), a Record
button in the status bar that turns into a red REC indicator with the elapsed time, and a small
dialog for what (the lab or one panel), the frame rate and the file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSpinBox,
    QWidget,
)

from hopgui.files import export
from hopgui.files.recording import DEFAULT_FPS, MAX_FPS, Recorder, RecordingError

FOLDER_KEY = "files/record_folder"
FPS_KEY = "files/record_fps"
IDLE_STYLE = "QPushButton { padding: 2px 10px; }"
REC_STYLE = (
    "QPushButton { background: #d62728; color: white; font-weight: bold; padding: 2px 10px;"
    " border-radius: 4px; }"
)


class Recording(QObject):
    """Ctrl+R, the Record button / REC indicator, and the recorder behind them."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.settings = QSettings()
        self.recorder = Recorder(parent=window)
        self.recorder.started.connect(self._on_started)
        self.recorder.elapsed.connect(self._show_elapsed)
        self.recorder.finished.connect(self._on_finished)
        self.action = QAction("Record…", window)
        self.action.setShortcut(QKeySequence("Ctrl+R"))
        self.action.triggered.connect(self.toggle)
        window.addAction(self.action)
        self.button = QPushButton("● Record")
        self.button.setToolTip("Record the lab to MP4 or GIF (Ctrl+R); press again to stop")
        self.button.setStyleSheet(IDLE_STYLE)
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys belong to the lab
        self.button.clicked.connect(self.toggle)
        self.button.setText("● REC 0:00  (Ctrl+R stops)")
        self.button.setStyleSheet(REC_STYLE)
        self.button.setFixedHeight(self.button.sizeHint().height())  # the lab never moves
        self.button.setStyleSheet(IDLE_STYLE)
        self.button.setText("● Record")
        window.statusBar().addPermanentWidget(self.button)
        self.last_message = ""

    @property
    def window(self) -> QMainWindow:
        """The main window (the Qt parent: a Python reference back would keep a closed window
        alive until the garbage collector runs)."""
        return self.parent()

    def toggle(self, _checked: bool = False, panel: export.Panel | None = None) -> None:
        """Start (asking what, how fast and where) or stop and name the saved file."""
        if self.recorder.recording:
            self.recorder.stop()
            self.button.setText("Saving…")
            return
        if self.recorder.busy:
            self.window.statusBar().showMessage("The last recording is still being saved", 4000)
            return
        lab = self.window.current_lab()
        if lab is None:
            self.window.statusBar().showMessage("Choose a lab first: recording shows it", 5000)
            return
        choice = self.ask(lab, panel)
        if choice is not None:
            self.start(choice["widget"], choice["path"], choice["fps"])

    def start(self, widget: QWidget, path: str, fps: float) -> bool:
        try:
            self.recorder.start(widget, path, fps)
        except RecordingError as exc:
            self._say(str(exc), ok=False)
            return False
        self.settings.setValue(FOLDER_KEY, str(Path(path).expanduser().parent))
        self.settings.setValue(FPS_KEY, int(fps))
        return True

    def shutdown(self) -> None:
        """The window closes: finish the file (a recording under way is kept)."""
        if self.recorder.recording:
            self.recorder.stop()
        self.recorder.wait()

    # --- what the user sees ----------------------------------------------------------------------
    def _on_started(self, path: str) -> None:
        self.action.setText("Stop recording")
        self.button.setStyleSheet(REC_STYLE)
        self._show_elapsed(0.0)
        self.window.statusBar().showMessage(f"recording to {path}", 3000)

    def _show_elapsed(self, seconds: float) -> None:
        minutes, rest = divmod(int(seconds), 60)
        self.button.setText(f"● REC {minutes}:{rest:02d}  (Ctrl+R stops)")

    def _on_finished(self, message: str, ok: bool) -> None:
        self.action.setText("Record…")
        self.button.setStyleSheet(IDLE_STYLE)
        self.button.setText("● Record")
        self._say(message, ok)

    def _say(self, message: str, ok: bool) -> None:
        self.last_message = message
        lab = self.window.current_lab()
        if lab is not None:
            lab.messages.show_message(message, "info" if ok else "error")
        self.window.statusBar().showMessage(message, 10000)

    # --- the question (tests replace it) ---------------------------------------------------------
    def ask(self, lab, panel: export.Panel | None = None) -> dict | None:
        dialog = RecordDialog(lab, self.default_path(lab), self.default_fps(), panel, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.choice()

    def default_path(self, lab) -> str:
        folder = self.settings.value(FOLDER_KEY, str(Path.home()), type=str)
        return str(Path(folder) / f"hopgui-{lab.name}-{dt.datetime.now():%Y%m%d-%H%M%S}.mp4")

    def default_fps(self) -> int:
        return int(self.settings.value(FPS_KEY, DEFAULT_FPS, type=int))


class RecordDialog(QDialog):
    """What to record (the whole lab or one panel), at how many frames/s, into which file."""

    def __init__(
        self, lab, path: str, fps: int, panel: export.Panel | None, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Record {lab.title}")
        self._lab = lab
        self._panels = export.panels(lab)
        self.which = QComboBox()
        self.which.addItem(f"The whole lab ({lab.title})")
        self.which.addItems([p.title for p in self._panels])
        if panel is not None:
            titles = [p.widget for p in self._panels]
            if panel.widget in titles:
                self.which.setCurrentIndex(titles.index(panel.widget) + 1)
        self.fps = QSpinBox()
        self.fps.setRange(1, MAX_FPS)
        self.fps.setValue(fps)
        self.fps.setSuffix(" frames/s")
        self.path = QLineEdit(path)
        self.path.setToolTip("Ends in .mp4 (a video) or .gif (an animated picture)")
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Record")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Record", self.which)
        form.addRow("Frame rate", self.fps)
        form.addRow("Into", file_row)
        form.addRow(buttons)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Record into", self.path.text(), "Video (*.mp4);;Animated GIF (*.gif)"
        )
        if path:
            self.path.setText(path)

    def choice(self) -> dict:
        index = self.which.currentIndex()
        widget = self._lab if index <= 0 else self._panels[index - 1].widget
        return {"widget": widget, "path": self.path.text().strip(), "fps": self.fps.value()}
