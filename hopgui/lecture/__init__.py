"""Lectures: ordered steps (a lab, a state, actions, a caption) that a lecturer steps through
with a presenter remote. `document` reads and writes the text format (no Qt); `player` runs
one in the main window; `BUILTIN` is the lecture hopgui ships."""

from pathlib import Path

BUILTIN = Path(__file__).resolve().parents[2] / "resources" / "lectures" / "attractor_networks.toml"
