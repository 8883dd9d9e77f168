"""Draw the newest value at most every so often: plots need not repaint as often as the grid."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer

_NOTHING = object()


class Throttle(QObject):
    """Calls `draw(value)` at once, then at most once per `interval_ms`; the latest value always
    gets drawn in the end, so a paused run shows its final state."""

    def __init__(self, interval_ms: int, draw: Callable[[Any], None], parent: QObject) -> None:
        super().__init__(parent)
        self._draw = draw
        self._pending: Any = _NOTHING
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._flush)

    def submit(self, value: Any) -> None:
        if self._timer.isActive():
            self._pending = value
        else:
            self._draw(value)
            self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._pending = _NOTHING

    def _flush(self) -> None:
        if self._pending is not _NOTHING:
            value, self._pending = self._pending, _NOTHING
            self._draw(value)
            self._timer.start()
