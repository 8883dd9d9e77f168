"""Bad input in the associative-memory lab: a clear message, nothing the user made is lost."""

import os

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from hopgui.core.session import Session
from models.patterns import MAX_MEMORIES, MAX_NAME_LENGTH, random_patterns, save_pattern_set
from tests.gui import press, wait_for
from tests.labs.hopfield.lecturer import store_letters, wait_until_current
from tests.labs.hopfield.test_images import gif_bytes


@pytest.fixture
def lab(qtbot, lab):
    """Two letters stored and a random drawing: what bad input must not destroy."""
    store_letters(qtbot, lab, "AB")
    lab.panel.grid.randomize(seed=4)
    return lab


def unchanged(lab, drawing):
    """The drawing and the two memories survived."""
    return np.array_equal(lab.panel.grid.pattern(), drawing) and lab.snapshot.names == ("A", "B")


def test_text_file_as_image(qtbot, lab, tmp_path):
    drawing = lab.panel.grid.pattern()
    path = tmp_path / "notes.png"
    path.write_text("this is not a picture")
    assert not lab.files.import_image(str(path))
    assert "notes.png" in lab.messages.text()
    assert unchanged(lab, drawing)


def test_blank_and_empty_images(qtbot, lab, tmp_path):
    drawing = lab.panel.grid.pattern()
    blank = QImage(40, 30, QImage.Format.Format_RGB32)
    blank.fill(QColor("white"))
    blank.save(str(tmp_path / "blank.png"))
    assert not lab.files.import_image(str(tmp_path / "blank.png"))
    assert "blank" in lab.messages.text()
    (tmp_path / "empty.png").write_bytes(b"")
    assert not lab.files.import_image(str(tmp_path / "empty.png"))
    assert lab.messages.text()
    assert unchanged(lab, drawing)


def test_a_real_image_is_drawn_and_undoable(qtbot, lab, tmp_path):
    drawing = lab.panel.grid.pattern()
    picture = QImage(64, 64, QImage.Format.Format_RGB32)
    picture.fill(QColor("white"))
    for y in range(64):
        for x in range(20, 44):
            picture.setPixelColor(x, y, QColor("black"))  # a thick vertical bar
    picture.save(str(tmp_path / "bar.png"))
    assert lab.files.import_image(str(tmp_path / "bar.png"))
    cells = lab.panel.grid.pattern().reshape(lab.panel.grid.shape)
    assert (cells[:, 7:9] == 1).all() and (cells[:, :3] == -1).all()
    lab.panel.grid.undo()
    assert np.array_equal(lab.panel.grid.pattern(), drawing)


def test_corrupt_and_foreign_pattern_sets(qtbot, lab, tmp_path):
    drawing = lab.panel.grid.pattern()
    junk = tmp_path / "junk.npz"
    junk.write_bytes(b"PK\x03\x04 definitely not a zip")
    assert not lab.files.load_pattern_set(str(junk))
    assert "junk.npz" in lab.messages.text()
    foreign = tmp_path / "foreign.npz"
    np.savez(foreign, weights=np.zeros((3, 3)))
    assert not lab.files.load_pattern_set(str(foreign))
    assert "not a hopgui pattern set" in lab.messages.text()
    assert not lab.files.load_pattern_set(str(tmp_path / "missing.npz"))
    assert unchanged(lab, drawing)


def test_pattern_set_of_another_size_is_resampled_with_a_notice(qtbot, lab, tmp_path):
    path = tmp_path / "small.npz"
    stripes = np.tile(np.repeat([1, -1], 4), (8, 1)).reshape(-1).astype(np.int8)
    save_pattern_set(path, stripes[None, :], (8, 8), ["stripes"])
    assert lab.files.load_pattern_set(str(path))
    assert "resampled" in lab.messages.text()
    qtbot.waitUntil(lambda: lab.snapshot.names == ("A", "B", "stripes"))
    assert lab.snapshot.patterns.shape == (3, 256)


def test_save_and_load_round_trip(qtbot, lab, tmp_path):
    path = tmp_path / "letters.npz"
    assert lab.files.save_pattern_set(str(path))
    stored = lab.snapshot.patterns.copy()
    lab.forget_all()
    qtbot.waitUntil(lambda: lab.snapshot.names == ())
    assert lab.files.load_pattern_set(str(path))
    qtbot.waitUntil(lambda: lab.snapshot.names == ("A", "B"))
    assert np.array_equal(lab.snapshot.patterns, stored)


def test_saving_nothing_or_to_an_unwritable_place_says_so(qtbot, lab, tmp_path):
    assert not lab.files.save_pattern_set(str(tmp_path / "no_such_dir" / "x.npz"))
    assert "Could not save" in lab.messages.text()
    lab.forget_all()
    qtbot.waitUntil(lambda: lab.snapshot.names == ())
    assert not lab.files.save_pattern_set(str(tmp_path / "x.npz"))
    assert "no memories" in lab.messages.text()


def test_absurd_parameters_are_refused_with_a_message(qtbot, lab):
    lab.panel.temperature.setValue(1e9)  # the slider stops at its end: what a person can set
    assert lab.panel.temperature.value() == 5.0
    wait_until_current(qtbot, lab)
    assert lab.snapshot.params["temperature"] == 5.0
    lab.set_param("temperature", 1e9)  # a script or a stale setting: the model refuses
    qtbot.waitUntil(lambda: "temperature" in lab.messages.text().lower())
    assert "5" in lab.messages.text()  # the message names the range
    lab.sim.send(Session.set_param, "temperature", -3.0)
    qtbot.waitUntil(lambda: "-3" in lab.messages.text())
    lab.set_param("rule", "telepathy")
    qtbot.waitUntil(lambda: "telepathy" in lab.messages.text())
    wait_until_current(qtbot, lab)
    assert lab.snapshot.params["rule"] == "hebbian" and lab.snapshot.params["temperature"] == 5.0
    assert lab.panel.rule.currentText() == "Hebbian"  # the controls show what the model uses
    assert lab.panel.temperature.value() == 5.0


def statuses_of(lab) -> list[str]:
    """What the lab says in the window's status bar from now on."""
    said = []
    lab.status.connect(said.append)
    return said


def test_a_folder_a_pipe_and_a_vector_drawing_say_what_they_are(qtbot, lab, tmp_path):
    drawing = lab.panel.grid.pattern()
    (tmp_path / "holiday.png").mkdir()
    assert not lab.files.import_image(str(tmp_path / "holiday.png"))
    assert lab.messages.text() == "holiday.png is a folder, not an image file"
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.png")
        assert not lab.files.import_image(str(tmp_path / "pipe.png"))  # at once, no hang
        assert "pipe.png is a named pipe (FIFO)" in lab.messages.text()
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="20000" height="20000"/>'
    (tmp_path / "tiny.png").write_bytes(svg)
    assert not lab.files.import_image(str(tmp_path / "tiny.png"))
    assert "tiny.png is a vector drawing (SVG)" in lab.messages.text()
    assert unchanged(lab, drawing)


def test_imports_and_opens_are_confirmed(qtbot, lab, tmp_path):
    said = statuses_of(lab)
    picture = QImage(64, 64, QImage.Format.Format_RGB32)
    picture.fill(QColor("white"))
    picture.setPixelColor(3, 3, QColor("black"))
    picture.save(str(tmp_path / "photo.png"))
    assert lab.files.import_image(str(tmp_path / "photo.png"))
    assert said[-1] == "imported photo.png as the drawing"
    assert lab.files.save_pattern_set(str(tmp_path / "letters.npz"))
    assert said[-1] == "saved 2 memories to letters.npz"
    lab.forget_all()
    qtbot.waitUntil(lambda: lab.snapshot.names == ())
    assert lab.files.load_pattern_set(str(tmp_path / "letters.npz"))
    qtbot.waitUntil(lambda: lab.snapshot.names == ("A", "B"))
    qtbot.waitUntil(lambda: said[-1] == "opened 2 memories from letters.npz")


def test_an_animated_gif_is_imported_from_its_first_frame_and_says_so(qtbot, lab, tmp_path):
    said = statuses_of(lab)
    first, second = np.zeros((16, 16), np.uint8), np.zeros((16, 16), np.uint8)
    first[:, :8], second[:8, :] = 1, 1
    (tmp_path / "blink.gif").write_bytes(gif_bytes([first, second, first]))
    assert lab.files.import_image(str(tmp_path / "blink.gif"))
    assert np.array_equal(lab.panel.grid.pattern(), np.where(first, 1, -1).reshape(-1))
    assert lab.messages.kind == "info"
    assert lab.messages.text() == "blink.gif is animated (3 frames): the first one was imported."
    assert said[-1] == "imported blink.gif as the drawing"


def test_a_set_that_would_pass_the_memory_limit_is_refused_by_name(qtbot, lab, tmp_path):
    said = statuses_of(lab)
    drawing = lab.panel.grid.pattern()
    path = tmp_path / "many.npz"
    save_pattern_set(path, random_patterns(MAX_MEMORIES - 1, 256, seed=1), (16, 16), ["m"] * 999)
    lab.files.load_pattern_set(str(path))  # the session decides, on what it really holds
    wait_until_current(qtbot, lab)
    assert lab.messages.text() == (
        "The network holds at most 1,000 memories and 2 are stored, so these 999 cannot be "
        "added: forget some first."
    )
    assert unchanged(lab, drawing) and said == []


def test_storing_beyond_the_limit_says_so_and_stores_nothing(qtbot, lab, tmp_path):
    path = tmp_path / "many.npz"
    save_pattern_set(path, random_patterns(MAX_MEMORIES - 2, 256, seed=1), (16, 16), ["m"] * 998)
    assert lab.files.load_pattern_set(str(path))
    wait_for(qtbot, lab, lambda s: len(s.names) == MAX_MEMORIES, timeout=20000)
    press(qtbot, lab, Qt.Key.Key_S)  # one more: refused in words
    qtbot.waitUntil(lambda: "at most 1,000 memories" in lab.messages.text())
    assert "1,000 are stored, so this one cannot be added" in lab.messages.text()
    wait_until_current(qtbot, lab)
    assert len(lab.snapshot.names) == MAX_MEMORIES


def test_a_typed_name_is_cut_to_what_a_label_can_show(qtbot, lab):
    lab.panel.name_edit.setFocus()
    qtbot.keyClicks(lab.panel.name_edit, "a very long name " * 4)
    press(qtbot, lab, Qt.Key.Key_Return)
    wait_for(qtbot, lab, lambda s: len(s.names) == 3)
    assert lab.snapshot.names[2] == ("a very long name " * 4)[:MAX_NAME_LENGTH].strip()
