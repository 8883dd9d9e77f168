"""Autosave and recovery as it happens to a lecturer: work is saved in the background a few
seconds after each change; after a crash (a kill -9 here) the next start offers it back,
naming what and when; a live hopgui's autosave is never offered to another; recovered or
declined autosaves are cleaned up."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from hopgui.files import archive, autosave
from tests.files.conftest import make_window
from tests.gui import wait_for

ROOT = Path(__file__).resolve().parents[2]
Button = QMessageBox.StandardButton


@pytest.fixture(autouse=True)
def _quick_autosave(monkeypatch):
    monkeypatch.setattr(autosave, "DELAY_MS", 300)
    monkeypatch.setattr(autosave, "RETRY_MS", 100)


def written(qtbot, window, predicate=lambda doc: True, timeout=15000):
    """The window's autosave, once written and satisfying `predicate`."""
    path = window.files.autosave.path
    found = []

    def ready():
        if not path.exists():
            return False
        try:
            document = archive.read(path)
        except archive.SessionFileError:
            return False
        found[:] = [document]
        return predicate(document)

    qtbot.waitUntil(ready, timeout=timeout)
    return found[0]


def test_a_change_is_autosaved_a_moment_later(qtbot, app_window, tmp_path):
    hop = app_window.labs["hopfield"]
    wait_for(qtbot, hop, lambda s: True, timeout=20000)
    hop.set_param("rule", "storkey")
    folder = tmp_path / "autosave"
    assert app_window.files.autosave.path.parent == folder
    document = written(qtbot, app_window, lambda d: "hopfield" in d.labs)
    assert document.labs["hopfield"]["params"]["rule"] == "storkey"
    assert document.source is None  # never saved: recovered too
    assert app_window.files.autosave.longest_pause < 0.1  # seconds of GUI time per autosave
    assert sorted(p.suffix for p in folder.iterdir()) == [".hopgui", ".lock"]


def test_saving_and_closing_leave_no_autosave(qtbot, answers, tmp_path):
    window = make_window(qtbot, answers, tmp_path / "autosave", closes_itself=True)
    hop = window.labs["hopfield"]
    wait_for(qtbot, hop, lambda s: True, timeout=20000)
    hop.set_param("rule", "storkey")
    written(qtbot, window)
    assert window.files.save_to(str(tmp_path / "kept.hopgui"))
    assert not window.files.autosave.path.exists()  # the file holds it now
    window.close()
    assert list((tmp_path / "autosave").iterdir()) == []  # lock gone too


def test_a_live_instances_autosave_is_never_offered(qtbot, answers, tmp_path):
    folder = tmp_path / "autosave"
    first = make_window(qtbot, answers, folder)
    hop = first.labs["hopfield"]
    wait_for(qtbot, hop, lambda s: True, timeout=20000)
    hop.set_param("rule", "storkey")
    written(qtbot, first)
    second = make_window(qtbot, answers, folder, lab="ring")
    assert second.files.orphans() == []
    assert not second.files.offer_recovery()
    assert answers.asked == []
    assert first.files.autosave.path.exists()


def orphan(folder: Path, document) -> Path:
    """An autosave whose hopgui is gone (its lock file went with it)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "20261201-101500-999999-deadbeef.hopgui"
    path.write_bytes(archive.encode(document))
    return path


def left_behind():
    return archive.SessionDocument(
        labs={"ring": {"params": {"n_units": 48, "noise": 0.03}}}, current_lab="ring"
    )


def test_work_left_by_a_crash_is_offered_and_recovered(qtbot, answers, tmp_path):
    folder = tmp_path / "autosave"
    path = orphan(folder, left_behind())
    answers.recover = Button.Yes
    window = make_window(qtbot, answers, folder)
    assert window.files.offer_recovery()
    assert len(answers.asked) == 1
    question = answers.asked[0]  # what and when
    assert question.startswith("recover unsaved work from")
    assert time.strftime("%Y") in question and "never saved" in question and "ring" in question
    ring = window.labs["ring"]
    wait_for(qtbot, ring, lambda s: s.params["n_units"] == 48 and s.params["noise"] == 0.03)
    assert window.current_lab() is ring
    assert window.isWindowModified() and window.files.path is None
    assert not path.exists() and not path.with_suffix(".lock").exists()


def test_a_recovered_file_keeps_its_name(qtbot, answers, tmp_path):
    original = tmp_path / "lecture.hopgui"
    original.write_bytes(archive.encode(left_behind()))
    document = left_behind()
    document.source = str(original)
    orphan(tmp_path / "autosave", document)
    answers.recover = Button.Yes
    window = make_window(qtbot, answers, tmp_path / "autosave")
    assert window.files.offer_recovery()
    assert "lecture.hopgui" in answers.asked[0]
    assert window.windowTitle() == "lecture.hopgui[*]" and window.isWindowModified()


@pytest.mark.parametrize("answer, kept", [(Button.No, False), (Button.Cancel, True)])
def test_declined_work_is_deleted_and_later_is_kept(qtbot, answers, tmp_path, answer, kept):
    folder = tmp_path / "autosave"
    path = orphan(folder, left_behind())
    answers.recover = answer
    window = make_window(qtbot, answers, folder)
    assert not window.files.offer_recovery()
    assert path.exists() == kept
    assert window.labs["ring"].param_value("n_units") != 48


def test_a_damaged_autosave_is_said_and_removed(qtbot, answers, tmp_path):
    folder = tmp_path / "autosave"
    path = orphan(folder, left_behind())
    path.write_bytes(path.read_bytes()[:100])
    answers.recover = Button.Yes
    window = make_window(qtbot, answers, folder)
    assert not window.files.offer_recovery()
    assert "cannot be read" in answers.asked[0]
    assert len(answers.errors) == 1 and not path.exists()


def test_the_autosave_folder_is_the_users_data_folder(qapp):
    from PySide6.QtCore import QStandardPaths

    data = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    assert autosave.default_folder() == Path(data) / "autosave"


CRASHING_APP = textwrap.dedent(
    """
    import os, sys, time
    sys.path.insert(0, {root!r})
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication
    from hopgui.main_window import MainWindow, make_application
    from hopgui.files import autosave
    autosave.DELAY_MS = 200
    app = make_application(["hopgui"])
    window = MainWindow(lab="hopfield")
    window.show()
    window.files.start()
    print(autosave.default_folder(), flush=True)
    lab = window.labs["hopfield"]
    while lab.snapshot is None:
        app.processEvents()
    lab.store_presets("HI")
    lab.set_param("rule", "pseudoinverse")
    while not (window.files.autosave.path.exists() and
               window.files.autosave._written_generation == window.files.autosave._generation):
        app.processEvents()
        time.sleep(0.01)
    print("autosaved", flush=True)
    while True:  # a lecture under way, until the laptop crashes
        app.processEvents()
        time.sleep(0.01)
    """
)


@pytest.mark.slow
def test_an_autosave_is_recovered_after_the_app_is_killed(qtbot, answers, tmp_path):
    env = os.environ | {"XDG_DATA_HOME": str(tmp_path / "data"), "HOME": str(tmp_path)}
    code = CRASHING_APP.format(root=str(ROOT))
    app = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env)
    try:
        folder = Path(app.stdout.readline().strip())
        assert folder.is_relative_to(tmp_path)  # the user's data folder (XDG_DATA_HOME)
        deadline = time.time() + 90
        while app.stdout.readline().strip() != "autosaved":
            assert time.time() < deadline and app.poll() is None, "the app never autosaved"
        # while it runs, its autosave is live: another hopgui does not offer it
        live = make_window(qtbot, answers, folder)
        assert live.files.orphans() == []
    finally:
        app.send_signal(signal.SIGKILL)
        app.wait(30)
        app.stdout.close()
    ours = {p.name for p in folder.glob(f"{live.files.autosave.path.stem}*")}
    left = {p.name for p in folder.iterdir()} - ours
    assert {Path(n).suffix for n in left} == {".hopgui", ".lock"}  # left by the crash
    answers.recover = Button.Yes
    window = make_window(qtbot, answers, tmp_path / "elsewhere")
    window.files.autosave.folder = folder
    assert window.files.offer_recovery()
    assert "never saved" in answers.asked[-1]
    hop = window.labs["hopfield"]
    wait_for(qtbot, hop, lambda s: s.names == ("H", "I"), timeout=20000)
    assert hop.snapshot.params["rule"] == "pseudoinverse"
    assert {p.name for p in folder.iterdir()} & left == set()  # cleaned up


def test_locks_of_a_hopgui_that_died_with_nothing_to_save_are_cleared(qtbot, answers, tmp_path):
    folder = tmp_path / "autosave"
    folder.mkdir()
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    ).stdout.strip()
    host = os.uname().nodename
    (folder / "gone.lock").write_text(f"{dead}\npython3.11\n{host}\n")
    live = make_window(qtbot, answers, folder)  # its own lock, nothing saved yet
    other = make_window(qtbot, answers, folder)
    assert other.files.orphans() == []
    names = {p.name for p in folder.iterdir()}
    assert "gone.lock" not in names
    assert f"{live.files.autosave.path.stem}.lock" in names
