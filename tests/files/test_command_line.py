"""The command line of files, as a lecturer preparing slides in batch uses it: open a session,
export every panel, and a bad file is one message and exit status 2."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hopgui.files import archive
from tests.files import sessions

ROOT = Path(__file__).resolve().parents[2]


def launch(*args, home):
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen", "HOME": str(home)}
    env.pop("XDG_DATA_HOME", None)
    return subprocess.run(
        [sys.executable, "main.py", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    "spoil", [sessions.truncated, sessions.newer_version, sessions.wrong_shape]
)
@pytest.mark.parametrize("how", ["FILE", "--open"])
def test_a_bad_file_on_the_command_line_is_one_message_and_exit_2(tmp_path, spoil, how):
    path = tmp_path / "broken lecture.hopgui"
    path.write_bytes(archive.encode(sessions.good_document()))
    spoil(path)
    args = [path] if how == "FILE" else ["--open", path]
    result = launch(*args, "--lab", "ring", "--export", tmp_path / "out", home=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("hopgui: broken lecture.hopgui")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_open_a_session_and_export_its_lab(tmp_path):
    document = sessions.good_document()
    path = tmp_path / "ring.hopgui"
    path.write_bytes(archive.encode(document))
    result = launch(path, "--export", tmp_path / "slides", home=tmp_path)
    assert result.returncode == 0, result.stderr
    names = {p.name for p in (tmp_path / "slides").iterdir()}
    assert {"ring-ring.png", "ring-ring.svg", "ring-rate-against-preferred-direction.csv"} <= names
    rows = (tmp_path / "slides" / "ring-rate-against-preferred-direction.csv").read_text()
    assert len(rows.splitlines()) == 2 + 33  # comment, header, 32 neurons and 360° = 0°


def test_arguments_that_make_no_sense_are_refused(capsys):
    from hopgui.app import parse_args

    for argv in (
        ["a.hopgui", "--open", "b.hopgui"],
        ["--seconds", "3"],
        ["--record", "x.avi"],
        ["--record", "x.mp4", "--seconds", "-1"],
        ["--export", "d", "--record", "x.mp4"],
    ):
        with pytest.raises(SystemExit) as exit_:
            parse_args(argv)
        assert exit_.value.code == 2
    args = parse_args(["lecture.hopgui", "--lab", "ring"])
    assert args.session == "lecture.hopgui" and not args.headless
