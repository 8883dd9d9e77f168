"""Ready-made patterns: letters, digits and pictures at every grid size."""

import numpy as np
import pytest

from hopgui.labs.hopfield.presets import (
    GLYPHS,
    PresetError,
    letter_pattern,
    preset_names,
    preset_pattern,
)


def as_text(pattern: np.ndarray, shape: tuple[int, int]) -> str:
    """A pattern as rows of '#' and '.', for readable failure messages."""
    return "\n".join("".join("#" if v > 0 else "." for v in row) for row in pattern.reshape(shape))


@pytest.mark.parametrize("shape", [(5, 5), (6, 6), (10, 10), (32, 32), (12, 20)])
def test_all_36_glyphs_are_distinct_and_none_is_blank(qapp, shape):
    patterns = {glyph: letter_pattern(glyph, shape) for glyph in GLYPHS}
    assert len(patterns) == 36
    for glyph, pattern in patterns.items():
        assert pattern.shape == (shape[0] * shape[1],) and pattern.dtype == np.int8
        assert set(np.unique(pattern)) <= {-1, 1}
        assert (pattern > 0).any(), f"{glyph} is blank at {shape}"
        assert (pattern < 0).any(), f"{glyph} fills the whole grid at {shape}"
    distinct = {pattern.tobytes() for pattern in patterns.values()}
    assert len(distinct) == 36


def test_a_letter_fills_about_80_percent_of_the_height_and_is_centred(qapp):
    cells = letter_pattern("H", (32, 32)).reshape(32, 32) > 0
    rows = np.flatnonzero(cells.any(axis=1))
    cols = np.flatnonzero(cells.any(axis=0))
    assert 24 <= rows.size <= 28  # ~80 % of 32
    assert abs((rows[0] + rows[-1]) / 2 - 15.5) <= 1
    assert abs((cols[0] + cols[-1]) / 2 - 15.5) <= 1


def test_letters_look_like_themselves(qapp):
    """Spot checks a student would make: I is a bar, O is a ring, L has a foot."""
    i = letter_pattern("I", (20, 20)).reshape(20, 20) > 0
    assert i.any(axis=1).sum() >= 15 and i.any(axis=0).sum() <= 5
    o = letter_pattern("O", (20, 20)).reshape(20, 20) > 0
    assert o[10, :].sum() >= 4 and not o[10, 9:11].any()  # hollow in the middle
    lower_l = letter_pattern("l", (20, 20))  # lower case is drawn as a capital
    np.testing.assert_array_equal(lower_l, letter_pattern("L", (20, 20)))
    foot = lower_l.reshape(20, 20) > 0
    assert foot[16].sum() > foot[8].sum()


def test_every_preset_works_at_every_size_limit(qapp):
    names = preset_names()
    assert names[:36] == list(GLYPHS)
    assert {"smiley", "heart", "house", "checkerboard", "cross"} <= set(names)
    for shape in ((5, 5), (128, 128), (5, 128), (128, 5)):
        for name in names:
            pattern = preset_pattern(name, shape)
            assert pattern.shape == (shape[0] * shape[1],)
            assert (pattern > 0).any() and (pattern < 0).any(), f"{name} at {shape}"


def test_pictures_look_like_themselves(qapp):
    board = preset_pattern("checkerboard", (16, 16)).reshape(16, 16)
    np.testing.assert_array_equal(board[:, 2:4], -board[:, 0:2])  # 2x2 squares alternate
    cross = preset_pattern("cross", (21, 21)).reshape(21, 21) > 0
    assert cross[10].sum() >= 15 and cross[:, 10].sum() >= 15 and not cross[2, 2]
    heart = preset_pattern("heart", (20, 20)).reshape(20, 20) > 0
    assert heart[6].sum() > heart[16].sum() > 0  # wide lobes on top, a point below
    assert (
        preset_pattern("Smiley", (20, 20)).tobytes() == preset_pattern("smiley", (20, 20)).tobytes()
    )


def test_results_are_fresh_copies(qapp):
    first = preset_pattern("house", (16, 16))
    first[:] = 1
    assert (preset_pattern("house", (16, 16)) < 0).any()


@pytest.mark.parametrize(
    ("name", "shape"),
    [("?", (10, 10)), ("AB", (10, 10)), ("dragon", (10, 10)), ("A", (4, 10)), ("A", (10, 129))],
)
def test_unknown_names_and_bad_shapes_are_refused(qapp, name, shape):
    with pytest.raises(PresetError):
        preset_pattern(name, shape)
