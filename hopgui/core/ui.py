"""Small builders the labs share: menus of shortcut actions, combo boxes, rows of widgets."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QWidget

Key = str | QKeySequence.StandardKey
MenuSpec = dict[str, list[tuple[str, Key, Callable[[], object]]]]
Menus = list[tuple[str, list[QAction]]]
MIN_COMBO_CHARACTERS = 4


def build_menus(owner: QWidget, spec: MenuSpec) -> Menus:
    """One QAction per (text, key, slot), added to `owner` so its shortcut works while `owner`
    is shown, and grouped by menu title for the main window's menu bar."""
    menus = []
    for title, rows in spec.items():
        actions = []
        for text, key, slot in rows:
            action = QAction(text, owner)
            action.setShortcut(QKeySequence(key))
            action.triggered.connect(slot)
            owner.addAction(action)
            actions.append(action)
        menus.append((title, actions))
    return menus


def shortcut_rows(menus: Menus) -> list[tuple[str, str]]:
    """(keys, meaning) rows for the help overlay, in menu order."""
    native = QKeySequence.SequenceFormat.NativeText
    return [
        (action.shortcut().toString(native), action.text().rstrip("…"))
        for _, actions in menus
        for action in actions
    ]


def combo(items: Iterable[str], tooltip: str) -> QComboBox:
    """A combo box that leaves keyboard focus to the lab (so Space still means play)."""
    box = QComboBox()
    box.addItems(list(items))
    # as narrow as a few characters when room is short (the text is cut), so the labs fit a
    # 1024-pixel projector; as wide as its longest entry when there is room
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(MIN_COMBO_CHARACTERS)
    box.setToolTip(tooltip)
    box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return box


def button(text: str, tooltip: str, checkable: bool = False) -> QPushButton:
    """A push button that leaves keyboard focus to the lab."""
    push = QPushButton(text)
    push.setToolTip(tooltip)
    push.setCheckable(checkable)
    push.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return push


def row(*widgets: QWidget) -> QHBoxLayout:
    layout = QHBoxLayout()
    for widget in widgets:
        layout.addWidget(widget)
    return layout
