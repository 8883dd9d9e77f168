"""The one sentence the class reads about the network's state: recalled, reversed, a mixture,
spurious, or a 2-cycle. Pure numpy."""

from __future__ import annotations

import numpy as np

RECALLED = 0.9  # |m| at or above this counts as recalling a memory
MIXTURE = 0.25  # |m| at or above this counts a memory as part of a mixture


def verdict(
    overlaps: np.ndarray,
    names: list[str],
    outcome: str,
    state: np.ndarray | None = None,
    patterns: np.ndarray | None = None,
) -> str:
    """Name the state for the class: a recalled or reversed memory, a mixture, or spurious.

    While the network still runs this is only the closest memory (the lab says running or
    paused). A mixture is a state within m = 0.9 of sign(+-xi_a +- xi_b +- xi_c) for the three
    memories it overlaps most (the odd mixtures that are spurious fixed points, Amit et al.).
    """
    if outcome == "two_cycle":
        return "2-cycle: the synchronous update flips back and forth"
    if len(overlaps) == 0:
        return "no memories stored"
    best = int(np.argmax(np.abs(overlaps)))
    m = float(overlaps[best])
    if outcome == "running":
        return f"closest '{names[best]}' (m = {m:.2f})"
    if round(abs(m), 2) >= RECALLED:
        kind = "recalled" if m > 0 else "reversed"
        return f"at rest: {kind} '{names[best]}' (m = {m:.2f})"
    parts = _mixture_parts(overlaps, state, patterns)
    if parts is not None:
        return "at rest: mixture of " + ", ".join(f"'{names[i]}'" for i in parts)
    return f"at rest: spurious state (closest '{names[best]}', m = {m:.2f})"


def _mixture_parts(
    overlaps: np.ndarray, state: np.ndarray | None, patterns: np.ndarray | None
) -> list[int] | None:
    """The three memories whose signed mixture the state is (overlap >= 0.9), else None."""
    if state is None or patterns is None or len(overlaps) < 3:
        return None
    top = [int(i) for i in np.argsort(-np.abs(overlaps))[:3]]
    mixed = np.sign(np.sign(overlaps[top]) @ patterns[top].astype(np.float64))
    agreement = float(mixed @ state) / len(state)
    return sorted(top) if agreement >= RECALLED and min(np.abs(overlaps[top])) >= MIXTURE else None
