"""A translucent sheet over the window listing the keyboard shortcuts (F1 shows and hides it)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QKeyEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from widgets import zoom


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
        line, key_width, text_width = 34, 230, 380
        fits = max(1, (self.height() - 150) // line)  # rows that fit in one column
        columns = min(3, -(-len(self.rows) // fits)) or 1
        per_column = -(-len(self.rows) // columns) if self.rows else 0
        width = min(self.width() - 40, 60 + columns * (key_width + text_width))
        height = min(self.height() - 40, 100 + line * per_column)
        box = QRectF((self.width() - width) / 2, (self.height() - height) / 2, width, height)
        painter.setBrush(QColor("#fbfaf6"))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRoundedRect(box, 14, 14)
        painter.setPen(QColor("#111111"))
        painter.setFont(_font(7, bold=True))
        painter.drawText(box.adjusted(30, 16, -30, 0), Qt.AlignmentFlag.AlignTop, self.title)
        column_width = (width - 60) / columns
        for index, (keys, meaning) in enumerate(self.rows):
            column, position = divmod(index, per_column)
            x = box.left() + 30 + column * column_width
            y = box.top() + 70 + position * line
            middle = Qt.AlignmentFlag.AlignVCenter
            painter.setFont(_font(2, bold=True))
            painter.drawText(QRectF(x, y, key_width - 10, line), middle, keys)
            painter.setFont(_font(2))
            painter.drawText(
                QRectF(x + key_width, y, column_width - key_width, line), middle, meaning
            )
        painter.end()


def _font(offset: int, bold: bool = False) -> QFont:
    return zoom.font(offset, bold)
