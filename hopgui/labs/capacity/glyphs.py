"""Letters and digits as +-1 pictures for the capacity explorer's correlated-memory sweeps,
drawn by hopgui.core.glyphs (the same glyphs as the associative-memory lab's presets). Needs a
QGuiApplication.
"""

from __future__ import annotations

import string

import numpy as np

from hopgui.core.glyphs import glyph_pattern

SETS = {"letters": string.ascii_uppercase, "digits": string.digits}


def glyph_set(kind: str, side: int) -> tuple[tuple[str, ...], np.ndarray]:
    """(names, (K, side * side) int8 patterns) of the set `kind` ("letters" or "digits")."""
    names = tuple(SETS[kind])
    return names, np.array([glyph_pattern(name, side) for name in names])
