"""The capacity explorer: how many memories fit, and why pictures that look alike fit fewer.

Wiring only. A sweep (Sweep, S) runs `models.capacity` as a background `Job` of this lab, with a
progress bar and Cancel; it keeps running while the tab is hidden, and each point goes to the
`CapacitySession` as it is computed, so the plots fill in point by point and the session owns
every curve. Play runs one trial at a chosen load on the grid (the session's probe). The
pictures of the chosen set (letters, digits) are drawn here, with Qt, and their overlaps shown
when the set changes: they follow from the parameters, so they are no command to the session
(a restored session is not "changed" by its own frames).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout

from hopgui.core.jobs import Job
from hopgui.core.lab import Lab, panel
from hopgui.core.ui import button, row
from hopgui.labs.capacity.glyphs import glyph_set
from hopgui.labs.capacity.session import (
    FIRST_LOAD,
    LOADS,
    RULE_LABELS,
    CapacitySession,
    CapacitySnapshot,
    PatternSetView,
    curve_from_model,
    pattern_set_view,
)
from models.capacity import (
    ALPHA_C,
    CAPACITY_RULES,
    CapacityCurve,
    capacity_curve,
    pattern_set_curve,
    theory_bit_error,
)
from widgets import palette, zoom
from widgets.capacity_plots import BitErrorPlot, CurveData, RecallPlot
from widgets.live_text import LiveText
from widgets.matrix_view import MatrixView
from widgets.pixel_grid import PixelGrid

CONTROLS = ("rule", "patterns", "n_units", "letter_side", "flip_fraction", "trials", "max_load")
KEY_CONTROLS = ("rule", "patterns")  # the rest hide in presentation mode
LEFT_WIDTH = 430  # px: the trial and the settings; the plots get the rest
THEORY_LOADS = np.linspace(0.01, 1.0, 200)


def curve_name(rule: str, patterns: str) -> str:
    """ "Storkey", or "Hebbian, letters": the legend's name of a curve."""
    label = next(k for k, v in RULE_LABELS.items() if v == rule)
    return label if patterns == "random" else f"{label}, {patterns}"


def sweep_work(params: dict[str, Any], pictures: np.ndarray | None) -> Callable:
    """The job's work: the curve of the present settings, its points reported as they come."""
    loads = np.linspace(FIRST_LOAD, params["max_load"], LOADS)

    def work(report) -> CapacityCurve:
        common = {
            "rule": params["rule"],
            "flip_fraction": params["flip_fraction"],
            "trials": params["trials"],
            "seed": 0,
            "progress": report,
        }
        if pictures is None:
            return capacity_curve(params["n_units"], loads, **common)
        return pattern_set_curve(pictures, **common)

    return work


class CapacityLab(Lab):
    """Sweep the load, watch recall collapse near 0.14 N, and compare rules and pictures."""

    name = "capacity"
    title = "Memory capacity"
    summary = "How many memories fit: sweep the load P/N and watch recall collapse near 0.14"
    session_class = CapacitySession
    speed_range = (10.0, 1e5)
    speed_unit = "updates/s"
    default_speed = 400.0
    reset_label = "Reset the trial to its cue"
    presenting_split = 0.32  # presentation mode: the plots get two thirds of the width

    def __init__(self) -> None:
        super().__init__()
        self.job = Job(self)
        self._set_shown: tuple[str, int] | None = None  # (patterns, letter_side) shown
        self.pattern_set = pattern_set_view((), np.zeros((0, 1), np.int8))
        self._sweep_kind = "random"
        self._build_widgets()
        self._build_layout()
        self._finish(
            {
                "Capacity": [
                    ("Sweep the load", "S", lambda: self.start_sweep()),
                    ("Cancel the sweep", "Shift+S", self.job.cancel),
                    ("Clear the curves", "C", self.clear_curves),
                    ("New trial", "T", self.new_trial),
                ]
            }
        )
        self._connect()

    # --- construction ---------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.recall = RecallPlot(ALPHA_C)
        self.main_view = self.recall
        self.bit_error = BitErrorPlot(ALPHA_C)
        self.bit_error.set_theory(THEORY_LOADS, theory_bit_error(THEORY_LOADS))
        self.overlaps = MatrixView(
            "Pair overlaps",
            "memory",
            "memory",
            "m = (ξa · ξb) / N for every pair of letters or digits: red = alike.\n"
            "Random memories overlap by only about 1/√N.",
            empty_text="random: ≈ 0",
        )
        self.warning = LiveText("", zoom.points())
        self.grid = PixelGrid(20, 20)
        self.grid.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.grid.setToolTip(
            "One trial: random memories at the trial's load, the first one cued with noise.\n"
            "Play runs its recall (blue dots: units that differ from the cue)."
        )
        self.grid.setMinimumSize(160, 160)  # and as large as the left side allows
        self.probe_text = LiveText("", zoom.points())  # the trial: rule and load
        self.probe_result = LiveText("", zoom.points())  # ... and what became of the cue
        self.probe_load = self.param_control("probe_load")
        for name in CONTROLS:
            self.param_control(name)
        self.sweep_button = button(
            "Sweep", "Measure the curve of these settings (S; Shift+S cancels)"
        )
        self.clear_button = button("Clear", "Forget every curve (C)")
        self.trial_button = button("New trial", "Fresh memories and cue for the trial (T)")

    def _build_layout(self) -> None:
        controls = QGridLayout()  # the rule and the memories first, a row each: read in full
        for index, name in enumerate(KEY_CONTROLS):
            controls.addWidget(QLabel(self.params[name].caption), index, 0)
            controls.addWidget(self._controls[name], index, 1, 1, 3)
        settings = QGridLayout()  # the details, two a row (hidden in presentation mode)
        settings.setContentsMargins(0, 0, 0, 0)
        for index, name in enumerate(n for n in CONTROLS if n not in KEY_CONTROLS):
            settings.addWidget(QLabel(self.params[name].caption), index // 2, 2 * (index % 2))
            settings.addWidget(self._controls[name], index // 2, 2 * (index % 2) + 1)
        details = panel(settings)
        controls.addWidget(details, len(KEY_CONTROLS), 0, 1, 4)
        controls.addLayout(
            row(self.sweep_button, self.clear_button), len(KEY_CONTROLS) + 1, 0, 1, 4
        )
        controls.setColumnStretch(1, 1)
        trial = QGridLayout()
        trial.addWidget(QLabel(self.params["probe_load"].caption), 0, 0)
        trial.addWidget(self.probe_load, 0, 1)
        trial.addWidget(self.trial_button, 0, 2)
        left = QVBoxLayout()
        left.addWidget(self.probe_text)
        left.addWidget(self.probe_result)
        left.addWidget(self.grid, 1)
        left.addLayout(trial)
        left.addLayout(controls)
        lower = QGridLayout()
        lower.addWidget(self.bit_error, 0, 0)
        lower.addWidget(self.overlaps, 0, 1)
        right = QVBoxLayout()
        right.addWidget(self.recall, 3)
        right.addWidget(self.warning)
        right.addLayout(lower, 2)
        self._page(panel(left), panel(right))
        self._splitter.setStretchFactor(0, 0)  # the plots take what the window gains
        self._splitter.setStretchFactor(1, 1)
        self._splitter.setSizes([LEFT_WIDTH, 10 * LEFT_WIDTH])
        self.secondary(self.clear_button, self.trial_button, details, self.probe_text, self.warning)

    def _connect(self) -> None:
        self.sweep_button.clicked.connect(lambda: self.start_sweep())
        self.clear_button.clicked.connect(self.clear_curves)
        self.trial_button.clicked.connect(self.new_trial)
        self.job.progress.connect(self._on_sweep_progress)
        self.job.finished.connect(self._on_sweep_finished)
        self.job.cancelled.connect(self._on_sweep_cancelled)
        self.job.failed.connect(self._on_sweep_failed)
        self.messages.cancel_requested.connect(self.job.cancel)

    # --- commands ---------------------------------------------------------------------------------
    def start_sweep(self, rule: str | None = None) -> None:
        """Sweep the load for the present settings (or `rule`) in the background."""
        params = self.state()["params"]
        if rule is not None:
            if rule not in CAPACITY_RULES:
                choices = ", ".join(CAPACITY_RULES)
                self.messages.show_message(f"unknown rule {rule!r}: choose one of {choices}")
                return
            params["rule"] = rule
        kind = params["patterns"]
        pictures = None if kind == "random" else glyph_set(kind, params["letter_side"])[1]
        self._sweep_kind = kind
        self._sweep_label = curve_name(params["rule"], kind)
        self.messages.show_progress(f"Sweeping the load: {self._sweep_label}…", 0.0)
        self.job.start(sweep_work(params, pictures))

    def clear_curves(self) -> None:
        self.sim.send(CapacitySession.clear_curves)

    def new_trial(self) -> None:
        self.sim.send(CapacitySession.new_probe)

    def lecture_actions(self) -> dict[str, Callable[[Any], None]]:
        """Adds "sweep" (value: a rule, or none for the present one), "clear" and "new_trial"."""
        return {
            **super().lecture_actions(),
            "sweep": lambda value=None: self.start_sweep(value),
            "clear": lambda _value=None: self.clear_curves(),
            "new_trial": lambda _value=None: self.new_trial(),
        }

    def demo(self) -> None:
        """A trial at P/N = 0.1, ready to run."""
        self.set_param("probe_load", 0.1)
        self.run.set_speed(800)

    def start_demo(self) -> None:
        self.start_sweep()
        self.sim.play()

    def picture_ready(self, snap: CapacitySnapshot) -> bool:
        return bool(snap.curves) and len(snap.curves[-1].loads) == LOADS

    def shutdown(self) -> None:
        self.job.shutdown()
        super().shutdown()

    # --- the sweep's reports ----------------------------------------------------------------------
    def _on_sweep_progress(self, fraction: float, partial: CapacityCurve | None) -> None:
        self.messages.show_progress(f"Sweeping the load: {self._sweep_label}…", fraction)
        if partial is not None:
            self.sim.send(CapacitySession.set_curve, curve_from_model(partial, self._sweep_kind))

    def _on_sweep_finished(self, curve: CapacityCurve) -> None:
        self.messages.end_progress()
        self.status.emit(f"swept {self._sweep_label}: {len(curve.loads)} loads")

    def _on_sweep_cancelled(self) -> None:
        self.messages.end_progress()
        self.status.emit("sweep cancelled: the points so far stay")

    def _on_sweep_failed(self, message: str) -> None:
        self.messages.end_progress()
        self.messages.show_message(message)

    # --- frames ---------------------------------------------------------------------------------
    def _on_snapshot(self, snap: CapacitySnapshot) -> None:
        self._show_pattern_set(snap.params)
        self.grid.show_state(snap.probe_state, -1, cue=snap.probe_cue)
        trial, _, result = snap.probe_text.rpartition(" · ")  # two lines: room to be read
        self.probe_text.setText(trial)
        self.probe_result.setText(result)
        self._plots.submit(snap)

    def _show_pattern_set(self, params: dict[str, Any]) -> PatternSetView:
        """The overlaps of the chosen pictures, drawn again when the set or its grid changes."""
        wanted = (params["patterns"], params["letter_side"])
        if wanted != self._set_shown:
            self._set_shown = wanted
            if wanted[0] == "random":
                names, patterns = (), np.zeros((0, wanted[1] ** 2), dtype=np.int8)
            else:
                names, patterns = glyph_set(*wanted)
            self.pattern_set = pattern_set_view(names, patterns)
        return self.pattern_set

    def _draw_plots(self, snap: CapacitySnapshot) -> None:
        recall, errors = [], []
        for curve in snap.curves:
            color = palette.series_color(CAPACITY_RULES.index(curve.rule))
            name, pictures = curve_name(curve.rule, curve.patterns), curve.patterns != "random"
            recall.append(
                CurveData(name, color, curve.loads, curve.overlap, curve.overlap_sd, pictures)
            )
            errors.append(CurveData(name, color, curve.loads, curve.bit_error, None, pictures))
        self.recall.set_curves(recall)
        self.bit_error.set_curves(errors)
        self.recall.set_probe_load(snap.params["probe_load"])
        right = max([snap.params["max_load"], *(c.loads[-1] for c in snap.curves if len(c.loads))])
        for plot in (self.recall, self.bit_error):
            plot.show_loads_up_to(right)
        shown = [c.bit_error[c.loads <= right].max() for c in snap.curves if len(c.loads)]
        theory = float(theory_bit_error(right))
        self.bit_error.show_fraction_up_to(max([0.01, theory, *shown]))
        pictures = self._show_pattern_set(snap.params)
        self.overlaps.set_matrix(pictures.overlaps)
        if pictures.warning:
            self.warning.setText(pictures.warning)
        else:
            n = snap.params["n_units"]
            self.warning.setText(
                f"Random memories overlap by ≈ 1/√N = {1 / math.sqrt(n):.2f}; "
                f"Hebbian limit P ≈ {ALPHA_C} N = {ALPHA_C * n:.0f}"
            )
