"""Argument checks for the Hopfield model (pure numpy, no Qt).

Every check returns the value in the form the model keeps (int, float, C-contiguous int8 +-1
arrays) or raises ValueError; every message is shown to the user as it stands.
"""

import numpy as np


def _check_int(value: object, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{name} must lie between {low} and {high}, got {value}")
    return int(value)


def _check_choice(value: object, name: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise ValueError(f"unknown {name} {value!r}: choose one of {', '.join(choices)}")
    return str(value)


def _check_temperature(value: object) -> float:
    try:
        temperature = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"temperature must be a number, got {value!r}") from None
    if not np.isfinite(temperature) or temperature < 0.0:
        raise ValueError(f"temperature must be zero or positive, got {value!r}")
    return temperature


def _check_seed(seed: object) -> int | None:
    if seed is None:
        return None
    return _check_int(seed, "seed", 0, 2**63 - 1)


def _as_spins(values: object, what: str) -> np.ndarray:
    """Array of +-1 from any numeric array-like, as int8; ValueError naming `what` otherwise."""
    array = np.asarray(values)
    if array.dtype.kind not in "iuf":
        raise ValueError(f"{what} must be numbers -1 and +1, got {array.dtype} data")
    bad = np.abs(array) != 1
    if np.any(bad):
        raise ValueError(f"{what} must contain only -1 and +1, found {array[bad].flat[0].item()}")
    return array.astype(np.int8)


def _as_state(state: object, n_units: int, what: str = "state") -> np.ndarray:
    """(N,) C-contiguous int8 copy of a +-1 state."""
    shape = np.shape(state)
    if shape != (n_units,):
        raise ValueError(f"{what} must have shape ({n_units},) for {n_units} units, got {shape}")
    return np.ascontiguousarray(_as_spins(state, what))


def _as_patterns(patterns: object, n_units: int) -> np.ndarray:
    """(P, N) int8 copy of one pattern (N,) or several (P, N)."""
    array = np.asarray(patterns)
    if array.ndim == 1:
        array = array[np.newaxis, :]
    if array.ndim != 2 or array.shape[1] != n_units:
        raise ValueError(
            f"patterns must have shape (P, {n_units}) or ({n_units},), got {np.shape(patterns)}"
        )
    return np.ascontiguousarray(_as_spins(array, "patterns"))
