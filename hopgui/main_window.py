"""The main window: one tab per lab, menus built from the labs' actions, help and settings."""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QFont, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QMessageBox, QTabWidget

from hopgui.labs.heading.lab import HeadingLab
from hopgui.labs.hopfield.lab import DEFAULT_GRID, HopfieldLab
from hopgui.labs.hopfield.panel import GRID_SIZES
from hopgui.labs.ring.lab import RingLab
from widgets import palette
from widgets.help_overlay import HelpOverlay

APP_NAME = "hopgui"
START_DELAY_MS = 60  # after the first paint of the window


def make_application(argv: list[str]) -> QApplication:
    """A QApplication with hopgui's name (for QSettings) and a font readable on a projector."""
    # The worker thread runs Python between its compiled kernels; a short GIL switch interval
    # keeps the GUI thread from queueing behind it for the default 5 ms at every hand-over.
    sys.setswitchinterval(0.001)
    app = QApplication(argv)
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName("hopgui: attractor networks")
    font = QFont(app.font())
    font.setPointSize(palette.FONT_POINT_SIZE)
    app.setFont(font)
    return app


class MainWindow(QMainWindow):
    """Hosts the labs. Only the visible lab runs; closing the window stops every worker thread."""

    demo_settle_ms = 2500

    def __init__(self, lab: str | None = None, demo: bool = False) -> None:
        super().__init__()
        self.setWindowTitle("hopgui: attractor networks")
        self.settings = QSettings()
        grid = self.settings.value("hopfield/grid_size", DEFAULT_GRID, type=int)
        self.hopfield = HopfieldLab(grid if grid in GRID_SIZES else DEFAULT_GRID)
        self.hopfield.grid_size.currentTextChanged.connect(
            lambda text: self.settings.setValue("hopfield/grid_size", int(text.split()[0]))
        )
        self.ring = RingLab()
        self.heading = HeadingLab()
        self.labs = {"hopfield": self.hopfield, "ring": self.ring, "heading": self.heading}
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setStyleSheet("QTabBar::tab { font-size: 16pt; padding: 8px 22px; }")
        for lab_widget in self.labs.values():
            self.tabs.addTab(lab_widget, lab_widget.title)
            lab_widget.status.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.setCentralWidget(self.tabs)
        self.help = HelpOverlay(self)
        self._start_timer = QTimer(self)
        self._start_timer.setSingleShot(True)
        self._start_timer.setInterval(START_DELAY_MS)
        self._start_timer.timeout.connect(self._start_labs)
        self._build_menus()
        self.tabs.currentChanged.connect(self._on_tab_changed)
        start = lab or self.settings.value("lab", "hopfield", type=str)
        if start in self.labs:
            self.tabs.setCurrentWidget(self.labs[start])
        self._show_lab_menus()
        if demo:
            self.load_demo()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        quit_action = QAction("Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self._lab_menus = []
        help_menu = self.menuBar().addMenu("&Help")
        shortcuts = QAction("Keyboard shortcuts", self)
        shortcuts.setShortcut(QKeySequence("F1"))
        shortcuts.triggered.connect(self.toggle_help)
        about = QAction("About hopgui", self)
        about.triggered.connect(self._about)
        self.addAction(shortcuts)
        help_menu.addActions([shortcuts, about])

    def _show_lab_menus(self) -> None:
        """Only the visible lab's actions sit in the menu bar, so only its shortcuts are live."""
        for menu in self._lab_menus:
            self.menuBar().removeAction(menu.menuAction())
            menu.deleteLater()
        self._lab_menus = []
        before = self.menuBar().actions()[-1]  # keep Help last
        for title, actions in self.current_lab().menus():
            menu = QMenu(title, self)
            menu.addActions(actions)
            self.menuBar().insertMenu(before, menu)
            self._lab_menus.append(menu)

    def current_lab(self):
        return self.tabs.currentWidget()

    def toggle_help(self) -> None:
        lab = self.current_lab()
        rows = [("F1", "show / hide this help"), *lab.shortcuts()]
        self.help.set_rows(f"{lab.title}: keyboard shortcuts", rows)
        self.help.toggle()

    def load_demo(self) -> None:
        """Something worth showing in every lab (letters stored and a noisy 'A' drawn, ...)."""
        for lab_widget in self.labs.values():
            lab_widget.demo()

    def start_demo_run(self) -> None:
        lab = self.current_lab()
        lab.start_demo()

    def _on_tab_changed(self, index: int) -> None:
        for lab_widget in self.labs.values():
            if lab_widget is not self.tabs.widget(index):
                lab_widget.sim.pause()
        self._show_lab_menus()
        if self.isVisible():
            self.current_lab().sim.start()
        name = next(k for k, v in self.labs.items() if v is self.tabs.widget(index))
        self.settings.setValue("lab", name)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "About hopgui",
            "<h3>hopgui</h3><p>A laboratory for attractor networks: Hopfield associative memory "
            "and ring attractors for head direction.</p>",
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        self._start_timer.stop()
        self.settings.setValue("geometry", self.saveGeometry())
        for lab_widget in self.labs.values():
            lab_widget.shutdown()
        super().closeEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        """Start the labs' worker threads once the window is up: the first paint never waits
        for a model to be built or its compiled kernels to load."""
        super().showEvent(event)
        self._start_timer.start()

    def _start_labs(self) -> None:
        """Start the visible lab's worker; the others start when their tab is first shown."""
        # Everything built so far lives as long as the window: take it out of the collector's
        # full passes, which otherwise stall the animation for some 60 ms every few seconds.
        gc.freeze()
        self.current_lab().sim.start()

    def restore_geometry(self) -> bool:
        """Put the window where the user left it last time; False if there is no record."""
        geometry = self.settings.value("geometry")
        return geometry is not None and self.restoreGeometry(geometry)
