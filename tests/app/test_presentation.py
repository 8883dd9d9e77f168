"""Presentation mode, zoom and the presenter remote's keys, as a lecturer uses them."""

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QWidget

from hopgui.labs import LABS
from hopgui.main_window import MainWindow
from hopgui.presentation import REMOTE_KEYS, presentation_zoom
from tests.gui import press
from widgets import palette, zoom
from widgets.live_text import LiveText

LAB = "ring"


def px(font, widget) -> float:
    """A font's size in the widget's logical pixels."""
    return font.pointSizeF() * widget.logicalDpiY() / 72


def text_sizes(window) -> list[tuple[str, float]]:
    """(what, size in px) of every text the window shows: widgets and pyqtgraph items."""
    sizes = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.width() < 2:
            continue
        if isinstance(widget, LiveText) and widget.text():
            sizes.append((f"live text {widget.text()!r}", px(widget.fitted()[0], widget)))
        elif isinstance(widget, QLabel | QAbstractButton | QComboBox):
            if widget.text() if not isinstance(widget, QComboBox) else widget.currentText():
                sizes.append((type(widget).__name__, px(widget.font(), widget)))
        elif isinstance(widget, pg.GraphicsView):
            for item in widget.scene().items():
                if isinstance(item, pg.AxisItem) and item.isVisible() and item.style["showValues"]:
                    sizes.append(
                        (f"ticks of {item.labelText!r}", px(item.style["tickFont"], widget))
                    )
    return sizes


@pytest.mark.parametrize("lab", list(LABS))
@pytest.mark.parametrize("size", [(1024, 768), (1920, 1080), (3840, 2160)])
def test_presentation_mode_fits_and_every_text_is_a_fortieth_of_the_screen(
    qtbot, window, lab, size
):
    window.show_lab(lab)
    qtbot.waitUntil(lambda: window.current_lab().snapshot is not None, timeout=20000)
    window.presentation.set_presenting(True, size=size)
    qtbot.wait(300)  # layouts and the throttled plots settle
    assert window.size().width() == size[0] and window.size().height() == size[1]
    assert not window.menuBar().isVisible()
    assert window.minimumSizeHint().width() <= size[0]
    small = [(what, s) for what, s in text_sizes(window) if s < size[1] / 40 - 0.01]
    assert not small, f"text under 1/40 of {size[1]} px: {small[:5]}"
    plots = [w for w in window.current_lab().findChildren(pg.PlotWidget) if w.isVisible()]
    assert plots and all(p.height() >= size[1] / 4 - 30 for p in plots), [p.height() for p in plots]
    window.presentation.set_presenting(False)
    assert window.menuBar().isVisible() and zoom.zoom() == window.presentation.user_zoom


def test_f11_toggles_plain_full_screen_and_esc_leaves_it(qtbot, window):
    lab = window.current_lab()
    press(qtbot, lab, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen)
    assert window.menuBar().isVisible() and not window.presentation.presenting
    press(qtbot, lab, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: not window.isFullScreen())
    press(qtbot, lab, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen)
    press(qtbot, lab, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.isFullScreen())


def test_f5_presents_and_esc_comes_back_with_the_controls(qtbot, window):
    lab = window.current_lab()
    assert lab.run.isVisible()
    press(qtbot, lab, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.presentation.presenting)
    assert not lab.run.isVisible() and not window.menuBar().isVisible()
    assert zoom.zoom() == pytest.approx(
        presentation_zoom(
            window.presentation.screen().geometry().height(),
            window.presentation.screen().logicalDotsPerInchY(),
        )
    )
    press(qtbot, lab, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.presentation.presenting)
    assert lab.run.isVisible() and window.menuBar().isVisible()


@pytest.mark.parametrize(
    ("name", "color"), [(".", "#000000"), ("B", "#000000"), ("V", "#000000"), ("W", "#ffffff")]
)
def test_the_blank_keys_blank_the_screen_and_the_same_key_brings_it_back(
    qtbot, window, name, color
):
    lab = window.current_lab()
    blank = window.presentation.blank
    press(qtbot, lab, QKeySequence(name)[0].key())
    assert blank.isVisible() and blank.color == color
    assert blank.geometry() == window.rect()
    grabbed = window.grab().toImage()
    assert grabbed.pixelColor(grabbed.width() // 2, grabbed.height() // 2).name() == color
    press(qtbot, lab, QKeySequence(name)[0].key())
    assert not blank.isVisible()
    press(qtbot, lab, QKeySequence(name)[0].key())
    press(qtbot, lab, Qt.Key.Key_Escape)
    assert not blank.isVisible()


def test_no_lab_binds_a_key_that_a_presenter_remote_sends(qtbot, window):
    remote = {QKeySequence(k).toString() for k in REMOTE_KEYS}
    for lab in window.labs.values():
        for _menu, actions in lab.menus():
            for action in actions:
                for shortcut in action.shortcuts():
                    assert shortcut.toString() not in remote, (lab.name, action.text())


def test_zoom_keys_scale_every_text_and_the_zoom_is_remembered(qtbot, window):
    lab = window.current_lab()
    qtbot.waitUntil(lambda: lab.snapshot is not None, timeout=20000)
    tick = lab.findChildren(pg.PlotWidget)[0].getAxis("bottom").style["tickFont"].pointSizeF()
    label = lab.readout.font().pointSizeF()
    press(qtbot, lab, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, lab, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    grown = zoom.zoom()
    assert grown == pytest.approx(zoom.STEPS[zoom.STEPS.index(1.0) + 2])
    axis = lab.findChildren(pg.PlotWidget)[0].getAxis("bottom")
    assert axis.style["tickFont"].pointSizeF() == pytest.approx(tick * grown, rel=0.02)
    assert lab.readout.font().pointSizeF() == pytest.approx(label * grown, rel=0.02)
    assert QSettings().value("zoom", type=float) == pytest.approx(grown)
    press(qtbot, lab, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert zoom.zoom() == 1.0
    assert axis.style["tickFont"].pointSizeF() == pytest.approx(tick, rel=0.02)
    press(qtbot, lab, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert QSettings().value("zoom", type=float) == pytest.approx(
        zoom.STEPS[zoom.STEPS.index(1.0) - 1]
    )
    second = MainWindow(lab="ring")  # the next start comes back at the zoom the user chose
    qtbot.addWidget(second)
    assert zoom.zoom() == pytest.approx(zoom.STEPS[zoom.STEPS.index(1.0) - 1])
    second.presentation.set_user_zoom(1.0)


def test_the_dark_profile_recolours_plots_and_text_and_is_remembered(qtbot, window):
    lab = window.current_lab()  # the ring: its rate curve is drawn in ink
    qtbot.waitUntil(lambda: lab.snapshot is not None, timeout=20000)
    plot = lab.rate_plot.plot
    curve = plot.getPlotItem().listDataItems()[0]
    assert pg.mkPen(curve.opts["pen"]).color().name() == palette.PROFILES["projector"]["INK"]
    for name in ("dark", "projector"):
        colours = palette.PROFILES[name]
        window.presentation.set_colours(name)
        assert plot.backgroundBrush().color().name() == colours["BACKGROUND"]
        assert plot.getAxis("left").textPen().color().name() == colours["TEXT"]
        assert pg.mkPen(curve.opts["pen"]).color().name() == colours["INK"]
        caption = window.caption_bar.caption
        assert caption.palette().color(caption.backgroundRole()).name() == colours["CAPTION"]
        assert QSettings().value("colours") == name
        grabbed = plot.grab().toImage()
        assert grabbed.pixelColor(3, 3).name() == colours["BACKGROUND"]
