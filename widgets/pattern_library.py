"""The stored memories as a grid of named thumbnails, big enough to read from the back row.

The library only shows patterns and says what the user asked for (use one as the cue, remove
some); the application decides what that means and calls ``set_patterns`` again.

Memory i is framed in ``palette.series_color(i)``, the colour of its overlap curve, so the library
is the legend of the overlap plot. Thumbnails are drawn only when they scroll into view (and kept),
so storing a thousand memories costs a thousand rows of a list model, not a thousand pictures.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import numpy as np
from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QFont, QKeyEvent, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from widgets import palette, zoom
from widgets.pixel_grid import pattern_image

EMPTY_TEXT = "No memories stored yet — draw a pattern and press Store"
THUMBNAIL_FRAME = 3  # px of the memory's colour round each thumbnail
NAME_CHARACTERS = 40  # longer names are cut with an ellipsis under the thumbnail
TOOLTIP_CHARACTERS = 200  # and in the tooltip
_REMOVE_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
_CUE_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def thumbnail(
    cells: np.ndarray, side: int, device_pixel_ratio: float = 1.0, frame: QColor = palette.STORED
) -> QPixmap:
    """A side x side pixmap of a (rows, cols) +-1 picture, square cells, framed in `frame`."""
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
    frame_width = THUMBNAIL_FRAME * device_pixel_ratio
    painter.setPen(QPen(frame, frame_width))
    half = frame_width / 2
    painter.drawRect(target.adjusted(-half, -half, half, half))
    painter.end()
    pixmap.setDevicePixelRatio(device_pixel_ratio)
    return pixmap


def cut(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, the last an ellipsis when it was longer."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


class MemoryModel(QAbstractListModel):
    """The memories as rows of a list: name, tooltip and a framed thumbnail.

    A thumbnail is drawn the first time the view asks for it (when its row scrolls into view) and
    kept (up to MAX_KEPT of them), so the cost of ``set_memories`` does not grow with P pictures.
    """

    MAX_KEPT = 512  # thumbnails kept; beyond, they are drawn again (80 px ones are 25 kB each)

    def __init__(self, thumbnail_size: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thumbnail_size = thumbnail_size
        self.device_pixel_ratio = 1.0
        self._patterns = np.zeros((0, 0), dtype=np.int8)
        self._shape = (0, 0)
        self._names: list[str] = []
        self._colors: list[QColor] | None = None  # None: palette.series_color(row)
        self._thumbnails: dict[int, QPixmap] = {}

    def set_memories(
        self,
        patterns: np.ndarray,
        shape: tuple[int, int],
        names: list[str],
        colors: list[QColor] | None = None,
    ) -> None:
        self.beginResetModel()
        self._patterns, self._shape = patterns, shape
        self._names, self._colors = names, colors
        self._thumbnails.clear()
        self.endResetModel()

    def names(self) -> list[str]:
        return list(self._names)

    def color(self, row: int) -> QColor:
        """The frame colour of memory `row`."""
        if self._colors is None:
            return palette.series_color(row)
        return QColor(self._colors[row])

    def rowCount(self, parent: QModelIndex | None = None) -> int:  # noqa: N802 (Qt API)
        return 0 if parent is not None and parent.isValid() else len(self._names)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self._names):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return cut(self._names[row], NAME_CHARACTERS)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._thumbnail(row)
        if role == Qt.ItemDataRole.ToolTipRole:  # rich text, so that a name is shown, not run
            name = html.escape(cut(self._names[row], TOOLTIP_CHARACTERS))
            return f"<qt>{name} — double-click to use it as the cue</qt>"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        return None

    def forget_thumbnails(self) -> None:
        self._thumbnails.clear()

    def _thumbnail(self, row: int) -> QPixmap:
        pixmap = self._thumbnails.get(row)
        if pixmap is None:
            if len(self._thumbnails) >= self.MAX_KEPT:
                self._thumbnails.clear()
            cells = self._patterns[row].reshape(self._shape)
            pixmap = thumbnail(cells, self.thumbnail_size, self.device_pixel_ratio, self.color(row))
            self._thumbnails[row] = pixmap
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

    def __init__(
        self, parent: QWidget | None = None, thumbnail_size: int = 96, buttons_beside: bool = False
    ) -> None:
        """`buttons_beside`: "Use as cue" and "Remove" in a column right of the thumbnails
        (saves a row of height), instead of in a row below them."""
        super().__init__(parent)
        self._thumbnail_size = thumbnail_size
        self.model = MemoryModel(thumbnail_size, self)
        self.list_widget = self._make_list()
        self.empty_label = QLabel(EMPTY_TEXT)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setFont(_font(2))
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
        buttons = QVBoxLayout() if buttons_beside else QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.cue_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.buttons = QWidget()  # the buttons, as one widget (to hide it)
        self.buttons.setLayout(buttons)
        layout = QHBoxLayout(self) if buttons_beside else QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._pages, 1)
        layout.addWidget(self.buttons)
        self.setFocusProxy(self.list_widget)
        self._show_patterns()

    # --- public API -------------------------------------------------------------------------

    def set_patterns(
        self,
        patterns: np.ndarray,
        shape: tuple[int, int],
        names: Sequence[str] | None = None,
        colors: Sequence[QColor] | None = None,
    ) -> None:
        """Show P patterns, (P, rows * cols) of +-1, named ``names`` (default "Memory 1", ...).

        Memory i is framed in ``colors[i]`` (default ``palette.series_color(i)``, the colour of
        its overlap curve). The selection is cleared (indices may mean other memories now).
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
        if colors is not None and len(colors) != len(stack):
            raise ValueError(f"{len(stack)} patterns but {len(colors)} colours")
        had_selection = bool(self.selected())
        self.model.device_pixel_ratio = self.devicePixelRatioF()
        frames = None if colors is None else [QColor(c) for c in colors]
        self.model.set_memories(stack.copy(), (rows, cols), [str(n) for n in names], frames)
        self._show_patterns()
        if had_selection:
            self.selection_changed.emit([])

    def selected(self) -> list[int]:
        """Indices of the selected memories, sorted."""
        return sorted(index.row() for index in self.list_widget.selectionModel().selectedRows())

    def set_selected(self, indices: Sequence[int]) -> None:
        """Select exactly these memories (out-of-range indices are ignored)."""
        selection = QItemSelection()
        for row in sorted({int(i) for i in indices}):
            if 0 <= row < self.count():
                index = self.model.index(row, 0)
                selection.select(index, index)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        self.list_widget.selectionModel().select(selection, flags)

    def count(self) -> int:
        return self.model.rowCount()

    def names(self) -> list[str]:
        """The names shown, in order (in full; long ones are cut on screen)."""
        return self.model.names()

    def frame_color(self, index: int) -> QColor:
        """The colour of memory `index`'s frame (the colour of its overlap curve)."""
        return self.model.color(index)

    def item_rect(self, index: int) -> QRect:
        """Where memory `index` is drawn, in the coordinates of ``list_widget.viewport()``."""
        return self.list_widget.visualRect(self.model.index(index, 0))

    # --- Qt events --------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if not self._handle_key(event):
            super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.list_widget and event.type() == QEvent.Type.KeyPress:
            return self._handle_key(event)  # type: ignore[arg-type]
        return super().eventFilter(watched, event)

    # --- internals --------------------------------------------------------------------------

    def _make_list(self) -> QListView:
        view = QListView()
        view.setViewMode(QListView.ViewMode.IconMode)
        view.setMovement(QListView.Movement.Static)
        view.setResizeMode(QListView.ResizeMode.Adjust)
        view.setWrapping(True)
        view.setUniformItemSizes(True)  # every cell is one grid size: no per-item measuring
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setFont(_font())
        view.setIconSize(QSize(self._thumbnail_size, self._thumbnail_size))
        view.setSpacing(6)
        view.setModel(self.model)
        view.doubleClicked.connect(self._on_double_clicked)
        view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        view.installEventFilter(self)
        return view

    def _make_button(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setFont(_font())
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

    def restyle(self) -> None:
        """Thumbnails drawn again in the palette's (new) ink and paper (widgets.profile)."""
        self.model.forget_thumbnails()
        self.list_widget.viewport().update()

    def _show_patterns(self) -> None:
        view, count = self.list_widget, self.count()
        metrics = view.fontMetrics()
        longest = sorted(self.model.names(), key=len)[-64:]  # the widest is among the longest
        shown = (cut(name, NAME_CHARACTERS) for name in longest)
        widest = max((metrics.horizontalAdvance(name) for name in shown), default=0)
        width = min(max(self._thumbnail_size + 28, widest + 40), 2 * self._thumbnail_size)
        view.setGridSize(QSize(width, self._thumbnail_size + 2 * metrics.height() + 12))
        self._pages.setCurrentWidget(view if count else self.empty_label)
        if count:
            view.scrollTo(self.model.index(count - 1, 0))
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
        current = self.list_widget.currentIndex().row()
        self.cue_requested.emit(current if current in selected else selected[0])

    def _request_remove(self) -> None:
        for index in reversed(self.selected()):
            self.remove_requested.emit(index)

    def _on_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.cue_requested.emit(index.row())

    def _on_selection_changed(self) -> None:
        self._update_buttons()
        self.selection_changed.emit(self.selected())

    def _update_buttons(self) -> None:
        count = len(self.selected())
        for widget in (self.cue_button, self.cue_action):
            widget.setEnabled(count == 1)
        for widget in (self.remove_button, self.remove_action):
            widget.setEnabled(count >= 1)


def _font(offset: int = 0) -> QFont:
    return zoom.font(offset)
