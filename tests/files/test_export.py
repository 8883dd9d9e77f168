"""Export as a lecturer preparing slides uses it: right-click a plot for PNG / SVG / CSV,
File > Export for every panel of a lab, Ctrl+C for a picture; the files are read back."""

import csv
import xml.etree.ElementTree as ET

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QCursor, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication

from hopgui.files import export, headless
from hopgui.labs import LABS
from tests.gui import press

CTRL = Qt.KeyboardModifier.ControlModifier


def ready(qtbot, window, name):
    """The lab `name` on screen, its demo run, paused, every plot drawn."""
    window.show_lab(name)
    window.labs[name].demo()
    assert headless.wait_for_picture(QApplication.instance(), window, demo=True)
    return window.labs[name]


def inked(image: QImage) -> float:
    """The fraction of pixels that are not the background's colour."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    pixels = np.frombuffer(image.constBits(), np.uint32, image.width() * image.height())
    _, counts = np.unique(pixels, return_counts=True)
    return 1.0 - counts.max() / pixels.size


def shows_data(plot) -> bool:
    """Does a plot draw any data (a curve, points or an image), not only marks and text?"""
    for item in plot.items:
        if not item.isVisible():
            continue
        if isinstance(item, pg.PlotDataItem | pg.ScatterPlotItem):
            x, _ = item.getData()
            if x is not None and len(x):
                return True
        if isinstance(item, pg.ImageItem) and item.image is not None and item.image.size > 1:
            return True
    return False


def read_csv(path):
    lines = path.read_text().splitlines()
    assert lines[0].startswith("# hopgui")
    rows = list(csv.reader(lines[1:]))
    return rows[0], rows[1:]


@pytest.mark.parametrize("name", list(LABS))
def test_every_panel_of_every_lab_exports_as_png_svg_and_csv(qtbot, window, tmp_path, name):
    lab = ready(qtbot, window, name)
    panels = export.panels(lab)
    assert len(panels) >= 3 and lab.main_view in [p.widget for p in panels]
    written = export.export_lab(lab, tmp_path)
    for panel in panels:
        png = tmp_path / f"{name}-{panel.name}.png"
        image = QImage(str(png))
        assert (image.width(), image.height()) == (
            round(2 * panel.widget.width()),
            round(2 * panel.widget.height()),
        ), "PNGs are twice the size on screen by default"
        assert inked(image) > 0.005, f"{png.name} is blank"
        svg = ET.parse(tmp_path / f"{name}-{panel.name}.svg").getroot()
        assert svg.tag.endswith("svg")
        shapes = [e for e in svg.iter() if e.tag.split("}")[-1] in ("path", "polyline", "text")]
        assert shapes, f"{panel.name}.svg has no vector shapes"
        has_table = panel.plot is not None or hasattr(panel.widget, "export_table")
        csv_path = tmp_path / f"{name}-{panel.name}.csv"
        if panel.plot is not None and not shows_data(panel.plot):
            assert not csv_path.exists(), "an empty plot has no data to write"
        elif has_table:
            header, rows = read_csv(csv_path)
            assert len(header) >= 2 and rows, f"{csv_path.name} holds no data"
    assert all(p.exists() for p in written)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("ising", {"lattice"}),
        ("sync", {"phases"}),
        ("grid", {"sheet", "arena"}),
        ("capacity", {"recall", "grid"}),
    ],
)
def test_the_new_labs_views_export_under_their_own_names_with_their_data(
    qtbot, window, tmp_path, name, expected
):
    """Views declare their export name on their class; their data goes to CSV."""
    lab = ready(qtbot, window, name)
    panels = {p.name: p for p in export.panels(lab)}
    assert expected <= set(panels)
    main = next(p for p in panels.values() if p.widget is lab.main_view)
    assert main.name in expected
    for view in expected:
        paths = export.save_csv(panels[view], tmp_path / f"{view}.csv", lab.title)
        assert paths
        for path in paths:
            header, rows = read_csv(path)
            assert len(header) >= 2 and rows
    if name == "ising":  # the spins on screen, cell for cell
        cells = np.array([r[1:] for r in read_csv(tmp_path / "lattice.csv")[1]], dtype=int)
        assert np.array_equal(cells, np.where(lab.snapshot.picture > 0, 1, -1))


def test_sync_exports_the_view_of_the_mode_on_screen(qtbot, window, tmp_path):
    sync = ready(qtbot, window, "sync")
    sync.set_param("mode", "bridge")
    sync.add_walkers(20)
    qtbot.waitUntil(lambda: sync.main_view is sync.bridge, timeout=10000)
    qtbot.waitUntil(lambda: len(sync.snapshot.bridge.walker_positions) == 20, timeout=10000)
    names = {p.name: p for p in export.panels(sync)}
    assert {"bridge", "walkers"} <= set(names) and "phases" not in names
    (path,) = export.save_csv(names["bridge"], tmp_path / "bridge.csv")
    header, rows = read_csv(path)
    assert header[0].startswith("place along the deck") and len(rows) == 20


def test_the_csv_names_columns_with_units_and_holds_what_is_plotted(qtbot, window, tmp_path):
    ring = ready(qtbot, window, "ring")
    rates = next(p for p in export.panels(ring) if p.title.startswith("Rate"))
    (path,) = export.save_csv(rates, tmp_path / "rates.csv", ring.title)
    header, rows = read_csv(path)
    assert header == ["preferred direction (deg)", "rate (Hz)"]
    data = np.array(rows, dtype=float)
    x, y = ring.rate_plot.plot.getPlotItem().listDataItems()[0].getOriginalDataset()
    np.testing.assert_allclose(data[:, 0], x, atol=1e-9)
    np.testing.assert_allclose(data[:, 1], y, rtol=1e-9)


def test_the_grid_exports_its_cells(qtbot, window, tmp_path):
    hop = ready(qtbot, window, "hopfield")
    grid = next(p for p in export.panels(hop) if p.name == "grid")
    (path,) = export.save_csv(grid, tmp_path / "grid.csv")
    header, rows = read_csv(path)
    cells = np.array([r[1:] for r in rows], dtype=int)
    assert header[0].startswith("row \\ column") and cells.shape == hop.panel.grid.shape
    assert np.array_equal(cells.ravel(), hop.panel.grid.displayed_state())


# a popup menu on the offscreen platform: it cannot raise it or grab the keyboard
@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")
def test_a_right_click_on_a_plot_offers_the_exports(qtbot, window, tmp_path):
    ring = ready(qtbot, window, "ring")
    plot = ring.rate_plot.plot
    exports = window.files.exports
    out = tmp_path / "slides"
    out.mkdir()
    exports.ask_path = lambda default, kind: str(out / f"rates.{kind}")
    where = QPoint(40, 40)  # a right-click as the platform delivers it: to the viewport
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, where, plot.viewport().mapToGlobal(where)
    )
    QApplication.sendEvent(plot.viewport(), event)
    menu = exports.menu
    assert menu is not None and menu.isVisible()
    actions = {a.text(): a for a in menu.actions() if a.text()}
    assert list(actions) == [
        "Export PNG (2x)…",
        "Export SVG…",
        "Export data (CSV)…",
        "Copy picture",
        "Record this panel…",
    ]
    for text in ("Export PNG (2x)…", "Export SVG…", "Export data (CSV)…"):
        actions[text].trigger()
    menu.close()
    assert {p.name for p in out.iterdir()} == {"rates.png", "rates.svg", "rates.csv"}


def test_the_grid_keeps_its_right_button_for_painting(qtbot, window):
    hop = ready(qtbot, window, "hopfield")
    assert hop.panel.grid.contextMenuPolicy() != Qt.ContextMenuPolicy.CustomContextMenu
    ising = window.labs["ising"]  # the lattice paints down spins with the right button
    assert ising.lattice.contextMenuPolicy() != Qt.ContextMenuPolicy.CustomContextMenu
    arena = window.labs["grid"].arena  # a view that leaves the right button alone has the menu
    assert arena.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu


@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")
def test_a_right_click_on_a_view_built_on_a_plot_exports_the_view(qtbot, window):
    grid = ready(qtbot, window, "grid")
    plot = grid.sheet.plot
    menu = window.files.exports.context_menu(grid, plot)
    assert menu is not None and menu.title() == "Sheet of grid cells"
    assert window.files.exports.panel_of(grid, plot).widget is grid.sheet
    menu.deleteLater()


def test_file_export_writes_the_chosen_panels(qtbot, window, tmp_path):
    from hopgui.files.export_ui import ExportDialog

    ring = ready(qtbot, window, "ring")
    dialog = ExportDialog(ring, str(tmp_path / "slides"), window)
    dialog.which.setCurrentIndex(1)  # the first panel only
    dialog.kinds["svg"].setChecked(False)
    dialog.scale.setValue(3.0)
    choice = dialog.choice()
    written = window.files.exports.export_chosen(ring, choice)
    assert sorted(p.suffix for p in written) == [".csv", ".png"]
    png = next(p for p in written if p.suffix == ".png")
    assert QImage(str(png)).width() == 3 * choice["panels"][0].widget.width()
    dialog.deleteLater()


def test_ctrl_c_copies_the_panel_under_the_mouse_or_the_lab(qtbot, window):
    ring = ready(qtbot, window, "ring")
    clipboard = QGuiApplication.clipboard()
    QCursor.setPos(ring.ring.mapToGlobal(ring.ring.rect().center()))
    press(qtbot, ring, Qt.Key.Key_C, CTRL)
    image = clipboard.image()
    if image.isNull():
        pytest.skip("this platform has no clipboard")
    if QCursor.pos() == ring.ring.mapToGlobal(ring.ring.rect().center()):
        assert image.width() == 2 * ring.ring.width()
    QCursor.setPos(QPoint(-1000, -1000))
    press(qtbot, ring, Qt.Key.Key_C, CTRL)
    assert clipboard.image().width() == 2 * ring.width()


def test_a_size_too_large_is_refused_in_words(qtbot, window, tmp_path):
    ring = ready(qtbot, window, "ring")
    with pytest.raises(ValueError, match="too large|scale"):
        export.render_image(ring, 16.0)
