"""One declaration per parameter: name, label, unit, bounds, step, format, tooltip.

The same `Param` checks a value (with a message in words), lists the positions of its slider or
the entries of its combo box, formats the value for the screen, and names it in a lab's state.
Pure Python, no Qt: sessions (in the worker thread) and labs (in the GUI) share it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Param:
    """A parameter a user can set. Exactly one of `bounds` (a number), `choices` (one of a few
    named values) or `boolean` says what kind it is.

    Numbers: `bounds` in model units; `step` spaces the slider positions (or `values` lists them);
    the screen shows `value * scale` with `fmt` (e.g. "{:.0f} ms" with scale 1000 for seconds).
    """

    name: str
    label: str  # in words, for messages and tooltips: "velocity gain"
    default: Any
    bounds: tuple[float, float] | None = None
    step: float | None = None
    values: tuple[float, ...] | None = None
    choices: dict[str, Any] | None = None  # label on screen -> value
    boolean: bool = False
    integer: bool = False
    unit: str = ""  # as shown, after scaling
    scale: float = 1.0
    fmt: str = "{:g}"
    tooltip: str = ""
    remember: bool = False  # kept between runs of the app (in QSettings)
    symbol: str = ""  # a short caption beside the control ("τ", "T"); default: the label
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        kinds = (self.bounds is not None) + (self.choices is not None) + self.boolean
        if kinds != 1:
            raise TypeError(f"parameter {self.name!r} needs exactly one of bounds/choices/boolean")
        self.check(self.default)

    # --- checking ---------------------------------------------------------------------------------
    def check(self, value: Any) -> Any:
        """`value` as the model takes it (float, int, bool or the choice), or ValueError in
        words: "tau must be a number from 2 to 100 ms, not 500 ms"."""
        if self.boolean:
            if isinstance(value, bool | np.bool_) or value in (0, 1):
                return bool(value)
            raise ValueError(f"{self.label} must be on or off, not {value!r}")
        if self.choices is not None:
            for choice in self.choices.values():  # the declared value, not the caller's object
                if type(choice) is type(value) or _same_number(choice, value):
                    if choice == value:
                        return choice
            options = ", ".join(repr(v) for v in self.choices.values())
            raise ValueError(f"unknown {self.label} {value!r}: choose one of {options}")
        low, high = self.bounds
        ok = isinstance(value, int | float | np.integer | np.floating) and not isinstance(
            value, bool
        )
        ok = ok and math.isfinite(value)
        if ok and self.integer:
            ok = float(value).is_integer()
        if not ok or not low <= value <= high:
            kind = "a whole number" if self.integer else "a number"
            raise ValueError(
                f"{self.label} must be {kind} from {self.shown(low)} to {self.shown(high)}"
                f"{self.unit}, not {self._shown_any(value)}{self.unit}"
            )
        return int(value) if self.integer else float(value)

    # --- what the controls show -------------------------------------------------------------------
    @property
    def caption(self) -> str:
        """What stands beside the control: the symbol, or the label with a capital."""
        return self.symbol or self.label[:1].upper() + self.label[1:]

    def slider_values(self) -> np.ndarray:
        """The positions of this number's slider, in model units."""
        if self.values is not None:
            return np.asarray(self.values, dtype=float)
        low, high = self.bounds
        step = self.step or (high - low) / 100
        count = round((high - low) / step) + 1
        return np.linspace(low, high, count)

    def text(self, value: Any) -> str:
        """The value as the screen shows it ("10 ms", "Hebbian", "on")."""
        if self.boolean:
            return "on" if value else "off"
        if self.choices is not None:
            return self.label_of(value)
        return self.fmt.format(value * self.scale)

    def label_of(self, value: Any) -> str:
        """The combo-box label of a choice."""
        return next(label for label, v in self.choices.items() if v == value)

    def shown(self, value: float) -> str:
        return f"{value * self.scale:g}"

    def _shown_any(self, value: object) -> str:
        try:
            return self.shown(float(value))
        except (TypeError, ValueError):
            return repr(value)


def _same_number(declared: Any, value: Any) -> bool:
    """A number given for a numeric choice (32.0 or np.int64(32) for the grid size 32)."""
    numbers = int | float | np.integer | np.floating
    return (
        isinstance(declared, numbers)
        and isinstance(value, numbers)
        and not isinstance(value, bool | np.bool_)
    )


class ParamSet:
    """The declared parameters of one session, by name."""

    def __init__(self, params: Sequence[Param]) -> None:
        self._params = {p.name: p for p in params}
        if len(self._params) != len(params):
            raise TypeError("two parameters share a name")

    def __getitem__(self, name: str) -> Param:
        try:
            return self._params[name]
        except KeyError:
            known = ", ".join(self._params)
            raise ValueError(f"there is no parameter called {name!r}; there are {known}") from None

    def __iter__(self):
        return iter(self._params.values())

    def __len__(self) -> int:
        return len(self._params)

    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self}
