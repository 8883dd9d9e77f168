"""Recording as a lecturer making GIFs for slides uses it: Ctrl+R, a REC indicator with the
time, Ctrl+R again names the file; the videos are read back frame by frame. Odd sizes, hi-DPI
pictures, a place that cannot be written and a disk that fills up each end in words and, where
anything was recorded, a playable file."""

import os
import re
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import imageio_ffmpeg
import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QLabel

from hopgui.files import recording
from hopgui.files.recording import Recorder, RecordingError
from tests.gui import press, wait_for

ROOT = Path(__file__).resolve().parents[2]
CTRL = Qt.KeyboardModifier.ControlModifier


def frames_of(path):
    """Every frame of a video, (H, W, 3) uint8, decoded by ffmpeg as a player would."""
    ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
    info = subprocess.run([ffmpeg, "-i", str(path)], capture_output=True, text=True).stderr
    width, height = map(int, re.search(r"Video: [^\n]*?, (\d+)x(\d+)", info).groups())
    raw = subprocess.run(
        [ffmpeg, "-v", "error", "-i", str(path), "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
        capture_output=True,
        check=True,
    ).stdout
    return list(np.frombuffer(raw, np.uint8).reshape(-1, height, width, 3))


def record(qtbot, recorder, widget, path, seconds=1.0, fps=30):
    recorder.start(widget, path, fps)
    qtbot.wait(int(seconds * 1000))
    recorder.stop()
    assert recorder.wait(60)


def test_ctrl_r_records_the_lab_and_ctrl_r_again_names_the_file(qtbot, window, tmp_path):
    window.show_lab("ring")
    ring = window.labs["ring"]
    wait_for(qtbot, ring, lambda s: True, timeout=20000)
    ring.demo()
    ring.sim.play()
    rec = window.files.recording
    target = tmp_path / "bump.mp4"
    rec.ask = lambda lab, panel=None: {"widget": lab, "path": str(target), "fps": 30}
    press(qtbot, ring, Qt.Key.Key_R, CTRL)
    assert rec.recorder.recording
    assert rec.button.text().startswith("● REC 0:00") and rec.action.text() == "Stop recording"
    qtbot.wait(1300)
    assert rec.button.text().startswith("● REC 0:01")
    press(qtbot, ring, Qt.Key.Key_R, CTRL)
    qtbot.waitUntil(lambda: rec.button.text() == "● Record", timeout=60000)
    assert rec.last_message.startswith("Saved bump.mp4 (1.")
    assert "bump.mp4" in ring.messages.text()
    frames = frames_of(target)
    assert len(frames) == rec.recorder.frames_written and 30 <= len(frames) <= 90
    height, width, _ = frames[0].shape
    assert (width, height) == (ring.width() + ring.width() % 2, ring.height() + ring.height() % 2)
    assert not np.array_equal(frames[0], frames[-1])  # the bump turned
    assert rec.recorder.frames_dropped == 0


def test_a_gif_of_one_panel(qtbot, window, tmp_path):
    window.show_lab("ring")
    ring = window.labs["ring"]
    wait_for(qtbot, ring, lambda s: True, timeout=20000)
    ring.demo()
    ring.sim.play()
    recorder = window.files.recording.recorder
    record(qtbot, recorder, ring.ring, tmp_path / "ring.gif", seconds=1.0, fps=20)
    from PIL import Image

    with Image.open(tmp_path / "ring.gif") as gif:
        width, height = recorder.size  # the panel's size when the recording started
        assert gif.size == (width + width % 2, height + height % 2)
        assert gif.n_frames >= 18
        assert gif.info["duration"] == 50  # 20 frames/s, in GIF's 10 ms steps
    assert not list(tmp_path.glob(".*.mp4"))  # the intermediate video is gone


def solid(width, height, ratio=1.0, color="red"):
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    image.setDevicePixelRatio(ratio)
    return image


@pytest.mark.parametrize(
    "size, ratio, expected",
    [((301, 201), 1.0, (302, 202)), ((640, 360), 2.0, (640, 360)), ((2, 2), 1.0, (2, 2))],
    ids=["odd size", "hi-DPI (grab gives 2x)", "tiny"],
)
def test_odd_sizes_and_hidpi_pictures_record(qtbot, tmp_path, size, ratio, expected):
    widget = QLabel("x")
    qtbot.addWidget(widget)
    recorder = Recorder(lambda _w: solid(*size, ratio))
    record(qtbot, recorder, widget, tmp_path / "odd.mp4", seconds=0.3)
    frames = frames_of(tmp_path / "odd.mp4")
    assert frames and frames[0].shape[:2] == (expected[1], expected[0])
    assert frames[0][expected[1] // 2, expected[0] // 2, 0] > 200  # red


def test_a_window_resized_while_recording_keeps_the_first_size(qtbot, tmp_path):
    widget = QLabel("x")
    qtbot.addWidget(widget)
    sizes = iter([(320, 240)] * 3 + [(500, 100)] * 100)
    recorder = Recorder(lambda _w: solid(*next(sizes)))
    record(qtbot, recorder, widget, tmp_path / "resized.mp4", seconds=0.4)
    assert {f.shape for f in frames_of(tmp_path / "resized.mp4")} == {(240, 320, 3)}


def test_frames_are_encoded_off_the_gui_thread(qtbot, tmp_path, monkeypatch):
    threads = set()
    real = recording.as_rgb

    def spy(image, size):
        threads.add(threading.current_thread().name)
        return real(image, size)

    monkeypatch.setattr(recording, "as_rgb", spy)
    widget = QLabel("x")
    qtbot.addWidget(widget)
    recorder = Recorder(lambda _w: solid(64, 48))
    record(qtbot, recorder, widget, tmp_path / "t.mp4", seconds=0.3)
    assert threads == {"hopgui-recorder"}


@pytest.mark.parametrize(
    "name, words",
    [
        ("no such folder/x.mp4", "does not exist"),
        ("clip.avi", ".mp4 or a .gif"),
        ("", ".mp4 or a .gif"),
    ],
)
def test_a_place_that_cannot_be_written_is_said_at_once(qtbot, tmp_path, name, words):
    widget = QLabel("x")
    qtbot.addWidget(widget)
    with pytest.raises(RecordingError, match=words):
        Recorder().start(widget, tmp_path / name if name else "", 30)


def test_a_read_only_folder_is_said_at_once(qtbot, tmp_path, monkeypatch):
    def refuse(path, *_args, **_kwargs):  # as a read-only folder does (tests run as root)
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(recording, "open", refuse, raising=False)
    with pytest.raises(RecordingError, match="cannot record to x.mp4: Permission denied"):
        Recorder().start(QLabel("x"), tmp_path / "x.mp4", 30)


def test_an_encoder_that_dies_leaves_a_playable_file_and_a_message(qtbot, tmp_path, monkeypatch):
    """The disk fills up after some frames: ffmpeg is gone, the frames so far are kept."""
    real = recording._mp4_writer

    class Failing:
        def __init__(self, writer):
            self.writer, self.count = writer, 0

        def append_data(self, frame):
            self.count += 1
            if self.count > 45:
                raise OSError(28, "No space left on device")
            self.writer.append_data(frame)

        def close(self):
            self.writer.close()

    monkeypatch.setattr(recording, "_mp4_writer", lambda *a, **k: Failing(real(*a, **k)))
    widget = QLabel("x")
    qtbot.addWidget(widget)
    messages = []
    recorder = Recorder(lambda _w: solid(160, 120))
    recorder.finished.connect(lambda text, ok: messages.append((text, ok)))
    recorder.start(widget, tmp_path / "full.mp4", 30)
    qtbot.waitUntil(lambda: not recorder.recording, timeout=10000)  # it stops by itself
    assert recorder.wait(30)
    qtbot.waitUntil(lambda: bool(messages), timeout=5000)
    text, ok = messages[0]
    assert not ok and "the disk is full" in text
    assert "full.mp4 keeps what was recorded before that (1.5 s;" in text
    assert len(frames_of(tmp_path / "full.mp4")) == 45


DISK_FILLS_UP = textwrap.dedent(
    """
    import resource, signal, sys
    LIMIT = 600_000
    sys.path.insert(0, {root!r})
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the limit fail with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))  # a disk with 600 kB free
    import os
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    import numpy as np
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication, QLabel
    from hopgui.files.recording import Recorder
    app = QApplication([])
    rng = np.random.default_rng(0)

    def noise(_widget):  # a picture with some detail: about 10 kB a frame
        data = np.full((240, 320, 4), 200, dtype=np.uint8)
        data[80:160, 100:200] = rng.integers(0, 255, (80, 100, 4), dtype=np.uint8)
        return QImage(data.tobytes(), 320, 240, QImage.Format.Format_RGB32).copy()

    recorder = Recorder(noise)
    recorder.start(QLabel("x"), {path!r}, 30)
    import time
    end = time.time() + 20
    while recorder.recording and time.time() < end:
        app.processEvents()
        time.sleep(0.005)
    recorder.stop()
    recorder.wait()
    print(recorder.summary()[0])
    """
)


@pytest.mark.slow
def test_a_disk_that_fills_up_leaves_a_playable_file(tmp_path):
    path = tmp_path / "full.mp4"
    code = DISK_FILLS_UP.format(root=str(ROOT), path=str(path))
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert "Recording stopped" in result.stdout, result.stdout + result.stderr
    assert "full.mp4 keeps what was recorded before" in result.stdout
    assert path.stat().st_size <= 600_000
    assert len(frames_of(path)) >= 1  # what was recorded so far plays


@pytest.mark.slow
def test_record_headless_from_the_command_line(tmp_path):
    out = tmp_path / "ring.gif"
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "main.py", "--lab", "ring", "--record", str(out), "--seconds", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    assert re.search(r"Saved ring.gif \([01]\.\d s at 30 frames/s", result.stdout), result.stdout
    from PIL import Image

    with Image.open(out) as gif:
        assert gif.n_frames >= 20
