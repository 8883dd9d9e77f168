"""One size for all of hopgui's text, zoomable while the app runs (Ctrl+plus, Ctrl+minus,
presentation mode).

Text sizes are written as offsets from the base size (`points(+8)` for a caption, `points(-2)`
for axis ticks); `points` includes the current zoom, so whatever is built later is already the
right size. `set_zoom(root, zoom)` rescales what was built before: the application font (every
widget that does not set its own follows it), every widget that set its own font (Qt's
WA_SetFont), and the text of every pyqtgraph plot (titles, axis labels and ticks, legends, text
items). Widgets that paint text take it from their own `font()` (or from `points` at paint
time) and so follow too; widgets whose size depends on their font react to QEvent.FontChange.
"""

from __future__ import annotations

import re

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

BASE_POINTS = 13.0  # the base text size at zoom 1: readable from the back of a lecture hall
STEPS = (0.67, 0.75, 0.85, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0, 2.4, 2.8, 3.3, 4.0)  # Ctrl+plus/minus
MIN_ZOOM, MAX_ZOOM = STEPS[0], STEPS[-1]

_zoom = 1.0
_SIZE = re.compile(r"^\s*([0-9.]+)\s*(pt|px)\s*$")


def zoom() -> float:
    """The current zoom (1 = the base size)."""
    return _zoom


def points(offset: float = 0.0) -> float:
    """The point size of text `offset` points above (or below) the base, at the current zoom."""
    return max(1.0, (BASE_POINTS + offset) * _zoom)


def font(offset: float = 0.0, bold: bool = False, base: QFont | None = None) -> QFont:
    """A font `offset` points from the base size at the current zoom (from `base`'s family)."""
    result = QFont(base) if base is not None else QFont()
    result.setPointSizeF(points(offset))
    result.setBold(bold)
    return result


def css_size(offset: float = 0.0) -> str:
    """`points(offset)` as a CSS / pyqtgraph size, e.g. '15.0pt'."""
    return f"{points(offset):.1f}pt"


def next_step(current: float, direction: int) -> float:
    """The zoom one step up (direction 1) or down (-1) from `current`."""
    if direction > 0:
        return next((s for s in STEPS if s > current * 1.001), MAX_ZOOM)
    return next((s for s in reversed(STEPS) if s < current * 0.999), MIN_ZOOM)


def set_zoom(root: QWidget | None, value: float) -> float:
    """Zoom all text to `value` (kept within MIN_ZOOM..MAX_ZOOM): the application font and
    `root`'s widgets and plots. Returns the zoom used."""
    global _zoom
    value = min(max(float(value), MIN_ZOOM), MAX_ZOOM)
    ratio, _zoom = value / _zoom, value
    app = QApplication.instance()
    if app is not None:
        app.setFont(font(base=app.font()))
    if root is not None and abs(ratio - 1.0) > 1e-9:
        _rescale_widgets(root, ratio)
    return value


def _rescale_widgets(root: QWidget, ratio: float) -> None:
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.testAttribute(Qt.WidgetAttribute.WA_SetFont):  # set its own font
            scaled = QFont(widget.font())
            scaled.setPointSizeF(max(1.0, widget.font().pointSizeF() * ratio))
            widget.setFont(scaled)
        if isinstance(widget, pg.GraphicsView):
            _rescale_scene(widget, ratio)


def _rescale_scene(view: pg.GraphicsView, ratio: float) -> None:
    for item in view.scene().items():
        if isinstance(item, pg.AxisItem):
            _rescale_axis(item, ratio)
        elif isinstance(item, pg.LegendItem):
            item.opts["labelTextSize"] = _scaled(item.opts.get("labelTextSize"), ratio)
        elif isinstance(item, pg.LabelItem):  # titles, legend rows
            if "size" in item.opts:
                item.setText(item.text, size=_scaled(item.opts["size"], ratio))
        elif isinstance(item, pg.TextItem):
            text_font = item.textItem.font()
            text_font.setPointSizeF(max(1.0, text_font.pointSizeF() * ratio))
            item.setFont(text_font)


def _rescale_axis(axis: pg.AxisItem, ratio: float) -> None:
    tick_font = axis.style.get("tickFont")
    if tick_font is not None:
        scaled = QFont(tick_font)
        scaled.setPointSizeF(max(1.0, tick_font.pointSizeF() * ratio))
        axis.setTickFont(scaled)
    style = dict(axis.labelStyle)
    if "font-size" in style:
        style["font-size"] = _scaled(style["font-size"], ratio)
        axis.labelStyle = style
        axis.label.setHtml(axis.labelString())
        axis._adjustSize()  # noqa: SLF001 (pyqtgraph keeps room for the label here)


def _scaled(size: str | None, ratio: float) -> str | None:
    """A CSS size such as '13pt' times `ratio` (None and other forms unchanged)."""
    match = _SIZE.match(size) if isinstance(size, str) else None
    if match is None:
        return size
    return f"{float(match.group(1)) * ratio:.1f}{match.group(2)}"
