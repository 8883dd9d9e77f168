"""The launcher as a person (or a script) uses it: `main.py --screenshot`, bad arguments."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]


def launch(*args, tmp_path):
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.mark.slow
def test_screenshot_renders_the_window_to_a_png_and_exits(tmp_path, qapp):
    shot = tmp_path / "shot.png"
    result = launch("--screenshot", str(shot), "--size", "1280x720", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1280, 720)
    assert len({image.pixel(x, y) for x in range(0, 1280, 40) for y in range(0, 720, 40)}) > 8


@pytest.mark.slow
def test_a_bad_size_is_a_clear_message_not_a_traceback(tmp_path):
    result = launch("--screenshot", str(tmp_path / "x.png"), "--size", "huge", tmp_path=tmp_path)
    assert result.returncode == 2
    assert "--size wants WIDTHxHEIGHT" in result.stderr
    assert "Traceback" not in result.stderr


def test_no_screen_is_explained_with_what_to_do(monkeypatch):
    from hopgui import app

    monkeypatch.setattr(app.sys, "platform", "linux")
    for var in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "DISPLAY"):
        monkeypatch.delenv(var, raising=False)
    assert "--screenshot" in app.screen_problem()
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(app.ctypes.util, "find_library", lambda name: None)
    problem = app.screen_problem()
    assert "sudo apt-get install libxcb-cursor0" in problem
    monkeypatch.setattr(app.ctypes.util, "find_library", lambda name: f"lib{name}.so")
    assert app.screen_problem() is None
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setattr(app.ctypes.util, "find_library", lambda name: None)
    assert app.screen_problem() is None  # the user chose a platform: Qt decides


@pytest.mark.slow
def test_an_unknown_lab_names_the_labs_there_are(tmp_path):
    from hopgui.labs import LABS

    result = launch("--screenshot", str(tmp_path / "x.png"), "--lab", "magnet", tmp_path=tmp_path)
    assert result.returncode == 2
    assert "no lab called 'magnet'" in result.stderr and ", ".join(LABS) in result.stderr
    assert "Traceback" not in result.stderr
