"""The associative-memory (Hopfield) lab: draw, store, corrupt, and watch the network recall."""

from hopgui.labs.hopfield.lab import HopfieldLab

__all__ = ["HopfieldLab"]
