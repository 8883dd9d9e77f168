"""A start page of large tiles, one per lab: its number, title and one line of what it shows.
Emits the index of the tile chosen (click, or its number key)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from widgets import palette

COLUMNS = 3


class LabTiles(QWidget):
    """Tiles in rows of three; scales to any number of labs."""

    chosen = Signal(int)

    def __init__(self, heading: str, tiles: list[tuple[str, str]]) -> None:
        """`tiles`: (title, summary) per lab, in order."""
        super().__init__()
        title = QLabel(heading)
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setStyleSheet(f"font-size: {palette.FONT_POINT_SIZE + 12}pt; font-weight: bold;")
        grid = QGridLayout()
        grid.setSpacing(18)
        self.buttons: list[QPushButton] = []
        for index, (name, summary) in enumerate(tiles):
            tile = QPushButton(f"{index + 1}   {name}\n\n{summary}")
            tile.setToolTip(f"Open {name} (Ctrl+{index + 1})")
            tile.setMinimumHeight(150)
            tile.setStyleSheet(
                f"QPushButton {{ font-size: {palette.FONT_POINT_SIZE + 3}pt; text-align: left;"
                " padding: 18px; border: 3px solid #2a62d8; border-radius: 12px;"
                " background: #f4f7ff; color: #111111; }"
                " QPushButton:hover { background: #dde7ff; }"
            )
            tile.clicked.connect(lambda _checked=False, i=index: self.chosen.emit(i))
            grid.addWidget(tile, index // COLUMNS, index % COLUMNS)
            self.buttons.append(tile)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addSpacing(24)
        layout.addLayout(grid)
        layout.addStretch(2)
