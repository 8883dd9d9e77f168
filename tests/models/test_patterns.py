"""Pattern helpers: cue tools, image binarisation and pattern-set files."""

import zipfile

import numpy as np
import pytest

from models.patterns import (
    PatternFileError,
    binarize_image,
    flip_bits,
    hide_region,
    load_pattern_set,
    random_patterns,
    resample,
    save_pattern_set,
    shift,
)

LETTER_T = np.array(
    [
        [1, 1, 1, 1],
        [-1, 1, 1, -1],
        [-1, 1, 1, -1],
    ],
    dtype=np.int8,
)


def test_random_patterns_are_balanced_reproducible_plus_minus_one():
    x = random_patterns(20, 500, seed=3)
    assert x.shape == (20, 500) and x.dtype == np.int8
    assert set(np.unique(x)) == {-1, 1}
    assert abs(x.mean()) < 0.02
    assert np.array_equal(x, random_patterns(20, 500, seed=3))
    assert not np.array_equal(x, random_patterns(20, 500, seed=4))


@pytest.mark.parametrize(
    "n_units, fraction, expected", [(100, 0.1, 10), (7, 0.3, 2), (50, 0.0, 0), (50, 1.0, 50)]
)
def test_flip_bits_flips_exactly_round_fraction_n_distinct_bits(n_units, fraction, expected):
    pattern = random_patterns(1, n_units, seed=1)[0]
    before = pattern.copy()
    noisy = flip_bits(pattern, fraction, seed=2)
    assert np.sum(noisy != pattern) == expected
    assert np.array_equal(pattern, before)  # the input is not touched
    assert np.array_equal(noisy, flip_bits(pattern, fraction, seed=2))


def test_hide_region_blanks_a_rectangle_of_the_picture():
    hidden = hide_region(LETTER_T.ravel(), (3, 4), (1, 3, 2, 4)).reshape(3, 4)
    expected = LETTER_T.copy()
    expected[1:3, 2:4] = -1
    assert np.array_equal(hidden, expected)
    beyond = hide_region(LETTER_T.ravel(), (3, 4), (-2, 99, 0, 1)).reshape(3, 4)
    assert np.all(beyond[:, 0] == -1) and np.array_equal(beyond[:, 1:], LETTER_T[:, 1:])


def test_shift_wraps_round_and_undoes():
    moved = shift(LETTER_T.ravel(), (3, 4), 1, -1).reshape(3, 4)
    assert np.array_equal(moved[1], [1, 1, 1, 1])  # the top bar went down a row
    assert np.array_equal(moved[0], np.roll(LETTER_T[2], -1))
    assert np.array_equal(shift(moved.ravel(), (3, 4), -1, 1), LETTER_T.ravel())


def test_resample_keeps_the_picture():
    big = np.kron(LETTER_T, np.ones((2, 2), dtype=np.int8))  # every pixel as a 2 x 2 block
    assert np.array_equal(resample(LETTER_T.ravel(), (3, 4), (6, 8)), big.ravel())
    assert np.array_equal(resample(big.ravel(), (6, 8), (3, 4)), LETTER_T.ravel())
    assert np.array_equal(resample(LETTER_T.ravel(), (3, 4), (3, 4)), LETTER_T.ravel())
    assert resample(big.ravel(), (6, 8), (5, 7)).shape == (35,)


def test_binarize_image_resizes_by_area_and_marks_dark_pixels():
    gray = np.full((8, 8), 200, dtype=np.uint8)
    gray[:, :4] = 10  # dark left half
    gray[0, 7] = 190
    pattern = binarize_image(gray, (4, 4)).reshape(4, 4)
    assert np.all(pattern[:, :2] == 1) and np.all(pattern[:, 2:] == -1)
    assert np.array_equal(binarize_image(gray.astype(float) / 255, (4, 4)), pattern.ravel())


def test_otsu_threshold_separates_the_two_tones_where_the_mean_does_not():
    gray = np.where(np.arange(100) < 49, 200.0, 210.0).reshape(10, 10)
    gray[0, :2] = 0.0  # two black dots on a two-tone background
    otsu = binarize_image(gray, (10, 10), threshold="otsu")
    assert np.flatnonzero(otsu == 1).tolist() == [0, 1]
    assert np.sum(binarize_image(gray, (10, 10)) == 1) == 49  # the mean cuts the background


@pytest.mark.parametrize(
    "image",
    [
        np.zeros((0, 5)),
        np.ones(5),
        np.ones((3, 3, 3)),
        np.full((4, 4), 7.0),
        np.array([[1.0, np.nan]]),
        [["a", "b"]],
    ],
)
def test_binarize_rejects_degenerate_images(image):
    with pytest.raises(PatternFileError):
        binarize_image(image, (2, 2))


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: flip_bits(np.ones(5), 1.5), "between 0 and 1"),
        (lambda: flip_bits(np.zeros(5), 0.5), "only -1 and \\+1"),
        (lambda: hide_region(np.ones(6), (2, 2), (0, 1, 0, 1)), "not 6"),
        (lambda: shift(np.ones(6), (2, 3, 1), 0, 1), "shape"),
        (lambda: resample(np.ones((2, 3)), (2, 3), (4, 6)), "1-D"),
        (lambda: binarize_image(np.eye(3), (2, 2), threshold="median"), "unknown threshold"),
    ],
)
def test_bad_arguments_give_value_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# --- pattern-set files -------------------------------------------------------------------------


def test_pattern_set_round_trip(tmp_path):
    patterns = random_patterns(3, 12, seed=5)
    path = tmp_path / "letters.hopgui"  # used as given: no ".npz" added
    save_pattern_set(path, patterns, (3, 4), ["A", "Ä", "letter T"])
    loaded, shape, names = load_pattern_set(path)
    assert np.array_equal(loaded, patterns) and loaded.dtype == np.int8
    assert shape == (3, 4) and names == ["A", "Ä", "letter T"]
    assert [p.name for p in tmp_path.iterdir()] == ["letters.hopgui"]


def test_saving_checks_its_arguments(tmp_path):
    patterns = random_patterns(2, 6, seed=1)
    with pytest.raises(ValueError, match="one text name per pattern"):
        save_pattern_set(tmp_path / "x.npz", patterns, (2, 3), ["only one"])
    with pytest.raises(ValueError, match="not 6"):
        save_pattern_set(tmp_path / "x.npz", patterns, (2, 2), ["a", "b"])
    assert list(tmp_path.iterdir()) == []


def _npz(path, **arrays):
    good = {
        "format": np.array("hopgui-patterns"),
        "version": np.array(1),
        "patterns": random_patterns(2, 6, seed=1),
        "shape": np.array([2, 3]),
        "names": np.array(["a", "b"]),
    }
    good.update(arrays)
    np.savez(path, **{k: v for k, v in good.items() if v is not None})
    return path


def _truncated(path):
    _npz(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _foreign_zip(path):
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return path


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: p, "cannot open"),  # no such file
        (lambda p: p.parent, "cannot open"),  # a folder
        (lambda p: p.write_bytes(b"\x00garbage" * 50) and p, "damaged"),
        (lambda p: p.write_text("A,B\n1,-1\n") and p, "damaged"),
        (_truncated, "damaged"),
        (_foreign_zip, "not a hopgui pattern set"),
        (lambda p: np.save(p.with_suffix(".npy"), np.ones(3)) or p.with_suffix(".npy"), "bare"),
        (lambda p: _npz(p, names=None), "not a hopgui pattern set"),
        (lambda p: _npz(p, format=np.array("something else")), "not a hopgui pattern set"),
        (lambda p: _npz(p, version=np.array(2)), "version 2"),
        (lambda p: _npz(p, patterns=np.zeros((2, 6), dtype=np.int8)), "-1 and \\+1"),
        (lambda p: _npz(p, patterns=np.ones((2, 6))), "-1 and \\+1"),
        (lambda p: _npz(p, shape=np.array([2, 2])), "not 6"),
        (lambda p: _npz(p, shape=np.array([2.0, 3.0])), "two whole numbers"),
        (lambda p: _npz(p, names=np.array(["a"])), "2 pattern names"),
        (lambda p: _npz(p, names=np.array([{"evil": 1}, None], dtype=object)), "damaged"),
    ],
)
def test_corrupt_or_foreign_files_raise_pattern_file_error(tmp_path, make, message):
    path = make(tmp_path / "set.npz")
    with pytest.raises(PatternFileError, match=message):
        load_pattern_set(path)
    assert issubclass(PatternFileError, ValueError)
