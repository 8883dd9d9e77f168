"""The .hopgui format on its own (no GUI): what is written reads back exactly, and every bad
file is refused with one message that names the file, before anything large is read and
without running anything."""

import json
import os
import tracemalloc
import zipfile

import numpy as np
import pytest

from hopgui.files import archive
from tests.files import sessions
from tests.files.sessions import FORMAT_ERRORS, good_document


def write(path, document):
    path.write_bytes(archive.encode(document))
    return path


def test_a_session_reads_back_exactly(tmp_path):
    document = good_document()
    document.labs["hopfield"] = {
        "params": {"rule": "storkey", "grid_size": 16, "temperature": 0.25},
        "patterns": np.where(np.arange(3 * 256).reshape(3, 256) % 3, 1, -1).astype(np.int8),
        "names": ["A", "B", "ÿ long name"],
        "landscape_pair": (0, 2),
        "flags": np.array([True, False]),
    }
    document.extras["lecture"] = {"step": 3, "scene": [1.5, None, "text"]}
    back = archive.read(write(tmp_path / "s.hopgui", document))
    assert back.current_lab == "ring"
    assert back.extras == {"lecture": {"step": 3, "scene": [1.5, None, "text"]}}
    hop = back.labs["hopfield"]
    assert hop["patterns"].dtype == np.int8 and hop["patterns"].shape == (3, 256)
    assert np.array_equal(hop["patterns"], document.labs["hopfield"]["patterns"])
    assert hop["names"] == ["A", "B", "ÿ long name"] and hop["landscape_pair"] == [0, 2]
    assert hop["flags"].dtype == bool
    assert np.array_equal(back.labs["ring"]["potentials"], np.linspace(-1.0, 1.0, 32))
    assert back.labs["ring"]["cue_angle"] is None and back.labs["ring"]["time"] == 0.5


def test_the_file_is_a_zip_of_a_json_manifest_and_npy_arrays(tmp_path):
    path = write(tmp_path / "s.hopgui", good_document())
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        manifest = json.loads(z.read("manifest.json"))
    assert names[0] == "manifest.json"
    assert manifest["format"] == "hopgui-session" and manifest["version"] == archive.VERSION
    assert manifest["arrays"] == {"labs.ring.potentials": {"dtype": "<f8", "shape": [32]}}
    assert "arrays/labs.ring.potentials.npy" in names


def test_what_cannot_be_saved_is_refused_in_words():
    for bad in (np.array([object()]), float("nan"), {1: "x"}, {"$array": "x"}, object()):
        document = archive.SessionDocument(labs={"ring": {"x": bad}})
        with pytest.raises(ValueError, match="labs/ring/x"):
            archive.encode(document)


@pytest.mark.parametrize("spoil", FORMAT_ERRORS, ids=[f.__name__ for f in FORMAT_ERRORS])
def test_a_bad_file_gets_one_message_naming_it(tmp_path, spoil):
    path = write(tmp_path / "lecture 3.hopgui", good_document())
    spoil(path)
    tracemalloc.start()
    with pytest.raises(archive.SessionFileError) as caught:
        archive.read(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    message = str(caught.value)
    assert "lecture 3.hopgui" in message and "\n" not in message
    assert "Traceback" not in message
    assert peak < 50e6  # a 10 GB declaration allocates nothing
    assert not os.path.exists("/tmp/hopgui-pwned")


def test_the_messages_say_what_is_wrong(tmp_path):
    expected = {
        sessions.not_a_zip: "not a zip",
        sessions.empty: "empty",
        sessions.truncated: "truncated",
        sessions.newer_version: "newer hopgui",
        sessions.pickled_array: "Python objects",
        sessions.pickled_array_declared_as_numbers: "pickled",
        sessions.nan_in_array: "NaN",
        sessions.nan_in_manifest: "NaN",
        sessions.ten_gigabytes_declared: "10.0 GB",
        sessions.ten_gigabytes_in_the_npy_header: r"shape \(50000, 25000\)",
        sessions.complex_numbers: "not numbers",
    }
    for spoil, words in expected.items():
        path = write(tmp_path / f"{spoil.__name__}.hopgui", good_document())
        spoil(path)
        with pytest.raises(archive.SessionFileError, match=words):
            archive.read(path)


def test_a_folder_a_missing_file_and_a_pipe_are_refused(tmp_path):
    with pytest.raises(archive.SessionFileError, match="cannot open"):
        archive.read(tmp_path / "nowhere.hopgui")
    with pytest.raises(archive.SessionFileError, match="it is a folder, not a file"):
        archive.read(tmp_path)
    fifo = tmp_path / "pipe.hopgui"
    os.mkfifo(fifo)
    with pytest.raises(archive.SessionFileError, match=r"it is a named pipe \(FIFO\), not a file"):
        archive.read(fifo)  # must not block


def test_a_zip_bomb_of_members_is_refused_before_zipfile_reads_it(tmp_path):
    path = tmp_path / "many.hopgui"
    with zipfile.ZipFile(path, "w") as z:
        for k in range(archive.MAX_MEMBERS + 1):
            z.writestr(f"x{k}", b"")
    with pytest.raises(archive.SessionFileError, match="lists"):
        archive.read(path)
