"""The associative-memory lab's parameters, declared once: learning rule, update order,
temperature, grid size, asymmetry and damage, and the network itself: the classic network of
those rules, the modern continuous one (Ramsauer et al. 2020) with its inverse temperature beta,
or the binary dense associative memory (Krotov & Hopfield 2016) with its degree n (the session
checks them, the lab builds its controls from them)."""

from __future__ import annotations

from hopgui.core.params import Param, ParamSet
from models.hopfield import MAX_DENSE_UNITS

NETWORKS = ("classic", "modern", "dense")
# beta spaced evenly on a log scale, 1 - 1.5 - 2 - 3 - 5 - 7 per decade: at 16 x 16 the 26
# letters are averaged below about 0.005, mixed in metastable states near 0.02 - 0.05 and each
# retrieved in one step from 0.2 up; larger grids need a smaller beta (it multiplies X xi ~ N)
BETAS = tuple(round(m * 10.0**k, 10) for k in range(-4, 1) for m in (1, 1.5, 2, 3, 5, 7)) + (10.0,)
GRID_SIZES = (5, 8, 10, 12, 16, 20, 24, 32, 48, 64, 96, 128)
DEFAULT_SIDE = 16

PARAMS = (
    Param(
        "rule",
        "learning rule",
        "hebbian",
        symbol="Rule",
        choices={
            "Hebbian": "hebbian",
            "Storkey": "storkey",
            "Pseudo-inverse": "pseudoinverse",
            "Sequence": "sequence",
        },
        tooltip="Learning rule used to build the weights. Sequence (Sompolinsky & Kanter 1986):\n"
        "W = (1/N) Σ ξ^(μ+1) ξ^μᵀ replays the memories in storage order under synchronous updates",
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
    Param(
        "asymmetry",
        "asymmetry",
        0.0,
        symbol="Asym.",
        bounds=(0.0, 1.0),
        step=0.05,
        fmt="{:.2f}",
        tooltip="Mix a random antisymmetric part into the weights: W + a·rms(W)·R, R = −Rᵀ.\n"
        "Without symmetric weights there is no energy function: the trace can rise",
    ),
    Param(
        "damage",
        "damage",
        0.0,
        symbol="Damage",
        bounds=(0.0, 0.95),
        step=0.05,
        scale=100.0,
        unit=" %",
        fmt="{:.0f} %",
        tooltip="Cut this fraction of the synapses (symmetric pairs) or silence this fraction\n"
        "of the units: recall degrades gracefully, unlike a hard drive",
    ),
    Param(
        "damage_kind",
        "kind of damage",
        "synapses",
        symbol="Cut",
        choices={"synapses": "synapses", "units": "units"},
        tooltip="Damage cuts synapses (w_ij = w_ji = 0) or silences whole units",
    ),
    Param(
        "network",
        "network",
        "classic",
        symbol="Network",
        choices={"Classic": "classic", "Modern": "modern", "Dense": "dense"},
        tooltip="Classic: ±1 units, weights from the learning rule (Hopfield 1982).\n"
        "Modern: continuous state ξ ← Xᵀ softmax(β X ξ) (Ramsauer et al. 2020),\n"
        "the attention of transformers: retrieves far more memories, usually in one step.\n"
        "Dense: ±1 units with energy −Σ max(ξ^μ·s, 0)ⁿ (Krotov & Hopfield 2016):\n"
        "capacity grows with the degree n",
    ),
    Param(
        "beta",
        "inverse temperature beta",
        1.0,
        symbol="β",
        bounds=(BETAS[0], BETAS[-1]),
        values=BETAS,
        fmt="{:g}",
        tooltip="Modern network: how sharply the attention softmax(β X ξ) picks one memory.\n"
        "Small β: the average of the memories; middle: metastable mixtures of similar\n"
        "memories; large β: one memory, retrieved in one step",
    ),
    Param(
        "degree",
        "degree n",
        3,
        symbol="n",
        bounds=(2, 6),
        step=1,
        integer=True,
        fmt="{:.0f}",
        tooltip="Dense associative memory: interaction F(x) = max(x, 0)ⁿ.\n"
        "n = 2 is the classic network; capacity grows like N^(n−1)",
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


def check_fits(rule: str, side: int, altered: bool = False) -> None:
    """Storkey, pseudo-inverse and sequence weights are a dense N x N matrix, and so are weights
    with damage or asymmetry (`altered`): refuse grids too big for it."""
    if (rule == "hebbian" and not altered) or side * side <= MAX_DENSE_UNITS:
        return
    largest = max(n for n in GRID_SIZES if n * n <= MAX_DENSE_UNITS)
    if rule == "hebbian":
        raise ValueError(
            f"Damage and asymmetry need a dense N x N weight matrix, so they allow grids up to "
            f"{largest} x {largest}, not {side} x {side}: set them to 0 or use a smaller grid."
        )
    label = ParamSet(PARAMS)["rule"].label_of(rule)
    raise ValueError(
        f"The {label} rule keeps a dense N x N weight matrix, so it allows grids up to "
        f"{largest} x {largest}, not {side} x {side}: use the Hebbian rule or a smaller grid."
    )
