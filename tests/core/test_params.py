"""One declaration per parameter: it checks values in words, lists slider positions and choices,
and a session's set_param / restore go through it."""

import math

import numpy as np
import pytest

from hopgui.core.params import Param, ParamSet
from hopgui.core.session import Session, command, is_command, state_array

TAU = Param("tau", "tau", 0.01, bounds=(0.002, 0.1), step=0.001, unit=" ms", scale=1000)
N = Param("n_units", "N", 64, values=(16, 64, 256), bounds=(16, 256), integer=True)
RULE = Param("rule", "rule", "hebbian", choices={"Hebbian": "hebbian", "Storkey": "storkey"})
LIGHTS = Param("lights", "lights", False, boolean=True)


@pytest.mark.parametrize(
    "value, message",
    [
        (0.5, "tau must be a number from 2 to 100 ms, not 500 ms"),
        (math.nan, "tau must be a number from 2 to 100 ms, not nan ms"),
        ("fast", "tau must be a number from 2 to 100 ms, not 'fast' ms"),
        (True, "tau must be a number"),
    ],
)
def test_a_number_out_of_range_is_refused_in_words(value, message):
    with pytest.raises(ValueError, match=message):
        TAU.check(value)


def test_checked_values_come_back_in_the_model_type():
    assert TAU.check(np.float32(0.02)) == pytest.approx(0.02)
    assert type(N.check(64.0)) is int
    with pytest.raises(ValueError, match="N must be a whole number from 16 to 256, not 64.5"):
        N.check(64.5)
    assert RULE.check("storkey") == "storkey"
    side = Param("side", "grid", 16, choices={"16 x 16": 16, "32 x 32": 32})
    assert type(side.check(np.int64(32))) is int and type(side.check(32.0)) is int
    with pytest.raises(ValueError, match="unknown grid True"):
        side.check(True)  # a bool is not the number 1
    with pytest.raises(ValueError, match="unknown grid '32'"):
        side.check("32")
    with pytest.raises(ValueError, match="unknown rule 'hopfield'"):
        RULE.check("hopfield")
    assert LIGHTS.check(1) is True


def test_sliders_and_screen_text_come_from_the_declaration():
    assert len(TAU.slider_values()) == 99 and TAU.slider_values()[0] == 0.002
    assert list(N.slider_values()) == [16, 64, 256]
    assert TAU.text(0.01) == "10"
    assert RULE.text("storkey") == "Storkey" and LIGHTS.text(True) == "on"


def test_a_declaration_that_does_not_fit_is_refused():
    with pytest.raises(ValueError):
        Param("x", "x", 5.0, bounds=(0.0, 1.0))  # default out of range
    with pytest.raises(TypeError):
        Param("x", "x", 0.5, bounds=(0.0, 1.0), boolean=True)
    with pytest.raises(TypeError):
        ParamSet([TAU, TAU])


class Toy(Session):
    PARAMS = (TAU, RULE)

    def __init__(self):
        super().__init__()
        self.applied = []
        self.memory = np.zeros(3)

    def _apply_param(self, name, value):
        if value == "storkey" and self.memory[0] > 0:
            raise ValueError("the model refuses")
        self.applied.append((name, value))

    @command
    def reset(self):
        self.memory[:] = 0

    def state(self):
        return {"params": dict(self.params), "memory": self.memory.copy()}

    def _restore(self, params, state):
        memory = state_array(state, "memory", float, (3,)) if "memory" in state else self.memory
        self.params = params
        self.memory = memory


def test_set_param_checks_applies_and_keeps_the_old_value_when_the_model_refuses():
    toy = Toy()
    toy.set_param("tau", 0.02)
    assert toy.params["tau"] == 0.02 and toy.applied == [("tau", 0.02)]
    with pytest.raises(ValueError, match="tau must be"):
        toy.set_param("tau", 5)
    toy.memory[0] = 1
    with pytest.raises(ValueError, match="refuses"):
        toy.set_param("rule", "storkey")
    assert toy.params == {"tau": 0.02, "rule": "hebbian"}
    with pytest.raises(ValueError, match="no parameter called 'gain'"):
        toy.set_param("gain", 1.0)


def test_restore_takes_part_of_a_state_and_checks_all_of_it_first():
    toy = Toy()
    toy.restore({"params": {"tau": 0.05}})
    assert toy.params == {"tau": 0.05, "rule": "hebbian"}
    with pytest.raises(ValueError, match="'memory' has shape"):
        toy.restore({"params": {"tau": 0.003}, "memory": np.zeros(4)})
    with pytest.raises(ValueError, match="has no part called 'memroy'"):  # a typo in a scene
        toy.restore({"memroy": [1.0, 2.0, 3.0]})
    with pytest.raises(ValueError, match="'memory' must be a 1-D array of numbers"):
        toy.restore({"memory": ["a", "b", "c"]})
    with pytest.raises(ValueError, match="not finite"):
        toy.restore({"memory": [1.0, math.inf, 0.0]})
    assert toy.params["tau"] == 0.05 and not toy.memory.any()
    toy.restore_defaults()
    assert toy.params == {"tau": 0.01, "rule": "hebbian"}


def test_commands_are_marked_plain_methods_are_not():
    toy = Toy()
    assert is_command(toy, Toy.reset) and is_command(toy, Session.set_param)
    assert not is_command(toy, Toy.state) and not is_command(toy, Toy._apply_param)
    assert not is_command(toy, "reset")
