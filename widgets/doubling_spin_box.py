"""An integer spin box whose arrows double and halve: 16, 32, 64 ... 4096 in a few clicks."""

from __future__ import annotations

from PySide6.QtWidgets import QSpinBox, QWidget


class DoublingSpinBox(QSpinBox):
    """Any whole number can be typed; the arrow buttons and keys multiply or divide by 2.

    Keyboard tracking is off, so typing "4096" emits one `valueChanged` (on Enter or leaving the
    box), not four.
    """

    def __init__(self, minimum: int, maximum: int, value: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setRange(minimum, maximum)
        self.setValue(value)
        self.setKeyboardTracking(False)

    def stepBy(self, steps: int) -> None:  # noqa: N802 (Qt API)
        value = self.value()
        target = value * 2**steps if steps >= 0 else value // 2 ** (-steps)
        self.setValue(max(self.minimum(), min(self.maximum(), round(target))))
