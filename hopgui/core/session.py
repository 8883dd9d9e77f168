"""The base of every lab's session: the model plus everything its lab shows, in the worker thread.

Pure Python (no Qt), tested without a GUI. The GUI reaches a session only through commands:
methods marked `@command`, sent as Python objects (`sim.send(RingSession.scramble)`), never by
name; the worker refuses anything else. A session owns everything worth saving: its parameters
(declared once in `PARAMS`), and whatever `state()` returns and `restore()` takes back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

import numpy as np

from hopgui.core.params import Param, ParamSet

F = TypeVar("F", bound=Callable[..., Any])
_COMMAND = "__hopgui_command__"


class Cancelled(Exception):
    """Raised by `Session.progress` when the user cancels a long command (or the window closes):
    the work stops at its next report and the command changes nothing."""


def _no_progress(fraction: float, text: str) -> None:
    """Outside the app (a test, a notebook) progress goes nowhere."""


def command(method: F) -> F:
    """Mark a session method as a command the GUI may send."""
    setattr(method, _COMMAND, True)
    return method


def is_command(session: object, method: Callable[..., Any]) -> bool:
    """Is `method` a command of `session`'s class (not a plain method, not another class's)?"""
    name = getattr(method, "__name__", "")
    return getattr(method, _COMMAND, False) and getattr(type(session), name, None) is method


@dataclass(frozen=True, kw_only=True)
class Snapshot:
    """What a session sends the GUI each frame. `command_seq` is the number of the last command
    it reflects (the worker fills it in), so the GUI never decides from a stale frame."""

    params: dict[str, Any]
    command_seq: int = 0


class Session:
    """A lab's model in the worker thread. Subclasses declare `PARAMS`, apply a changed value
    in `_apply_param`, and implement `reset` (a @command), `advance`, `snapshot`, `state` and
    `_restore`."""

    PARAMS: ClassVar[tuple[Param, ...]] = ()

    def __init__(self) -> None:
        self.params: dict[str, Any] = ParamSet(self.PARAMS).defaults()
        # Long work inside a command calls `self.progress(fraction, "what")` now and then: the
        # worker shows it with a Cancel button, and raises `Cancelled` once it is pressed.
        self.progress: Callable[[float, str], None] = _no_progress

    @classmethod
    def param_set(cls) -> ParamSet:
        return ParamSet(cls.PARAMS)

    # --- commands ---------------------------------------------------------------------------------
    @command
    def set_param(self, name: str, value: Any) -> None:
        """Check `value` against the declaration of `name`, then apply it. A value the model
        refuses leaves the old one in place."""
        value = self.param_set()[name].check(value)
        old = self.params[name]
        if value == old:
            return
        self.params[name] = value
        try:
            self._apply_param(name, value)
        except Exception:
            self.params[name] = old
            raise

    @command
    def restore(self, state: dict[str, Any]) -> None:
        """Take back what `state()` gave (all of it, or the parts a scene names). Checked in
        full before anything changes, so a bad state leaves the session as it was."""
        if not isinstance(state, dict):
            raise ValueError("a state must be a table of named parts")
        unknown = sorted(set(state) - set(self.state()))
        if unknown:
            raise ValueError(f"this lab's state has no part called {', '.join(map(repr, unknown))}")
        params = self.params | check_params(self.param_set(), state.get("params", {}))
        self._restore(params, state)

    @command
    def reset(self) -> None:
        """Back to the start of a run; the settings stay (every lab has a Reset, key R)."""
        raise NotImplementedError

    @command
    def restore_defaults(self) -> None:
        """Every parameter back to its declared default (the model state stays)."""
        self._restore(self.param_set().defaults(), {})

    # --- for subclasses ---------------------------------------------------------------------------
    def _apply_param(self, name: str, value: Any) -> None:
        """Make the model use the new `value` of `name` (already checked and recorded)."""

    def _restore(self, params: dict[str, Any], state: dict[str, Any]) -> None:
        """Rebuild from checked `params` and the rest of `state` (keys it lacks keep their
        present values)."""
        raise NotImplementedError

    def state(self) -> dict[str, Any]:
        """Everything worth saving, as plain data: a JSON-able dict whose leaves may be arrays."""
        raise NotImplementedError

    def advance(self, n_steps: int) -> bool:
        """Run up to `n_steps` model steps; False once the run has come to rest."""
        raise NotImplementedError

    def snapshot(self) -> Snapshot:
        """An immutable copy of everything the GUI draws."""
        raise NotImplementedError


def check_params(params: ParamSet, values: dict[str, Any]) -> dict[str, Any]:
    """Every named value checked against its declaration (ValueError names the first bad one)."""
    if not isinstance(values, dict):
        raise ValueError("the parameters must be a table of names and values")
    return {name: params[name].check(value) for name, value in values.items()}


def state_array(
    state: dict[str, Any], key: str, dtype: type, shape: tuple[int | None, ...]
) -> np.ndarray:
    """`state[key]` as an array of `dtype` and `shape` (None: any length), or ValueError in
    words; values must be finite."""
    try:
        array = np.asarray(state[key])
    except KeyError:
        raise ValueError(f"the state has no {key!r}") from None
    if array.dtype.kind not in "biuf" or array.ndim != len(shape):
        raise ValueError(f"{key!r} must be a {len(shape)}-D array of numbers")
    for got, want in zip(array.shape, shape, strict=True):
        if want is not None and got != want:
            raise ValueError(f"{key!r} has shape {array.shape}, expected {shape}")
    if array.size and not np.all(np.isfinite(array.astype(np.float64))):
        raise ValueError(f"{key!r} holds values that are not finite numbers")
    return array.astype(dtype)
