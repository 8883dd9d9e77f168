"""The stored memories as a grid of named thumbnails, big enough to read from the back row.

The library only shows patterns and says what the user asked for (use one as the cue, remove
some); the application decides what that means and calls ``set_patterns`` again.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QEvent, QObject, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QAction, QFont, QIcon, QKeyEvent, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from widgets import palette
from widgets.pixel_grid import pattern_image

EMPTY_TEXT = "No memories stored yet — draw a pattern and press Store"
THUMBNAIL_FRAME = 3  # px of palette.STORED round each thumbnail
_REMOVE_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
_CUE_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def thumbnail(cells: np.ndarray, side: int, device_pixel_ratio: float = 1.0) -> QPixmap:
    """A side x side pixmap of a (rows, cols) +-1 picture, square cells, framed in STORED."""
    rows, cols = cells.shape
    pixels = max(1, round(side * device_pixel_ratio))
    pixmap = QPixmap(pixels, pixels)
    pixmap.fill(Qt.GlobalColor.transparent)
    room = pixels - 2 * THUMBNAIL_FRAME * device_pixel_ratio
    cell = room / max(rows, cols)
    if int(cell) >= 0.85 * cell:  # whole pixels per cell, unless that wastes the thumbnail
        cell = float(int(cell))
    target = QRectF(0, 0, cell * cols, cell * rows)
    target.moveCenter(QRectF(0, 0, pixels, pixels).center())
    painter = QPainter(pixmap)
    painter.drawImage(target, pattern_image(cells))  # nearest neighbour: crisp cells
    frame = THUMBNAIL_FRAME * device_pixel_ratio
    painter.setPen(QPen(palette.STORED, frame))
    half = frame / 2
    painter.drawRect(target.adjusted(-half, -half, half, half))
    painter.end()
    pixmap.setDevicePixelRatio(device_pixel_ratio)
    return pixmap


class PatternLibrary(QWidget):
    """Thumbnails of the stored patterns with "Use as cue" and "Remove".

    Signals:
        cue_requested(int): start the network from this memory (double-click, Enter, the
            "Use as cue" button or context menu).
        remove_requested(int): forget this memory (Delete/Backspace, "Remove"). With several
            selected it is emitted once per memory, highest index first, so each index is still
            valid if the application removes them one by one.
        selection_changed(list): the selected indices (sorted) changed.
    """

    cue_requested = Signal(int)
    remove_requested = Signal(int)
    selection_changed = Signal(list)

    def __init__(self, parent: QWidget | None = None, thumbnail_size: int = 96) -> None:
        super().__init__(parent)
        self._thumbnail_size = thumbnail_size
        self._patterns = np.zeros((0, 0), dtype=np.int8)
        self._shape = (0, 0)
        self.list_widget = self._make_list()
        self.empty_label = QLabel(EMPTY_TEXT)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setFont(_font(palette.FONT_POINT_SIZE + 2))
        self._pages = QStackedWidget()
        self._pages.addWidget(self.empty_label)
        self._pages.addWidget(self.list_widget)
        self.cue_button = self._make_button(
            "Use as cue", "Start the network from the selected memory (or double-click it)"
        )
        self.remove_button = self._make_button(
            "Remove", "Forget the selected memory: it is taken out of the weights (Delete)"
        )
        self.cue_button.clicked.connect(self._request_cue)
        self.remove_button.clicked.connect(self._request_remove)
        self._add_context_menu()
        buttons = QHBoxLayout()
        buttons.addWidget(self.cue_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._pages, 1)
        layout.addLayout(buttons)
        self.setFocusProxy(self.list_widget)
        self._show_patterns()

    # --- public API -------------------------------------------------------------------------

    def set_patterns(
        self,
        patterns: np.ndarray,
        shape: tuple[int, int],
        names: Sequence[str] | None = None,
    ) -> None:
        """Show P patterns, (P, rows * cols) of +-1, named ``names`` (default "Memory 1", ...).

        The selection is cleared (indices may mean other memories now).
        """
        rows, cols = (int(v) for v in shape)
        stack = np.asarray(patterns)
        if stack.size == 0:
            stack = np.zeros((0, rows * cols), dtype=np.int8)
        elif stack.ndim != 2 or stack.shape[1] != rows * cols:
            raise ValueError(f"patterns must be (P, {rows * cols}), not {stack.shape}")
        if names is None:
            names = [f"Memory {i + 1}" for i in range(len(stack))]
        if len(names) != len(stack):
            raise ValueError(f"{len(stack)} patterns but {len(names)} names")
        had_selection = bool(self.selected())
        self._patterns = stack.copy()
        self._shape = (rows, cols)
        self._show_patterns(list(names))
        if had_selection:
            self.selection_changed.emit([])

    def selected(self) -> list[int]:
        """Indices of the selected memories, sorted."""
        return sorted(index.row() for index in self.list_widget.selectedIndexes())

    def set_selected(self, indices: Sequence[int]) -> None:
        """Select exactly these memories (out-of-range indices are ignored)."""
        wanted = {int(i) for i in indices}
        for row in range(self.list_widget.count()):
            self.list_widget.item(row).setSelected(row in wanted)

    def count(self) -> int:
        return self.list_widget.count()

    # --- Qt events --------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if not self._handle_key(event):
            super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.list_widget and event.type() == QEvent.Type.KeyPress:
            return self._handle_key(event)  # type: ignore[arg-type]
        return super().eventFilter(watched, event)

    # --- internals --------------------------------------------------------------------------

    def _make_list(self) -> QListWidget:
        view = QListWidget()
        view.setViewMode(QListView.ViewMode.IconMode)
        view.setMovement(QListView.Movement.Static)
        view.setResizeMode(QListView.ResizeMode.Adjust)
        view.setWrapping(True)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setFont(_font(palette.FONT_POINT_SIZE))
        view.setIconSize(QSize(self._thumbnail_size, self._thumbnail_size))
        view.setSpacing(6)
        view.itemDoubleClicked.connect(self._on_item_double_clicked)
        view.itemSelectionChanged.connect(self._on_selection_changed)
        view.installEventFilter(self)
        return view

    def _make_button(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setFont(_font(palette.FONT_POINT_SIZE))
        button.setEnabled(False)
        return button

    def _add_context_menu(self) -> None:
        self.list_widget.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.cue_action = QAction("Use as cue", self.list_widget)
        self.remove_action = QAction("Remove", self.list_widget)
        self.cue_action.triggered.connect(self._request_cue)
        self.remove_action.triggered.connect(self._request_remove)
        self.list_widget.addActions([self.cue_action, self.remove_action])
        self._update_buttons()

    def _show_patterns(self, names: list[str] | None = None) -> None:
        view = self.list_widget
        view.blockSignals(True)
        view.clear()
        ratio = self.devicePixelRatioF()
        for index, name in enumerate(names or []):
            cells = self._patterns[index].reshape(self._shape)
            icon = QIcon(thumbnail(cells, self._thumbnail_size, ratio))
            item = QListWidgetItem(icon, name)
            item.setToolTip(f"{name} — double-click to use it as the cue")
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            view.addItem(item)
        view.blockSignals(False)
        metrics = view.fontMetrics()
        widest = max((metrics.horizontalAdvance(name) for name in names or []), default=0)
        width = min(max(self._thumbnail_size + 28, widest + 40), 2 * self._thumbnail_size)
        view.setGridSize(QSize(width, self._thumbnail_size + 2 * metrics.height() + 12))
        self._pages.setCurrentWidget(view if view.count() else self.empty_label)
        if view.count():
            view.scrollToItem(view.item(view.count() - 1))
        self._update_buttons()

    def _handle_key(self, event: QKeyEvent) -> bool:
        if event.key() in _REMOVE_KEYS and self.selected():
            self._request_remove()
            return True
        if event.key() in _CUE_KEYS and self.selected():
            self._request_cue()
            return True
        return False

    def _request_cue(self) -> None:
        selected = self.selected()
        if not selected:
            return
        current = self.list_widget.currentRow()
        self.cue_requested.emit(current if current in selected else selected[0])

    def _request_remove(self) -> None:
        for index in reversed(self.selected()):
            self.remove_requested.emit(index)

    def _on_item_double_clicked(self, item: QListWidgetItem) -> None:
        self.cue_requested.emit(self.list_widget.row(item))

    def _on_selection_changed(self) -> None:
        self._update_buttons()
        self.selection_changed.emit(self.selected())

    def _update_buttons(self) -> None:
        count = len(self.selected())
        for widget in (self.cue_button, self.cue_action):
            widget.setEnabled(count == 1)
        for widget in (self.remove_button, self.remove_action):
            widget.setEnabled(count >= 1)


def _font(point_size: int) -> QFont:
    font = QFont()
    font.setPointSize(point_size)
    return font
