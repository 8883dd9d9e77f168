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
RETRIEVED = 0.9  # modern network: attention at or above this on one memory retrieves it
MIX_SHARE = 0.9  # a metastable mix is named by the fewest memories holding this much attention
EVEN = 1.5  # no attention above EVEN / P: the state is the average of all P memories
NAMED_IN_MIX = 4  # a mix of more memories names this many and counts the rest
SEPARATED = 5.0  # beta N (1 - m_ab) at or above this: the modern network tells a and b apart


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


def modern_verdict(
    attention: np.ndarray, overlaps: np.ndarray, names: list[str], outcome: str, steps: int
) -> str:
    """Name what the modern network did from its attention weights (P,): retrieved one memory
    (in how many updates), a metastable mix of a few memories, or the average of them all."""
    if len(attention) == 0:
        return "no memories stored"
    best = int(np.argmax(attention))
    m = float(overlaps[best])
    if outcome == "running":
        return f"closest '{names[best]}' (m = {m:.2f}, attention {100 * attention[best]:.0f} %)"
    if attention[best] >= RETRIEVED:
        if steps == 0:
            return f"at rest: already at '{names[best]}' (m = {m:.2f})"
        count = f"{steps} step{'' if steps == 1 else 's'}"
        return f"at rest: retrieved '{names[best]}' in {count} (m = {m:.2f})"
    order = np.argsort(-attention, kind="stable")
    held = int(np.searchsorted(np.cumsum(attention[order]), MIX_SHARE)) + 1
    total = len(attention)
    if attention[best] < EVEN / total:
        return f"at rest: the average of all {total} memories (β too small to pick one)"
    if held > NAMED_IN_MIX and held >= total // 2:
        return (
            f"at rest: the average of {held} memories "
            f"(β too small to pick one; closest '{names[best]}', m = {m:.2f})"
        )
    parts = [f"'{names[i]}' {100 * attention[i]:.0f} %" for i in order[: min(held, NAMED_IN_MIX)]]
    more = f" and {held - NAMED_IN_MIX} more" if held > NAMED_IN_MIX else ""
    return f"at rest: a metastable mix of {', '.join(parts)}{more}"


def modern_warning(patterns: np.ndarray, names: list[str], beta: float) -> str:
    """Why the modern network may mix memories: the most alike pair needs beta N (1 - m_ab)
    well above 1 to be told apart ("'O' and 'Q' share 98 % of their pixels: at β = 0.05 the
    network mixes them (β from 1.2 tells them apart)"), or ""."""
    pair = _most_alike(patterns)
    if pair is None:
        return ""
    a, b, m = pair
    n_units = patterns.shape[1]
    gap = n_units * (1.0 - m)
    if gap <= 0.5:
        return f"'{names[a]}' and '{names[b]}' are the same picture: no β tells them apart"
    if m <= 0 or beta * gap >= SEPARATED:
        return ""
    shared = 100 * (1 + m) / 2
    return (
        f"'{names[a]}' and '{names[b]}' share {shared:.0f} % of their pixels: at β = {beta:g} "
        f"the network mixes them (β from {SEPARATED / gap:.2g} tells them apart)"
    )


def _most_alike(patterns: np.ndarray) -> tuple[int, int, float] | None:
    """The two memories with the largest |overlap| (a < b) and their overlap, or None."""
    count, n_units = patterns.shape
    if count < 2 or count * count * n_units > MAX_PAIR_WORK:
        return None
    x = patterns.astype(np.float64)
    m = x @ x.T / n_units
    np.fill_diagonal(m, 0.0)
    a, b = np.unravel_index(int(np.argmax(np.abs(m))), m.shape)
    a, b = sorted((int(a), int(b)))
    return a, b, float(m[a, b])


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
    pair = _most_alike(patterns)
    if pair is not None:
        a, b, m_ab = pair
        if abs(m_ab) >= ALIKE:
            if m_ab > 0:
                shared = 100 * (1 + m_ab) / 2
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
