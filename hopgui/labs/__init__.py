"""The labs, listed once. The main window, the command line's `--lab`, the menus, the contract
tests, the monkey test and the GUI benchmark all read this list: adding a lab is a folder
`hopgui/labs/<name>/` (its lab, panels and session together) and one line here."""

from __future__ import annotations

from hopgui.core.lab import Lab
from hopgui.labs.heading import HeadingLab
from hopgui.labs.hopfield import HopfieldLab
from hopgui.labs.ring import RingLab

LABS: dict[str, type[Lab]] = {lab.name: lab for lab in (HopfieldLab, RingLab, HeadingLab)}
