"""The command line of lectures: `--lecture [FILE]` opens one (the built-in lecture without
FILE); with `--render-steps DIR` every step is set up headless, in presentation layout at
`--size`, and written as DIR/step-01.png, ...; the exit status is 0, or 2 after a message
naming the first step that failed (or the problem with the file)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from hopgui.lecture import BUILTIN

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from hopgui.main_window import MainWindow

RENDER_TIMEOUT_S = 600.0  # the whole lecture


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lecture",
        nargs="?",
        const="",
        default=None,
        metavar="FILE",
        help="open a lecture (a .toml file; the built-in lecture without FILE)",
    )
    parser.add_argument(
        "--render-steps",
        default=None,
        metavar="DIR",
        help="with --lecture: set up every step headless, write DIR/step-01.png ... and exit",
    )


def check_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if args.render_steps and args.lecture is None:
        parser.error("--render-steps goes with --lecture (FILE, or nothing for the built-in one)")
    if args.lecture is not None:
        args.lecture = args.lecture or str(BUILTIN)


def open_lecture(window: MainWindow, args: argparse.Namespace) -> None:
    """Open the lecture asked for once the window is up (a bad one: a message, nothing lost)."""
    if args.lecture is None:
        return
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, lambda: window.lecture.open_path(args.lecture))


def render_steps(app: QApplication, window: MainWindow, args: argparse.Namespace) -> int:
    """Set up each step of the lecture in turn and save the window after it; 0 or 2."""
    import time

    from hopgui.lecture.document import LectureError
    from models.files import file_label

    player = window.lecture.player
    try:
        text = Path(args.lecture).read_bytes().decode("utf-8")
        lecture = player.read(text)
        os.makedirs(args.render_steps, exist_ok=True)
    except (OSError, UnicodeDecodeError, LectureError) as error:
        print(
            f"hopgui: cannot use the lecture {file_label(args.lecture)}: {error}", file=sys.stderr
        )
        window.close()
        return 2
    window.show()
    window.presentation.set_presenting(True, size=(window.width(), window.height()))
    outcome: list[str] = []

    def finished(index: int, message: str) -> None:
        if message:
            outcome.append(message)
            return
        path = os.path.join(args.render_steps, f"step-{index + 1:02d}.png")
        if not window.grab().save(path):
            outcome.append(f"could not write {file_label(path)}")
        elif not player.next():
            outcome.append("")

    player.step_finished.connect(finished)
    player.open(lecture, args.lecture)
    deadline = time.monotonic() + RENDER_TIMEOUT_S
    while not outcome:
        if time.monotonic() > deadline:
            outcome.append("the lecture did not finish within ten minutes")
            break
        app.processEvents()
        time.sleep(0.002)
    window.files.set_modified(False)  # nothing of the user's is lost by closing
    window.close()
    if outcome[0]:
        print(f"hopgui: {file_label(args.lecture)}: {outcome[0]}", file=sys.stderr)
        return 2
    print(f"wrote {player.count} steps to {args.render_steps}")
    return 0
