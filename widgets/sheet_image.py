"""Images for the grid-cell lab: the sheet's rates (click a neuron to choose it) and a rate map
or autocorrelation, each a pyqtgraph ImageItem with fixed levels and a 256-entry colour table.

The sheet is drawn with y up (row 0 at the bottom), the same way as the box, so a lattice moving
with the animal's velocity moves the same way on screen.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSize, Qt, Signal

from widgets import palette, zoom
from widgets.plot_style import PlotPanel, diverging_lut, label_style, pen

CHOSEN_NEURON = palette.CURRENT  # the ring round the chosen neuron: blue, the live state
UNVISITED = np.nan  # bins never visited are left transparent (white background)


def _rate_lut() -> np.ndarray:
    return pg.colormap.get(palette.RATE_MAP).getLookupTable(0.0, 1.0, 256, alpha=False)


class SheetView(PlotPanel):
    """The sheet of neurons as an image of rates. Clicking a neuron emits `neuron_clicked(x, y)`."""

    neuron_clicked = Signal(int, int)
    export_name = "sheet"  # hopgui's export: <lab>-sheet.png / .svg / .csv (read off the plot)

    def __init__(self, title: str = "Sheet of grid cells") -> None:
        super().__init__(
            title,
            "neuron x",
            "neuron y",
            "Each pixel is one neuron; bright = firing.\n"
            "A hexagonal lattice of bumps forms and moves with the animal.\n"
            "Click a neuron to record its rate map (blue ring).",
        )
        self.plot.setAspectLocked(True)
        self.plot.setMouseEnabled(False, False)
        self.plot.hideButtons()
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setLookupTable(_rate_lut())
        self.plot.addItem(self.image)
        self.marker = pg.ScatterPlotItem(size=18, pen=pen(CHOSEN_NEURON, 3), brush=None, symbol="o")
        self.plot.addItem(self.marker)
        self.levels = (0.0, 0.5)
        self.n = 0
        self.plot.scene().sigMouseClicked.connect(self._on_click)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(240, 240)

    def set_rates(self, rates: np.ndarray) -> None:
        """Show rates (n, n), indexed [y, x]."""
        n = rates.shape[0]
        self.image.setImage(rates, levels=self.levels, autoLevels=False)
        if n != self.n:
            self.n = n
            self.plot.setRange(xRange=(0, n), yRange=(0, n), padding=0.0)

    def set_neuron(self, x: int, y: int) -> None:
        self.marker.setData([x + 0.5], [y + 0.5])

    def neuron_at(self, scene_pos) -> tuple[int, int] | None:
        """The neuron under a scene position, or None outside the sheet."""
        point = self.plot.getPlotItem().vb.mapSceneToView(scene_pos)
        x, y = int(np.floor(point.x())), int(np.floor(point.y()))
        return (x, y) if 0 <= x < self.n and 0 <= y < self.n else None

    def _on_click(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        neuron = self.neuron_at(event.scenePos())
        if neuron is not None:
            self.neuron_clicked.emit(*neuron)


class MapImage(PlotPanel):
    """A square map over the box (rate map or autocorrelation) with fixed or running levels."""

    def __init__(self, title: str, label: str, tooltip: str, diverging: bool = False) -> None:
        super().__init__(title, label, "", tooltip)
        self.plot.setAspectLocked(True)
        self.plot.setMouseEnabled(False, False)
        self.plot.hideButtons()
        self.plot.getAxis("left").setStyle(showValues=False)
        self.image = pg.ImageItem(axisOrder="row-major")
        lut = diverging_lut().getLookupTable(0.0, 1.0, 256, alpha=False) if diverging else None
        self.image.setLookupTable(lut if diverging else _rate_lut())
        self.diverging = diverging
        self.plot.addItem(self.image)
        self.title = title

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(160, 160)

    def set_note(self, text: str) -> None:
        """A short line under the map (on its bottom axis), e.g. how long it has recorded."""
        axis = self.plot.getAxis("bottom")
        if text != axis.labelText:  # a new label relays the plot out: only when it changes
            axis.setLabel(text, **label_style())

    def set_map(self, values: np.ndarray, extent: float, title: str | None = None) -> None:
        """Show values (b, b), indexed [y, x], over [0, extent] (or [-extent/2, extent/2] for a
        diverging map, centred on lag 0). NaN stays blank."""
        data = np.asarray(values, dtype=np.float32)
        finite = data[np.isfinite(data)]
        if self.diverging:
            levels = (-1.0, 1.0)
            rect = (-extent / 2, -extent / 2, extent, extent)
        else:
            top = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
            levels = (0.0, top)
            rect = (0.0, 0.0, extent, extent)
        self.image.setImage(data, levels=levels, autoLevels=False)
        self.image.setRect(*rect)
        if title is not None:
            self.plot.setTitle(title, color=palette.TEXT.name(), size=zoom.css_size())
