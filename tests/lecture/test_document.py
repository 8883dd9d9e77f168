"""The lecture file format, without Qt: what a lecturer writes by hand reads back as steps,
what hopgui writes reads back the same, and every bad file gets one message naming its line."""

import numpy as np
import pytest

from hopgui.labs import LISTED
from hopgui.lecture import BUILTIN
from hopgui.lecture.document import (
    Lecture,
    LectureError,
    Step,
    lecture_text,
    parse_lecture,
)

LABS = set(LISTED)

GOOD = """\
title = "Two steps"

[[step]]
lab = "hopfield"
caption = "Store and corrupt"
actions = [{ store = "ATX" }, { cue = "A" }, { flip = 30 }, "settle"]
[step.state]
params = { rule = "hebbian", grid_size = 16 }

[[step]]
lab = "ring"
caption = "A bump"
action = "scramble"
"""


def test_a_hand_written_lecture_reads_as_steps_in_order():
    lecture = parse_lecture(GOOD, LABS)
    assert lecture.title == "Two steps"
    first, second = lecture.steps
    assert (first.lab, first.caption, first.line) == ("hopfield", "Store and corrupt", 3)
    assert first.actions == [("store", "ATX"), ("cue", "A"), ("flip", 30), ("settle", None)]
    assert first.state == {"params": {"rule": "hebbian", "grid_size": 16}}
    assert (second.lab, second.actions, second.line) == ("ring", [("scramble", None)], 10)


def test_the_built_in_lecture_tells_the_story_in_about_fifteen_steps():
    lecture = parse_lecture(BUILTIN.read_text(encoding="utf-8"), LABS)
    assert 13 <= len(lecture.steps) <= 25
    assert all(step.caption for step in lecture.steps)
    labs = [step.lab for step in lecture.steps]
    assert labs[0] == "hopfield" and {"ring", "heading"} <= set(labs)


def test_what_hopgui_writes_reads_back_the_same_arrays_and_all():
    rng = np.random.default_rng(0)
    state = {
        "params": {"rule": "storkey", "temperature": 0.25, "lights": False},
        "patterns": rng.choice(np.array([-1, 1], dtype=np.int8), size=(3, 256)),
        "rates": rng.random(64),
        "names": ["A", 'quote " and \\ back', "tab\there"],
        "landscape_pair": None,  # TOML has no empty value: left out
        "nested": {"deeper": {"x": np.arange(6, dtype=np.int32).reshape(2, 3)}},
    }
    lecture = Lecture("Mine", [Step("hopfield", "caption ünïcode", state, [("flip", 12.5)])])
    again = parse_lecture(lecture_text(lecture), LABS)
    step = again.steps[0]
    assert (again.title, step.lab, step.caption) == ("Mine", "hopfield", "caption ünïcode")
    assert step.actions == [("flip", 12.5)]
    assert step.state["params"] == state["params"]
    assert step.state["names"] == state["names"]
    assert "landscape_pair" not in step.state
    for key in ("patterns", "rates"):
        assert step.state[key].dtype == state[key].dtype
        np.testing.assert_array_equal(step.state[key], state[key])
    np.testing.assert_array_equal(
        step.state["nested"]["deeper"]["x"], state["nested"]["deeper"]["x"]
    )


def test_arrays_can_be_written_by_hand_as_values():
    text = (
        GOOD
        + '[step.state]\nrates = { dtype = "float64", shape = [2, 2], values = [1, 2, 3, 4] }\n'
    )
    rates = parse_lecture(text, LABS).steps[1].state["rates"]
    assert rates.dtype == np.float64 and rates.tolist() == [[1, 2], [3, 4]]


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (('lab = "ring"', 'lab = "rign"'), "step 2 (line 10): there is no lab called 'rign'"),
        (('caption = "A bump"', 'capton = "A bump"'), "unknown entry 'capton'"),
        (('action = "scramble"', "action = { a = 1, b = 2 }"), "step 2 (line 10): an action is"),
        (('action = "scramble"', "actions = [{ wait = -1 }]"), "wait takes a number"),
        (('action = "scramble"', 'actions = "run"'), "actions must be a list"),
        (('lab = "ring"\n', ""), "step 2 (line 10): every step names its lab"),
        (('title = "Two steps"', 'title = "Two steps'), "line 1"),
        (('title = "Two steps"', "titel = 1"), "unknown entry 'titel'"),
    ],
)
def test_a_bad_lecture_gets_one_message_naming_the_line_and_the_problem(change, words):
    old, new = change
    assert old in GOOD
    with pytest.raises(LectureError) as error:
        parse_lecture(GOOD.replace(old, new, 1), LABS)
    assert words in str(error.value)


@pytest.mark.parametrize(
    ("array", "words"),
    [
        ('{ dtype = "int8", shape = [2], base64 = "!!" }', "base64 text is damaged"),
        ('{ dtype = "int8", shape = [3], base64 = "AQI=" }', "needs 3 bytes, not 2"),
        ('{ dtype = "object", values = [1] }', "dtype 'object'"),
        ('{ dtype = "int8", shape = [100000, 100000], base64 = "" }', "too large"),
        ('{ dtype = "float64", values = ["x"] }', "not all float64"),
        ('{ dtype = "int8", shape = [3], values = [1, 2] }', "do not fill shape"),
    ],
)
def test_bad_arrays_are_refused_in_words_before_anything_is_decoded(array, words):
    text = GOOD + f"[step.state]\nrates = {array}\n"
    with pytest.raises(LectureError) as error:
        parse_lecture(text, LABS)
    assert "step 2 (line 10)" in str(error.value) and words in str(error.value)


def test_an_empty_lecture_is_refused():
    with pytest.raises(LectureError, match="at least one"):
        parse_lecture('title = "nothing"\n', LABS)
