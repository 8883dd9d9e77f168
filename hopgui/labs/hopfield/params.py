"""The associative-memory lab's parameters, declared once: learning rule, update order,
temperature and grid size (the session checks them, the lab builds its controls from them)."""

from __future__ import annotations

from hopgui.core.params import Param, ParamSet
from models.hopfield import MAX_DENSE_UNITS

GRID_SIZES = (5, 8, 10, 12, 16, 20, 24, 32, 48, 64, 96, 128)
DEFAULT_SIDE = 16

PARAMS = (
    Param(
        "rule",
        "learning rule",
        "hebbian",
        symbol="Rule",
        choices={"Hebbian": "hebbian", "Storkey": "storkey", "Pseudo-inverse": "pseudoinverse"},
        tooltip="Learning rule used to build the weights",
    ),
    Param(
        "mode",
        "update order",
        "async",
        symbol="Update",
        choices={
            "Asynchronous (random order)": "async",
            "Sequential": "sequential",
            "Synchronous": "sync",
        },
        tooltip="Update order: one unit at a time, or all at once",
    ),
    Param(
        "temperature",
        "temperature",
        0.0,
        symbol="T",
        bounds=(0.0, 5.0),
        step=0.05,
        fmt="{:.2f}",
        tooltip="Temperature T of Glauber dynamics (0 = deterministic)",
    ),
    Param(
        "grid_size",
        "grid size",
        DEFAULT_SIDE,
        choices={f"{n} x {n}": n for n in GRID_SIZES},
        tooltip="Grid size (5 x 5 to 128 x 128): the memories and the drawing are redrawn on it",
        remember=True,
    ),
)


def grid_side(shape: tuple[int, int]) -> int:
    """The side of a square grid of one of the GRID_SIZES, or ValueError in words."""
    try:
        rows, cols = (int(v) for v in shape)
    except (TypeError, ValueError):
        raise ValueError(f"a grid shape is (rows, columns), not {shape!r}") from None
    sides = ", ".join(str(n) for n in GRID_SIZES)
    if rows != cols or rows not in GRID_SIZES:
        raise ValueError(f"the grid must be square with a side of {sides}, not {rows} x {cols}")
    return rows


def check_fits(rule: str, side: int) -> None:
    """Storkey and pseudo-inverse weights are a dense N x N matrix: refuse grids too big for it."""
    if rule == "hebbian" or side * side <= MAX_DENSE_UNITS:
        return
    largest = max(n for n in GRID_SIZES if n * n <= MAX_DENSE_UNITS)
    label = ParamSet(PARAMS)["rule"].label_of(rule)
    raise ValueError(
        f"The {label} rule keeps a dense N x N weight matrix, so it allows grids up to "
        f"{largest} x {largest}, not {side} x {side}: use the Hebbian rule or a smaller grid."
    )
