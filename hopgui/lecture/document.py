"""A lecture as a file: an ordered list of steps in TOML, read and written without Qt.

    title = "Attractor networks"

    [[step]]
    lab = "hopfield"                       # which lab (see `uv run main.py --help`)
    caption = "Corrupt 30 % and watch it roll downhill"
    actions = [{ cue = "A" }, { flip = 30 }, "settle"]
    [step.state]                           # any part of that lab's state()
    params = { rule = "hebbian", grid_size = 16 }

A step restores its `state` (checked in full first), then does its `actions` in order: a bare
name ("run") or a one-entry table ({ flip = 30 }); `{ wait = 2 }` waits two seconds. Arrays in
a state are written as `{ dtype = "int8", shape = [3, 256], base64 = "..." }` (what "Add this as
a step" saves) or by hand as `{ dtype = "float64", values = [1.0, 2.0] }`.

Every error is a `LectureError` whose message names the line and the problem.
"""

from __future__ import annotations

import base64
import math
import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

import numpy as np

STEP_KEYS = {"lab", "caption", "state", "action", "actions"}
MAX_STEPS = 500
MAX_CAPTION = 200
MAX_WAIT_SECONDS = 600.0
MAX_ARRAY_ELEMENTS = 50_000_000  # a lecture's array larger than this is refused before decoding
ARRAY_KEYS = ({"dtype", "shape", "base64"}, {"dtype", "values"}, {"dtype", "shape", "values"})
DTYPES = ("int8", "int16", "int32", "int64", "uint8", "float32", "float64", "bool")
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


class LectureError(ValueError):
    """A lecture file that cannot be used, in words (with the line where it goes wrong)."""


@dataclass
class Step:
    lab: str
    caption: str = ""
    state: dict[str, Any] = field(default_factory=dict)
    actions: list[tuple[str, Any]] = field(default_factory=list)  # (name, value or None)
    line: int = 0  # where the step starts in its file (0: not from a file)

    def where(self, number: int) -> str:
        """'step 5 (line 40)': how messages name this step (`number` counts from 1)."""
        return f"step {number}" + (f" (line {self.line})" if self.line else "")


@dataclass
class Lecture:
    title: str = "Lecture"
    steps: list[Step] = field(default_factory=list)


# --- reading ---------------------------------------------------------------------------------
def parse_lecture(text: str, labs: set[str] | None = None) -> Lecture:
    """The lecture in `text` (TOML), every step checked for shape; `labs` are the lab names a
    step may use (None: any)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise LectureError(_toml_error(str(error))) from None
    unknown = sorted(set(data) - {"title", "step"})
    if unknown:
        raise LectureError(f"unknown entry {unknown[0]!r} at the top (expected title and [[step]])")
    title = data.get("title", "Lecture")
    if not isinstance(title, str):
        raise LectureError("the title must be text in quotes")
    raw_steps = data.get("step", [])
    if not isinstance(raw_steps, list) or not raw_steps:
        raise LectureError("a lecture needs at least one [[step]]")
    if len(raw_steps) > MAX_STEPS:
        raise LectureError(f"{len(raw_steps)} steps: at most {MAX_STEPS} in one lecture")
    lines = _step_lines(text)
    steps = []
    for index, raw in enumerate(raw_steps):
        line = lines[index] if index < len(lines) else 0
        step = Step(lab="", line=line)
        try:
            _fill_step(step, raw, labs)
        except LectureError as error:
            raise LectureError(f"{step.where(index + 1)}: {error}") from None
        steps.append(step)
    return Lecture(title=title, steps=steps)


def _toml_error(message: str) -> str:
    """tomllib's "Illegal character '\\n' (at line 5, column 33)" as "line 5: ...", with a
    hint at the usual cause."""
    match = re.search(r"^(.*) \(at line (\d+), column (\d+)\)$", message)
    if match is None:
        return f"not readable as TOML: {message}"
    what, line, column = match.groups()
    hint = " (is a quote left open?)" if "\\n" in what or "quote" in what.lower() else ""
    return f"line {line}, column {column}: not readable as TOML: {what}{hint}"


def _step_lines(text: str) -> list[int]:
    """The line number of each `[[step]]` header, in order."""
    return [n for n, line in enumerate(text.splitlines(), start=1) if line.strip() == "[[step]]"]


def _fill_step(step: Step, raw: Any, labs: set[str] | None) -> None:
    if not isinstance(raw, dict):
        raise LectureError("a step must be a table")
    unknown = sorted(set(raw) - STEP_KEYS)
    if unknown:
        raise LectureError(
            f"unknown entry {unknown[0]!r} (a step has lab, caption, state and actions)"
        )
    lab = raw.get("lab")
    if not isinstance(lab, str) or not lab:
        raise LectureError('every step names its lab, e.g. lab = "hopfield"')
    if labs is not None and lab not in labs:
        raise LectureError(
            f"there is no lab called {lab!r}; the labs are {', '.join(sorted(labs))}"
        )
    caption = raw.get("caption", "")
    if not isinstance(caption, str) or len(caption) > MAX_CAPTION:
        raise LectureError(f"the caption must be text of at most {MAX_CAPTION} characters")
    state = raw.get("state", {})
    if not isinstance(state, dict):
        raise LectureError("state must be a table (parts of the lab's state)")
    if "action" in raw and "actions" in raw:
        raise LectureError("write either action or actions, not both")
    actions = raw.get("actions", [raw["action"]] if "action" in raw else [])
    if not isinstance(actions, list):
        raise LectureError('actions must be a list, e.g. actions = ["run", { wait = 2 }]')
    step.lab, step.caption = lab, caption
    step.state = decode_arrays(state)
    step.actions = [_action(entry) for entry in actions]


def _action(entry: Any) -> tuple[str, Any]:
    if isinstance(entry, str) and entry:
        return entry, None
    if isinstance(entry, dict) and len(entry) == 1:
        ((name, value),) = entry.items()
        if name == "wait" and not (
            isinstance(value, int | float) and 0 <= value <= MAX_WAIT_SECONDS
        ):
            raise LectureError(f"wait takes a number of seconds from 0 to {MAX_WAIT_SECONDS:g}")
        return name, value
    raise LectureError(
        f'an action is a name ("run") or one name = value ({{ flip = 30 }}), not {entry!r}'
    )


def decode_arrays(value: Any) -> Any:
    """`value` with every array table ({dtype, shape, base64} or {dtype, values}) as numpy."""
    if isinstance(value, dict):
        if any(set(value) == keys for keys in ARRAY_KEYS):
            return _array(value)
        return {key: decode_arrays(item) for key, item in value.items()}
    if isinstance(value, list):
        return [decode_arrays(item) for item in value]
    return value


def _array(table: dict[str, Any]) -> np.ndarray:
    dtype = table["dtype"]
    if dtype not in DTYPES:
        raise LectureError(f"array dtype {dtype!r} is not one of {', '.join(DTYPES)}")
    shape = table.get("shape")
    if shape is not None:
        if not (isinstance(shape, list) and all(isinstance(n, int) and n >= 0 for n in shape)):
            raise LectureError("an array's shape is a list of whole numbers, e.g. [3, 256]")
        if math.prod(shape) > MAX_ARRAY_ELEMENTS:
            raise LectureError(f"an array of shape {shape} is too large for a lecture")
    if "base64" in table:
        try:
            raw = base64.b64decode(table["base64"], validate=True)
        except (ValueError, TypeError):
            raise LectureError("an array's base64 text is damaged") from None
        size = math.prod(shape) * np.dtype(dtype).itemsize
        if len(raw) != size:
            raise LectureError(f"an array of shape {shape} needs {size} bytes, not {len(raw)}")
        return (
            np.frombuffer(raw, dtype=np.dtype(dtype).newbyteorder("<")).astype(dtype).reshape(shape)
        )
    try:
        array = np.array(table["values"], dtype=dtype)
    except (ValueError, TypeError, OverflowError):
        raise LectureError(f"an array's values are not all {dtype} numbers") from None
    if shape is not None:
        if array.size != math.prod(shape):
            raise LectureError(f"{array.size} values do not fill shape {shape}")
        array = array.reshape(shape)
    return array


# --- writing ---------------------------------------------------------------------------------
def lecture_text(lecture: Lecture) -> str:
    """`lecture` as TOML that `parse_lecture` reads back to the same steps."""
    out = [f"title = {_toml(lecture.title)}", ""]
    for step in lecture.steps:
        out.append("[[step]]")
        out.append(f"lab = {_toml(step.lab)}")
        out.append(f"caption = {_toml(step.caption)}")
        if step.actions:
            actions = [
                _toml(name) if value is None else f"{{ {_key(name)} = {_toml(value)} }}"
                for name, value in step.actions
            ]
            out.append(f"actions = [{', '.join(actions)}]")
        if step.state:
            out.extend(_table("step.state", step.state))
        out.append("")
    return "\n".join(out)


def _table(name: str, table: dict[str, Any]) -> list[str]:
    """`table` as a TOML [name] section: plain values inline, sub-tables as their own sections."""
    lines = [f"[{name}]"]
    nested = []
    for key, value in table.items():
        if value is None:  # TOML has no empty value: the part is left as it is
            continue
        if isinstance(value, dict) and value and not _is_small(value):
            nested.append((key, value))
        else:
            lines.append(f"{_key(key)} = {_toml(value)}")
    for key, value in nested:
        lines.extend(_table(f"{name}.{_key(key)}", value))
    return lines


def _is_small(table: dict[str, Any]) -> bool:
    return all(v is not None and not isinstance(v, dict | np.ndarray) for v in table.values())


def _key(key: str) -> str:
    return key if _BARE_KEY.match(key) else _toml(key)


def _toml(value: Any) -> str:
    """One TOML value (strings, numbers, booleans, lists, tables, numpy arrays)."""
    if isinstance(value, np.ndarray):
        array = np.ascontiguousarray(value)
        if array.dtype.name not in DTYPES:
            raise LectureError(f"cannot write an array of {array.dtype}")
        data = base64.b64encode(array.astype(array.dtype.newbyteorder("<")).tobytes()).decode()
        shape = ", ".join(str(n) for n in array.shape)
        return f'{{ dtype = "{array.dtype.name}", shape = [{shape}], base64 = "{data}" }}'
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return '"' + "".join(_escape(c) for c in value) + '"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_toml(v)}" for k, v in value.items()) + " }"
    if value is None:
        raise LectureError("a lecture cannot hold an empty value (None)")
    raise LectureError(f"cannot write {type(value).__name__} in a lecture")


def _escape(char: str) -> str:
    if char in '"\\':
        return "\\" + char
    if ord(char) < 0x20 or ord(char) == 0x7F:
        return f"\\u{ord(char):04x}"
    return char
