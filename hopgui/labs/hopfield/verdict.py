"""The one sentence the class reads about the network's state: recalled, reversed, a mixture,
spurious, or a cycle; and, when recall is expected to fail, why (`recall_warning`: the load P/N
against the 0.14 limit, the two memories that look most alike). Pure numpy."""

from __future__ import annotations

import numpy as np

RECALLED = 0.9  # |m| at or above this counts as recalling a memory
MIXTURE = 0.25  # |m| at or above this counts a memory as part of a mixture
ALPHA_C = 0.138  # Hebbian capacity for random memories (Amit, Gutfreund & Sompolinsky 1985)
# Limits of P/N beyond which recall of random memories is expected to fail, per rule: Storkey
# holds to about 0.3 at N = 100-500 (SCIENCE.md section 4); pseudo-inverse to P < N.
LOAD_LIMITS = {"hebbian": ALPHA_C, "storkey": 0.3, "pseudoinverse": 1.0}
ALIKE = 0.4  # memories with overlap at or above this (70 % shared pixels) get mixed up
MAX_PAIR_WORK = 2e9  # P^2 N beyond which the pairs are not compared (a second of work)


def verdict(
    overlaps: np.ndarray,
    names: list[str],
    outcome: str,
    state: np.ndarray | None = None,
    patterns: np.ndarray | None = None,
    cycle_length: int = 0,
    cue_overlaps: np.ndarray | None = None,
) -> str:
    """Name the state for the class: a recalled or reversed memory, a mixture, or spurious.

    While the network still runs this is only the closest memory (the lab says running or
    paused). A mixture is a state within m = 0.9 of sign(+-xi_a +- xi_b +- xi_c) for the three
    memories it overlaps most (the odd mixtures that are spurious fixed points, Amit et al.).
    A failed recall says why when the memories explain it: with `cue_overlaps` (P,) a memory
    recalled other than the one the cue was closest to is named as such, with their overlap.
    """
    if outcome == "two_cycle":
        return "2-cycle: the synchronous update flips back and forth"
    if outcome == "cycle":
        return (
            f"{cycle_length}-cycle: the states repeat every {cycle_length} steps "
            "(no symmetric weights, no energy to go downhill)"
        )
    if len(overlaps) == 0:
        return "no memories stored"
    best = int(np.argmax(np.abs(overlaps)))
    m = float(overlaps[best])
    if outcome == "running":
        return f"closest '{names[best]}' (m = {m:.2f})"
    meant = _meant(cue_overlaps, best)
    if round(abs(m), 2) >= RECALLED:
        kind = "recalled" if m > 0 else "reversed"
        text = f"at rest: {kind} '{names[best]}' (m = {m:.2f})"
        if meant is not None and patterns is not None:
            text += f", not '{names[meant]}': " + _alike(patterns, best, meant)
        return text
    parts = _mixture_parts(overlaps, state, patterns)
    if parts is not None:
        return "at rest: mixture of " + ", ".join(f"'{names[i]}'" for i in parts)
    return f"at rest: spurious state (closest '{names[best]}', m = {m:.2f})"


def _meant(cue_overlaps: np.ndarray | None, best: int) -> int | None:
    """The memory the cue was closest to, if that is not the one the network ended in."""
    if cue_overlaps is None or len(cue_overlaps) < 2:
        return None
    meant = int(np.argmax(np.abs(cue_overlaps)))
    return None if meant == best else meant


def _alike(patterns: np.ndarray, a: int, b: int) -> str:
    m = float(patterns[a].astype(np.float64) @ patterns[b]) / patterns.shape[1]
    return f"they share {100 * (1 + m) / 2:.0f} % of their pixels"


def recall_warning(patterns: np.ndarray, names: list[str], rule: str) -> str:
    """Why recall is expected to fail, in words, or "" when nothing stands out: the pair of
    memories that look most alike ("'T' and 'E' share 78 % of their pixels: the network mixes
    them") and the load ("P/N = 0.16 is above the 0.14 limit for random memories")."""
    count, n_units = patterns.shape
    warnings = []
    if 2 <= count and count * count * n_units <= MAX_PAIR_WORK:
        x = patterns.astype(np.float64)
        m = x @ x.T / n_units
        np.fill_diagonal(m, 0.0)
        a, b = np.unravel_index(int(np.argmax(np.abs(m))), m.shape)
        a, b = sorted((int(a), int(b)))
        if abs(m[a, b]) >= ALIKE:
            if m[a, b] > 0:
                shared = 100 * (1 + m[a, b]) / 2
                warnings.append(
                    f"'{names[a]}' and '{names[b]}' share {shared:.0f} % of their pixels: "
                    "the network mixes them"
                )
            else:
                warnings.append(f"'{names[a]}' is nearly the negative of '{names[b]}'")
    limit = LOAD_LIMITS.get(rule)
    load = count / n_units
    if limit is not None and load > limit:
        warnings.append(f"P/N = {load:.2f} is above the {limit:.2g} limit for random memories")
    return "; ".join(warnings)


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
