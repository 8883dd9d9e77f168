"""A translucent sheet over the window listing the keyboard shortcuts (F1 shows and hides it)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QKeyEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget


class HelpOverlay(QWidget):
    """Covers its parent; draws a two-column table of (keys, what they do). Any click closes it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.title = "Keyboard shortcuts"
        self.rows: list[tuple[str, str]] = []
        parent.installEventFilter(self)
        self.hide()

    def set_rows(self, title: str, rows: list[tuple[str, str]]) -> None:
        self.title, self.rows = title, rows
        self.update()

    def toggle(self) -> None:
        if self.isVisible():
            self.hide()
        else:
            self.setGeometry(self.parentWidget().rect())
            self.show()
            self.raise_()
            self.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self.parentWidget().rect())
        return False

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.hide()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_F1):
            self.hide()
        else:
            super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(10, 10, 30, 200))
        line = 34
        width = min(self.width() - 80, 900)
        height = min(self.height() - 60, 90 + line * len(self.rows))
        box = QRectF((self.width() - width) / 2, (self.height() - height) / 2, width, height)
        painter.setBrush(QColor("#fbfaf6"))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRoundedRect(box, 14, 14)
        font = QFont()
        font.setPointSize(20)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#111111"))
        painter.drawText(box.adjusted(30, 16, -30, 0), Qt.AlignmentFlag.AlignTop, self.title)
        font.setPointSize(15)
        y = box.top() + 70
        for keys, meaning in self.rows:
            font.setBold(True)
            painter.setFont(font)
            painter.drawText(
                QRectF(box.left() + 30, y, 240, line), Qt.AlignmentFlag.AlignVCenter, keys
            )
            font.setBold(False)
            painter.setFont(font)
            painter.drawText(
                QRectF(box.left() + 280, y, width - 310, line),
                Qt.AlignmentFlag.AlignVCenter,
                meaning,
            )
            y += line
        painter.end()
