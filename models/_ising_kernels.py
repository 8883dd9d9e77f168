"""Compiled checkerboard sweeps of the Ising model (numba; none compiled at import). Nothing else.

One sweep visits every spin once: first the sites with (i + j) even, then the odd ones (on a
chain, even then odd j). Flipping s_i changes the energy E = -J sum_<ij> b_ij s_i s_j - H sum s_i
by dE = 2 s_i (J S_i + H), S_i = sum_j b_ij s_j over the nearest neighbours (b_ij = +-1, the bond
signs). With s_i S_i in {-4, -2, 0, 2, 4} there are only 2 x 5 possible dE, so the acceptance
probabilities (Metropolis or Glauber) are looked up, never computed: `thresholds[a, s_i S_i + 4]`
holds p * 2^32 for a = (s_i + 1) / 2, and a flip is accepted when a 32-bit random number is below
it. The flip itself is branch-free (s <- s - 2 s [draw < threshold]): a random accept/reject
branch mispredicts half the time near T_c, which costs more than the draw. Sites are visited in
a fixed order, so the result is a valid sequential Markov chain whatever the side lengths (odd
sides break the checkerboard's independence, not its correctness).

Random numbers: SplitMix64 (Steele, Lea & Flood 2014; passes BigCrush), one 64-bit output giving
the 32-bit draws of two successive sites of a row. Its whole state is one uint64 counter, kept in
`state[0]` between calls, so runs are reproducible however they are cut into calls.
"""

import numpy as np
from numba import njit

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_LOW32 = np.uint64(0xFFFFFFFF)
_HIGH = np.uint64(32)


@njit(cache=True, nogil=True, inline="always")
def _random64(counter):
    """SplitMix64: the next counter and its 64 mixed bits."""
    counter = counter + _GOLDEN
    z = (counter ^ (counter >> np.uint64(30))) * _MIX1
    z = (z ^ (z >> np.uint64(27))) * _MIX2
    return counter, z ^ (z >> np.uint64(31))


@njit(cache=True, nogil=True, inline="always")
def _flip_uniform(spins, thresholds, i, j, up, dn, left, rt, draw):
    s = spins[i, j]
    field = spins[i, left] + spins[i, rt] + spins[up, j] + spins[dn, j]
    accept = np.int8(draw < thresholds[(s + 1) >> 1, s * field + 4])
    spins[i, j] = s - np.int8(2) * s * accept


@njit(cache=True, nogil=True, inline="always")
def _flip_bonds(spins, right, down, thresholds, i, j, up, dn, left, rt, draw):
    s = spins[i, j]
    field = (
        right[i, left] * spins[i, left]
        + right[i, j] * spins[i, rt]
        + down[up, j] * spins[up, j]
        + down[i, j] * spins[dn, j]
    )
    accept = np.int8(draw < thresholds[(s + 1) >> 1, s * field + 4])
    spins[i, j] = s - np.int8(2) * s * accept


@njit(cache=True, nogil=True, inline="always")
def _flip_chain(spins, right, thresholds, j, left, rt, draw):
    s = spins[j]
    field = right[left] * spins[left] + right[j] * spins[rt]
    accept = np.int8(draw < thresholds[(s + 1) >> 1, s * field + 4])
    spins[j] = s - np.int8(2) * s * accept


@njit(cache=True, nogil=True)
def sweep_grid_uniform(spins, thresholds, state, n_sweeps):
    """`n_sweeps` checkerboard sweeps of an (L0, L1) grid of int8 spins, periodic, every bond
    the same sign (folded into the thresholds): the ferro- and antiferromagnet's fast path.

    thresholds: (2, 9) uint64 as described above; state: (1,) uint64 RNG counter (updated).
    """
    rows, cols = spins.shape
    counter = state[0]
    for _ in range(n_sweeps):
        for colour in range(2):
            for i in range(rows):
                up = i - 1 if i > 0 else rows - 1
                dn = i + 1 if i < rows - 1 else 0
                j = (i + colour) & 1
                while j < cols:
                    counter, z = _random64(counter)
                    left = j - 1 if j > 0 else cols - 1
                    rt = j + 1 if j < cols - 1 else 0
                    _flip_uniform(spins, thresholds, i, j, up, dn, left, rt, z >> _HIGH)
                    j += 2
                    if j < cols:
                        rt = j + 1 if j < cols - 1 else 0
                        _flip_uniform(spins, thresholds, i, j, up, dn, j - 1, rt, z & _LOW32)
                        j += 2
    state[0] = counter


@njit(cache=True, nogil=True)
def sweep_grid(spins, right, down, thresholds, state, n_sweeps):
    """`sweep_grid_uniform` with a sign per bond: right[i, j] is the sign of the bond
    (i, j)-(i, j+1), down[i, j] of (i, j)-(i+1, j) (int8, +-1)."""
    rows, cols = spins.shape
    counter = state[0]
    for _ in range(n_sweeps):
        for colour in range(2):
            for i in range(rows):
                up = i - 1 if i > 0 else rows - 1
                dn = i + 1 if i < rows - 1 else 0
                j = (i + colour) & 1
                while j < cols:
                    counter, z = _random64(counter)
                    left = j - 1 if j > 0 else cols - 1
                    rt = j + 1 if j < cols - 1 else 0
                    draw = z >> _HIGH
                    _flip_bonds(spins, right, down, thresholds, i, j, up, dn, left, rt, draw)
                    j += 2
                    if j < cols:
                        rt = j + 1 if j < cols - 1 else 0
                        _flip_bonds(
                            spins, right, down, thresholds, i, j, up, dn, j - 1, rt, z & _LOW32
                        )
                        j += 2
    state[0] = counter


@njit(cache=True, nogil=True)
def sweep_chain(spins, right, thresholds, state, n_sweeps):
    """`n_sweeps` sweeps of a periodic chain of L int8 spins (even sites, then odd ones);
    right[j] is the sign of the bond j-(j+1)."""
    length = spins.size
    counter = state[0]
    for _ in range(n_sweeps):
        for colour in range(2):
            j = colour
            while j < length:
                counter, z = _random64(counter)
                left = j - 1 if j > 0 else length - 1
                rt = j + 1 if j < length - 1 else 0
                _flip_chain(spins, right, thresholds, j, left, rt, z >> _HIGH)
                j += 2
                if j < length:
                    rt = j + 1 if j < length - 1 else 0
                    _flip_chain(spins, right, thresholds, j, j - 1, rt, z & _LOW32)
                    j += 2
    state[0] = counter


@njit(cache=True, nogil=True)
def lattice_sums(spins, signs, ground):
    """(sum_i s_i, sum_<ij> b_ij s_i s_j, sum_i g_i s_i) of a chain (L,) or grid (L0, L1):
    signs is (1, L) or (2, L0, L1) as in `sweep_chain` / `sweep_grid` ([0] right, [1] down),
    ground a +-1 array of the spins' shape. Each bond counted once."""
    flat = spins.reshape(-1)
    ground_flat = ground.reshape(-1)
    total = 0
    overlap = 0
    for k in range(flat.size):
        total += flat[k]
        overlap += flat[k] * ground_flat[k]
    bonds = 0
    if spins.ndim == 1:
        length = flat.size
        chain = signs[0].reshape(-1)
        for j in range(length):
            rt = j + 1 if j < length - 1 else 0
            bonds += chain[j] * flat[j] * flat[rt]
    else:
        rows, cols = spins.shape[0], spins.shape[-1]
        right, down = signs[0].reshape(rows, cols), signs[-1].reshape(rows, cols)
        grid = spins.reshape(rows, cols)
        for i in range(rows):
            dn = i + 1 if i < rows - 1 else 0
            for j in range(cols):
                rt = j + 1 if j < cols - 1 else 0
                s = grid[i, j]
                bonds += s * (right[i, j] * grid[i, rt] + down[i, j] * grid[dn, j])
    return total, bonds, overlap
