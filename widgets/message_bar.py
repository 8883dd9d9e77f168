"""A message strip across the top of a lab: errors and notices in words, never a traceback."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

STYLES = {
    "error": "background:#fde2e1; color:#7a0b07; border:2px solid #d93025;",
    "info": "background:#e4effd; color:#0b3a7a; border:2px solid #2a62d8;",
}


class MessageBar(QWidget):
    """Hidden until `show_message`; closes itself after a while or on its close button."""

    def __init__(self) -> None:
        super().__init__()
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # messages name files and memories
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton()
        close.setText("✕")
        close.setToolTip("Dismiss (Esc)")
        close.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(close)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.dismiss)
        self.kind = ""
        self.hide()

    def show_message(self, text: str, kind: str = "error", seconds: float = 12.0) -> None:
        self.kind = kind
        self.label.setText(text)
        self.label.setStyleSheet(
            f"QLabel {{ {STYLES[kind]} border-radius:6px; padding:8px 12px; font-size:14pt; }}"
        )
        self.show()
        self._timer.start(int(seconds * 1000))

    def dismiss(self) -> None:
        self._timer.stop()
        self.hide()

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt API): no timer outlives the window
        self._timer.stop()
        super().hideEvent(event)

    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""
