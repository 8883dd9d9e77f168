"""Head direction: a turning animal, its head-direction ring, drift in the dark and snap-back
in the light (Seelig & Jayaraman 2015)."""

from hopgui.labs.heading.lab import HeadingLab

__all__ = ["HeadingLab"]
