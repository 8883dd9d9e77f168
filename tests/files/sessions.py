"""Session files for the tests: a good one, and the bad ones a lecturer's colleague might send
(each a function writing one to a path, named for what is wrong with it)."""

import io
import json
import zipfile

import numpy as np

from hopgui.files import archive


def good_document() -> archive.SessionDocument:
    return archive.SessionDocument(
        labs={
            "ring": {
                "params": {"n_units": 32, "kernel": "cosine", "noise": 0.0},
                "potentials": np.linspace(-1.0, 1.0, 32),
                "time": 0.5,
                "cue_angle": None,
            },
        },
        current_lab="ring",
    )


def members(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def rewrite(path, contents: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w") as z:
        for name, data in contents.items():
            z.writestr(name, data)


def npy(array) -> bytes:
    out = io.BytesIO()
    np.save(out, array, allow_pickle=True)
    return out.getvalue()


def edit_manifest(path, change) -> None:
    contents = members(path)
    manifest = json.loads(contents["manifest.json"])
    change(manifest)
    contents["manifest.json"] = json.dumps(manifest).encode()
    rewrite(path, contents)


def ring_array(path) -> str:
    manifest = json.loads(members(path)["manifest.json"])
    return manifest["labs"]["ring"]["potentials"]["$array"]


# --- the bad files: each takes the path of a good file and spoils it --------------------------


def not_a_zip(path):
    path.write_bytes(b"just some text, not a session\n" * 10)


def empty(path):
    path.write_bytes(b"")


def truncated(path):
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])


def newer_version(path):
    edit_manifest(path, lambda m: m.update(version=archive.VERSION + 1))


def not_a_session(path):
    edit_manifest(path, lambda m: m.update(format="somebody-else"))


def wrong_shape(path):
    """The ring's potentials hold 5 values for 32 neurons (manifest and array agree)."""
    key = ring_array(path)
    contents = members(path)
    contents[f"arrays/{key}.npy"] = npy(np.zeros(5))
    manifest = json.loads(contents["manifest.json"])
    manifest["arrays"][key]["shape"] = [5]
    contents["manifest.json"] = json.dumps(manifest).encode()
    rewrite(path, contents)


def shape_unlike_manifest(path):
    key = ring_array(path)
    contents = members(path)
    contents[f"arrays/{key}.npy"] = npy(np.zeros((4, 8)))
    rewrite(path, contents)


def wrong_type(path):
    """The potentials are text."""
    key = ring_array(path)
    contents = members(path)
    contents[f"arrays/{key}.npy"] = npy(np.array(["a"] * 32))
    manifest = json.loads(contents["manifest.json"])
    manifest["arrays"][key]["dtype"] = "<U1"
    contents["manifest.json"] = json.dumps(manifest).encode()
    rewrite(path, contents)


def complex_numbers(path):
    key = ring_array(path)
    contents = members(path)
    contents[f"arrays/{key}.npy"] = npy(np.zeros(32, dtype=complex))
    manifest = json.loads(contents["manifest.json"])
    manifest["arrays"][key]["dtype"] = "<c16"
    contents["manifest.json"] = json.dumps(manifest).encode()
    rewrite(path, contents)


class Boom:
    """Unpickling this would run code."""

    def __reduce__(self):
        import os

        return (os.system, ("echo pwned > /tmp/hopgui-pwned",))


def pickled_array(path):
    key = ring_array(path)
    contents = members(path)
    contents[f"arrays/{key}.npy"] = npy(np.array([Boom()] * 32, dtype=object))
    manifest = json.loads(contents["manifest.json"])
    manifest["arrays"][key]["dtype"] = "|O"
    contents["manifest.json"] = json.dumps(manifest).encode()
    rewrite(path, contents)


def pickled_array_declared_as_numbers(path):
    key = ring_array(path)
    contents = members(path)
    contents[f"arrays/{key}.npy"] = npy(np.array([Boom()] * 32, dtype=object))
    rewrite(path, contents)


def nan_in_array(path):
    key = ring_array(path)
    contents = members(path)
    values = np.zeros(32)
    values[3] = np.nan
    contents[f"arrays/{key}.npy"] = npy(values)
    rewrite(path, contents)


def nan_in_manifest(path):
    contents = members(path)
    text = contents["manifest.json"].decode().replace('"time": 0.5', '"time": NaN')
    assert "NaN" in text
    contents["manifest.json"] = text.encode()
    rewrite(path, contents)


def ten_gigabytes_declared(path):
    """The manifest declares a 10 GB array (the data are small: nothing may be allocated)."""
    key = ring_array(path)
    edit_manifest(path, lambda m: m["arrays"][key].update(shape=[50_000, 25_000], dtype="<f8"))


def ten_gigabytes_in_the_npy_header(path):
    """The manifest looks innocent, the .npy header claims 10 GB."""
    key = ring_array(path)
    contents = members(path)
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        header, {"descr": "<f8", "fortran_order": False, "shape": (50_000, 25_000)}
    )
    contents[f"arrays/{key}.npy"] = b"\x93NUMPY\x01\x00" + header.getvalue()[8:] + b"\0" * 64
    rewrite(path, contents)


def missing_array(path):
    key = ring_array(path)
    contents = members(path)
    del contents[f"arrays/{key}.npy"]
    rewrite(path, contents)


def unknown_parameter(path):
    edit_manifest(path, lambda m: m["labs"]["ring"]["params"].update(wobble=1))


def parameter_out_of_range(path):
    edit_manifest(path, lambda m: m["labs"]["ring"]["params"].update(n_units=-3))


BAD_FILES = [
    not_a_zip,
    empty,
    truncated,
    newer_version,
    not_a_session,
    wrong_shape,
    shape_unlike_manifest,
    wrong_type,
    complex_numbers,
    pickled_array,
    pickled_array_declared_as_numbers,
    nan_in_array,
    nan_in_manifest,
    ten_gigabytes_declared,
    ten_gigabytes_in_the_npy_header,
    missing_array,
    unknown_parameter,
    parameter_out_of_range,
]
# refused by the format itself (before any lab sees them); the rest by the lab's own checks
FORMAT_ERRORS = [
    f
    for f in BAD_FILES
    if f not in (wrong_shape, wrong_type, unknown_parameter, parameter_out_of_range)
]
