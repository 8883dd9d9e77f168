"""Export what a lab shows: every panel as PNG (at a chosen scale, 2x by default, for slides),
SVG (vector, through QSvgGenerator, for the plots and the painted views: grid, ring,
animal, lattice, ...), and the data behind it as CSV with a header naming the columns and their
units.

Panels are found by walking the lab's widgets: every pyqtgraph plot on screen, and every view
that declares itself exportable. A view declares it on its class (the `widgets` package needs
nothing of this module):

    class SpinLattice(QWidget):
        export_name = "lattice"              # file names: <lab>-lattice.png, ...
        export_menu = False                  # optional: its right button paints (no menu)

        def export_table(self):              # optional: the data behind it, for CSV
            return ["row \\ column", ...], [[0, 1, -1, ...], ...]

A view built on a plot (a `PlotPanel`, with the plot as `.plot`) is exported as that plot, under
its own name, its data read off the plot. The module knows no lab and no widget class.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QBuffer, QIODevice, QPoint, QRectF, QSize, qInstallMessageHandler
from PySide6.QtGui import QColor, QCursor, QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QWidget

from hopgui import __version__

DEFAULT_SCALE = 2.0  # PNGs twice the size on screen: sharp on a slide
MAX_PIXELS = 120_000_000  # about 11000 x 11000: what a PNG of a panel may take
FORMATS = ("png", "svg", "csv")
_TAGS = re.compile(r"<[^>]*>")


@dataclass
class Panel:
    """One exportable picture of a lab: a plot (`plot` set) or a painted view."""

    name: str  # for file names: "energy", "overlaps", "grid", ...
    title: str  # for people: "Energy E / N"
    widget: QWidget
    plot: pg.PlotItem | None = None


def plain_text(text: str) -> str:
    return " ".join(html.unescape(_TAGS.sub("", text or "")).split())


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "panel"


def export_name(widget: QWidget) -> str | None:
    """The name a view declares for export (its class's `export_name`), or None."""
    name = getattr(widget, "export_name", None)
    return name if isinstance(name, str) and name else None


def view_plot(widget: QWidget) -> pg.PlotWidget | None:
    """The plot a view is built on (a PlotPanel's `.plot`), if any."""
    plot = getattr(widget, "plot", None)
    return plot if isinstance(plot, pg.PlotWidget) else None


def panels(lab: QWidget) -> list[Panel]:
    """Every panel of `lab` on screen, in layout order (plots by their titles, views by the
    name they declare)."""
    found: list[Panel] = []
    names: set[str] = set()
    for widget in lab.findChildren(QWidget):
        if not widget.isVisible() or widget.width() < 20 or widget.height() < 20:
            continue
        if any(p.widget.isAncestorOf(widget) for p in found):
            continue  # the plot inside a view already found
        name = export_name(widget)
        if name is not None:
            plot_widget = view_plot(widget)
            plot = plot_widget.getPlotItem() if plot_widget is not None else None
            title = _plot_title(plot) if plot is not None else ""
            panel = Panel(name, title or name, widget, plot)
        elif isinstance(widget, pg.PlotWidget):
            plot = widget.getPlotItem()
            title = _plot_title(plot)
            panel = Panel(slug(title), title or "plot", widget, plot)
        else:
            continue
        base, k = panel.name, 2
        while panel.name in names:
            panel.name, k = f"{base}-{k}", k + 1
        names.add(panel.name)
        found.append(panel)
    return found


def _plot_title(plot: pg.PlotItem) -> str:
    return plain_text(plot.titleLabel.text) or plain_text(plot.getAxis("left").labelText)


def has_menu(widget: QWidget) -> bool:
    """Does `widget` get the right-click export menu? Plots do, and declared views unless
    they use the right button themselves (`export_menu = False`: the grid paints with it);
    a view built on a plot gets it through its plot."""
    if isinstance(widget, pg.PlotWidget):
        return True
    if export_name(widget) is None or view_plot(widget) is not None:
        return False
    return bool(getattr(widget, "export_menu", True))


def panel_at(lab: QWidget, global_pos: QPoint) -> Panel | None:
    """The panel under the screen point `global_pos`, if any."""
    for panel in panels(lab):
        local = panel.widget.mapFromGlobal(global_pos)
        if panel.widget.rect().contains(local):
            return panel
    return None


# --- pictures ------------------------------------------------------------------------------------


def render_image(widget: QWidget, scale: float = DEFAULT_SCALE) -> QImage:
    """`widget` drawn at `scale` times its size on screen (vector drawing, so sharp at any
    scale: the painter draws at a device pixel ratio of `scale`). ValueError if too large."""
    if not 0.1 <= scale <= 16:
        raise ValueError(f"the scale must be from 0.1 to 16, not {scale:g}")
    size = QSize(max(1, round(widget.width() * scale)), max(1, round(widget.height() * scale)))
    if size.width() * size.height() > MAX_PIXELS:
        raise ValueError(
            f"{size.width()} x {size.height()} pixels is too large for a picture; choose a "
            "smaller size"
        )
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(scale)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        QWidget.render(widget, painter, QPoint())  # the widget as on screen, children too
    finally:
        painter.end()
    return image


def save_png(panel: Panel, path: str | Path, scale: float = DEFAULT_SCALE) -> Path:
    image = render_image(panel.widget, scale)
    data = QBuffer()
    data.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(data, "PNG"):
        raise OSError(f"could not encode {panel.title} as PNG")
    return _write(path, bytes(data.data()))


def save_svg(panel: Panel, path: str | Path) -> Path:
    """Vector SVG of the panel as drawn on screen (lines, text and shapes stay vectors; an
    image such as the weight matrix is embedded as pixels). QSvgGenerator draws every panel:
    pyqtgraph's own SVG exporter fails on the paths Qt 6 writes."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    size = panel.widget.size()
    generator.setSize(size)
    generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
    generator.setTitle(panel.title)
    generator.setDescription(f"hopgui {__version__}")
    previous = qInstallMessageHandler(_quiet_svg_handler)
    _previous_handler[:] = [previous]
    painter = QPainter(generator)
    try:
        QWidget.render(panel.widget, painter, QPoint())
    finally:
        painter.end()
        qInstallMessageHandler(previous)
        _previous_handler.clear()
    return _write(path, bytes(buffer.data()))


_previous_handler: list = []


def _quiet_svg_handler(mode, context, message: str) -> None:
    """SVG has no conical gradients (the ring's colours): Qt draws that part as pixels and
    says so on every paint; the export says nothing."""
    if "conical gradients" in message:
        return
    if _previous_handler and _previous_handler[0] is not None:
        _previous_handler[0](mode, context, message)
    else:
        sys.stderr.write(message + "\n")


def copy_image(widget: QWidget, scale: float = DEFAULT_SCALE) -> QImage:
    """Put `widget`'s picture on the clipboard (and return it)."""
    image = render_image(widget, scale)
    QGuiApplication.clipboard().setImage(image)
    return image


# --- data ----------------------------------------------------------------------------------------


def panel_tables(panel: Panel) -> dict[str, tuple[list[str], list[list]]]:
    """The data behind a panel as named tables {suffix: (column names, rows)}: "" for the
    curves, "-image" for an image's values (when a plot shows both), or what a view gives as
    its `export_table()` (the grid's cells, the lattice's spins, ...)."""
    if panel.plot is None:
        table = getattr(panel.widget, "export_table", None)
        if callable(table):
            columns, rows = table()
            return {"": ([str(c) for c in columns], [[_cell(v) for v in r] for r in rows])}
        return {}
    tables = {}
    curves = _curves_table(panel.plot)
    image = _image_table(panel.plot)
    if curves is not None:
        tables[""] = curves
    if image is not None:
        tables["-image" if curves is not None else ""] = image
    return tables


def save_csv(panel: Panel, path: str | Path, lab_title: str = "") -> list[Path]:
    """The panel's data as CSV (one file per table; none if it holds no data)."""
    path = Path(path)
    written = []
    for suffix, (columns, rows) in panel_tables(panel).items():
        target = path.with_name(f"{path.stem}{suffix}{path.suffix or '.csv'}")
        out = io.StringIO()
        when = dt.datetime.now().isoformat(timespec="seconds")
        out.write(f"# hopgui {__version__}: {lab_title or 'lab'}, {panel.title}; {when}\n")
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        written.append(_write(target, out.getvalue().encode("utf-8")))
    return written


def _axis_title(plot: pg.PlotItem, side: str, fallback: str, borrow: bool = True) -> str:
    """An axis's label with its units; a plot whose axis is linked to another's (stacked plots
    label only one of them) borrows the other's label."""
    axis = plot.getAxis(side)
    text = plain_text(axis.labelText)
    units = plain_text(axis.labelUnits)
    if units and units not in text:
        text = f"{text} ({units})"
    if not text and borrow:
        for other in _linked_plots(
            plot, pg.ViewBox.XAxis if side == "bottom" else pg.ViewBox.YAxis
        ):
            text = _axis_title(other, side, "", borrow=False)
            if text:
                break
    return text or fallback


def _linked_plots(plot: pg.PlotItem, axis: int) -> list[pg.PlotItem]:
    """Plots whose `axis` is linked with `plot`'s, either way round."""
    view = plot.getViewBox()
    views = [view.linkedView(axis)]
    views += [v for v in list(pg.ViewBox.AllViews) if v is not view and v.linkedView(axis) is view]
    owners = [v.parentItem() for v in views if v is not None]
    return [p for p in owners if isinstance(p, pg.PlotItem) and p is not plot]


def _curves_table(plot: pg.PlotItem) -> tuple[list[str], list[list]] | None:
    x_title, y_title = _axis_title(plot, "bottom", "x"), _axis_title(plot, "left", "y")
    series = []
    counts = {"curve": 0, "points": 0}
    for item in plot.items:
        if not item.isVisible():
            continue
        if isinstance(item, pg.PlotDataItem):
            x, y = item.getOriginalDataset()
        elif isinstance(item, pg.ScatterPlotItem):
            x, y = item.getData()
        else:
            continue
        if x is None or y is None or len(x) == 0:
            continue
        kind = "points" if isinstance(item, pg.ScatterPlotItem) else "curve"
        counts[kind] += 1
        name = item.name() if hasattr(item, "name") and item.name() else None
        series.append((name or f"{kind} {counts[kind]}", np.asarray(x), np.asarray(y)))
    if not series:
        return None
    if len(series) == 1:
        name, x, y = series[0]
        return [x_title, y_title], [[_num(a), _num(b)] for a, b in zip(x, y, strict=False)]
    shared_x = all(
        len(s[1]) == len(series[0][1]) and np.array_equal(s[1], series[0][1]) for s in series
    )
    if shared_x:
        columns = [x_title, *(f"{name}: {y_title}" for name, _, _ in series)]
        rows = [
            [_num(series[0][1][i]), *(_num(s[2][i]) for s in series)]
            for i in range(len(series[0][1]))
        ]
        return columns, rows
    columns = [c for name, _, _ in series for c in (f"{name}: {x_title}", f"{name}: {y_title}")]
    length = max(len(s[1]) for s in series)
    rows = []
    for i in range(length):
        row = []
        for _, x, y in series:
            row += [_num(x[i]), _num(y[i])] if i < len(x) else ["", ""]
        rows.append(row)
    return columns, rows


def _image_table(plot: pg.PlotItem) -> tuple[list[str], list[list]] | None:
    """An image's values, one row per image row, with the data coordinates of each pixel's
    centre as the first column and the header (read on the axes)."""
    for item in plot.items:
        if not isinstance(item, pg.ImageItem) or item.image is None or not item.isVisible():
            continue
        data = np.asarray(item.image)
        if data.ndim != 2 or data.size <= 1:
            continue
        rows_n, cols_n = data.shape  # the plots here use axisOrder="row-major"
        rect = item.mapRectToParent(item.boundingRect())
        xs = _centres(rect.left(), rect.width(), cols_n)
        ys = _centres(rect.top(), rect.height(), rows_n)
        y_title, x_title = _axis_title(plot, "left", "row"), _axis_title(plot, "bottom", "column")
        columns = [f"{y_title} \\ {x_title}", *(_num(x) for x in xs)]
        rows = [[_num(ys[r]), *(_num(v) for v in data[r])] for r in range(rows_n)]
        return [str(c) for c in columns], rows
    return None


def _centres(start: float, length: float, count: int) -> np.ndarray:
    """Where each pixel's centre lies; a matrix drawn one unit per pixel from 0 is indexed."""
    if start == 0 and length == count:
        return np.arange(count)
    return start + (np.arange(count) + 0.5) * length / count


def _cell(value) -> str:
    """A view's table cell: numbers as `_num` writes them, text as it is."""
    return value if isinstance(value, str) else _num(value)


def _num(value) -> str:
    value = float(value)
    if not np.isfinite(value):
        return ""  # a gap in a curve (e.g. where a heading wraps round)
    return str(int(value)) if value == int(value) else repr(round(value, 12) + 0.0)


def _write(path: str | Path, data: bytes) -> Path:
    from hopgui.files.session import write_bytes

    write_bytes(path, data)
    return Path(path)


# --- a whole lab ---------------------------------------------------------------------------------


def export_lab(
    lab: QWidget,
    folder: str | Path,
    formats: tuple[str, ...] = FORMATS,
    scale: float = DEFAULT_SCALE,
    only: list[Panel] | None = None,
) -> list[Path]:
    """Every panel of `lab` (or `only` these) into `folder` as `<lab>-<panel>.<format>`."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    prefix = getattr(lab, "name", "") or "lab"
    title = getattr(lab, "title", "")
    written = []
    for panel in only if only is not None else panels(lab):
        stem = folder / f"{prefix}-{panel.name}"
        if "png" in formats:
            written.append(save_png(panel, stem.with_suffix(".png"), scale))
        if "svg" in formats:
            written.append(save_svg(panel, stem.with_suffix(".svg")))
        if "csv" in formats:
            written += save_csv(panel, stem.with_suffix(".csv"), title)
    return written


def cursor_panel(lab: QWidget) -> Panel | None:
    return panel_at(lab, QCursor.pos())
