"""The ring-attractor lab: a bump of activity on a ring of neurons (Zhang 1996)."""

from hopgui.labs.ring.lab import RingLab

__all__ = ["RingLab"]
