"""Ready-made patterns: letters, digits and pictures at every grid size, and pictures from files."""

import struct
import zlib

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage, QPainter

from hopgui.labs.hopfield.presets import (
    GLYPHS,
    PresetError,
    image_to_pattern,
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


def save_picture(path, width=40, height=30, fmt=None) -> str:
    """White picture with a black bar at columns 10..19, rows 5..24."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.fillRect(10, 5, 10, 20, QColor("black"))
    painter.end()
    assert image.save(str(path), fmt)
    return str(path)


@pytest.mark.parametrize("suffix", ["png", "jpg", "bmp"])
def test_an_image_file_becomes_a_pattern_dark_is_ink(qapp, tmp_path, suffix):
    path = save_picture(tmp_path / f"bar.{suffix}")
    pattern = image_to_pattern(path, (12, 16)).reshape(12, 16)
    # 40x30 fits 16x12 exactly at scale 0.4: the bar lands on columns 4..7, rows 2..9
    expected = np.full((12, 16), -1)
    expected[2:10, 4:8] = 1
    mismatches = np.sum(pattern != expected)
    assert mismatches <= 6, as_text(pattern, (12, 16))


def test_aspect_ratio_is_kept_and_the_rest_is_paper(qapp, tmp_path):
    path = save_picture(tmp_path / "wide.png", width=80, height=20)
    pattern = image_to_pattern(path, (20, 20)).reshape(20, 20)
    assert (pattern[:6] == -1).all() and (pattern[-6:] == -1).all()
    assert (pattern[6:14] > 0).any()


def test_transparent_background_counts_as_paper(qapp, tmp_path):
    image = QImage(20, 20, QImage.Format.Format_ARGB32)
    image.fill(QColor(0, 0, 0, 0))
    painter = QPainter(image)
    painter.fillRect(0, 8, 20, 4, QColor("black"))
    painter.end()
    path = str(tmp_path / "logo.png")
    assert image.save(path)
    pattern = image_to_pattern(path, (10, 10)).reshape(10, 10)
    assert (pattern[4:6] == 1).all() and (pattern[:3] == -1).all()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares its size but holds no pixels: cheap to make at any claimed size."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b""))
        + png_chunk(b"IEND", b"")
    )


def test_bad_files_give_clear_errors(qapp, tmp_path):
    def error_for(path) -> str:
        with pytest.raises(PresetError) as info:
            image_to_pattern(path, (16, 16))
        return str(info.value)

    assert "no such image file" in error_for(tmp_path / "missing.png")
    assert "no such image file" in error_for(tmp_path)  # a folder is not a file
    (tmp_path / "notes.png").write_text("these are my lecture notes")
    assert "not an image" in error_for(tmp_path / "notes.png")
    (tmp_path / "huge.png").write_bytes(png_header_only(30000, 30000))
    assert "30000x30000" in error_for(tmp_path / "huge.png")
    wide = QImage(20001, 1, QImage.Format.Format_RGB32)
    wide.fill(QColor("white"))
    wide.save(str(tmp_path / "wide.png"))
    assert "20001x1" in error_for(tmp_path / "wide.png")
    (tmp_path / "empty.png").write_bytes(png_header_only(0, 0))
    assert "empty" in error_for(tmp_path / "empty.png")
    save_picture(tmp_path / "bar.png")
    data = (tmp_path / "bar.png").read_bytes()
    (tmp_path / "cut.png").write_bytes(data[: len(data) // 2])
    assert "could not read" in error_for(tmp_path / "cut.png")
    blank = QImage(50, 50, QImage.Format.Format_RGB32)
    blank.fill(QColor("gray"))
    blank.save(str(tmp_path / "blank.png"))
    assert "blank" in error_for(tmp_path / "blank.png")
    assert issubclass(PresetError, ValueError)


def test_an_image_is_thresholded_at_its_mean_grey_level(qapp, tmp_path):
    """Black, mid-grey and white thirds: the mean (128) is the cut, so only black is ink. The
    app's one route from a picture to a pattern (Import image) is `image_to_pattern`."""
    image = QImage(30, 10, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    for third, grey in enumerate((0, 130, 255)):
        painter.fillRect(10 * third, 0, 10, 10, QColor(grey, grey, grey))
    painter.end()
    path = str(tmp_path / "thirds.png")
    assert image.save(path)
    pattern = image_to_pattern(path, (10, 30)).reshape(10, 30)
    assert (pattern[:, :10] == 1).all() and (pattern[:, 10:] == -1).all()
