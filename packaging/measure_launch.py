"""Time from starting hopgui to its first painted window, as a user starts it.

    uv run python packaging/measure_launch.py [--runs 5] [--xvfb] [uv python bundle]

Each run starts the program in a fresh process with `--quit-after-first-paint` (the app prints
`first paint <unix time>` once the window has painted, then closes) and reports the wall time
from just before the process is spawned to that paint: uv's own check, the interpreter, the
imports, building the window and painting it. Nothing of the app is imported here.

`--xvfb` starts a private X server (Xvfb) and opens a real X11 window there instead of the
offscreen platform. Figures are recorded in benchmarks/README.md ("Launch").
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = {
    # the uv binary itself (`uv run` names it in UV), not a wrapper such as a pyenv shim
    "uv": lambda: [os.environ.get("UV") or shutil.which("uv") or "uv", "run", "main.py"],
    "python": lambda: [str(ROOT / ".venv" / "bin" / "python"), "main.py"],
    "bundle": lambda: [str(ROOT / "dist" / "hopgui" / "hopgui")],
}
PROBE = ["--quit-after-first-paint", "--lab", "hopfield", "--size", "1280x800"]


def first_paint_seconds(command: list[str], env: dict[str, str]) -> float:
    """Wall time from spawning `command` to the app's report of its first paint."""
    start = time.time()
    result = subprocess.run(
        [*command, *PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    painted = [
        float(line.split()[2]) for line in result.stdout.splitlines() if "first paint" in line
    ]
    if result.returncode != 0 or not painted:
        raise SystemExit(f"{command[0]} did not report a first paint:\n{result.stderr}")
    return painted[0] - start


def start_xvfb() -> tuple[subprocess.Popen, str]:
    """A private X server; returns it and its DISPLAY."""
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        display = pipe.readline().strip()
    if not display:
        raise SystemExit("Xvfb did not start")
    return server, f":{display}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("which", nargs="*", help="uv, python, bundle (default: all three)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--xvfb", action="store_true", help="a real X11 window under Xvfb")
    args = parser.parse_args()
    if unknown := set(args.which) - set(COMMANDS):
        parser.error(f"unknown: {', '.join(sorted(unknown))}; choose from {', '.join(COMMANDS)}")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "QT_"))}
    env["XDG_CONFIG_HOME"] = tempfile.mkdtemp()  # a first start: no remembered lab or geometry
    server = None
    if args.xvfb:
        server, env["DISPLAY"] = start_xvfb()
        env.pop("WAYLAND_DISPLAY", None)
    else:
        env["QT_QPA_PLATFORM"] = "offscreen"
    try:
        for name in args.which or COMMANDS:
            command = COMMANDS[name]()
            if not Path(command[0]).exists() and not shutil.which(command[0]):
                print(f"{name:>7}: {command[0]} not found, skipped")
                continue
            first_paint_seconds(command, env)  # warm: caches and the environment are ready
            times = [first_paint_seconds(command, env) for _ in range(args.runs)]
            print(
                f"{name:>7}: median {statistics.median(times):.2f} s "
                f"(min {min(times):.2f}, max {max(times):.2f}, {args.runs} runs)"
            )
    finally:
        if server is not None:
            server.terminate()
            server.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
