"""Switch the colour profile (projector / dark, see `palette.PROFILES`) while the app runs.

`set_profile(root, name)` changes the palette's profile colours in place, so everything that
paints with `palette.INK`, `palette.TEXT`, ... at paint time follows at its next paint. What
copied a colour earlier follows too: Qt's own widgets through the application palette,
pyqtgraph plots through a walk over their items (backgrounds, axes, titles, and every pen,
brush or label whose colour was one of the old profile colours), and widgets that cache a
picture through their `restyle()` method, called here.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QBrush, QColor, QPalette, QPen
from PySide6.QtWidgets import QApplication, QWidget

from widgets import palette


def set_profile(root: QWidget | None, name: str) -> None:
    """Use colour profile `name` everywhere under `root` (and for what is built from now on)."""
    changed = palette.use_profile(name)
    pg.setConfigOptions(background=palette.BACKGROUND, foreground=palette.TEXT)
    app = QApplication.instance()
    if app is not None:
        app.setPalette(qt_palette())
    if root is None:
        return
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, pg.GraphicsView):
            _restyle_scene(widget, changed)
        restyle = getattr(widget, "restyle", None)
        if callable(restyle):
            restyle()
        widget.update()


def qt_palette() -> QPalette:
    """Qt's palette for buttons, labels, menus and boxes in the current profile."""
    qt = QPalette()
    roles = QPalette.ColorRole
    for role, color in (
        (roles.Window, palette.WINDOW),
        (roles.WindowText, palette.TEXT),
        (roles.Base, palette.BACKGROUND),
        (roles.AlternateBase, palette.WINDOW),
        (roles.Text, palette.TEXT),
        (roles.Button, palette.WINDOW),
        (roles.ButtonText, palette.TEXT),
        (roles.ToolTipBase, palette.BACKGROUND),
        (roles.ToolTipText, palette.TEXT),
        (roles.PlaceholderText, palette.GRID_LINE),
    ):
        qt.setColor(role, color)
    return qt


def _mapped(color: QColor, changed: dict[int, QColor]) -> QColor | None:
    new = changed.get(QColor(color).rgba())
    return QColor(new) if new is not None else None


def _restyle_scene(view: pg.GraphicsView, changed: dict[int, QColor]) -> None:
    view.setBackground(palette.BACKGROUND)
    for item in view.scene().items():
        if isinstance(item, pg.AxisItem):
            item.setPen(palette.TEXT)
            item.setTextPen(palette.TEXT)
            item.labelStyle = {**item.labelStyle, "color": palette.TEXT.name()}
            item.label.setHtml(item.labelString())
        elif isinstance(item, pg.LabelItem):
            color = item.opts.get("color")
            new = _mapped(QColor(color), changed) if color is not None else None
            item.setText(item.text, color=(new or palette.TEXT).name())
        elif isinstance(item, pg.PlotDataItem):
            _restyle_data(item, changed)
        elif isinstance(item, pg.InfiniteLine):
            new = _mapped(item.pen.color(), changed)
            if new is not None:
                pen = QPen(item.pen)
                pen.setColor(new)
                item.setPen(pen)


def _restyle_data(item: pg.PlotDataItem, changed: dict[int, QColor]) -> None:
    """A curve or scatter whose pen, brush or symbol was a profile colour takes the new one."""
    for key, setter in (("pen", item.setPen), ("symbolPen", item.setSymbolPen)):
        old = item.opts.get(key)
        if old is None:
            continue
        pen = pg.mkPen(old)
        new = _mapped(pen.color(), changed)
        if new is not None:
            pen.setColor(new)
            setter(pen)
    for key, setter in (("symbolBrush", item.setSymbolBrush), ("fillBrush", item.setFillBrush)):
        old = item.opts.get(key)
        if old is None:
            continue
        brush = QBrush(pg.mkBrush(old))
        new = _mapped(brush.color(), changed)
        if new is not None:
            brush.setColor(new)
            setter(brush)
