"""Export as a person reaches it: a right-click menu on every plot (and on the ring and animal
views), File > Export… (Ctrl+E) for the lab on screen, and Ctrl+C to copy the panel under the
mouse (or the whole lab) as a picture."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QPoint, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QWidget,
)

from hopgui.files import export
from hopgui.files.export import DEFAULT_SCALE, Panel

FOLDER_KEY = "files/export_folder"
KINDS = {"png": "PNG picture", "svg": "SVG drawing", "csv": "CSV data"}


class Exports(QObject):
    """The window's export actions and the panels' right-click menus."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.settings = QSettings()
        self.menu: QMenu | None = None  # the last right-click menu (tests look at it)
        self.record_panel = None  # set by the window: record one panel
        self.actions = {
            "export": self._action("Export…", "Ctrl+E", self.export_dialog),
            "copy": self._action("Copy picture", QKeySequence.StandardKey.Copy, self.copy),
        }
        for lab in window.labs.values():
            for widget in lab.findChildren(QWidget):
                if _has_menu(widget):
                    widget.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
                    widget.customContextMenuRequested.connect(
                        lambda pos, w=widget, lab=lab: self.show_menu(lab, w, pos)
                    )

    @property
    def window(self) -> QMainWindow:
        """The main window (the Qt parent: a Python reference back would keep a closed window
        alive until the garbage collector runs)."""
        return self.parent()

    def _action(self, text: str, key, slot) -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(QKeySequence(key))
        action.triggered.connect(slot)
        self.window.addAction(action)
        return action

    # --- right-click ------------------------------------------------------------------------------
    def panel_of(self, lab: QWidget, widget: QWidget) -> Panel | None:
        """The panel `widget` is (or is part of: the plot of a view built on one)."""
        return next(
            (p for p in export.panels(lab) if p.widget is widget or p.widget.isAncestorOf(widget)),
            None,
        )

    def context_menu(self, lab: QWidget, widget: QWidget) -> QMenu | None:
        """The right-click menu of one panel: PNG, SVG, CSV, copy."""
        panel = self.panel_of(lab, widget)
        if panel is None:
            return None
        menu = QMenu(self.window)
        menu.setTitle(panel.title)
        menu.addAction(
            f"Export PNG ({DEFAULT_SCALE:g}x)…", lambda: self.export_panel(lab, panel, "png")
        )
        menu.addAction("Export SVG…", lambda: self.export_panel(lab, panel, "svg"))
        data = menu.addAction("Export data (CSV)…", lambda: self.export_panel(lab, panel, "csv"))
        data.setEnabled(bool(export.panel_tables(panel)))
        menu.addSeparator()
        menu.addAction("Copy picture", lambda: self.copy_panel(panel))
        if self.record_panel is not None:
            menu.addAction("Record this panel…", lambda: self.record_panel(panel))
        return menu

    def show_menu(self, lab: QWidget, widget: QWidget, pos: QPoint) -> None:
        menu = self.context_menu(lab, widget)
        if menu is not None:
            if self.menu is not None:
                self.menu.deleteLater()
            self.menu = menu
            menu.popup(widget.mapToGlobal(pos))

    def export_panel(self, lab, panel: Panel, kind: str) -> list[Path]:
        """Ask where, then write one panel as `kind` ("png", "svg" or "csv")."""
        default = Path(self._folder()) / f"{lab.name}-{panel.name}.{kind}"
        path = self.ask_path(str(default), kind)
        if not path:
            return []
        try:
            if kind == "png":
                written = [export.save_png(panel, path)]
            elif kind == "svg":
                written = [export.save_svg(panel, path)]
            else:
                written = export.save_csv(panel, path, lab.title)
        except (OSError, ValueError) as exc:
            lab.messages.show_message(f"Could not export {panel.title}: {exc}")
            return []
        self.settings.setValue(FOLDER_KEY, str(Path(path).parent))
        names = ", ".join(p.name for p in written)
        self.window.statusBar().showMessage(f"exported {names}", 5000)
        return written

    # --- File > Export… and Ctrl+C ----------------------------------------------------------------
    def export_dialog(self) -> list[Path]:
        lab = self.window.current_lab()
        if lab is None:
            self.window.statusBar().showMessage("Choose a lab first: export writes its panels")
            return []
        dialog = ExportDialog(lab, self._folder(), self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return []
        return self.export_chosen(lab, dialog.choice())

    def export_chosen(self, lab, choice: dict) -> list[Path]:
        try:
            written = export.export_lab(
                lab, choice["folder"], choice["formats"], choice["scale"], only=choice["panels"]
            )
        except (OSError, ValueError) as exc:
            lab.messages.show_message(f"Could not export: {exc}")
            return []
        self.settings.setValue(FOLDER_KEY, str(choice["folder"]))
        self.window.statusBar().showMessage(
            f"exported {len(written)} files to {choice['folder']}", 8000
        )
        return written

    def copy(self) -> None:
        """Ctrl+C: the panel under the mouse, or the whole lab, onto the clipboard."""
        lab = self.window.current_lab()
        if lab is None:
            return
        panel = export.cursor_panel(lab)
        if panel is not None:
            self.copy_panel(panel)
        else:
            export.copy_image(lab)
            self.window.statusBar().showMessage(f"copied a picture of {lab.title}", 5000)

    def copy_panel(self, panel: Panel) -> None:
        export.copy_image(panel.widget)
        self.window.statusBar().showMessage(f"copied a picture of {panel.title}", 5000)

    # --- questions (tests replace these) ----------------------------------------------------------
    def ask_path(self, default: str, kind: str) -> str:
        path, _ = QFileDialog.getSaveFileName(
            self.window, f"Export {KINDS[kind]}", default, f"{KINDS[kind]} (*.{kind})"
        )
        return path

    def _folder(self) -> str:
        return str(self.settings.value(FOLDER_KEY, str(Path.home()), type=str))


def _has_menu(widget: QWidget) -> bool:
    """Plots and painted views get a right-click menu; views whose right button paints (the
    grid, the lattice) do not."""
    return export.has_menu(widget)


class ExportDialog(QDialog):
    """Which panels, which formats, how large, where."""

    def __init__(self, lab, folder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Export {lab.title}")
        self._panels = export.panels(lab)
        self.which = QComboBox()
        self.which.addItem("All panels")
        self.which.addItems([p.title for p in self._panels])
        self.kinds = {kind: QCheckBox(text) for kind, text in KINDS.items()}
        kinds_row = QHBoxLayout()
        for box in self.kinds.values():
            box.setChecked(True)
            kinds_row.addWidget(box)
        self.scale = QDoubleSpinBox()
        self.scale.setRange(0.5, 8.0)
        self.scale.setSingleStep(0.5)
        self.scale.setValue(DEFAULT_SCALE)
        self.scale.setSuffix(" x the size on screen")
        self.size_note = QLabel()
        self.folder = QLineEdit(folder)
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Panels", self.which)
        form.addRow("As", kinds_row)
        form.addRow("PNG size", self.scale)
        form.addRow("", self.size_note)
        form.addRow("Into", folder_row)
        form.addRow(buttons)
        self.scale.valueChanged.connect(self._show_size)
        self.which.currentIndexChanged.connect(self._show_size)
        self._show_size()

    def _chosen_panels(self) -> list[Panel]:
        index = self.which.currentIndex()
        return self._panels if index <= 0 else [self._panels[index - 1]]

    def _show_size(self) -> None:
        scale = self.scale.value()
        sizes = [
            f"{round(p.widget.width() * scale)} x {round(p.widget.height() * scale)}"
            for p in self._chosen_panels()[:3]
        ]
        more = ", …" if len(self._chosen_panels()) > 3 else ""
        self.size_note.setText(f"pixels: {', '.join(sizes)}{more}")

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Export into", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def choice(self) -> dict:
        return {
            "panels": self._chosen_panels(),
            "formats": tuple(k for k, box in self.kinds.items() if box.isChecked()),
            "scale": self.scale.value(),
            "folder": Path(self.folder.text()).expanduser(),
        }
