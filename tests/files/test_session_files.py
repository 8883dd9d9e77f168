"""Session files as a lecturer uses them: set every lab up, File > Save, open the file in a
fresh window and find everything as it was; the title names the file and marks unsaved work;
closing asks; a bad file changes nothing."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from hopgui.files import archive
from tests.app.test_lab_contract import same_state
from tests.files import sessions
from tests.files.conftest import make_window
from tests.gui import press, wait_for

CTRL = Qt.KeyboardModifier.ControlModifier
FORMAT = sessions.FORMAT_ERRORS
SHIFT = Qt.KeyboardModifier.ShiftModifier
Button = QMessageBox.StandardButton


def settle(qtbot, window):
    """Every lab has drawn the frame of its last command."""
    for lab in window.labs.values():
        lab.sim.start()
        qtbot.waitUntil(lambda lab=lab: lab.sim.is_current(lab.snapshot), timeout=20000)


def set_up_every_lab(qtbot, window):
    """What a lecturer prepares: letters stored under the Storkey rule with a noisy 'A' as the
    cue; a cosine ring of 128 neurons turning; the head-direction lab with the lights off."""
    hop, ring, heading = (window.labs[n] for n in ("hopfield", "ring", "heading"))
    hop.demo()
    hop.set_param("rule", "storkey")
    hop.set_param("temperature", 0.25)
    ring.set_param("kernel", "cosine")
    ring.set_param("n_units", 128)
    ring.set_param("noise", 0.02)
    ring.nudge_velocity(+1)
    heading.set_param("gain", 1.1)
    settle(qtbot, window)
    window.show_lab("ring")


def test_save_and_open_bring_back_every_lab(qtbot, app_window, answers, tmp_path):
    window = app_window
    set_up_every_lab(qtbot, window)
    assert window.isWindowModified()
    answers.save_path = str(tmp_path / "lecture")  # the dialog adds no suffix: hopgui does
    press(qtbot, window.current_lab(), Qt.Key.Key_S, CTRL)
    saved = tmp_path / "lecture.hopgui"
    assert saved.exists() and answers.asked == ["save path"]
    assert window.windowTitle() == "lecture.hopgui[*]" and not window.isWindowModified()
    before = window.files.document()

    fresh = make_window(qtbot, answers, tmp_path / "autosave2", lab="heading")
    answers.open_path = str(saved)
    press(qtbot, fresh.current_lab(), Qt.Key.Key_O, CTRL)
    settle(qtbot, fresh)
    after = fresh.files.document()
    for name in window.labs:
        assert same_state(before.labs[name], after.labs[name]) == [], name
    assert fresh.current_lab().name == "ring"
    assert fresh.windowTitle() == "lecture.hopgui[*]" and not fresh.isWindowModified()
    assert fresh.labs["hopfield"].snapshot.names == ("A", "T", "X")
    ring = fresh.labs["ring"]
    assert ring._controls["kernel"].currentText() == ring.params["kernel"].label_of("cosine")
    assert answers.errors == []


def test_the_same_file_opened_twice_gives_the_same_picture(qtbot, app_window, answers, tmp_path):
    set_up_every_lab(qtbot, app_window)
    app_window.show_lab("hopfield")
    path = tmp_path / "same.hopgui"
    assert app_window.files.save_to(str(path))
    pictures = []
    for k in range(2):
        window = make_window(qtbot, answers, tmp_path / f"a{k}", lab="ring")
        assert window.files.open_path(str(path))
        settle(qtbot, window)
        qtbot.wait(200)  # the throttled plots draw the newest frame
        pictures.append(window.labs["hopfield"].grab().toImage())
    assert pictures[0].size() == pictures[1].size()
    assert pictures[0] == pictures[1]


def test_the_title_marks_unsaved_changes_and_save_clears_it(qtbot, app_window, tmp_path):
    window = app_window
    assert window.windowTitle() == "hopgui: attractor networks" and not window.isWindowModified()
    hop = window.labs["hopfield"]
    hop.sim.play()  # running is not an edit
    hop.sim.pause()
    assert not window.isWindowModified()
    press(qtbot, hop, Qt.Key.Key_L, CTRL)  # store letters A-E
    assert window.isWindowModified() and window.windowTitle() == "Untitled[*]"
    assert window.files.save_to(str(tmp_path / "x.hopgui"))
    assert "x.hopgui" in window.windowTitle() and not window.isWindowModified()
    hop.set_param("temperature", 0.5)
    assert window.isWindowModified()


def closed_by_ctrl_q(qtbot, window) -> bool:
    """Press Ctrl+Q; True if the window closed (and was deleted)."""
    gone = []
    window.destroyed.connect(lambda: gone.append(True))
    press(qtbot, window.current_lab(), Qt.Key.Key_Q, CTRL)
    qtbot.wait(50)
    if not gone:
        try:
            qtbot.waitUntil(lambda: bool(gone), timeout=1000)
        except Exception:
            return False
    return True


@pytest.mark.parametrize("answer", ["cancel", "discard", "save"])
def test_closing_with_unsaved_changes_asks(qtbot, answers, tmp_path, answer):
    window = make_window(qtbot, answers, tmp_path / "autosave", closes_itself=True)
    window.labs["hopfield"].set_param("rule", "storkey")
    answers.unsaved = {"cancel": Button.Cancel, "discard": Button.Discard, "save": Button.Save}[
        answer
    ]
    answers.save_path = str(tmp_path / "kept.hopgui")
    closed = closed_by_ctrl_q(qtbot, window)
    assert answers.asked[0] == "unsaved (closing)"
    assert closed == (answer != "cancel")
    if not closed:
        assert window.isVisible() and window.isWindowModified()
        window.files.set_modified(False)  # so that the test can close it
        window.close()
    assert (tmp_path / "kept.hopgui").exists() == (answer == "save")
    assert list((tmp_path / "autosave").glob("*")) == []  # a clean exit leaves no autosave


def test_closing_without_changes_asks_nothing(qtbot, answers, tmp_path):
    window = make_window(qtbot, answers, tmp_path / "autosave", closes_itself=True)
    assert closed_by_ctrl_q(qtbot, window)
    assert answers.asked == []


def test_a_script_built_window_never_asks(qtbot, answers, tmp_path):
    window = make_window(qtbot, answers, tmp_path, start=False, closes_itself=True)
    window.labs["hopfield"].set_param("rule", "storkey")
    assert window.isWindowModified()
    assert closed_by_ctrl_q(qtbot, window)
    assert answers.asked == []


@pytest.mark.parametrize("spoil", sessions.BAD_FILES, ids=[f.__name__ for f in sessions.BAD_FILES])
def test_a_bad_file_changes_nothing_already_open(qtbot, app_window, answers, tmp_path, spoil):
    window = app_window
    set_up_every_lab(qtbot, window)
    assert window.files.save_to(str(tmp_path / "mine.hopgui"))
    window.labs["heading"].set_param("gain", 0.9)  # unsaved work
    settle(qtbot, window)
    before = window.files.document()
    path = tmp_path / "from a colleague.hopgui"
    path.write_bytes(archive.encode(sessions.good_document()))
    spoil(path)
    answers.unsaved = Button.Discard  # asked only if the file itself is sound
    assert not window.files.open_path(str(path))
    assert len(answers.errors) == 1
    assert answers.asked == (["unsaved (opening another session)"] if spoil not in FORMAT else [])
    assert "from a colleague.hopgui" in answers.errors[0]
    settle(qtbot, window)
    after = window.files.document()
    for name in window.labs:
        assert same_state(before.labs[name], after.labs[name]) == [], name
    assert window.current_lab().name == "ring"
    assert window.windowTitle() == "mine.hopgui[*]" and window.isWindowModified()


def test_a_lab_refusing_its_part_undoes_the_labs_already_restored(qtbot, app_window, tmp_path):
    """The ring's part is good, the associative memory's is not: neither changes."""
    window = app_window
    settle(qtbot, window)
    before = window.files.document()
    document = sessions.good_document()
    document.labs["hopfield"] = {"patterns": np.ones((2, 7))}  # 7 pixels on a 16 x 16 grid
    path = tmp_path / "half good.hopgui"
    path.write_bytes(archive.encode(document))
    with pytest.raises(archive.SessionFileError, match="half good.hopgui: the Associative"):
        window.files.open_file(str(path))
    settle(qtbot, window)
    after = window.files.document()
    for name in window.labs:
        assert same_state(before.labs[name], after.labs[name]) == [], name


def test_a_running_lab_runs_on_after_a_bad_file(qtbot, app_window, tmp_path):
    ring = app_window.labs["ring"]
    app_window.show_lab("ring")
    wait_for(qtbot, ring, lambda s: True, timeout=20000)
    ring.sim.play()
    qtbot.waitUntil(lambda: ring.sim.running)
    path = tmp_path / "bad.hopgui"
    path.write_bytes(archive.encode(sessions.good_document()))
    sessions.wrong_shape(path)
    assert not app_window.files.open_path(str(path))
    qtbot.waitUntil(lambda: ring.sim.running)


def test_open_recent_lists_saved_files_and_forgets_missing_ones(
    qtbot, app_window, answers, tmp_path
):
    files = app_window.files
    for name in ("one", "two"):
        assert files.save_to(str(tmp_path / f"{name}.hopgui"))
    assert files.recent()[:2] == [str(tmp_path / "two.hopgui"), str(tmp_path / "one.hopgui")]
    files._fill_recent()
    texts = [a.text() for a in files.recent_menu.actions()]
    assert texts[:2] == ["&1 two.hopgui", "&2 one.hopgui"]
    files.recent_menu.actions()[1].trigger()
    assert files.path == str(tmp_path / "one.hopgui")
    (tmp_path / "two.hopgui").unlink()
    assert not files.open_recent(str(tmp_path / "two.hopgui"))
    assert "two.hopgui no longer exists" in answers.errors[-1]
    assert str(tmp_path / "two.hopgui") not in files.recent()


def test_opening_with_unsaved_changes_asks_first(qtbot, app_window, answers, tmp_path):
    good = tmp_path / "good.hopgui"
    good.write_bytes(archive.encode(sessions.good_document()))
    app_window.labs["hopfield"].set_param("rule", "storkey")
    answers.unsaved = Button.Cancel
    assert not app_window.files.open_path(str(good))
    assert app_window.files.path is None
    answers.unsaved = Button.Discard
    assert app_window.files.open_path(str(good))
    assert app_window.current_lab().name == "ring"


def test_no_key_is_bound_twice_in_any_lab(qtbot, window):
    """Window keys (files, export, recording, labs, help) and each lab's keys never clash:
    a clash makes Qt fire neither action."""
    own = {id(a): a for a in window.findChildren(QAction) if a.parent() is window}
    window_keys = [a.shortcut().toString() for a in own.values() if not a.shortcut().isEmpty()]
    assert len(window_keys) == len(set(window_keys)), window_keys
    for lab in window.labs.values():
        lab_keys = [
            a.shortcut().toString()
            for _, actions in lab.menus()
            for a in actions
            if not a.shortcut().isEmpty()
        ]
        both = window_keys + lab_keys
        assert len(both) == len(set(both)), (lab.name, sorted(k for k in both if both.count(k) > 1))
    expected = {"Ctrl+S", "Ctrl+O", "Ctrl+Shift+S", "Ctrl+E", "Ctrl+C", "Ctrl+R", "Ctrl+Q"}
    assert expected <= set(window_keys)
    assert QKeySequence("Ctrl+S").toString() in window_keys


def test_the_hopfield_pattern_set_keys_moved_aside(qtbot, window):
    texts = {
        a.text(): a.shortcut().toString() for _, g in window.labs["hopfield"].menus() for a in g
    }
    assert texts["Open pattern set…"] == "Ctrl+Alt+O"
    assert texts["Save pattern set…"] == "Ctrl+Alt+S"


def test_an_unwritable_place_is_a_message_and_the_work_stays_unsaved(
    qtbot, app_window, answers, tmp_path
):
    app_window.labs["hopfield"].set_param("rule", "storkey")
    assert not app_window.files.save_to(str(tmp_path / "no such folder" / "x.hopgui"))
    assert "x.hopgui" in answers.errors[0]
    assert app_window.isWindowModified() and app_window.files.path is None


def test_a_session_keeps_the_open_lecture_and_its_step(qtbot, app_window, answers, tmp_path):
    from hopgui.lecture import BUILTIN

    window = app_window
    assert window.lecture.open_path(str(BUILTIN))
    player = window.lecture.player
    qtbot.waitUntil(lambda: not player.busy, timeout=20000)
    player.go(1)
    qtbot.waitUntil(lambda: not player.busy, timeout=20000)
    path = tmp_path / "with_lecture.hopgui"
    assert window.files.save_to(str(path))

    fresh = make_window(qtbot, answers, tmp_path / "autosave3", lab="ring")
    assert fresh.files.open_path(str(path))
    settle(qtbot, fresh)
    again = fresh.lecture.player
    assert again.lecture is not None and again.count == player.count and again.index == 1
    assert fresh.caption_bar.isVisible()
    assert fresh.caption_bar.counter.text() == f"2 / {player.count}"
    assert fresh.caption_bar.caption.text() == player.lecture.steps[1].caption
    assert fresh.labs["hopfield"].snapshot.names == window.labs["hopfield"].snapshot.names
    assert answers.errors == []
