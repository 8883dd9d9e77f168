"""Recording a lab (or one panel) while it runs, to MP4 or GIF.

The GUI thread only copies what is already on screen, at the chosen frame rate (QScreen.grabWindow:
the window's own pixels, about half a millisecond at 1280 x 720; where a platform cannot grab a
window, such as Wayland, the widget is drawn again with QWidget.grab). Frames go through a
bounded queue to a Python thread that converts and hands them to ffmpeg (imageio-ffmpeg ships
the binary), so encoding never runs on the GUI thread; if the encoder falls behind, frames are
dropped and counted rather than the display slowed.

MP4 is H.264 (yuv420p, so frame sizes are padded to even numbers) in fragments of one second:
if the disk fills up or the process dies, the file holds a playable video of what was recorded
so far. A GIF is recorded as a lossless MP4 first and converted with ffmpeg's two-pass palette
(far better colours than a fixed palette) when the recording stops; GIF frame delays come in
steps of 10 ms, so 30 frames/s plays as 33 frames/s or close to it.
"""

from __future__ import annotations

import math
import os
import queue
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PySide6.QtCore import QElapsedTimer, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QWidget

from models.files import file_label

DEFAULT_FPS = 30
MAX_FPS = 60
BUFFER_SECONDS = 2.0  # frames waiting for the encoder before new ones are dropped
MAX_SIDE = 8192
SUFFIXES = (".mp4", ".gif")
GRAB_PLATFORMS = ("offscreen", "xcb", "windows", "cocoa")  # QScreen.grabWindow works there
# libx264's fastest preset on one thread: about 12 ms of one core per 1280 x 720 frame, which
# leaves the other core to the GUI and the simulation; fragments keep a cut-off file playable.
MP4_OPTIONS = ["-preset", "ultrafast", "-tune", "animation", "-crf", "20", "-threads", "1"]
FRAGMENTS = ["-movflags", "+frag_keyframe+empty_moov+default_base_moof"]


class RecordingError(ValueError):
    """A recording that cannot start; the message says why, for the user."""


def capture(widget: QWidget) -> QImage:
    """What `widget` shows on screen now, at the screen's pixel density (2x on hi-DPI)."""
    window = widget.window()
    screen = window.screen()
    if screen is not None and QGuiApplication.platformName() in GRAB_PLATFORMS:
        top = widget.mapTo(window, QPoint(0, 0))
        pixmap = screen.grabWindow(
            window.winId(), top.x(), top.y(), widget.width(), widget.height()
        )
        ratio = pixmap.devicePixelRatio() or 1.0
        if not pixmap.isNull() and pixmap.width() >= int(widget.width() * ratio) - 1:
            return pixmap.toImage()
    return widget.grab().toImage()


def check_path(path: str | os.PathLike) -> Path:
    """The output file, or RecordingError: an .mp4 or .gif in a folder that can be written."""
    path = Path(path).expanduser()
    label = file_label(path)
    if path.suffix.lower() not in SUFFIXES:
        raise RecordingError(f"{label}: a recording is an .mp4 or a .gif file")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise RecordingError(f"cannot record to {label}: the folder {folder} does not exist")
    if path.is_dir():
        raise RecordingError(f"cannot record to {label}: it is a folder")
    try:
        with open(path, "ab"):
            pass
    except OSError as exc:
        raise RecordingError(f"cannot record to {label}: {exc.strerror}") from None
    return path


def as_rgb(image: QImage, size: tuple[int, int] | None) -> np.ndarray:
    """(H, W, 3) uint8 of `image`, scaled to `size` = (width, height) if given and different,
    and padded (edge pixels repeated) to even sides, as H.264 in yuv420p needs."""
    if size is not None and (image.width(), image.height()) != size:
        image = image.scaled(
            *size,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height = image.width(), image.height()
    rows = np.frombuffer(image.constBits(), np.uint8, height * image.bytesPerLine())
    frame = rows.reshape(height, image.bytesPerLine())[:, : width * 3].reshape(height, width, 3)
    pad = ((0, height % 2), (0, width % 2), (0, 0))
    return np.pad(frame, pad, mode="edge") if width % 2 or height % 2 else frame.copy()


def ffmpeg_exe() -> str:
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def _mp4_writer(path: Path, fps: float, lossless: bool):
    import imageio.v2 as imageio

    quality = ["-qp", "0"] if lossless else []
    options = [*MP4_OPTIONS, *quality, "-g", str(max(1, round(fps))), *FRAGMENTS]
    return imageio.get_writer(
        str(path),
        format="FFMPEG",
        mode="I",
        fps=fps,
        codec="libx264",
        pixelformat="yuv420p",
        macro_block_size=2,  # frames are padded to even sides, never resized
        output_params=options,
        ffmpeg_log_level="error",
    )


def mp4_to_gif(source: Path, target: Path, fps: float) -> None:
    """Convert with ffmpeg's two-pass palette (OSError in words on failure)."""
    delay = max(2, round(100 / fps))  # GIF delays are in hundredths of a second
    graph = (
        f"fps=100/{delay},split[a][b];[a]palettegen=stats_mode=diff[p];"
        "[b][p]paletteuse=dither=bayer:bayer_scale=4"
    )
    temporary = target.with_name(f".{target.name}.part.gif")
    command = [ffmpeg_exe(), "-v", "error", "-y", "-i", str(source), "-vf", graph, "-loop", "0"]
    result = subprocess.run([*command, str(temporary)], capture_output=True, text=True)
    if result.returncode != 0:
        temporary.unlink(missing_ok=True)
        reason = (result.stderr.strip().splitlines() or ["ffmpeg failed"])[-1]
        raise OSError(f"could not make the GIF: {reason}")
    os.replace(temporary, target)


class Recorder(QObject):
    """Records a widget to `path` at `fps` until `stop()`. `finished(message)` says where the
    file is (and what went wrong, if something did) once the encoder is done."""

    started = Signal(str)
    elapsed = Signal(float)  # seconds recorded, about once a second
    finished = Signal(str, bool)  # (message, ok)

    def __init__(self, capture_frame: Callable[[QWidget], QImage] = capture, parent=None) -> None:
        super().__init__(parent)
        self._capture = capture_frame
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._grab)
        self._poll = QTimer(self)
        self._poll.setInterval(50)
        self._poll.timeout.connect(self._check_encoder)
        self._clock = QElapsedTimer()
        self._reset()

    def _reset(self) -> None:
        self.widget: QWidget | None = None
        self.path: Path | None = None
        self.fps = DEFAULT_FPS
        self.frames_grabbed = 0  # frames put in the video (repeats of a late grab included)
        self.frames_written = 0
        self.frames_dropped = 0
        self.size: tuple[int, int] | None = None  # (width, height) of the video
        self.grab_seconds: list[float] = []  # GUI-thread time of each grab
        self.error: str | None = None
        self._queue: queue.Queue | None = None
        self._thread: threading.Thread | None = None
        self._last_reported = 0

    @property
    def recording(self) -> bool:
        return self._timer.isActive()

    @property
    def busy(self) -> bool:
        """Recording, or still writing the file."""
        return self.recording or (self._thread is not None and self._thread.is_alive())

    def seconds(self) -> float:
        return self._clock.elapsed() / 1000 if self._clock.isValid() else 0.0

    def start(self, widget: QWidget, path: str | os.PathLike, fps: float = DEFAULT_FPS) -> Path:
        """Start recording `widget` (RecordingError in words if it cannot start)."""
        if self.busy:
            raise RecordingError("a recording is already under way")
        if not (isinstance(fps, int | float) and 1 <= fps <= MAX_FPS):
            raise RecordingError(f"the frame rate must be from 1 to {MAX_FPS} frames/s")
        target = check_path(path)
        self._reset()
        self.widget, self.path, self.fps = widget, target, float(fps)
        self._queue = queue.Queue(maxsize=max(2, int(BUFFER_SECONDS * fps)))
        self._thread = threading.Thread(target=self._encode, name="hopgui-recorder", daemon=True)
        self._thread.start()
        self._clock.start()
        self._timer.start(max(1, math.floor(1000 / fps)))
        self._grab()
        self.started.emit(str(target))
        return target

    def stop(self) -> None:
        """Stop taking frames; the file is finished in the background (`finished` then)."""
        if not self.recording:
            return
        self._timer.stop()
        self._put(None, block=True)
        self._poll.start()

    def wait(self, timeout: float = 120.0) -> bool:
        """Block until the file is written (headless recording, tests). True if it was."""
        if self._thread is not None:
            self._thread.join(timeout)
        self._check_encoder()
        return self._thread is None or not self._thread.is_alive()

    # --- GUI thread ------------------------------------------------------------------------------
    def _grab(self) -> None:
        if self.error is not None:  # the encoder failed: stop at once, keep what was written
            self.stop()
            return
        due = math.floor(self.seconds() * self.fps) + 1 - self.frames_grabbed
        if due <= 0:
            return
        started = time.perf_counter()
        image = self._capture(self.widget)
        self.grab_seconds.append(time.perf_counter() - started)
        if self.size is None:
            self.size = (image.width(), image.height())
            if max(self.size) > MAX_SIDE or min(self.size) < 2:
                self.error = f"a frame of {self.size[0]} x {self.size[1]} pixels cannot be recorded"
                self.stop()
                return
        for _ in range(min(due, int(self.fps))):  # a late grab fills the frames it missed
            self._put(image)
        self.frames_grabbed += due
        if int(self.seconds()) != self._last_reported:
            self._last_reported = int(self.seconds())
            self.elapsed.emit(self.seconds())

    def _put(self, item, block: bool = False) -> None:
        try:
            self._queue.put(item, block=block, timeout=5.0 if block else None)
        except queue.Full:
            if item is not None:
                self.frames_dropped += 1

    def _check_encoder(self) -> None:
        if self._thread is None or self._thread.is_alive():
            return
        self._poll.stop()
        thread, self._thread = self._thread, None
        del thread
        self.finished.emit(*self.summary())

    def summary(self) -> tuple[str, bool]:
        label = file_label(self.path) if self.path else "the recording"
        seconds = self.frames_written / self.fps
        if self.error is not None:
            if self.frames_written and self.path is not None and self.path.exists():
                return (
                    f"Recording stopped: {self.error}. {label} keeps what was recorded before "
                    f"that ({seconds:.1f} s; a cut-off video plays to its last whole second).",
                    False,
                )
            return f"Nothing was recorded: {self.error}", False
        dropped = (
            f"; {self.frames_dropped} frames dropped (the encoder could not keep up)"
            if self.frames_dropped
            else ""
        )
        return f"Saved {label} ({seconds:.1f} s at {self.fps:g} frames/s{dropped})", True

    # --- the encoder thread ----------------------------------------------------------------------
    def _encode(self) -> None:
        path = self.path
        gif = path.suffix.lower() == ".gif"
        video = path.with_name(f".{path.name}.recording.mp4") if gif else path
        writer = None
        try:
            while (image := self._queue.get()) is not None:
                frame = as_rgb(image, self.size)
                if writer is None:
                    writer = _mp4_writer(video, self.fps, lossless=gif)
                writer.append_data(frame)
                self.frames_written += 1
        except Exception as exc:  # the disk filled up, ffmpeg died, ...
            self.error = _reason(exc)
            self._drain()
        finally:
            if writer is not None:
                try:
                    writer.close()
                except Exception as exc:
                    self.error = self.error or _reason(exc)
        if gif and self.frames_written:
            try:
                mp4_to_gif(video, path, self.fps)
                video.unlink(missing_ok=True)
            except OSError as exc:
                self.error = self.error or str(exc)
                if video.exists():  # keep what was recorded, playable, beside the GIF's name
                    os.replace(video, path.with_suffix(".mp4"))
                    self.path = path.with_suffix(".mp4")
        if not self.frames_written and path.exists() and path.stat().st_size == 0:
            path.unlink(missing_ok=True)  # check_path created it

    def _drain(self) -> None:
        """After a failure: take frames off the queue until the GUI says stop."""
        while self._queue.get() is not None:
            pass


def _reason(exc: Exception) -> str:
    text = str(exc).strip()
    if isinstance(exc, BrokenPipeError | OSError) or "ffmpeg" in text.lower():
        lowered = text.lower()
        if "no space" in lowered or "file too large" in lowered or "errno 28" in lowered:
            return "the disk is full"
        return "the video encoder stopped (is the disk full?)"
    return text.splitlines()[0] if text else type(exc).__name__
