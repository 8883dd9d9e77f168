"""Pictures from files as patterns (Import image): dark is ink, and nothing in a file can make
the window hang or swallow memory; every refusal gives its true reason."""

import faulthandler
import os
import struct
import time
import zlib

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage, QImageReader, QPainter

from hopgui.labs.hopfield import images
from hopgui.labs.hopfield.images import MAX_IMAGE_SIDE, import_image
from hopgui.labs.hopfield.presets import PresetError
from tests.labs.hopfield.test_presets import as_text


def image_to_pattern(path, shape):
    return import_image(path, shape).pattern


def error_for(path) -> str:
    with pytest.raises(PresetError) as info:
        image_to_pattern(path, (16, 16))
    return str(info.value)


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


def png_header_only(width: int, height: int, bit_depth: int = 8, colour: int = 0) -> bytes:
    """A PNG that declares its size but holds no pixels: cheap to make at any claimed size."""
    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b""))
        + png_chunk(b"IEND", b"")
    )


def test_an_image_is_thresholded_at_its_mean_grey_level(qapp, tmp_path):
    """Black, mid-grey and white thirds: the mean (128) is the cut, so only black is ink. The
    app's one route from a picture to a pattern (Import image) is `import_image`."""
    image = QImage(30, 10, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    for third, grey in enumerate((0, 130, 255)):
        painter.fillRect(10 * third, 0, 10, 10, QColor(grey, grey, grey))
    painter.end()
    path = str(tmp_path / "thirds.png")
    assert image.save(path)
    pattern = image_to_pattern(path, (10, 30)).reshape(10, 30)
    assert (pattern[:, :10] == 1).all() and (pattern[:, 10:] == -1).all()


def gif_bytes(frames: list[np.ndarray]) -> bytes:
    """An animated GIF of `frames`, (h, w) arrays of 0 (white) and 1 (black). Each pixel is
    coded after an LZW clear code, so every code is 3 bits wide: valid, if not small."""
    height, width = frames[0].shape
    out = b"GIF89a" + struct.pack("<HHBBB", width, height, 0x80, 0, 0)
    out += b"\xff\xff\xff\x00\x00\x00"  # two colours: white, black
    out += b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"  # loop for ever
    for frame in frames:
        out += b"\x21\xf9\x04\x00" + struct.pack("<H", 10) + b"\x00\x00"  # 0.1 s a frame
        out += b"\x2c" + struct.pack("<HHHHB", 0, 0, width, height, 0) + b"\x02"
        codes = [c for pixel in frame.reshape(-1) for c in (4, int(pixel))] + [5]
        bits = sum(code << (3 * k) for k, code in enumerate(codes))
        data = bits.to_bytes((3 * len(codes) + 7) // 8, "little")
        for start in range(0, len(data), 255):
            block = data[start : start + 255]
            out += bytes([len(block)]) + block
        out += b"\x00"
    return out + b"\x3b"


def test_a_folder_a_missing_file_and_text_say_what_they_are(qapp, tmp_path):
    assert "no such image file: missing.png" in error_for(tmp_path / "missing.png")
    (tmp_path / "pictures.png").mkdir()
    assert "pictures.png is a folder" in error_for(tmp_path / "pictures.png")
    (tmp_path / "notes.png").write_text("these are my lecture notes")
    assert "not a picture Qt can read" in error_for(tmp_path / "notes.png")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_called_png_is_refused_at_once(qapp, tmp_path):
    """Opened for reading the old way, a pipe with no writer hangs the window for ever, so a
    watchdog ends the test run instead of hanging."""
    os.mkfifo(tmp_path / "photo.png")
    faulthandler.dump_traceback_later(30, exit=True)
    try:
        started = time.perf_counter()
        message = error_for(tmp_path / "photo.png")
    finally:
        faulthandler.cancel_dump_traceback_later()
    assert "photo.png is a named pipe (FIFO), not an image file" in message
    assert time.perf_counter() - started < 1


def test_a_permission_problem_is_named_as_one(qapp, tmp_path, monkeypatch):
    path = save_picture(tmp_path / "private.png")

    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(images.os, "open", refuse)  # as for another user's file (tests run as root)
    message = error_for(path)
    assert message == "cannot open private.png: Permission denied"


def test_a_huge_declared_size_is_refused_before_decoding(qapp, tmp_path):
    """A 20000 x 20000 PNG of 1.7 MB decodes to 3.3 GB: the header says so first."""
    (tmp_path / "bomb.png").write_bytes(png_header_only(20000, 20000))
    message = error_for(tmp_path / "bomb.png")
    assert "bomb.png is 20000 x 20000 pixels; the limit is 4096 x 4096" in message
    side = MAX_IMAGE_SIDE + 1
    wide = QImage(side, 1, QImage.Format.Format_RGB32)
    wide.fill(QColor("white"))
    wide.save(str(tmp_path / "wide.png"))
    assert f"{side} x 1 pixels" in error_for(tmp_path / "wide.png")


def test_a_large_16_bit_png_is_too_large_not_damaged(qapp, tmp_path):
    (tmp_path / "deep.png").write_bytes(png_header_only(9000, 7000, bit_depth=16, colour=6))
    message = error_for(tmp_path / "deep.png")
    assert "9000 x 7000 pixels; the limit is 4096 x 4096" in message
    assert "damaged" not in message and "0x0" not in message


def test_a_16_bit_png_within_the_limit_is_imported(qapp, tmp_path):
    picture = QImage(64, 48, QImage.Format.Format_RGBA64)
    picture.fill(QColor("white"))
    painter = QPainter(picture)
    painter.fillRect(16, 0, 16, 48, QColor("black"))
    painter.end()
    assert picture.save(str(tmp_path / "deep.png"))
    assert QImageReader(str(tmp_path / "deep.png")).imageFormat() == QImage.Format.Format_RGBA64
    cells = image_to_pattern(tmp_path / "deep.png", (12, 16)).reshape(12, 16)
    assert (cells[:, 4:8] == 1).all() and (cells[:, 9:] == -1).all()


def test_an_svg_named_png_is_refused_as_a_vector_drawing(qapp, tmp_path):
    """142 bytes declaring 20000 x 20000: Qt guesses the format from the content, and
    rendering it took 1.8 GB."""
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="20000" height="20000">'
        b'<rect width="20000" height="20000" fill="black"/></svg>'
    )
    (tmp_path / "logo.png").write_bytes(svg)
    message = error_for(tmp_path / "logo.png")
    assert "logo.png is a vector drawing (SVG)" in message


def test_empty_and_damaged_files_say_so(qapp, tmp_path):
    (tmp_path / "empty.png").write_bytes(png_header_only(0, 0))
    assert "empty" in error_for(tmp_path / "empty.png")
    (tmp_path / "nothing.png").write_bytes(b"")
    assert "not a picture" in error_for(tmp_path / "nothing.png")
    save_picture(tmp_path / "bar.png")
    data = (tmp_path / "bar.png").read_bytes()
    (tmp_path / "cut.png").write_bytes(data[: len(data) // 2])
    assert "could not read cut.png: the PNG data is damaged" in error_for(tmp_path / "cut.png")
    blank = QImage(50, 50, QImage.Format.Format_RGB32)
    blank.fill(QColor("gray"))
    blank.save(str(tmp_path / "blank.png"))
    assert "blank" in error_for(tmp_path / "blank.png")
    assert issubclass(PresetError, ValueError)


def test_decoding_leaves_qts_allocation_limit_as_it_was(qapp, tmp_path):
    before = QImageReader.allocationLimit()
    image_to_pattern(save_picture(tmp_path / "bar.png"), (16, 16))
    assert QImageReader.allocationLimit() == before


def test_a_big_picture_is_decoded_small(qapp, tmp_path, monkeypatch):
    """A 4000 x 3000 photo for a 16 x 16 grid is decoded at no more than 64 x 48 pixels."""
    decoded = []
    real = images._decode
    monkeypatch.setattr(images, "_decode", lambda r: decoded.append(r.scaledSize()) or real(r))
    path = save_picture(tmp_path / "photo.jpg", width=4000, height=3000)
    assert (image_to_pattern(path, (16, 16)) == 1).any()
    assert (decoded[0].width(), decoded[0].height()) == (64, 48)


def test_an_animated_gif_gives_its_first_frame_and_says_so(qapp, tmp_path):
    left, right = np.zeros((8, 8), np.uint8), np.zeros((8, 8), np.uint8)
    left[:, :4], right[:, 4:] = 1, 1
    (tmp_path / "blink.gif").write_bytes(gif_bytes([left, right]))
    picture = import_image(tmp_path / "blink.gif", (8, 8))
    np.testing.assert_array_equal(picture.pattern.reshape(8, 8), np.where(left, 1, -1))
    assert picture.note == "blink.gif is animated (2 frames): the first one was imported."
    (tmp_path / "still.gif").write_bytes(gif_bytes([left]))
    assert import_image(tmp_path / "still.gif", (8, 8)).note == ""
