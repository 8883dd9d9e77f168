"""The recurrent input of the grid-cell sheet (Burak & Fiete 2009): two exact ways to compute it.

Neuron j (at x_j, preferred direction e_j) projects to neuron i with weight W0(x_i - x_j - l e_j),
W0(x) = a e^{-gamma |x|^2} - e^{-beta |x|^2}, on an n x n torus (displacements wrapped to
[-n/2, n/2)). Grouping the presynaptic neurons by direction d, the input is a sum of four
circular convolutions, sum_d conv(s_d, K_d) with K_d(x) = W0(x - l e_d) and s_d the rates of
population d (zero elsewhere).

* `FFTInput`: four real 2-D FFTs of the population rates times the precomputed kernel spectra,
  summed, and one inverse FFT. Works for any kernel.
* `SpectralInput`: the same sum in a band-limited real Fourier basis, the transforms done by
  matrix products on each population's sub-lattice (the kernel's spectrum is negligible above
  |m| = 24 at n = 128). About three times as fast as the FFT on one core, and the same numbers to
  float32 rounding (benchmarks/bench_grid_cells.py, tests/models/test_grid_cells.py).

Layout of the 2 x 2 tile (row parity, column parity); x is the column, y the row:
(0, 0) North, (0, 1) East, (1, 0) South, (1, 1) West.
"""

import numpy as np

# unit vectors (x, y) of the four preferred directions, and where each sits in the 2 x 2 tile
DIRECTIONS = {"N": (0, 1), "E": (1, 0), "S": (0, -1), "W": (-1, 0)}
TILE = {"N": (0, 0), "E": (0, 1), "S": (1, 0), "W": (1, 1)}


def direction_fields(n: int) -> tuple[np.ndarray, np.ndarray]:
    """(e_x, e_y): each neuron's preferred direction, two (n, n) float arrays of -1, 0, +1."""
    ex, ey = np.zeros((n, n)), np.zeros((n, n))
    for name, (row, col) in TILE.items():
        ex[row::2, col::2], ey[row::2, col::2] = DIRECTIONS[name]
    return ex, ey


def wrapped(n: int) -> np.ndarray:
    """Displacements 0 .. n-1 wrapped to [-n/2, n/2), (n,) float."""
    d = np.arange(n, dtype=float)
    return (d + n / 2) % n - n / 2


def kernel(n: int, a: float, gamma: float, beta: float, shift: tuple[float, float]) -> np.ndarray:
    """K(x) = W0(x - shift) on the torus, (n, n) float64 indexed [y, x] by displacement."""
    dx = wrapped(n)[None, :] - shift[0]
    dy = wrapped(n)[:, None] - shift[1]
    dx, dy = (dx + n / 2) % n - n / 2, (dy + n / 2) % n - n / 2
    r2 = dx**2 + dy**2
    return a * np.exp(-gamma * r2) - np.exp(-beta * r2)


class FFTInput:
    """sum_d conv(s_d, K_d) by FFT: rfft2 of each population's rates times K_d's spectrum."""

    def __init__(self, n: int, a: float, gamma: float, beta: float, shift: float, dtype) -> None:
        self.n = n
        self.masks = np.zeros((4, n, n), dtype=dtype)
        spectra = []
        for index, name in enumerate(DIRECTIONS):
            row, col = TILE[name]
            self.masks[index, row::2, col::2] = 1
            ex, ey = DIRECTIONS[name]
            spectra.append(np.fft.rfft2(kernel(n, a, gamma, beta, (shift * ex, shift * ey))))
        self.spectra = np.array(spectra).astype(np.result_type(dtype, np.complex64))

    def __call__(self, rates: np.ndarray) -> np.ndarray:
        """The recurrent input W s, (n, n), for rates (n, n)."""
        total = np.fft.rfft2(rates * self.masks[0]) * self.spectra[0]
        for index in range(1, 4):
            total += np.fft.rfft2(rates * self.masks[index]) * self.spectra[index]
        return np.fft.irfft2(total, s=(self.n, self.n)).astype(rates.dtype, copy=False)


class SpectralInput:
    """sum_d conv(s_d, K_d) through a band-limited real Fourier transform done by matrix products.

    K_d is the unshifted kernel K_0 rolled by l e_d, and K_0 = a G_gamma - G_beta is a sum of
    separable Gaussians: each 1-D Gaussian circulant is Phi diag(lambda_g) Phi^T in the real
    Fourier basis Phi (n, r) (cosines and sines of |m| <= M, orthonormal), with lambda_g its exact
    eigenvalues. So with S_d = Phi[rows_d]^T s_d Phi[cols_d] (r, r) (population d lives on one
    sub-lattice of the 2 x 2 tile),

        W s = Phi [ sum_d R_y(l e_d) (S_d o Lambda) R_x(l e_d)^T ] Phi^T,
        Lambda[m, m'] = a lambda_gamma(m) lambda_gamma(m') - lambda_beta(m) lambda_beta(m'),

    R(shift) rotating each (cos, sin) pair: a roll of the sheet. M is the smallest that keeps
    every dropped mode of the kernel below 1e-7 of its largest (M = 24 at n = 128, lambda = 13),
    so the result equals the FFT convolution to float32 rounding, at about a fifth of the work.
    """

    def __init__(self, n: int, a: float, gamma: float, beta: float, shift: float, dtype) -> None:
        if n % 2:
            raise ValueError(f"the sheet needs an even number of neurons a side, not {n}")
        self.n = n
        eig = {g: _eigenvalues(n, g) for g in (gamma, beta)}  # per m = 0 .. n/2
        full = a * np.outer(eig[gamma], eig[gamma]) - np.outer(eig[beta], eig[beta])
        dropped = [np.abs(full[m:, :]).max() for m in range(n // 2 + 1)] + [0.0]
        top = min(
            next(m for m in range(n // 2 + 1) if dropped[m + 1] < 1e-7 * dropped[0]), n // 2 - 1
        )
        basis, m_of = _real_fourier_basis(n, top)
        lam = {g: eig[g][m_of] for g in eig}
        self.phi = basis.astype(dtype)  # (n, r)
        self.phi_t = np.ascontiguousarray(self.phi.T)
        self.weights = (
            a * np.outer(lam[gamma], lam[gamma]) - np.outer(lam[beta], lam[beta])
        ).astype(dtype)
        self.rank = basis.shape[1]
        self._per_population = {}  # name -> (Phi[rows]^T, Phi[cols], R_y, R_x^T), contiguous
        for name, (ex, ey) in DIRECTIONS.items():
            row, col = TILE[name]
            self._per_population[name] = tuple(
                np.ascontiguousarray(m, dtype=dtype)
                for m in (
                    basis[row::2].T,
                    basis[col::2],
                    _roll_matrix(n, top, shift * ey),
                    _roll_matrix(n, top, shift * ex).T,
                )
            )

    def __call__(self, rates: np.ndarray) -> np.ndarray:
        """The recurrent input W s, (n, n), for rates (n, n)."""
        middle = None
        for name, (left, right, roll_y, roll_x_t) in self._per_population.items():
            row, col = TILE[name]
            sub = np.ascontiguousarray(rates[row::2, col::2])  # BLAS wants contiguous blocks
            spectrum = left @ sub @ right
            spectrum *= self.weights
            shifted = roll_y @ spectrum @ roll_x_t
            middle = shifted if middle is None else middle + shifted
        return (self.phi @ middle) @ self.phi_t


def _eigenvalues(n: int, g: float) -> np.ndarray:
    """lambda(m) = sum_d e^{-g wrap(d)^2} cos(2 pi m d / n), m = 0 .. n/2: the eigenvalues of
    the symmetric Gaussian circulant."""
    d = wrapped(n)
    m = np.arange(n // 2 + 1)
    return np.cos(2 * np.pi * np.outer(m, d) / n) @ np.exp(-g * d**2)


def _real_fourier_basis(n: int, top: int) -> tuple[np.ndarray, np.ndarray]:
    """(Phi, m): orthonormal columns 1, cos and sin of 2 pi m y / n for m = 1 .. top, (n, r)
    with r = 2 top + 1, and each column's m."""
    y = np.arange(n)
    columns, ms = [np.full(n, 1.0 / np.sqrt(n))], [0]
    for m in range(1, top + 1):
        columns += [np.sqrt(2.0 / n) * np.cos(2 * np.pi * m * y / n)]
        columns += [np.sqrt(2.0 / n) * np.sin(2 * np.pi * m * y / n)]
        ms += [m, m]
    return np.stack(columns, axis=1), np.array(ms)


def _roll_matrix(n: int, top: int, shift: float) -> np.ndarray:
    """R (r, r) with roll(Phi, shift, axis=0) = Phi R: each (cos, sin) pair rotated by
    2 pi m shift / n."""
    r = 2 * top + 1
    rot = np.eye(r)
    for m in range(1, top + 1):
        c, s = np.cos(2 * np.pi * m * shift / n), np.sin(2 * np.pi * m * shift / n)
        i, j = 2 * m - 1, 2 * m  # cos, sin columns of m
        rot[i, i], rot[j, i], rot[i, j], rot[j, j] = c, s, -s, c
    return rot
