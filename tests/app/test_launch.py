"""Starting hopgui as a new user does: the wrong Python, the first window, its name and icon,
and where the file dialogs open."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hopgui import app

ROOT = Path(__file__).resolve().parents[2]


def test_the_systems_python_gets_one_line_on_how_to_start_not_a_traceback():
    # -S hides site-packages: this Python has no PySide6 or numpy, like a fresh `python3`
    result = subprocess.run(
        [sys.executable, "-S", "main.py"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "uv run main.py" in lines[0] and "PySide6" in lines[0]


def test_help_offers_the_desktop_entry_not_the_benchmark_probe(capsys):
    with pytest.raises(SystemExit):
        app.parse_args(["--help"])
    text = capsys.readouterr().out
    assert "--install-desktop-entry" in text and "--uninstall-desktop-entry" in text
    assert "--quit-after-first-paint" not in text


@pytest.mark.slow
def test_the_first_window_paints_then_the_probe_closes_it(tmp_path):
    env = os.environ | {
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path),  # no other run's autosave to offer back
    }
    start = time.time()
    result = subprocess.run(
        [sys.executable, "main.py", "--quit-after-first-paint"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    painted = float(result.stdout.split("first paint ")[1].split()[0])
    assert start < painted < time.time()


@pytest.mark.slow
def test_the_application_names_itself_for_the_taskbar_and_has_our_icon():
    code = (
        "from hopgui.main_window import make_application\n"
        "app = make_application(['main.py'])\n"
        "sizes = sorted(s.width() for s in app.windowIcon().availableSizes())\n"
        "print(app.desktopFileName(), app.arguments()[0], app.applicationName(), sizes)\n"
    )
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split(maxsplit=3) == [
        "hopgui",  # desktopFileName: the .desktop file's base name (Wayland's app id)
        "hopgui",  # argv[0]: X11's WM_CLASS instance name, not "main.py"
        "hopgui",  # applicationName: WM_CLASS class name
        "[16, 22, 24, 32, 48, 64, 128, 256, 512]\n",
    ]


@pytest.mark.parametrize("started_in", ["/", "home", "checkout"])
def test_started_from_a_menu_or_the_checkout_hopgui_works_in_documents(
    tmp_path, monkeypatch, started_in
):
    home = tmp_path / "home"
    documents = home / "Documents"
    documents.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))  # no user-dirs.dirs: ~/Documents
    monkeypatch.chdir({"/": "/", "home": home, "checkout": ROOT}[started_in])
    app._start_in_documents()
    assert Path.cwd() == documents


@pytest.mark.slow
def test_the_first_file_dialog_opens_in_documents(tmp_path):
    """A fresh process (Qt remembers the last folder a dialog showed), started from /."""
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    code = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "from PySide6.QtWidgets import QApplication, QFileDialog\n"
        "from hopgui import app\n"
        "qt = QApplication([])\n"
        "app._start_in_documents()\n"
        "print(QFileDialog().directory().absolutePath())\n"
    )
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen", "HOME": str(home)}
    env["XDG_CONFIG_HOME"] = str(home / ".config")
    env["XDG_DATA_HOME"] = str(home / ".local" / "share")
    result = subprocess.run(
        [sys.executable, "-c", code, str(ROOT)],
        cwd="/",
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(home / "Documents")


def test_a_folder_the_user_chose_is_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home" / "Documents").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    app._start_in_documents()
    assert Path.cwd() == tmp_path


def _x11_tools_missing() -> str | None:
    for tool in ("Xvfb", "xprop", "xwininfo"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    return None


@pytest.mark.slow
@pytest.mark.skipif(_x11_tools_missing() is not None, reason=str(_x11_tools_missing()))
def test_a_real_x11_window_is_called_hopgui_and_carries_the_icon(tmp_path):
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        display = ":" + pipe.readline().strip()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "WAYLAND"))}
    env |= {"DISPLAY": display, "XDG_CONFIG_HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)}
    if app.screen_problem.__globals__["ctypes"].util.find_library("xcb-cursor") is None:
        server.terminate()
        server.wait()
        pytest.skip("Qt's X11 libraries are not installed")
    hopgui = subprocess.Popen(
        [sys.executable, "main.py", "--lab", "ring"], cwd=ROOT, env=env, stderr=subprocess.DEVNULL
    )
    try:
        properties = ""
        for _ in range(600):
            tree = subprocess.run(
                ["xwininfo", "-root", "-tree"], env=env, capture_output=True, text=True
            ).stdout
            for window in [line.split()[0] for line in tree.splitlines() if "hopgui" in line]:
                properties = subprocess.run(
                    ["xprop", "-id", window, "WM_CLASS", "_GTK_APPLICATION_ID"],
                    env=env,
                    capture_output=True,
                    text=True,
                ).stdout
                if "WM_CLASS(" in properties:  # the top-level window, not a frame of it
                    break
            if "WM_CLASS(" in properties:
                break
            time.sleep(0.1)
        assert 'WM_CLASS(STRING) = "hopgui", "hopgui"' in properties
        assert '_GTK_APPLICATION_ID(UTF8_STRING) = "hopgui"' in properties
        icon = subprocess.run(
            ["xprop", "-id", window, "-notype", "_NET_WM_ICON"],
            env=env,
            capture_output=True,
            text=True,
        ).stdout
        assert "Icon (16 x 16)" in icon and "Icon (48 x 48)" in icon
    finally:
        hopgui.terminate()  # only cleanup here: Ctrl+C closing the window is test_app's
        hopgui.wait(timeout=60)
        server.terminate()
        server.wait()
