"""The labs, listed once. The main window, the command line's `--lab`, the menus, the contract
tests, the monkey test and the GUI benchmark all read `LABS`: adding a lab is a folder
`hopgui/labs/<name>/` (its lab, panels and session together) and one line in `LISTED`.

`LABS` is built on first use, so importing a lab's session (in a notebook, or a test without a
screen) loads neither Qt nor the other labs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hopgui.core.lab import Lab

LISTED = {  # lab name -> its Lab class in hopgui/labs/<name>/lab.py, in the order shown
    "hopfield": "HopfieldLab",
    "ring": "RingLab",
    "heading": "HeadingLab",
    "sync": "SyncLab",
    "ising": "IsingLab",
    "grid": "GridLab",
    "capacity": "CapacityLab",
}


def _load() -> dict[str, type[Lab]]:
    return {
        name: getattr(importlib.import_module(f"hopgui.labs.{name}.lab"), cls)
        for name, cls in LISTED.items()
    }


def __getattr__(attribute: str) -> Any:
    if attribute == "LABS":
        labs = globals()["LABS"] = _load()
        return labs
    raise AttributeError(f"module {__name__!r} has no attribute {attribute!r}")
