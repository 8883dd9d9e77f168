"""Bad input in the associative-memory lab: a clear message, nothing the user made is lost."""

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage

from hopgui.main_window import MainWindow
from models.patterns import save_pattern_set


@pytest.fixture
def lab(qtbot):
    win = MainWindow(lab="hopfield")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    lab = win.hopfield
    lab.store_presets("AB")
    qtbot.waitUntil(lambda: lab.snapshot is not None and len(lab.snapshot.names) == 2)
    lab.grid.randomize(seed=4)
    yield lab
    win.close()


def unchanged(lab, drawing):
    """The drawing and the two memories survived."""
    return np.array_equal(lab.grid.pattern(), drawing) and lab.snapshot.names == ("A", "B")


def test_text_file_as_image(qtbot, lab, tmp_path):
    drawing = lab.grid.pattern()
    path = tmp_path / "notes.png"
    path.write_text("this is not a picture")
    assert not lab.import_image(str(path))
    assert "notes.png" in lab.messages.text()
    assert unchanged(lab, drawing)


def test_blank_and_empty_images(qtbot, lab, tmp_path):
    drawing = lab.grid.pattern()
    blank = QImage(40, 30, QImage.Format.Format_RGB32)
    blank.fill(QColor("white"))
    blank.save(str(tmp_path / "blank.png"))
    assert not lab.import_image(str(tmp_path / "blank.png"))
    assert "blank" in lab.messages.text()
    (tmp_path / "empty.png").write_bytes(b"")
    assert not lab.import_image(str(tmp_path / "empty.png"))
    assert lab.messages.text()
    assert unchanged(lab, drawing)


def test_a_real_image_is_drawn_and_undoable(qtbot, lab, tmp_path):
    drawing = lab.grid.pattern()
    picture = QImage(64, 64, QImage.Format.Format_RGB32)
    picture.fill(QColor("white"))
    for y in range(64):
        for x in range(20, 44):
            picture.setPixelColor(x, y, QColor("black"))  # a thick vertical bar
    picture.save(str(tmp_path / "bar.png"))
    assert lab.import_image(str(tmp_path / "bar.png"))
    cells = lab.grid.pattern().reshape(lab.grid.shape)
    assert (cells[:, 7:9] == 1).all() and (cells[:, :3] == -1).all()
    lab.grid.undo()
    assert np.array_equal(lab.grid.pattern(), drawing)


def test_corrupt_and_foreign_pattern_sets(qtbot, lab, tmp_path):
    drawing = lab.grid.pattern()
    junk = tmp_path / "junk.npz"
    junk.write_bytes(b"PK\x03\x04 definitely not a zip")
    assert not lab.load_pattern_set(str(junk))
    assert "junk.npz" in lab.messages.text()
    foreign = tmp_path / "foreign.npz"
    np.savez(foreign, weights=np.zeros((3, 3)))
    assert not lab.load_pattern_set(str(foreign))
    assert "not a hopgui pattern set" in lab.messages.text()
    assert not lab.load_pattern_set(str(tmp_path / "missing.npz"))
    assert unchanged(lab, drawing)


def test_pattern_set_of_another_size_is_resampled_with_a_notice(qtbot, lab, tmp_path):
    path = tmp_path / "small.npz"
    stripes = np.tile(np.repeat([1, -1], 4), (8, 1)).reshape(-1).astype(np.int8)
    save_pattern_set(path, stripes[None, :], (8, 8), ["stripes"])
    assert lab.load_pattern_set(str(path))
    assert "resampled" in lab.messages.text()
    qtbot.waitUntil(lambda: lab.snapshot.names == ("A", "B", "stripes"))
    assert lab.snapshot.patterns.shape == (3, 256)


def test_save_and_load_round_trip(qtbot, lab, tmp_path):
    path = tmp_path / "letters.npz"
    assert lab.save_pattern_set(str(path))
    stored = lab.snapshot.patterns.copy()
    lab.forget_all()
    qtbot.waitUntil(lambda: lab.snapshot.names == ())
    assert lab.load_pattern_set(str(path))
    qtbot.waitUntil(lambda: lab.snapshot.names == ("A", "B"))
    assert np.array_equal(lab.snapshot.patterns, stored)


def test_saving_nothing_or_to_an_unwritable_place_says_so(qtbot, lab, tmp_path):
    assert not lab.save_pattern_set(str(tmp_path / "no_such_dir" / "x.npz"))
    assert "Could not save" in lab.messages.text()
    lab.forget_all()
    qtbot.waitUntil(lambda: lab.snapshot.names == ())
    assert not lab.save_pattern_set(str(tmp_path / "x.npz"))
    assert "no memories" in lab.messages.text()


def test_absurd_parameters_are_refused_with_a_message(qtbot, lab):
    lab.temperature.setValue(1e9)  # the spin box clamps what a person can type
    assert lab.temperature.value() == lab.temperature.maximum()
    lab.sim.send("set_temperature", -3.0)  # a script or a stale setting: the model refuses
    qtbot.waitUntil(lambda: "temperature" in lab.messages.text().lower())
    lab.sim.send("set_rule", "telepathy")
    qtbot.waitUntil(lambda: "telepathy" in lab.messages.text())
    assert lab.snapshot.rule == "hebbian"
