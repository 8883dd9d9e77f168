"""Checks for what the Hopfield session takes in: +-1 arrays on a grid, memory names (from
users and files), the number of memories, and a state to restore, checked in full before the
session changes anything. Pure numpy."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from hopgui.core.session import state_array
from hopgui.labs.hopfield.params import check_fits
from models.patterns import MAX_MEMORIES, memory_name, resample


def check_room(stored: int, adding: int) -> None:
    """ValueError in words unless `adding` memories fit beside `stored` (MAX_MEMORIES in all)."""
    if stored + adding <= MAX_MEMORIES:
        return
    what = "this one" if adding == 1 else f"these {adding:,}"
    raise ValueError(
        f"The network holds at most {MAX_MEMORIES:,} memories and {stored:,} are stored, so "
        f"{what} cannot be added: forget some first."
    )


def memory_names(count: int, names: Sequence[str | None] | None, taken: Sequence[str]) -> list[str]:
    """`count` names for new memories: those given, stripped and passed through
    `models.patterns.memory_name` (cut to its length, control characters refused), and the
    next free 'P<k>' (k counting on from the `taken` names) for each left out or blank."""
    names = [None] * count if names is None else list(names)
    if len(names) != count:
        raise ValueError("every stored pattern needs a name")
    used, chosen = set(taken), []
    for name in names:
        if name is not None and not isinstance(name, str):
            raise ValueError(f"a memory's name must be text, not {type(name).__name__}")
        name = memory_name((name or "").strip())
        k = len(taken) + len(chosen) + 1
        while not name and f"P{k}" in used:
            k += 1
        chosen.append(name or f"P{k}")
        used.add(chosen[-1])
    return chosen


def spins(values: object, what: str) -> np.ndarray:
    """`values` as int8, or ValueError unless every value is -1 or +1 (ints or floats)."""
    array = np.asarray(values)
    if array.dtype.kind not in "iuf":
        raise ValueError(f"{what} must be numbers -1 and +1")
    if array.size and not np.isin(array, (-1, 1)).all():
        raise ValueError(f"{what} must hold only -1 and +1")
    return array.astype(np.int8)


def on_grid(
    values: object, shape: tuple[int, int] | None, grid: tuple[int, int], what: str
) -> np.ndarray:
    """(P, N) int8 patterns for this `grid`: (P, n) or (n,) of +-1 drawn on `shape`, redrawn
    on the grid if `shape` is another size (None: drawn on this grid)."""
    stack = spins(values, what)
    stack = stack[np.newaxis, :] if stack.ndim == 1 else stack
    if stack.ndim != 2:
        raise ValueError(f"{what} must be one pattern or a stack of patterns")
    n = grid[0] * grid[1]
    if len(stack) == 0:
        return np.zeros((0, n), dtype=np.int8)
    if shape is not None and tuple(shape) != tuple(grid):
        stack = np.array([resample(p, tuple(shape), grid) for p in stack])
    if stack.shape[1] != n:
        raise ValueError(f"{what}: {stack.shape[1]} pixels, but the grid has {n}")
    return stack


def restored(current: dict[str, Any], params: dict[str, Any], state: dict[str, Any]) -> dict:
    """The session's next contents: `params` (already checked) and the parts `state` names,
    the rest kept from `current` (redrawn if the grid size changes). A state with a cue but
    no live state starts the network at its cue. The live state may be continuous (float64 in
    [-1, 1]) for the modern network. ValueError in words for anything wrong."""
    params = {**params, "grid_size": int(params["grid_size"])}
    side = params["grid_size"]
    check_fits(params["rule"], side)
    old_side = int(current["params"]["grid_size"])
    old, grid = (old_side, old_side), (side, side)
    patterns = _patterns(state, side * side, current["patterns"], old, grid)
    cue = _given(state, "cue", side * side)
    if cue is None:
        cue = on_grid(current["cue"], old, grid, "the cue")[0]
    continuous = params.get("network") == "modern"  # its state: any numbers in [-1, 1]
    live = _given(state, "state", side * side, continuous)
    if live is None and "cue" in state:
        live = cue
    elif live is None and grid == old:
        live = current["state"]
    elif live is None:
        live = on_grid(np.where(current["state"] > 0, 1, -1), old, grid, "the state")[0]
    names = _names(state, current["names"], len(patterns))
    kept_pair = current["landscape_pair"]
    same_net = grid == old and params["rule"] == current["params"]["rule"]
    return {
        "params": params,
        "n_units": side * side,
        "patterns": patterns,
        "names": names,
        "cue": cue,
        "state": live,
        "landscape_pair": _pair(state, kept_pair, len(names)),
        "rebuild": "patterns" in state or not same_net,
    }


def _given(state: dict[str, Any], key: str, n: int, continuous: bool = False) -> np.ndarray | None:
    """`state[key]` as (n,) int8 +-1, or (`continuous`) float64 in [-1, 1]; None if absent."""
    if key not in state:
        return None
    values = state_array(state, key, np.float64, (n,))
    if not continuous:
        return spins(values, repr(key))
    if values.size and np.max(np.abs(values)) > 1.0:
        raise ValueError(f"{key!r} must hold numbers from -1 to +1")
    return values


def _patterns(state, n: int, current: np.ndarray, old, grid) -> np.ndarray:
    if "patterns" not in state:
        return on_grid(current, old, grid, "the memories")
    if np.size(state["patterns"]) == 0:  # no memories (a JSON [] has lost its shape)
        return np.zeros((0, n), dtype=np.int8)
    patterns = spins(state_array(state, "patterns", np.float64, (None, n)), "'patterns'")
    check_room(0, len(patterns))
    return patterns


def _names(state: dict[str, Any], current: list[str], count: int) -> list[str]:
    if "names" not in state:
        return list(current) if len(current) == count else [f"P{k + 1}" for k in range(count)]
    names = state["names"]
    names = names.tolist() if isinstance(names, np.ndarray) else names
    if not isinstance(names, list | tuple) or not all(isinstance(n, str) for n in names):
        raise ValueError("'names' must be a list of texts, one per memory")
    if len(names) != count:
        raise ValueError(f"'names' has {len(names)} names for {count} memories")
    return [memory_name(name) for name in names]


def _pair(state: dict[str, Any], kept, count: int) -> tuple[int, int] | None:
    if "landscape_pair" not in state:
        return tuple(kept) if kept is not None and max(kept) < count else None
    pair = state["landscape_pair"]
    if pair is None:
        return None
    ok = isinstance(pair, list | tuple | np.ndarray) and len(pair) == 2
    ok = ok and all(isinstance(i, int | np.integer) and not isinstance(i, bool) for i in pair)
    if not ok or pair[0] == pair[1] or not all(0 <= i < count for i in pair):
        raise ValueError(
            f"'landscape_pair' must name two different memories, numbers 0 to {count - 1}"
        )
    return (int(pair[0]), int(pair[1]))
