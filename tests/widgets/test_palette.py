"""Colours a projector can show: one per memory, none mistaken for another or for a meaning.

Colour differences are CIEDE2000 (Sharma, Wu & Dalal 2005), the CIE's measure of how different
two colours look: about 2 is just noticeable side by side, above 10 clearly different hues.
"""

import math

import numpy as np
import pytest
from PySide6.QtGui import QColor

from widgets import palette

MEANINGS = {
    "cue orange": palette.CUE,
    "state blue": palette.CURRENT,
    "stored green": palette.STORED,
    "update magenta": palette.UPDATE_MARK,
    "true heading blue": palette.TRUE_HEADING,
    "decoded heading red": palette.DECODED_HEADING,
    "ink": palette.INK,
}
MEMORIES_TELLABLE_APART = 20  # a lecture rarely stores more; beyond, the plot shows the strongest
MIN_DIFFERENCE = 12.0  # between any two memory colours
MIN_DIFFERENCE_FROM_MEANING = 20.0


def lab(color: QColor) -> np.ndarray:
    """CIE L*a*b* (D65) of an sRGB colour."""
    rgb = np.array(color.getRgbF()[:3])
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    to_xyz = np.array(
        [
            [0.4124564, 0.3575761, 0.1804375],
            [0.2126729, 0.7151522, 0.0721750],
            [0.0193339, 0.1191920, 0.9503041],
        ]
    )
    xyz = to_xyz @ linear / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def ciede2000(lab1: np.ndarray, lab2: np.ndarray) -> float:
    """CIEDE2000 colour difference of two L*a*b* colours (kL = kC = kH = 1)."""
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360
    h2p = math.degrees(math.atan2(b2, a2p)) % 360
    dh = h2p - h1p
    if c1p * c2p == 0:
        dh = 0.0
    elif dh > 180:
        dh -= 360
    elif dh < -180:
        dh += 360
    d_l, d_c = l2 - l1, c2p - c1p
    d_h = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_mean, cp_mean = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_mean = h1p + h2p
    elif abs(h1p - h2p) > 180:
        h_mean = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    else:
        h_mean = (h1p + h2p) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(h_mean - 30))
        + 0.24 * math.cos(math.radians(2 * h_mean))
        + 0.32 * math.cos(math.radians(3 * h_mean + 6))
        - 0.20 * math.cos(math.radians(4 * h_mean - 63))
    )
    d_theta = 30 * math.exp(-(((h_mean - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(cp_mean**7 / (cp_mean**7 + 25**7))
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    s_c, s_h = 1 + 0.045 * cp_mean, 1 + 0.015 * cp_mean * t
    r_t = -math.sin(math.radians(2 * d_theta)) * r_c
    return math.sqrt(
        (d_l / s_l) ** 2 + (d_c / s_c) ** 2 + (d_h / s_h) ** 2 + r_t * (d_c / s_c) * (d_h / s_h)
    )


def difference(c1: QColor, c2: QColor) -> float:
    return ciede2000(lab(c1), lab(c2))


def contrast_on_white(color: QColor) -> float:
    """WCAG contrast ratio of `color` against white (3:1 is the minimum for graphics)."""
    channels = np.array(color.getRgbF()[:3])
    linear = np.where(channels <= 0.03928, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)
    return 1.05 / (float(linear @ [0.2126, 0.7152, 0.0722]) + 0.05)


def test_the_colour_difference_matches_sharmas_reference_pairs():
    assert ciede2000(np.array([50, 2.6772, -79.7751]), np.array([50, 0, -82.7485])) == (
        pytest.approx(2.0425, abs=1e-4)
    )
    assert ciede2000(np.array([50, 2.5, 0]), np.array([73, 25, -18])) == pytest.approx(
        27.1492, abs=1e-4
    )


def test_twenty_memories_have_twenty_clearly_different_colours():
    colours = palette.series_colors(MEMORIES_TELLABLE_APART)
    worst = min(
        (difference(a, b), a.name(), b.name())
        for i, a in enumerate(colours)
        for b in colours[i + 1 :]
    )
    assert worst[0] > MIN_DIFFERENCE, f"{worst[1]} and {worst[2]} look alike"


def test_every_distinct_series_colour_differs_from_every_other():
    colours = palette.SERIES
    assert len(colours) >= MEMORIES_TELLABLE_APART
    for i, a in enumerate(colours):
        for b in colours[i + 1 :]:
            assert difference(a, b) > MIN_DIFFERENCE, (a.name(), b.name())


@pytest.mark.parametrize("meaning", MEANINGS)
def test_no_memory_colour_is_mistaken_for_a_meaning(meaning):
    fixed = MEANINGS[meaning]
    for colour in palette.SERIES:
        assert difference(colour, fixed) > MIN_DIFFERENCE_FROM_MEANING, (colour.name(), meaning)


def test_memory_colours_are_strong_on_a_white_projector_screen():
    for colour in palette.SERIES:
        assert contrast_on_white(colour) >= 3.0, f"{colour.name()} fades on white"
        l_star, a_star, b_star = lab(colour)
        assert math.hypot(a_star, b_star) >= 30, f"{colour.name()} is a grey, not a colour"


def test_memory_colours_repeat_only_after_the_distinct_ones():
    count = len(palette.SERIES)
    assert palette.series_color(0) == palette.SERIES[0]
    assert palette.series_color(count + 3) == palette.SERIES[3]
    assert palette.series_colors(3) == palette.SERIES[:3]
    assert len({c.name() for c in palette.series_colors(count)}) == count


def test_dark_colours_keep_memories_apart_from_the_cue_and_readable_on_black():
    palette.use_profile("dark")
    try:
        colours = palette.series_colors(len(palette.SERIES))
        cue, background = palette.CUE, palette.BACKGROUND
        assert min(difference(c, cue) for c in colours) > MIN_DIFFERENCE_FROM_MEANING / 2
        assert all(c.lightnessF() >= palette.DARK_MIN_LIGHTNESS - 0.01 for c in colours)
        assert min(difference(c, background) for c in colours) > 30
    finally:
        palette.use_profile("projector")
