"""Fixtures for the files tests: the main window as `main.py` starts it (asking before closing,
autosaving into a folder of the test's own), with every dialog answered by the test."""

import pytest


class Answers:
    """What the 'person' answers when hopgui asks; every question asked is recorded."""

    def __init__(self):
        self.save_path = ""
        self.open_path = ""
        self.unsaved = None  # a QMessageBox.StandardButton
        self.recover = None
        self.asked: list[str] = []
        self.errors: list[str] = []


@pytest.fixture
def answers():
    return Answers()


def make_window(qtbot, answers, folder, lab="hopfield", start=True, closes_itself=False):
    """A shown main window; `closes_itself`: the test closes it (a closed window is deleted,
    so qtbot must not close it again)."""
    from hopgui.main_window import MainWindow

    window = MainWindow(lab=lab)
    if not closes_itself:  # qtbot closes it after the test, without asking
        qtbot.addWidget(window, before_close_func=lambda w: setattr(w.files, "interactive", False))
    window.resize(1400, 900)
    files = window.files

    def asked(what, value):
        answers.asked.append(what)
        if value is None:
            pytest.fail(f"hopgui asked {what!r}, which this test did not expect")
        return value

    files.ask_save_path = lambda: asked("save path", answers.save_path)
    files.ask_open_path = lambda: asked("open path", answers.open_path)
    files.ask_unsaved = lambda doing: asked(f"unsaved ({doing})", answers.unsaved)
    files.ask_recover = lambda what: asked(f"recover {what}", answers.recover)
    files.show_error = lambda title, text: answers.errors.append(text)
    window.show()
    qtbot.waitExposed(window)
    if start:
        files.start(folder)
    return window


@pytest.fixture
def app_window(qtbot, answers, tmp_path):
    """The window a person uses, on the associative-memory lab."""
    return make_window(qtbot, answers, tmp_path / "autosave")
