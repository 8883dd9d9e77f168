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
    assert "propagateSizeHints" not in result.stderr  # the offscreen plugin's noise is dropped
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


def test_help_describes_the_program_not_the_code(capsys):
    from hopgui.app import parse_args

    with pytest.raises(SystemExit):
        parse_args(["--help"])
    text = capsys.readouterr().out
    assert "desktop laboratory for attractor networks" in text
    assert "--demo" in text and "--screenshot" in text and "Build the application" not in text


def test_about_names_version_licence_and_papers():
    from hopgui import __version__
    from hopgui.main_window import about_text

    text = about_text()
    assert __version__ == pyproject_version() and f"hopgui {__version__}" in text
    assert "MIT" in text and "Hopfield (1982)" in text and "Zhang (1996)" in text


def pyproject_version() -> str:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


@pytest.mark.parametrize("lab_name", ["hopfield", "ring", "heading"])
def test_a_screenshot_waits_for_the_picture_the_lab_means(qtbot, tmp_path, lab_name):
    """Not a fixed time: on a busy machine the demo was caught before it had loaded."""
    from hopgui.app import _screenshot
    from hopgui.main_window import MainWindow

    window = MainWindow(lab=lab_name, demo=True)  # _screenshot closes (and so deletes) it
    window.resize(1280, 720)
    lab = window.current_lab()
    drawn = []  # what the lab had drawn when the picture was taken
    window.grab = lambda: drawn.append(lab.snapshot) or type(window).grab(window)
    assert _screenshot(qtbot_app(), window, str(tmp_path / "shot.png")) == 0
    assert lab.sim.is_current(drawn[0]) and lab.picture_ready(drawn[0])
    assert QImage(str(tmp_path / "shot.png")).width() == 1280


def qtbot_app():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance()


@pytest.mark.slow
def test_ctrl_c_in_the_terminal_closes_the_app_even_when_idle(tmp_path):
    import signal
    import time

    env = os.environ | {"QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    env |= {"XDG_CONFIG_HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)}
    app = subprocess.Popen(
        [sys.executable, "main.py", "--lab", "ring"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(4)  # the window is up and idle, nothing runs until Space (or still starting)
    assert app.poll() is None
    app.send_signal(signal.SIGINT)
    try:
        _, err = app.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        app.kill()
        pytest.fail("Ctrl+C did not close the app: " + app.communicate()[1][-800:])
    assert app.returncode in (0, 130) and "Traceback" not in err  # 130: still starting
