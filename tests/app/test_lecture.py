"""A lecture driven the way a presenter remote drives it: Page Down, Page Up, R; bad lecture
files; authoring a lecture by doing it once; rendering every step headless."""

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from hopgui.labs.hopfield.session import HopfieldSession
from tests.gui import press

LAB = "hopfield"
ROOT = Path(__file__).resolve().parents[2]

THREE_STEPS = """\
title = "Test lecture"

[[step]]
lab = "hopfield"
caption = "Letters stored"
actions = ["forget", { store = "ATX" }, { cue = "A" }]
[step.state]
params = { temperature = 0.0, grid_size = 16 }

[[step]]
lab = "hopfield"
caption = "Flip and recall"
actions = [{ flip = 30 }, "settle"]

[[step]]
lab = "ring"
caption = "A bump from noise"
actions = ["scramble", "run", { wait = 0.3 }, "pause"]
[step.state]
params = { n_units = 32 }
"""


def open_lecture(qtbot, window, tmp_path, text=THREE_STEPS) -> Path:
    path = tmp_path / "lecture.toml"
    path.write_text(text, encoding="utf-8")
    assert window.lecture.open_path(str(path))
    wait_step(qtbot, window, 0)
    return path


def wait_step(qtbot, window, index):
    player = window.lecture.player
    qtbot.waitUntil(lambda: player.index == index and not player.busy, timeout=20000)


def pgdown(qtbot, window):
    press(qtbot, window.current_lab(), Qt.Key.Key_PageDown)


def test_page_down_and_up_step_through_the_lecture_and_r_runs_a_step_again(qtbot, window, tmp_path):
    open_lecture(qtbot, window, tmp_path)
    bar, hop = window.caption_bar, window.labs["hopfield"]
    assert bar.isVisible() and bar.caption.text() == "Letters stored"
    assert bar.counter.text() == "1 / 3"
    assert hop.snapshot.names == ("A", "T", "X")
    pgdown(qtbot, window)
    wait_step(qtbot, window, 1)
    assert bar.counter.text() == "2 / 3" and bar.caption.text() == "Flip and recall"
    assert hop.snapshot.outcome == "fixed_point"
    assert hop.panel.verdict.text().startswith("at rest: recalled 'A'")
    pgdown(qtbot, window)
    wait_step(qtbot, window, 2)
    ring = window.labs["ring"]
    assert window.current_lab() is ring and ring.snapshot.params["n_units"] == 32
    assert not ring.sim.running and ring.snapshot.time > 0  # ran, then paused
    pgdown(qtbot, window)  # at the end: stays
    assert window.lecture.player.index == 2
    press(qtbot, ring, Qt.Key.Key_PageUp)
    wait_step(qtbot, window, 1)
    assert window.current_lab() is hop and bar.counter.text() == "2 / 3"
    hop.sim.send(HopfieldSession.set_param, "temperature", 1.0)  # the lecturer plays around
    press(qtbot, hop, Qt.Key.Key_R)  # R: this step again (not the lab's Reset)
    qtbot.waitUntil(lambda: window.lecture.player.busy)
    wait_step(qtbot, window, 1)
    assert hop.snapshot.outcome == "fixed_point"
    window.lecture.player.close()
    assert not bar.isVisible()
    assert hop.menus()[0][1][1].shortcut().toString() == "R"  # Reset has R back


def test_without_a_lecture_page_down_runs_and_page_up_resets(qtbot, window):
    hop = window.current_lab()
    hop.store_presets("AT")
    qtbot.waitUntil(lambda: hop.snapshot is not None and len(hop.snapshot.names) == 2)
    hop.run.set_speed(5)
    pgdown(qtbot, window)
    qtbot.waitUntil(lambda: hop.sim.running)
    press(qtbot, hop, Qt.Key.Key_PageUp)
    qtbot.waitUntil(lambda: not hop.sim.running and hop.snapshot.updates == 0)


def test_a_lecture_with_a_bad_parameter_is_refused_naming_its_line_and_nothing_changes(
    qtbot, window, tmp_path, capsys
):
    hop = window.current_lab()
    qtbot.waitUntil(lambda: hop.snapshot is not None)
    bad = THREE_STEPS.replace("n_units = 32", "n_units = 3")
    path = tmp_path / "bad.toml"
    path.write_text(bad, encoding="utf-8")
    assert not window.lecture.open_path(str(path))
    said = capsys.readouterr().out
    assert "bad.toml" in said and "step 3 (line 15)" in said and "N must be a whole number" in said
    assert window.lecture.player.lecture is None and not window.caption_bar.isVisible()
    assert window.current_lab() is hop


def test_a_step_that_fails_says_which_and_leaves_its_lab_as_it_was(qtbot, window, tmp_path):
    text = THREE_STEPS.replace("params = { n_units = 32 }", "params = { n_units = 32 }\nbogus = 1")
    open_lecture(qtbot, window, tmp_path, text)
    ring = window.labs["ring"]
    window.lecture.player.go(2)
    wait_step(qtbot, window, 2)
    assert "step 3 (line 15)" in ring.messages.text() and "bogus" in ring.messages.text()
    assert ring.snapshot.params["n_units"] != 32  # the restore was refused as a whole
    assert window.lecture.player.lecture is not None  # the lecture stays open


def test_add_this_as_a_step_then_save_makes_a_lecture_that_plays_back(qtbot, window, tmp_path):
    ring = window.labs["ring"]
    window.show_lab("ring")
    qtbot.waitUntil(lambda: ring.snapshot is not None)
    ring.set_param("n_units", 48)
    qtbot.waitUntil(lambda: ring.snapshot.params["n_units"] == 48)
    window.lecture.add_step(ring, "forty-eight neurons")
    assert window.caption_bar.counter.text() == "1 / 1"
    path = tmp_path / "mine.toml"
    assert window.lecture.save_to(str(path))
    ring.set_param("n_units", 64)
    qtbot.waitUntil(lambda: ring.snapshot.params["n_units"] == 64)
    assert window.lecture.open_path(str(path))
    wait_step(qtbot, window, 0)
    assert ring.snapshot.params["n_units"] == 48
    assert window.caption_bar.caption.text() == "forty-eight neurons"


def render(tmp_path, lecture: str, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "main.py",
            "--lecture",
            lecture,
            "--render-steps",
            str(tmp_path / "out"),
            "--size",
            "1024x768",
            *extra,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.slow
def test_render_steps_writes_one_picture_per_step_or_names_the_step_that_failed(tmp_path):
    path = tmp_path / "three.toml"
    path.write_text(THREE_STEPS, encoding="utf-8")
    done = render(tmp_path, str(path))
    assert done.returncode == 0, done.stderr
    pictures = sorted((tmp_path / "out").glob("step-*.png"))
    assert [p.name for p in pictures] == ["step-01.png", "step-02.png", "step-03.png"]
    broken = tmp_path / "broken.toml"
    broken.write_text(THREE_STEPS.replace('"scramble"', "{ flip = 30 }"), encoding="utf-8")
    failed = render(tmp_path, str(broken))
    assert failed.returncode == 2
    assert "step 3 (line 15)" in failed.stderr and "flip" in failed.stderr


@pytest.mark.slow
def test_the_built_in_lecture_renders_every_step(tmp_path):
    done = render(tmp_path, "")
    assert done.returncode == 0, done.stderr
    assert len(list((tmp_path / "out").glob("step-*.png"))) >= 13


def test_a_step_failing_half_way_puts_its_lab_back_as_it_was(qtbot, window, tmp_path):
    hop = window.current_lab()
    hop.store_presets("ATX")
    qtbot.waitUntil(lambda: hop.snapshot is not None and len(hop.snapshot.names) == 3)
    text = THREE_STEPS.replace('{ store = "ATX" }', '{ store = "AT?" }')
    path = tmp_path / "half.toml"
    path.write_text(text, encoding="utf-8")
    assert window.lecture.open_path(str(path))  # '?' is found only when the step runs
    wait_step(qtbot, window, 0)
    assert "step 1 (line 3): store: '?' is not a preset" in hop.messages.text()
    qtbot.waitUntil(lambda: hop.sim.is_current(hop.snapshot))
    assert hop.snapshot.names == ("A", "T", "X")  # "forget" ran, then was taken back


def test_page_down_on_a_blank_screen_first_brings_the_picture_back(qtbot, window, tmp_path):
    open_lecture(qtbot, window, tmp_path)
    lab = window.current_lab()
    press(qtbot, lab, Qt.Key.Key_B)
    assert window.presentation.blank.isVisible()
    pgdown(qtbot, window)
    assert not window.presentation.blank.isVisible()
    assert window.lecture.player.index == 0  # the class sees the next step happen
    pgdown(qtbot, window)
    wait_step(qtbot, window, 1)
    pgdown(qtbot, window)
    wait_step(qtbot, window, 2)
    pgdown(qtbot, window)
    assert window.caption_bar.counter.text() == "end"
