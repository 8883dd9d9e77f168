"""A start page of large tiles, one per lab: its number, title and one line of what it shows.
Emits the index of the tile chosen (click, or its number key)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from widgets import zoom

TILE_HEIGHT = 150  # px at least; more when the wrapped text needs it
COLUMNS = 3


class LabTiles(QScrollArea):
    """Tiles in rows of three; scales to any number of labs (scrolls when the screen is too
    small for them all, rather than make the window taller than a projector)."""

    chosen = Signal(int)

    def __init__(self, heading: str, tiles: list[tuple[str, str]]) -> None:
        """`tiles`: (title, summary) per lab, in order."""
        super().__init__()
        title = QLabel(heading)
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setFont(zoom.font(12, bold=True))
        grid = self._grid = QGridLayout()
        grid.setSpacing(18)
        self.buttons: list[QPushButton] = []
        for index, (name, summary) in enumerate(tiles):
            tile = _tile(f"{index + 1}   {name}", summary)
            tile.setToolTip(f"Open {name} (Ctrl+{index + 1})")
            tile.clicked.connect(lambda _checked=False, i=index: self.chosen.emit(i))
            grid.addWidget(tile, index // COLUMNS, index % COLUMNS)
            self.buttons.append(tile)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addSpacing(24)
        layout.addLayout(grid)
        layout.addStretch(2)
        self.setWidget(page)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        """A button does not grow with the text inside it: each tile is made as tall as its
        wrapped text needs at the width it will have (never shorter than TILE_HEIGHT)."""
        super().resizeEvent(event)
        margins = self.widget().layout().contentsMargins()
        room = self.viewport().width() - margins.left() - margins.right()
        width = (room - (COLUMNS - 1) * self._grid.horizontalSpacing()) // COLUMNS
        for tile in self.buttons:
            needed = tile.layout().totalHeightForWidth(max(width, 1))
            tile.setMinimumHeight(max(TILE_HEIGHT, needed))


def _tile(heading: str, summary: str) -> QPushButton:
    """A large button whose text wraps to the tile's width (a button's own text never wraps,
    so three long summaries side by side would force a window wider than a projector)."""
    tile = QPushButton()
    tile.setMinimumHeight(TILE_HEIGHT)
    tile.setStyleSheet(
        "QPushButton { border: 3px solid #2a62d8; border-radius: 12px; background: #f4f7ff; }"
        " QPushButton:hover { background: #dde7ff; }"
    )
    layout = QVBoxLayout(tile)
    layout.setContentsMargins(18, 14, 18, 14)
    for text, size, weight in ((heading, 6, "bold"), (summary, 2, "normal")):
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        label.setFont(zoom.font(size, bold=weight == "bold"))
        label.setStyleSheet("color: #111111; background: transparent; border: none;")
        layout.addWidget(label)
    layout.addStretch(1)
    return tile
