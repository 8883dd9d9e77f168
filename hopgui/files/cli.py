"""The command line of files: `main.py FILE.hopgui` (or `--open FILE`) opens a session;
`--export DIR` writes every panel of a lab as PNG, SVG and CSV and exits; `--record OUT.mp4 |
OUT.gif --seconds S` records a lab and exits. `hopgui.app` calls these; a bad file prints one
message naming it and the problem, and the exit status is 2."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from hopgui.files.archive import SessionDocument
    from hopgui.main_window import MainWindow

DEFAULT_SECONDS = 5.0
MAX_SECONDS = 3600.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file", nargs="?", default=None, metavar="FILE.hopgui", help="open this saved session"
    )
    parser.add_argument("--open", default=None, metavar="FILE", help="open this saved session")
    parser.add_argument(
        "--export",
        default=None,
        metavar="DIR",
        help="write every panel of the lab (--lab) as PNG, SVG and CSV into DIR and exit",
    )
    parser.add_argument(
        "--record",
        default=None,
        metavar="OUT.mp4|OUT.gif",
        help="record the lab (--lab) running for --seconds and exit",
    )
    parser.add_argument(
        "--seconds",
        type=float,
        default=None,
        metavar="S",
        help=f"how long --record records (default {DEFAULT_SECONDS:g})",
    )


def check_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Combinations that make no sense are refused in words (exit 2, as argparse does)."""
    if args.file and args.open:
        parser.error("give the session file once: FILE.hopgui or --open FILE, not both")
    args.session = args.file or args.open
    if args.seconds is not None and not args.record:
        parser.error("--seconds goes with --record")
    seconds = DEFAULT_SECONDS if args.seconds is None else args.seconds
    if not 0 < seconds <= MAX_SECONDS:
        parser.error(f"--seconds wants a time from 0 to {MAX_SECONDS:g} s, not {args.seconds:g}")
    args.seconds = seconds
    if args.record and not args.record.lower().endswith((".mp4", ".gif")):
        parser.error(f"--record writes .mp4 or .gif files, not {args.record!r}")
    if args.export and args.record:
        parser.error("--export and --record: one at a time")
    args.headless = bool(args.export or args.record)


def read_session(args: argparse.Namespace) -> SessionDocument | None:
    """The session file named on the command line, read and checked (before Qt starts).
    A bad one prints its message and exits with status 2."""
    if not args.session:
        return None
    from hopgui.files.archive import SessionFileError, read

    try:
        return read(args.session)
    except SessionFileError as exc:
        print(f"hopgui: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


def open_session(window: MainWindow, args: argparse.Namespace, document) -> None:
    """Restore the session read by `read_session` into the window (a lab refusing its part
    prints the message and exits 2). `--lab` still chooses the lab shown."""
    if document is None:
        return
    from hopgui.files.archive import SessionFileError
    from models.files import file_label

    try:
        window.files.open_document(document, args.session)
    except SessionFileError as exc:
        window.close()
        print(f"hopgui: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    if args.lab:
        window.show_lab(args.lab)
    print(f"opened {file_label(args.session)}", file=sys.stderr)


def start(window: MainWindow, args: argparse.Namespace) -> None:
    """The window a person uses: ask before losing changes, autosave, and (unless a file was
    named) offer to recover work a crash left behind, once the window is up."""
    from PySide6.QtCore import QTimer

    window.files.start()
    if not args.session:
        QTimer.singleShot(0, window.files.offer_recovery)


def run_headless(app: QApplication, window: MainWindow, args: argparse.Namespace) -> int:
    """--export or --record: do it for the lab shown, then close."""
    from hopgui.files import headless

    if args.export:
        return headless.export_lab(app, window, args.export)
    return headless.record(app, window, args.record, args.seconds)
