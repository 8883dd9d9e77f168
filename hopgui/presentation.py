"""What the window does for a lecture hall: presentation mode (F5: full screen, menus and
secondary controls away, every text at least 1/40 of the screen's height), plain full screen
(F11), zoom of all text (Ctrl+plus / Ctrl+minus / Ctrl+0, remembered), and a blank black or
white screen ('.', B, V / W: the keys presenter remotes send)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QObject, QRect, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QScreen
from PySide6.QtWidgets import QMainWindow

from widgets import palette, profile, zoom
from widgets.blank_screen import BlankScreen

# What presenter remotes send. None of them may be a lab's shortcut (tests/app check this).
REMOTE_KEYS = ("PgDown", "PgUp", "F5", "Shift+F5", "Esc", ".", "B", "V", "W")
SMALLEST_TEXT_OFFSET = -2.0  # axis ticks, the smallest text anywhere (points from the base)
TEXT_FRACTION = 1 / 40  # presentation mode: the smallest text is this much of the screen height


def presentation_zoom(height_px: float, dpi: float) -> float:
    """The zoom at which the smallest text is TEXT_FRACTION of a screen `height_px` logical
    pixels tall with `dpi` logical dots per inch (never below 1)."""
    smallest_px = (zoom.BASE_POINTS + SMALLEST_TEXT_OFFSET) * dpi / 72
    return min(max(1.0, TEXT_FRACTION * height_px / smallest_px), zoom.MAX_ZOOM)


class Presentation(QObject):
    """Owns the window's presentation state, its zoom setting and the blank screen.

    `on_presenting(bool)` is called on entering and leaving presentation mode (the window hides
    its menus, the labs their secondary controls)."""

    presenting_changed = Signal(bool)

    def __init__(
        self,
        window: QMainWindow,
        settings: QSettings,
        on_presenting: Callable[[bool], None],
        screen: int | None = None,
    ) -> None:
        super().__init__(window)
        self._window, self._settings, self._on_presenting = window, settings, on_presenting
        self._screen_index = screen
        self.before_escape: Callable[[], bool] = lambda: False  # True: Esc was used up
        self.presenting = False
        self._before: tuple[QByteArray, bool, float] | None = None  # geometry, full screen, zoom
        self.blank = BlankScreen(window)
        self.actions = self._build_actions()
        self._colour_actions = {"projector": self.actions[-2], "dark": self.actions[-1]}
        for name, action in self._colour_actions.items():
            action.setCheckable(True)
            action.setChecked(name == palette.profile)
        self.user_zoom = float(settings.value("zoom", 1.0, type=float) or 1.0)
        zoom.set_zoom(window, self.user_zoom)

    def _build_actions(self) -> list[QAction]:
        """The View menu's actions, each with its keys (added to the window, so they work with
        the menu bar hidden)."""
        zoom_in = [*QKeySequence.keyBindings(QKeySequence.StandardKey.ZoomIn), "Ctrl+="]
        rows = [  # Ctrl+= as well as Ctrl++, which needs Shift on most keyboards
            ("Presentation mode", ["F5"], self.toggle_presenting),
            ("Leave presentation / full screen", ["Esc"], self.escape),
            ("Full screen", ["F11"], self.toggle_full_screen),
            ("Zoom in", zoom_in, lambda: self.step_zoom(1)),
            ("Zoom out", QKeySequence.keyBindings(QKeySequence.StandardKey.ZoomOut),
             lambda: self.step_zoom(-1)),
            ("Actual size", ["Ctrl+0"], lambda: self.set_user_zoom(1.0)),
            ("Blank screen (black)", [".", "B", "V"], lambda: self.toggle_blank("black")),
            ("Blank screen (white)", ["W"], lambda: self.toggle_blank("white")),
            ("Colours for a projector", [], lambda: self.set_colours("projector")),
            ("Dark colours", [], lambda: self.set_colours("dark")),
        ]  # fmt: skip
        actions = []
        for text, keys, slot in rows:
            action = QAction(text, self._window)
            action.setShortcuts([QKeySequence(key) for key in keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            self._window.addAction(action)
            actions.append(action)
        return actions

    # --- zoom -------------------------------------------------------------------------------------
    def step_zoom(self, direction: int) -> None:
        self.set_user_zoom(zoom.next_step(zoom.zoom(), direction))

    def set_user_zoom(self, value: float) -> None:
        """Zoom all text (remembered for the next start; in presentation mode, for now only).
        A zoom at which the window would no longer fit its screen is refused with a word."""
        window, before = self._window, zoom.zoom()
        used = zoom.set_zoom(window, value)
        area = self._screen_area()
        window.layout().activate()
        needed = window.minimumSizeHint()
        too_wide = needed.width() > max(area.width(), window.width())
        too_tall = needed.height() > max(area.height(), window.height())
        if used > before and (too_wide or too_tall):
            zoom.set_zoom(window, before)
            window.statusBar().showMessage("larger text would not fit this screen", 4000)
            return
        if not self.presenting:
            self.user_zoom = used
            self._settings.setValue("zoom", used)
            if window.width() > area.width() or window.height() > area.height():
                window.resize(
                    min(window.width(), area.width()), min(window.height(), area.height())
                )

    def _screen_area(self) -> QRect:
        screen = self.screen()
        return screen.geometry() if self.presenting else screen.availableGeometry()

    # --- colours ----------------------------------------------------------------------------------
    def set_colours(self, name: str) -> None:
        """Use colour profile `name` ("projector" or "dark"), now and at the next start."""
        profile.set_profile(self._window, name)
        self._settings.setValue("colours", name)
        for key, action in self._colour_actions.items():
            action.setChecked(key == name)

    # --- presentation mode ------------------------------------------------------------------------
    def toggle_presenting(self) -> None:
        self.set_presenting(not self.presenting)

    def set_presenting(self, on: bool, size: tuple[int, int] | None = None) -> None:
        """Enter or leave presentation mode. `size` (width, height) lays the window out for a
        screen of that size without going full screen (for `--render-steps` and tests)."""
        if on == self.presenting:
            return
        window = self._window
        if on:
            self._before = (window.saveGeometry(), window.isFullScreen(), zoom.zoom())
            self.presenting = True
            self._on_presenting(True)
            if size is None:
                screen = self.screen()
                if screen is not window.screen():  # full screen on the chosen one
                    window.move(screen.geometry().topLeft())
                window.showFullScreen()
                height, dpi = screen.geometry().height(), screen.logicalDotsPerInchY()
            else:
                window.resize(*size)
                height, dpi = size[1], window.logicalDpiY()
            zoom.set_zoom(window, presentation_zoom(height, dpi))
        else:
            geometry, full, before_zoom = self._before or (None, False, self.user_zoom)
            self.presenting = False
            self._on_presenting(False)
            zoom.set_zoom(window, before_zoom)
            if not full and window.isFullScreen():
                window.showNormal()
            if geometry is not None and not full:
                window.restoreGeometry(geometry)  # where it was, title bar and all
        self.presenting_changed.emit(on)

    def screen(self) -> QScreen:
        """The screen to present on: `--screen N` if there is one, else the window's."""
        screens = QGuiApplication.screens()
        if self._screen_index is not None and 0 <= self._screen_index < len(screens):
            return screens[self._screen_index]
        return self._window.screen()

    def toggle_full_screen(self) -> None:
        window = self._window
        if window.isFullScreen():
            window.showNormal()
        else:
            window.showFullScreen()

    def escape(self) -> None:
        """Esc: the blank screen away, else what `before_escape` closes (the help), else
        presentation mode, else full screen."""
        if self.blank.isVisible():
            self.blank.hide()
        elif self.before_escape():
            pass
        elif self.presenting:
            self.set_presenting(False)
        elif self._window.isFullScreen():
            self._window.showNormal()

    # --- blank screen -----------------------------------------------------------------------------
    def toggle_blank(self, color: str) -> None:
        """Blank the window to `color`; the same key again brings the picture back."""
        if self.blank.isVisible():
            self.blank.hide()
        else:
            self.blank.cover(color)
