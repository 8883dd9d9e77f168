"""A message strip across the top of a lab: errors and notices in words, never a traceback, and
the progress of long work with a Cancel button."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QToolButton, QWidget

from widgets import zoom

STYLES = {
    "error": "background:#fde2e1; color:#7a0b07; border:2px solid #d93025;",
    "info": "background:#e4effd; color:#0b3a7a; border:2px solid #2a62d8;",
}


class MessageBar(QWidget):
    """Hidden until `show_message` (closes itself after a while or on its close button) or
    `show_progress` (stays until `end_progress`; its Cancel button emits `cancel_requested`)."""

    cancel_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # messages name files and memories
        self.label.setWordWrap(True)
        self.label.setFont(zoom.font(1))
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton()
        close.setText("✕")
        close.setToolTip("Dismiss (Esc)")
        close.clicked.connect(self.dismiss)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.cancel = QPushButton("Cancel")
        self.cancel.setToolTip("Stop this computation; nothing changes")
        self.cancel.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.cancel.clicked.connect(self.cancel_requested)
        self._close = close
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.cancel)
        layout.addWidget(close)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.dismiss)
        self.kind = ""
        self.hide()

    def show_message(self, text: str, kind: str = "error", seconds: float = 12.0) -> None:
        self._show_parts(progress=False)
        self.kind = kind
        self.label.setText(text)
        self.label.setStyleSheet(
            f"QLabel {{ {STYLES[kind]} border-radius:6px; padding:8px 12px; }}"
        )
        self.show()
        self._timer.start(int(seconds * 1000))

    def show_progress(self, text: str, fraction: float) -> None:
        """`text` with a bar at `fraction` (0..1) and Cancel, until `end_progress`."""
        if self.kind != "progress":
            self.show_message(text, "info")
            self._timer.stop()
            self.kind = "progress"
            self._show_parts(progress=True)
        self.label.setText(text)
        self.bar.setValue(round(1000 * min(max(fraction, 0.0), 1.0)))

    def end_progress(self) -> None:
        if self.kind == "progress":
            self.dismiss()

    def dismiss(self) -> None:
        self._timer.stop()
        self.kind = ""
        self._show_parts(progress=False)
        self.hide()

    def _show_parts(self, progress: bool) -> None:
        self.bar.setVisible(progress)
        self.cancel.setVisible(progress)
        self._close.setVisible(not progress)

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt API): no timer outlives the window
        self._timer.stop()
        super().hideEvent(event)

    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""
