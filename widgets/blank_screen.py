"""A plain black or white sheet over the whole window: the lecturer's "blank the screen" key,
so the class looks at the speaker, not at the projection."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget


class BlankScreen(QWidget):
    """Covers its parent while shown (following its size). A click dismisses it.

    Signals:
        dismissed(): the user clicked it away.
    """

    dismissed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._color = QColor("black")
        self.setCursor(Qt.CursorShape.BlankCursor)
        parent.installEventFilter(self)
        self.hide()

    @property
    def color(self) -> str:
        return self._color.name()

    def cover(self, color: str) -> None:
        """Blank the window to `color` ("black" or "white")."""
        self._color = QColor(color)
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()
        self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self.parentWidget().rect())
        return False

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        self.hide()
        self.dismissed.emit()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.fillRect(self.rect(), self._color)
        painter.end()
