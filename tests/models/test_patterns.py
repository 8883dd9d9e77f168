"""Pattern helpers: cue tools, image binarisation and pattern-set files."""

import io
import os
import stat
import threading
import time
import tracemalloc
import zipfile
from pathlib import Path

import numpy as np
import pytest

from models.patterns import (
    MAX_MEMORIES,
    MAX_NAME_LENGTH,
    PatternFileError,
    flip_bits,
    hide_region,
    load_pattern_set,
    memory_name,
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
        (lambda p: _npz(p, patterns=np.full((2, 6), 0.5)), "value 0.5 .*only -1 and \\+1"),
        (lambda p: _npz(p, shape=np.array([2, 2])), "not 6"),
        (lambda p: _npz(p, shape=np.array([2.0, 3.0])), "two whole numbers"),
        (lambda p: _npz(p, names=np.array(["a"])), "2 pattern names"),
        (lambda p: _npz(p, names=np.array([{"evil": 1}, None], dtype=object)), "Python objects"),
    ],
)
def test_corrupt_or_foreign_files_raise_pattern_file_error(tmp_path, make, message):
    path = make(tmp_path / "set.npz")
    with pytest.raises(PatternFileError, match=message):
        load_pattern_set(path)
    assert issubclass(PatternFileError, ValueError)


# --- pattern-set files under attack (issue 7, items 13, 14 and 18) -----------------------------


def _valid(**arrays):
    """The five members of a good pattern set (2 memories of 2 x 3), with `arrays` replacing."""
    good = {
        "format": np.array("hopgui-patterns"),
        "version": np.array(1),
        "patterns": random_patterns(2, 6, seed=1),
        "shape": np.array([2, 3]),
        "names": np.array(["a", "b"]),
    }
    good.update(arrays)
    return good


def _npy_bytes(header: dict, data: bytes = b"") -> bytes:
    """An .npy file with a hand-written header (it may declare anything) and `data`."""
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(buffer, header)
    return buffer.getvalue() + data


def _zip(path, members: dict, compression=zipfile.ZIP_DEFLATED):
    """An archive of .npy members: arrays are saved as numpy does, bytes are written as given."""
    with zipfile.ZipFile(path, "w", compression) as archive:
        for key, value in members.items():
            if isinstance(value, bytes):
                archive.writestr(f"{key}.npy", value)
            else:
                buffer = io.BytesIO()
                np.save(buffer, value, allow_pickle=False)
                archive.writestr(f"{key}.npy", buffer.getvalue())
    return path


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_without_being_opened(tmp_path):
    """A FIFO named .npz used to block the window forever in open()."""
    fifo = tmp_path / "set.npz"
    os.mkfifo(fifo)
    outcome = []

    def load():
        try:
            load_pattern_set(fifo)
        except Exception as exc:  # noqa: BLE001 - the test inspects whatever came out
            outcome.append(exc)

    thread = threading.Thread(target=load, daemon=True)
    thread.start()
    thread.join(10.0)
    try:
        assert not thread.is_alive(), "load_pattern_set blocked on a named pipe"
        assert isinstance(outcome[0], PatternFileError)
        assert "set.npz" in str(outcome[0]) and "named pipe" in str(outcome[0])
    finally:
        if thread.is_alive():  # unblock the reader stuck in open(): a writer comes and goes
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            thread.join(10.0)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_refused_as_a_device():
    with pytest.raises(PatternFileError, match="zero: it is a device, not a file"):
        load_pattern_set("/dev/zero")


def test_an_unused_huge_member_is_never_decompressed(tmp_path):
    """A 1 MB set with an unused 256 MB member: only the five members in use are read."""
    path = _zip(tmp_path / "bomb.npz", _valid())
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("unused.npy", "w", force_zip64=True) as member:
            header = {"descr": "|u1", "fortran_order": False, "shape": (256 << 20,)}
            np.lib.format.write_array_header_1_0(member, header)
            zeros = bytes(1 << 20)
            for _ in range(256):
                member.write(zeros)
    assert path.stat().st_size < 2 << 20
    tracemalloc.start()
    try:
        start = time.perf_counter()
        patterns, shape, names = load_pattern_set(path)
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert patterns.shape == (2, 6) and names == ["a", "b"]
    assert peak < 20e6 and seconds < 1.0


@pytest.mark.parametrize(
    "member, header, message",
    [
        (  # 10^14 bytes declared in a 2 KB file: used to raise an uncaught MemoryError
            "patterns",
            {"descr": "|i1", "fortran_order": False, "shape": (10**7, 10**7)},
            "holds 10,000,000 memories; a pattern set may hold at most 1,000",
        ),
        (
            "patterns",
            {"descr": "<f8", "fortran_order": False, "shape": (3, 10**9)},
            "at most 128 x 128 = 16,384 pixels",
        ),
        (
            "names",
            {"descr": "<U1000000", "fortran_order": False, "shape": (2,)},
            "up to 1,000,000 characters long",
        ),
        ("patterns", {"descr": "|O", "fortran_order": False, "shape": (2, 6)}, "Python objects"),
        ("patterns", {"descr": "|i1", "fortran_order": False, "shape": (0, 6)}, "no memories"),
    ],
)
def test_declared_shapes_are_checked_before_any_data_is_read(tmp_path, member, header, message):
    path = _zip(tmp_path / "liar.npz", _valid(**{member: _npy_bytes(header, b"\x01" * 64)}))
    assert path.stat().st_size < 2048
    with pytest.raises(PatternFileError, match=f"liar.npz.*{message}"):
        load_pattern_set(path)


def test_an_archive_listing_many_members_is_refused_before_it_is_read(tmp_path):
    members = _valid()
    members.update({f"junk{k}": b"" for k in range(100)})
    with pytest.raises(PatternFileError, match="lists 105 files"):
        load_pattern_set(_zip(tmp_path / "many.npz", members))


def test_only_stored_or_deflated_members_are_read(tmp_path):
    path = _zip(tmp_path / "bz.npz", _valid(), compression=zipfile.ZIP_BZIP2)
    with pytest.raises(PatternFileError, match="bz.npz uses a compression method"):
        load_pattern_set(path)


def test_a_set_beyond_the_memory_limit_is_refused_up_front(tmp_path):
    """A valid 67 KB file with 20,000 memories took minutes in the app."""
    patterns = random_patterns(20_000, 25, seed=2)
    names = np.array([f"m{k}" for k in range(20_000)])
    path = _zip(
        tmp_path / "huge.npz", _valid(patterns=patterns, shape=np.array([5, 5]), names=names)
    )
    with pytest.raises(PatternFileError, match="huge.npz holds 20,000 memories.* at most 1,000"):
        load_pattern_set(path)
    assert MAX_MEMORIES == 1000
    loaded, _, _ = load_pattern_set(path, max_memories=20_000)  # a notebook may ask for more
    assert np.array_equal(loaded, patterns)
    with pytest.raises(ValueError, match="at most 1,000 memories, not 20,000"):
        save_pattern_set(tmp_path / "out.npz", patterns, (5, 5), list(names))


def test_pictures_beyond_the_app_grid_are_refused(tmp_path):
    patterns = random_patterns(1, 130 * 2, seed=2)
    path = _zip(
        tmp_path / "wide.npz",
        _valid(patterns=patterns, shape=np.array([2, 130]), names=np.array(["w"])),
    )
    with pytest.raises(PatternFileError, match="wide.npz holds pictures of 2 x 130.*128 x 128"):
        load_pattern_set(path)
    with pytest.raises(ValueError, match="at most 128 x 128, not 2 x 130"):
        save_pattern_set(tmp_path / "out.npz", patterns, (2, 130), ["w"])


def test_long_names_are_shortened_and_control_characters_refused(tmp_path):
    long_names = np.array(["x" * 1_000_000, "b"])
    with pytest.raises(PatternFileError, match="1,000,000 characters"):
        load_pattern_set(_zip(tmp_path / "long.npz", _valid(names=long_names)))
    names = np.array(["A name far longer than any label in the window can show", "b"])
    _, _, loaded = load_pattern_set(_zip(tmp_path / "ok.npz", _valid(names=names)))
    assert len(loaded[0]) == MAX_NAME_LENGTH == 40 and loaded[0].endswith("\u2026")
    assert loaded[0].startswith("A name far longer") and loaded[1] == "b"
    for bad in ("line\nbreak", "tab\there", "bell\x07", "\u202eevil", "para\u2029"):
        with pytest.raises(PatternFileError, match="memory 2 contains the control character"):
            load_pattern_set(_zip(tmp_path / "ctl.npz", _valid(names=np.array(["a", bad]))))
        with pytest.raises(ValueError, match="memory 1 contains the control character"):
            save_pattern_set(tmp_path / "ctl2.npz", random_patterns(1, 6), (2, 3), [bad])
    assert memory_name("Ünïcødé ☺ 👍") == "Ünïcødé ☺ 👍"
    assert memory_name("y" * 41) == "y" * 39 + "\u2026"


def test_saved_long_names_come_back_as_saved(tmp_path):
    path = tmp_path / "s.npz"
    save_pattern_set(path, random_patterns(2, 6), (2, 3), ["z" * 500, "short"])
    _, _, names = load_pattern_set(path)
    assert names == ["z" * 39 + "\u2026", "short"]


@pytest.mark.parametrize(
    "version",
    [np.array("1"), np.array(" 1 "), np.array(b"1"), np.array(1.0), np.array(1, np.uint8)],
)
def test_version_one_is_accepted_however_it_is_stored(tmp_path, version):
    patterns, _, _ = load_pattern_set(_zip(tmp_path / "v.npz", _valid(version=version)))
    assert patterns.shape == (2, 6)


@pytest.mark.parametrize(
    "version, message",
    [
        (
            np.array("2"),
            "version 2 \\(stored as text\\) \\(it comes from a newer hopgui\\); "
            "this hopgui reads version 1 only",
        ),
        (np.array("abc"), "the text 'abc', not a number"),
        (np.array(1.5), "version 1.5 "),
        (np.array(0), "version 0; this hopgui reads version 1 only"),
        (np.array([1, 1]), "not a single number"),
        (np.array(np.nan), "version nan"),
    ],
)
def test_other_versions_say_what_was_found(tmp_path, version, message):
    with pytest.raises(PatternFileError, match=f"v.npz.*{message}"):
        load_pattern_set(_zip(tmp_path / "v.npz", _valid(version=version)))


@pytest.mark.parametrize(
    "stored",
    [
        lambda x: x.astype(np.float64),
        lambda x: x.astype(np.float32),
        lambda x: x.astype(">f8"),
        lambda x: np.asfortranarray(x.astype(np.float64)),
        lambda x: np.asfortranarray(x.astype(np.int16)),
    ],
)
def test_exact_plus_minus_one_floats_are_valid_patterns(tmp_path, stored):
    patterns = random_patterns(3, 6, seed=4)
    path = _zip(tmp_path / "f.npz", _valid(patterns=stored(patterns), names=np.array(list("abc"))))
    loaded, shape, names = load_pattern_set(path)
    assert np.array_equal(loaded, patterns) and loaded.dtype == np.int8
    assert loaded.flags.c_contiguous and shape == (2, 3) and names == ["a", "b", "c"]


def test_patterns_that_are_not_plus_minus_one_say_where(tmp_path):
    patterns = random_patterns(3, 6, seed=4).astype(np.float64)
    patterns[2, 4] = 0.999
    for stored in (patterns, np.asfortranarray(patterns)):
        path = _zip(tmp_path / "f.npz", _valid(patterns=stored, names=np.array(list("abc"))))
        with pytest.raises(
            PatternFileError, match="f.npz: memory 3 holds the value 0.999 at pixel 5; patterns"
        ):
            load_pattern_set(path)


def test_an_empty_pattern_set_is_refused(tmp_path):
    empty = _valid(patterns=np.zeros((0, 6), np.int8), names=np.array([], dtype="<U1"))
    with pytest.raises(PatternFileError, match="empty.npz holds no memories"):
        load_pattern_set(_zip(tmp_path / "empty.npz", empty))
    with pytest.raises(ValueError, match="no memories to save"):
        save_pattern_set(tmp_path / "x.npz", np.zeros((0, 6)), (2, 3), [])


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_saved_files_get_normal_permissions_and_keep_a_shared_mode(tmp_path):
    patterns = random_patterns(2, 6, seed=1)
    old_umask = os.umask(0o022)
    try:
        new = tmp_path / "new.npz"
        save_pattern_set(new, patterns, (2, 3), ["a", "b"])
        assert stat.S_IMODE(new.stat().st_mode) == 0o644  # 0666 less the umask, not 0600
        shared = tmp_path / "shared.npz"
        shared.write_bytes(b"old")
        shared.chmod(0o664)
        save_pattern_set(shared, patterns, (2, 3), ["a", "b"])
        assert stat.S_IMODE(shared.stat().st_mode) == 0o664  # overwriting keeps the mode
        assert load_pattern_set(shared)[2] == ["a", "b"]
    finally:
        os.umask(old_umask)


def test_a_failed_save_leaves_the_old_file_whole(tmp_path, monkeypatch):
    path = tmp_path / "keep.npz"
    save_pattern_set(path, random_patterns(2, 6, seed=1), (2, 3), ["a", "b"])
    before = path.read_bytes()

    def broken(file, **arrays):
        file.write(b"PK half a file")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(np, "savez_compressed", broken)
    with pytest.raises(OSError, match="No space left"):
        save_pattern_set(path, random_patterns(3, 6, seed=2), (2, 3), ["x", "y", "z"])
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["keep.npz"]


def test_saving_over_a_folder_is_refused(tmp_path):
    (tmp_path / "dir.npz").mkdir()
    with pytest.raises(ValueError, match="dir.npz is a folder"):
        save_pattern_set(tmp_path / "dir.npz", random_patterns(1, 6), (2, 3), ["a"])


def test_every_load_failure_is_a_value_error_naming_the_file(tmp_path):
    """Fuzz: random byte damage anywhere in a good file gives PatternFileError or a good set."""
    path = tmp_path / "fuzz.npz"
    save_pattern_set(path, random_patterns(4, 20, seed=1), (4, 5), list("abcd"))
    good = path.read_bytes()
    rng = np.random.default_rng(7)
    for _ in range(300):
        data = bytearray(good)
        for at in rng.integers(0, len(data), size=rng.integers(1, 4)):
            data[at] = rng.integers(0, 256)
        path.write_bytes(bytes(data[: rng.integers(len(data) // 2, len(data) + 1)]))
        try:
            patterns, shape, names = load_pattern_set(path)
        except PatternFileError as exc:
            assert "fuzz.npz" in str(exc)
        else:
            assert patterns.shape == (4, 20) and shape == (4, 5) and len(names) == 4


def test_a_member_larger_than_its_declared_array_needs_is_refused_before_reading(tmp_path):
    """Sizes come from the archive's directory: 100 kB of junk after a two-number shape."""
    buffer = io.BytesIO()
    np.save(buffer, np.array([2, 3]))
    path = _zip(tmp_path / "junk.npz", _valid(shape=buffer.getvalue() + bytes(100_000)))
    with pytest.raises(
        PatternFileError, match="junk.npz: its 'shape' member takes 0.1 MB, more than"
    ):
        load_pattern_set(path)


def test_bad_limits_are_the_callers_value_error(tmp_path):
    path = tmp_path / "s.npz"
    save_pattern_set(path, random_patterns(2, 6), (2, 3), ["a", "b"])
    with pytest.raises(ValueError, match="max_memories must be a whole number of at least 1"):
        load_pattern_set(path, max_memories=0)
    with pytest.raises(ValueError, match="max_side must be"):
        load_pattern_set(path, max_side=2.5)
    with pytest.raises(PatternFileError, match="s.npz holds 2 memories.* at most 1$"):
        load_pattern_set(path, max_memories=1)
    assert load_pattern_set(path, max_side=3)[1] == (2, 3)
    too_big = "s.npz holds pictures of 6 pixels.*at most 2 x 2 = 4 pixels"
    with pytest.raises(PatternFileError, match=too_big):
        load_pattern_set(path, max_side=2)
