"""The Hopfield lab's plots, driven with the data the lab hands them: overlaps with the memories,
the energy trace, the landscape, the weights, and the live text lines above them."""

import math
import re
import time

import numpy as np
import pytest
from PySide6.QtGui import QFont, QFontMetricsF, QImage, QPainter
from PySide6.QtWidgets import QApplication

from widgets import palette, zoom
from widgets.energy_trace import EnergyTrace
from widgets.landscape_view import LandscapeView
from widgets.live_text import MIN_SCALE, LiveText
from widgets.matrix_view import MatrixView
from widgets.overlap_plot import LEGEND_ROWS, STRONGEST, OverlapPlot, short_name

ROUND_TICK = re.compile(r"^[-−]?\d+(\.\d{1,3})?$")  # 0, -0.4, 0.25, 1.125: no 1e-10, no 0.41629


def show(qtbot, widget, width=560, height=380):
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def recall_history(count: int, recalled: int, steps: int = 40, seed: int = 0) -> np.ndarray:
    """(steps, count) overlaps of a recall: memory `recalled` climbs to 1, the others stay low."""
    rng = np.random.default_rng(seed)
    history = rng.normal(0.0, 0.05, (steps, count))
    history[:, recalled] = np.linspace(0.3, 1.0, steps)
    return history


def names_of(count: int) -> tuple[str, ...]:
    return tuple(f"P{i + 1}" for i in range(count))


def curves(plot: OverlapPlot) -> list:
    return plot.plot.getPlotItem().listDataItems()


def curve_colours(plot: OverlapPlot) -> list[str]:
    return [curve.opts["pen"].color().name() for curve in curves(plot)]


def tick_labels(plot_widget, side: str = "left") -> list[str]:
    """The tick labels the axis draws for its current range."""
    axis = plot_widget.getAxis(side)
    low, high = plot_widget.getPlotItem().getViewBox().viewRange()[1 if side == "left" else 0]
    labels = []
    for spacing, values in axis.tickValues(low, high, axis.height() or 300):
        labels += axis.tickStrings(values, axis.autoSIPrefixScale, spacing)
    return labels


# ----------------------------------------------------------------------------- overlaps
def test_each_memory_is_drawn_in_its_own_colour(qtbot):
    plot = show(qtbot, OverlapPlot())
    plot.set_history(np.arange(40.0), recall_history(20, 3), names_of(20))
    assert curve_colours(plot) == [c.name() for c in palette.series_colors(20)]
    assert len(set(curve_colours(plot))) == 20, "two memories share a colour"


def test_a_stored_memory_adds_one_curve_and_keeps_the_others(qtbot):
    plot = show(qtbot, OverlapPlot())
    sweeps = np.arange(40.0)
    plot.set_history(sweeps, recall_history(3, 0), ("A", "T", "X"))
    before = curves(plot)
    plot.set_history(sweeps, recall_history(4, 0), ("A", "T", "X", "P1"))
    after = curves(plot)
    assert len(after) == 4 and after[:3] == before, "the old curves were rebuilt"
    assert [row[1].text for row in plot.legend.items] == ["'A'", "'T'", "'X'", "'P1'"]
    plot.set_history(sweeps, recall_history(2, 0), ("T", "X"))  # 'A' and 'P1' removed
    assert curves(plot) == before[:2]
    assert [row[1].text for row in plot.legend.items] == ["'T'", "'X'"]
    assert curve_colours(plot) == [c.name() for c in palette.series_colors(2)]


def test_a_thousand_memories_draw_the_strongest_overlaps_only(qtbot):
    plot = show(qtbot, OverlapPlot())
    history = recall_history(1000, 537)
    history[:, 12] = np.linspace(0.0, -0.8, len(history))  # the reverse of memory 13 too
    plot.set_history(np.arange(40.0), history, names_of(1000))
    assert len(curves(plot)) == STRONGEST
    assert {537, 12} <= set(plot.shown_memories())
    assert {537, 12} <= set(plot.labelled_memories())
    assert len(plot.legend.items) <= LEGEND_ROWS
    assert "P538" in " ".join(row[1].text for row in plot.legend.items)
    title = plot.plot.getPlotItem().titleLabel.text
    assert "12 strongest" in title and "1000" in title
    colours = dict(zip(plot.shown_memories(), curve_colours(plot), strict=True))
    assert colours[537] == palette.series_color(537).name()


def test_storing_memory_after_memory_never_grows_the_legend_or_the_curves(qtbot):
    plot = show(qtbot, OverlapPlot())
    sizes = []
    for count in range(1, 61):
        plot.set_history(np.arange(40.0), recall_history(count, count - 1), names_of(count))
        sizes.append((len(curves(plot)), len(plot.legend.items)))
    assert max(curve for curve, _ in sizes) <= len(palette.SERIES)
    assert max(rows for _, rows in sizes) <= LEGEND_ROWS
    assert sizes[-1] == (STRONGEST, LEGEND_ROWS)
    assert plot.labelled_memories()[-1] == 59, "the memory being recalled is named"


def test_storing_a_thousandth_memory_costs_about_what_a_tenth_does(qtbot):
    plot = show(qtbot, OverlapPlot())
    sweeps = np.arange(40.0)

    def store_time(count: int) -> float:  # the frame after memory number `count` is stored
        history = recall_history(count, 0)
        best = math.inf
        for _ in range(3):
            plot.set_history(sweeps, history[:, :-1], names_of(count - 1))
            start = time.perf_counter()
            plot.set_history(sweeps, history, names_of(count))
            best = min(best, time.perf_counter() - start)
        return best

    store_time(10)  # warm up
    assert store_time(1000) < 10 * store_time(10)


def test_long_names_are_cut_in_the_legend_but_not_inside_an_escaped_character():
    assert short_name("A") == "A"
    cut = short_name("x" * 22 + "&lt;img&gt;", 24)
    assert cut == "x" * 22 + "&lt;…"
    assert len(short_name("y" * 1_000_000)) == 24


# ----------------------------------------------------------------------------- energy trace
@pytest.mark.parametrize("energy", [0.0, -0.41629028305, -1.2345678])
def test_a_flat_energy_trace_gets_round_ticks(qtbot, energy):
    trace = show(qtbot, EnergyTrace())
    trace.set_trace(np.arange(6.0), np.full(6, energy))
    qtbot.wait(10)
    low, high = trace.plot.getPlotItem().getViewBox().viewRange()[1]
    assert low < energy < high and high - low >= 0.05, "a flat trace needs a readable range"
    labels = tick_labels(trace.plot)
    assert labels and all(ROUND_TICK.match(label) for label in labels), labels


def test_a_falling_energy_trace_gets_a_round_range(qtbot):
    trace = show(qtbot, EnergyTrace())
    energy = -0.2 - 0.21629028305 * (1 - np.exp(-np.arange(50) / 8))
    trace.set_trace(np.arange(50) / 10, energy)
    low, high = trace._y.range
    assert low <= energy.min() and energy.max() <= high
    assert (low, high) == (round(low, 3), round(high, 3))
    assert all(ROUND_TICK.match(label) for label in tick_labels(trace.plot))


# ----------------------------------------------------------------------------- landscape
def landscape_data():
    m = np.linspace(-1, 1, 41)
    energy = -0.95 + 0.45 * (m[None, :] ** 2 + m[:, None] ** 2)
    return m, m, energy


@pytest.fixture
def app_font():
    """The app's own font (13 pt), as hopgui's main window sets it."""
    app = QApplication.instance()
    before = app.font()
    app.setFont(zoom.font(base=before))
    yield
    app.setFont(before)


def test_the_colour_bar_title_sits_beside_its_tick_labels(qtbot, app_font):
    view = show(qtbot, LandscapeView(), 520, 420)
    view.set_landscape(*landscape_data(), ("A", "T"), 0.1)
    for _ in range(3):  # the axis measures its tick labels when it paints them
        view.grab()
        qtbot.wait(5)
    axis = view.colorbar.axis
    image = QImage(4, 4, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    _, _, texts = axis.generateDrawSpecs(painter)
    painter.end()
    label = axis.label
    margin = label.document().documentMargin()
    glyphs = label.mapRectToParent(label.boundingRect().adjusted(margin, margin, -margin, -margin))
    assert axis.labelText == "E / N"
    assert glyphs.left() >= max(rect.right() for rect, _, _ in texts), "title on the tick labels"
    assert glyphs.right() <= axis.boundingRect().right() + 2, "title cut off"


def test_clearing_the_landscape_forgets_the_memories_names(qtbot):
    view = show(qtbot, LandscapeView())
    view.set_landscape(*landscape_data(), ("Alpha", "Tau"), 0.0)
    assert "Alpha" in view.plot.getAxis("bottom").labelText
    view.clear()  # all memories deleted
    titles = (view.plot.getAxis("bottom").labelText, view.plot.getAxis("left").labelText)
    assert not any(name in title for title in titles for name in ("Alpha", "Tau"))
    assert view.axis_titles() == titles


# ----------------------------------------------------------------------------- weights
def test_weights_of_an_empty_network_say_so(qtbot):
    view = show(qtbot, MatrixView("Weights W", "unit j", "unit i"))
    assert view.empty_label.isVisible() and "no memories" in view.empty_label.toPlainText()
    assert tuple(view.colorbar.levels()) == (-1.0, 1.0)
    view.set_matrix(np.zeros((64, 64), np.float32), extent=4096)  # what an empty network sends
    assert view.is_empty()
    assert tuple(view.colorbar.levels()) == (-1.0, 1.0)
    weights = np.zeros((64, 64), np.float32)
    weights[0, 1] = weights[1, 0] = -0.25
    view.set_matrix(weights, extent=4096)
    assert not view.is_empty()
    assert tuple(view.colorbar.levels()) == (-0.25, 0.25)


# ----------------------------------------------------------------------------- live text
VELOCITY = "Turning input ω = +180 °/s   ·   shift γ = −τgω = +0.0236   ·   too fast: the bump lags"


def text_width(widget: LiveText, font: QFont, text: str) -> float:
    return QFontMetricsF(font, widget).horizontalAdvance(text)


def test_live_text_shrinks_until_the_whole_line_fits(qtbot):
    line = show(qtbot, LiveText(VELOCITY), 900, 40)
    font = line.fitted(10_000)[0]
    full = text_width(line, font, VELOCITY)
    smallest = QFont(font)
    smallest.setPointSizeF(font.pointSizeF() * MIN_SCALE)
    for width in range(int(text_width(line, smallest, VELOCITY)) + 2, int(full) + 40, 7):
        font, text = line.fitted(width)
        assert text == VELOCITY, f"cut at {width} px although the smallest size would fit"
        assert text_width(line, font, text) <= width


def test_live_text_too_long_to_shrink_ends_in_a_visible_ellipsis(qtbot):
    line = show(qtbot, LiveText(VELOCITY), 200, 40)
    font, text = line.fitted()
    assert text.endswith("…") and VELOCITY.startswith(text[:-1])
    assert text_width(line, font, text) <= line.width() - 20
    line.grab()  # paints what `fitted` says


def test_live_text_keeps_its_size_when_there_is_room(qtbot):
    line = show(qtbot, LiveText("recalled 'A'", 20, bold=True), 900, 60)
    font, text = line.fitted()
    assert text == "recalled 'A'" and font.pointSize() == 20


def test_a_huge_memory_name_is_cut_in_the_landscape(qtbot):
    view = show(qtbot, LandscapeView())
    huge = "&lt;b&gt;" + "n" * 1_000_000
    view.set_landscape(*landscape_data(), (huge, "T"), 0.0)
    x_title, _ = view.axis_titles()
    assert len(x_title) < 60 and x_title.startswith("overlap with '&lt;b&gt;nn") and "…" in x_title
