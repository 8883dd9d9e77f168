"""The main window: a start page of lab tiles and one page per lab (from `hopgui.labs.LABS`), a
compact lab switcher, menus built from the visible lab's actions, help and remembered settings."""

from __future__ import annotations

import gc
import html
import sys

from PySide6.QtCore import QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hopgui import __version__, desktop_entry
from hopgui.core.lab import Lab
from hopgui.files.controller import SessionFiles
from hopgui.labs import LABS
from hopgui.lecture.controls import LectureControls
from hopgui.presentation import Presentation
from widgets import palette, profile, zoom
from widgets.caption_bar import CaptionBar
from widgets.help_overlay import HelpOverlay
from widgets.lab_tiles import LabTiles

APP_NAME = "hopgui"
LICENCE = "Free software under the MIT licence"
PAPERS = (
    "Hopfield (1982), PNAS 79:2554: associative memory",
    "Storkey (1997), ICANN: the incremental learning rule",
    "Amit, Gutfreund & Sompolinsky (1985), PRL 55:1530: capacity and spurious states",
    "Zhang (1996), J Neurosci 16:2112: the head-direction ring attractor",
    "Ben-Yishai, Bar-Or & Sompolinsky (1995), PNAS 92:3844: the cosine ring",
    "Seelig & Jayaraman (2015), Nature 521:186: a ring attractor in the fly",
)
TITLE = "hopgui: attractor networks"
START_DELAY_MS = 60  # after the first paint of the window
HOME = "home"  # the start page's name where a lab name could stand


def make_application(argv: list[str]) -> QApplication:
    """A QApplication with hopgui's name (for QSettings) and a font readable on a projector."""
    # The worker thread runs Python between its compiled kernels; a short GIL switch interval
    # keeps the GUI thread from queueing behind it for the default 5 ms at every hand-over.
    sys.setswitchinterval(0.001)
    app = QApplication([APP_NAME, *argv[1:]])  # argv[0] is X11's WM_CLASS: "hopgui", not "main.py"
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(TITLE)
    # Wayland and X11 taskbars match the window to hopgui.desktop (name, icon) by this.
    app.setDesktopFileName(desktop_entry.DESKTOP_ID)
    icon = QIcon()
    for size, path in desktop_entry.icon_files().items():
        icon.addFile(str(path), QSize(size, size))
    app.setWindowIcon(icon)
    app.setFont(zoom.font(base=app.font()))
    return app


def about_text() -> str:
    """Version, licence and the papers the models come from (our own text, so HTML is safe)."""
    papers = "".join(f"<li>{html.escape(p)}</li>" for p in PAPERS)
    return (
        f"<h3>hopgui {html.escape(__version__)}</h3>"
        "<p>A laboratory for attractor networks.</p>"
        f"<p>By the hopgui developers. {LICENCE}.</p>"
        f"<p>The models follow:</p><ul>{papers}</ul>"
    )


class MainWindow(QMainWindow):
    """Hosts the labs. Only the visible lab runs; closing the window stops every worker thread."""

    def __init__(
        self, lab: str | None = None, demo: bool = False, screen: int | None = None
    ) -> None:
        super().__init__()
        # Closed means gone: the labs' signals hold lambdas that refer back to the window, a
        # cycle Python's collector cannot see into, so only deleting the widgets frees them.
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(TITLE)
        self.settings = QSettings()
        colours = self.settings.value("colours", "projector", type=str)
        profile.set_profile(None, colours if colours in palette.PROFILES else "projector")
        self.labs: dict[str, Lab] = {name: lab_class() for name, lab_class in LABS.items()}
        self.home = LabTiles("Choose a lab", [(x.title, x.summary) for x in self.labs.values()])
        self.home.chosen.connect(lambda index: self.show_lab(list(self.labs)[index]))
        self.pages = QStackedWidget()
        self.pages.addWidget(self.home)
        for lab_widget in self.labs.values():
            self.pages.addWidget(lab_widget)
            lab_widget.status.connect(lambda text: self.statusBar().showMessage(text, 5000))
            self._restore_remembered(lab_widget)
        self.caption_bar = CaptionBar()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.pages, 1)
        column.addWidget(self.caption_bar)
        self.setCentralWidget(central)
        self.switcher = QComboBox()
        self.switcher.addItems(["All labs", *(x.title for x in self.labs.values())])
        self.switcher.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys belong to the lab
        self.switcher.setToolTip("Go to another lab (Ctrl+1 ... Ctrl+9; Alt+Home: all labs)")
        self.switcher.currentIndexChanged.connect(self.pages.setCurrentIndex)
        self.menuBar().setCornerWidget(self.switcher)
        self.help = HelpOverlay(self)
        self._paused_on_leave: set[str] = set()
        self._start_timer = QTimer(self)
        self._start_timer.setSingleShot(True)
        self._start_timer.setInterval(START_DELAY_MS)
        self._start_timer.timeout.connect(self._start_current)
        self._lab_menus: list[QMenu] = []
        self.files = SessionFiles(self, TITLE)  # session files, autosave, export, recording
        self.presentation = Presentation(self, self.settings, self._on_presenting, screen)
        self.presentation.before_escape = self._close_help
        self.lecture = LectureControls(self, self.caption_bar)
        self.files.parts["lecture"] = self.lecture.part()
        self._build_menus()
        self.pages.currentChanged.connect(self._on_page_changed)
        start = lab or self.settings.value("lab", HOME, type=str)
        self.show_lab(start if start in self.labs else HOME)
        self._on_page_changed(self.pages.currentIndex())
        if demo:
            self.load_demo()

    # --- pages ------------------------------------------------------------------------------------
    def show_lab(self, name: str) -> None:
        """Show the lab called `name` (or the start page for "home")."""
        widget = self.labs.get(name, self.home)
        self.pages.setCurrentWidget(widget)

    def current_lab(self) -> Lab | None:
        widget = self.pages.currentWidget()
        return widget if isinstance(widget, Lab) else None

    def _on_page_changed(self, index: int) -> None:
        """Only the visible lab runs: the one left pauses (and runs again when it comes back)."""
        lab = self.current_lab()
        for other in self.labs.values():
            if other is not lab:
                if other.sim.running:  # as last reported: resumed on return
                    self._paused_on_leave.add(other.name)
                other.sim.pause()  # whatever the last report said: it may be on its way
        if self.switcher.currentIndex() != index:
            self.switcher.setCurrentIndex(index)
        self._show_lab_menus()
        self.settings.setValue("lab", lab.name if lab else HOME)
        if lab is None:
            self.home.setFocus()
            return
        lab.setFocus()  # its keys work at once, whatever was clicked before
        if self.isVisible():
            self._start_current()

    def _start_current(self) -> None:
        lab = self.current_lab()
        if lab is None:
            return
        # Everything built so far lives as long as the window: take it out of the collector's
        # full passes, which otherwise stall the animation for some 60 ms every few seconds.
        gc.freeze()
        lab.sim.start()
        if lab.name in self._paused_on_leave:
            self._paused_on_leave.discard(lab.name)
            lab.sim.play()

    # --- menus ------------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.files.fill_menu(file_menu)
        file_menu.addSeparator()
        quit_action = QAction("Quit", self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))  # the platform standard is empty on Windows
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        view_menu = self.menuBar().addMenu("&View")
        view_menu.addActions(self.presentation.actions)
        self.lecture.fill_menu(self.menuBar().addMenu("L&ecture"))
        labs_menu = self.menuBar().addMenu("&Labs")
        home = QAction("All labs", self)
        home.setShortcut(QKeySequence("Alt+Home"))
        home.triggered.connect(lambda: self.show_lab(HOME))
        labs_menu.addAction(home)
        for number, lab_widget in enumerate(self.labs.values(), start=1):
            action = QAction(lab_widget.title, self)
            if number <= 9:
                action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _checked=False, n=lab_widget.name: self.show_lab(n))
            labs_menu.addAction(action)
        self.addActions(labs_menu.actions())
        self._help_menu = self.menuBar().addMenu("&Help")
        shortcuts = QAction("Keyboard shortcuts", self)
        shortcuts.setShortcut(QKeySequence("F1"))
        shortcuts.triggered.connect(self.toggle_help)
        about = QAction("About hopgui", self)
        about.triggered.connect(self._about)
        self.addAction(shortcuts)
        self._help_menu.addActions([shortcuts, self.lecture.actions["builtin"], about])
        self.addActions(file_menu.actions())  # their keys work with the menu bar hidden too

    def _on_presenting(self, on: bool) -> None:
        """Presentation mode: menus, status bar and the labs' secondary controls out of the way."""
        self.menuBar().setVisible(not on)
        self.statusBar().setVisible(not on)
        for lab_widget in self.labs.values():
            lab_widget.set_presenting(on)

    def _show_lab_menus(self) -> None:
        """Only the visible lab's actions sit in the menu bar, so only its shortcuts are live."""
        for menu in self._lab_menus:
            self.menuBar().removeAction(menu.menuAction())
            menu.deleteLater()
        self._lab_menus = []
        lab = self.current_lab()
        if lab is None:
            return
        for title, actions in lab.menus():
            menu = QMenu(title, self)
            menu.addActions(actions)
            self.menuBar().insertMenu(self._help_menu.menuAction(), menu)
            self._lab_menus.append(menu)

    def toggle_help(self) -> None:
        lab = self.current_lab()
        rows = [
            ("F1", "show / hide this help"),
            ("Ctrl+1 … Ctrl+9", "go to lab 1 … 9"),
            ("Alt+Home", "all labs"),
        ]
        if lab is not None:
            rows += lab.shortcuts()
        rows += self.files.shortcut_rows()
        self.help.set_rows(f"{lab.title if lab else 'hopgui'}: keyboard shortcuts", rows)
        self.help.toggle()

    def _close_help(self) -> bool:
        if self.help.isVisible():
            self.help.hide()
            return True
        return False

    def _about(self) -> None:
        QMessageBox.about(self, "About hopgui", about_text())

    # --- demo and settings ------------------------------------------------------------------------
    def load_demo(self) -> None:
        """Something worth showing in every lab (letters stored and a noisy 'A' drawn, ...)."""
        for lab_widget in self.labs.values():
            lab_widget.demo()

    def start_demo_run(self) -> None:
        lab = self.current_lab()
        if lab is not None:
            lab.start_demo()

    def _restore_remembered(self, lab: Lab) -> None:
        """Parameters marked `remember` come back as the user left them."""
        values = {}
        for param in lab.params:
            key = f"{lab.name}/{param.name}"
            if param.remember and self.settings.contains(key):
                kind = type(param.default)
                values[param.name] = self.settings.value(key, param.default, type=kind)
        if values:
            lab.restore({"params": values})

    def _remember(self, lab: Lab) -> None:
        """Keep the parameters marked `remember` as the model has them now (not as the last
        frame showed them: a change may still be on its way)."""
        if lab.snapshot is None:  # never started: nothing changed
            return
        lab.sim.cancel()  # a long computation under way would only delay closing
        try:
            values = lab.sim.call(lambda session: dict(session.params))
        except Exception:  # the model failed to build: nothing to remember
            return
        for param in lab.params:
            if param.remember:
                self.settings.setValue(f"{lab.name}/{param.name}", values[param.name])

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        if not self.files.confirm_close():  # unsaved changes: the user chose Cancel
            event.ignore()
            return
        self.files.shutdown()
        self._start_timer.stop()
        self.settings.setValue("geometry", self.saveGeometry())
        for lab_widget in self.labs.values():
            self._remember(lab_widget)
            lab_widget.shutdown()
        gc.unfreeze()  # what was frozen for the animation can be collected again
        super().closeEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        """Start the visible lab's worker once the window is up: the first paint never waits
        for a model to be built or its compiled kernels to load."""
        super().showEvent(event)
        self._start_timer.start()

    def restore_geometry(self) -> bool:
        """Put the window where the user left it last time; False if there is no record."""
        geometry = self.settings.value("geometry")
        return geometry is not None and self.restoreGeometry(geometry)
