"""The associative-memory lab's widgets and their layout: a holder the lab owns, with no
behaviour of its own (the lab wires it; the session decides)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from hopgui.core.lab import panel
from hopgui.core.params import ParamSet
from hopgui.core.ui import button, combo, row
from hopgui.labs.hopfield import presets
from hopgui.labs.hopfield.params import PARAMS
from models.patterns import MAX_NAME_LENGTH
from widgets.attention_plot import AttentionPlot
from widgets.energy_trace import EnergyTrace
from widgets.landscape_view import LandscapeView
from widgets.live_text import LiveText
from widgets.matrix_view import MatrixView
from widgets.overlap_plot import OverlapPlot, VerdictLabel
from widgets.pattern_library import PatternLibrary
from widgets.pixel_grid import PixelGrid
from widgets.run_controls import RunControls
from widgets.zoom import points

HIDE_REGIONS = ("lower half", "upper half", "left half", "right half")
PRESET_PROMPT = "Draw a preset…"

CAPTIONS = {param.name: param.caption for param in ParamSet(PARAMS)}
WARNING_BACKGROUND = QColor("#ffe08a")  # pale amber behind "why recall fails": not a data colour
WARNING_TEXT = QColor("#1e1800")  # dark on the amber in either colour profile


class HopfieldPanel:
    """Grid and drawing tools on the left (`left`); verdict, memories, settings and four plots
    on the right (`right`). `controls` are the parameter controls the lab built (rule, mode,
    temperature, grid_size, ..., network, beta, degree); `run` is the lab's transport bar, which
    gets the step buttons. `show_network` shows the controls and plots of one network."""

    def secondary(self) -> tuple[QWidget, ...]:
        """What presentation mode hides: the tools, the settings and the weights (the attention
        bars of the modern network stay: a key plot), and the warning (a lecture's caption
        says it; its long line would shrink below what the back row reads)."""
        return (
            *(self.tools, self.settings, self.weights, self.library.buttons, self.warning),
            self.attention.caption,  # a lecture's caption says it, large
        )

    def set_presenting(self, on: bool) -> None:
        """In presentation mode the overlaps take the weights' place too."""
        self.presenting = on
        self._arrange_plots()

    def show_network(self, network: str) -> None:
        """The controls and plots of `network` ("classic", "modern" or "dense") only: the
        learning rule, temperature, damage and weights belong to the classic network, beta and
        the attention bars to the modern one, the degree to the dense one."""
        if network == self._network:
            return
        self._network = network
        for widget, networks in self._belongs.items():
            widget.setVisible(network in networks)
        self._arrange_plots()

    def _arrange_plots(self) -> None:
        """Second row: overlaps beside the weights (classic), beside the attention (modern), or
        alone across both columns (dense, and classic while presenting)."""
        network = self._network
        self.attention.setVisible(network == "modern")
        weights = network == "classic" and not self.presenting
        self.weights.setVisible(weights)
        wide = network != "modern" and not weights
        self.landscape.set_colorbar_shown(not self.presenting)  # its room goes to the valleys
        self._plots.addWidget(self.overlaps, 1, 0, 1, 2 if wide else 1)

    def __init__(self, controls: dict[str, QWidget], run: RunControls) -> None:
        self.rule, self.mode = controls["rule"], controls["mode"]
        self.temperature, self.grid_size = controls["temperature"], controls["grid_size"]
        self.asymmetry, self.damage = controls["asymmetry"], controls["damage"]
        self.damage_kind = controls["damage_kind"]
        self.network, self.beta, self.degree = (
            controls["network"],
            controls["beta"],
            controls["degree"],
        )
        self._network, self.presenting = "classic", False
        self._build_drawing_tools()
        self._build_views()
        run.add_step_button("unit", "Step unit", "Update one unit (U)")
        run.add_step_button("sweep", "Step sweep", "Update every unit once (N)")
        self.right = self._right()  # builds the damage row the left side holds
        self.left = self._left()

    def _build_drawing_tools(self) -> None:
        self.grid_caption = LiveText(
            point_size=points(5), bold=True, align=Qt.AlignmentFlag.AlignCenter
        )
        self.grid = PixelGrid()
        self.grid.setToolTip(
            "Left-drag paints a unit on (+1), right-drag off (-1).\n"
            "While the network runs this shows its live state: the ringed unit is being\n"
            "updated, and a small blue dot marks each unit that differs from the cue."
        )
        self.brush = QSpinBox(minimum=1, maximum=9, value=1, prefix="brush ")
        self.brush.setToolTip("Brush size in cells")
        self.noise_brush = button(
            "Noise brush", "Paint random noise by hand instead of ink (Ctrl+B)", checkable=True
        )
        self.flip_button = button("Flip noise", "Flip the chosen percentage of bits (F)")
        self.hide_button = button("Hide region", "Blank out part of the drawing: a partial cue (H)")
        self.store_button = button("Store", "Store the drawing as a memory (S)")
        self.flip_percent = QSpinBox(minimum=0, maximum=100, value=30, suffix=" %")
        self.flip_percent.setToolTip("How many bits Flip noise changes")
        self.hide_region = combo(HIDE_REGIONS, "Which part of the picture Hide region blanks out")
        self.presets = combo([PRESET_PROMPT, *presets.preset_names()], "Letters, digits, pictures")
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("name")
        self.name_edit.setMaxLength(MAX_NAME_LENGTH)  # what the labels can show
        self.name_edit.setMaximumWidth(110)
        self.name_edit.setToolTip("Name of the memory shown in the library and plots")

    def _build_views(self) -> None:
        self.library = PatternLibrary(thumbnail_size=64, buttons_beside=True)
        self.pair_a = combo([], "Memory a of the energy landscape (x axis)")
        self.pair_b = combo([], "Memory b of the energy landscape (y axis)")
        self.verdict = VerdictLabel()
        self.warning = LiveText("")  # why recall is expected to fail, in words (empty: hidden)
        self.warning.set_colors(WARNING_TEXT, WARNING_BACKGROUND)
        self.warning.hide()
        self.energy_trace = EnergyTrace()
        self.landscape = LandscapeView()
        self.overlaps = OverlapPlot()
        self.attention = AttentionPlot()
        self.attention.hide()
        self.weights = MatrixView(
            "Weights W",
            "unit j",
            "unit i",
            "The weight matrix: red = excitatory, blue = inhibitory, white = 0.\n"
            "Above 1024 units an evenly spaced subset of units is shown.",
        )

    def _left(self) -> QWidget:
        tools = QVBoxLayout()
        tools.setContentsMargins(0, 0, 0, 0)
        tools.addLayout(row(self.grid_size, self.brush, self.noise_brush))
        tools.addLayout(
            row(self.flip_button, self.flip_percent, self.hide_button, self.hide_region)
        )
        tools.addLayout(row(self.presets, self.name_edit, self.store_button))
        tools.addLayout(self._damage_rows)
        self.tools = panel(tools)
        left = QVBoxLayout()
        left.addWidget(self.grid_caption)
        left.addWidget(self.grid, 1)
        left.addWidget(self.tools)
        return panel(left)

    def _right(self) -> QWidget:
        plots = self._plots = QGridLayout()
        plots.addWidget(self.energy_trace, 0, 0)
        plots.addWidget(self.landscape, 0, 1)
        plots.addWidget(self.overlaps, 1, 0)
        plots.addWidget(self.weights, 1, 1)
        plots.addWidget(self.attention, 1, 1)
        plots.setRowStretch(0, 1)
        plots.setRowStretch(1, 1)
        right = QVBoxLayout()
        right.addWidget(self.verdict)
        right.addWidget(self.warning)
        self.library.setMaximumHeight(120)
        self.library.list_widget.setWrapping(False)  # one strip, scrolls sideways
        self.library.list_widget.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        right.addWidget(self.library)
        # three rows, so the lab fits a 1024 x 768 projector; the rule, beta and the degree
        # share a place (one network shows one of them)
        classic, modern, dense = ("classic",), ("modern",), ("dense",)
        settings = QGridLayout()
        self._belongs: dict[QWidget, tuple[str, ...]] = {}

        def put(name: str, widget: QWidget, r: int, c: int, networks: tuple[str, ...] = ()):
            label = QLabel(CAPTIONS[name])
            settings.addWidget(label, r, c)
            settings.addWidget(widget, r, c + 1)
            if networks:
                self._belongs[label] = self._belongs[widget] = networks

        put("network", self.network, 0, 0)
        put("rule", self.rule, 0, 2, classic)
        put("beta", self.beta, 0, 2, modern)
        put("degree", self.degree, 0, 2, dense)
        settings.addWidget(self.mode, 0, 4)  # no caption: its entries say what they are
        self._belongs[self.mode] = ("classic", "dense")
        put("temperature", self.temperature, 1, 0, classic)
        settings.addWidget(QLabel("Landscape"), 1, 2)
        settings.addLayout(row(self.pair_a, self.pair_b), 1, 3, 1, 2)
        damage = QLabel(CAPTIONS["damage"])  # with the tools on the left: it edits the network
        asymmetry = QLabel(CAPTIONS["asymmetry"])
        self._damage_rows = QGridLayout()
        self._damage_rows.addWidget(damage, 0, 0)
        self._damage_rows.addWidget(self.damage, 0, 1)
        self._damage_rows.addWidget(self.damage_kind, 0, 2)
        self._damage_rows.addWidget(asymmetry, 1, 0)
        self._damage_rows.addWidget(self.asymmetry, 1, 1, 1, 2)
        self._damage_rows.setColumnStretch(1, 1)
        for widget in (damage, self.damage, self.damage_kind, asymmetry, self.asymmetry):
            self._belongs[widget] = classic
        for widget in (self.beta, self.degree) + tuple(
            w for w, nets in self._belongs.items() if nets in (modern, dense)
        ):
            widget.hide()
        settings.setColumnStretch(1, 1)
        settings.setColumnStretch(3, 1)
        settings.setColumnStretch(4, 1)
        settings.setContentsMargins(0, 0, 0, 0)
        self.settings = panel(settings)
        right.addWidget(self.settings)
        right.addLayout(plots, 1)
        return panel(right)
