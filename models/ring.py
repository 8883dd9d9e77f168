"""Ring attractor for head direction (Zhang 1996, J Neurosci 16:2112), plain numpy plus numba.

N units with preferred directions theta_i = 2 pi i / N (no duplicated endpoint) obey

    tau du_i/dt = -u_i + sum_j W_ij f(u_j) + I_i,
    W_ij = w(theta_i - theta_j) + gamma w'(theta_i - theta_j),

integrated by explicit Euler (tau = 10 ms, dt = 0.5 ms). Two kernels:

* "zhang": Zhang's inverse method. Target bump f*(theta) = A + B e^{K (cos theta - 1)} (A = 1 Hz,
  B = 39 Hz, K = 8), u* = f^-1(f*), then in Fourier space W_hat = U_hat conj(F_hat) /
  (lambda + |F_hat|^2), lambda = 1e-3 max |F_hat|^2. Rate f(u) = a [ln(1 + e^{b (u + c)})]^beta.
  The regularisation makes the settled bump 36 Hz high (not 40) above a 0.9 Hz baseline.
* "cosine": Amari (1977) / Ben-Yishai et al. (1995): w = (-J0 + J1 cos theta) / N, threshold-linear
  f(u) = [u]_+ and a uniform input I0 (J0 = 1, J1 = 4, I0 = 1: half-width 90 deg, peak pi). This
  potential form has the same fixed points and linear stability as the rate form
  tau dm/dt = -m + [I0 + W m]_+ (m = [u]_+, u = I0 + W m).

Moving the bump: w' is the spectral derivative of w (multiply by i k), so with the convolution
sum_j w(theta_i - theta_j) r_j the bump travels at omega = -gamma / tau (Zhang's eq. 9). We set
gamma = -tau * gain * angular_velocity: at gain 1 the decoded heading turns with the input, and a
positive angular velocity (rad/s) increases it. The convolution is a direct O(N^2) sum in a
compiled loop for N <= DENSE_MAX_UNITS and numpy's real FFT above (one step costs the same near
N = 360 on a 2-core machine; see benchmarks/bench_ring.py).

Landmark cue (angle, strength): I_i += strength * B * e^{4 (cos(theta_i - angle) - 1)} with
B = 39, in the units of the potential u (u = 0.5 gives 40 Hz, u = -0.72 gives 1 Hz). Strength 0.01
(peak input 0.39) pulls the bump over within about 50 ms. Optional input noise: `noise` is the
standard deviation sigma of a white input; each Euler step adds sigma sqrt(tau / dt) xi_i (xi unit
normal, from the ring's seeded Generator), which makes the potential fluctuate with s.d. about
sigma / sqrt(2) whatever dt is.

Only stepping needs numba: the Euler loops are compiled kernels (models._ring_kernels), imported
on first use. Building a ring, its weights (`zhang_kernel`, `weights`, `weight_profile`), the
target bump, `energy` and `decode` are plain numpy (rates in models._ring_rates). `set_bump` and
`energy_vs_position` step the dynamics once, to find the settled bump, and so load the kernels.
"""

from collections.abc import Callable
from typing import Literal

import numpy as np

from models._lazy import lazy_import
from models._ring_rates import (
    THRESHOLD_LINEAR,
    ZHANG,
    inverse_rate_integral,
    rate,
    rate_inverse,
    zhang_rate_inverse,
    zhang_rate_table,
)

kernels = lazy_import("models._ring_kernels")  # numba loads on first stepping, not on import


def warm_up() -> None:
    """Compile (or load from numba's disk cache) every ring kernel now, on a 4-unit ring.

    Otherwise the first step pays for it: about half a second to import numba, and seconds to
    compile on a fresh checkout. The ring and heading labs (hopgui/labs/ring, hopgui/labs/heading)
    call it when they build their session, in the simulation worker thread, so the first step
    after the window opens does not stall; benchmarks/bench_ring.py calls it before timing.
    """
    table, lo, inv_step = zhang_rate_table()
    u, rates = np.zeros(4), np.zeros(4)
    empty_noise = np.zeros((0, 4))
    kernels.euler_direct(
        u,
        rates,
        u.copy(),
        u.copy(),
        np.zeros(2),
        u.copy(),
        empty_noise,
        0.05,
        ZHANG,
        table,
        lo,
        inv_step,
    )


__all__ = ["RingAttractor", "cue_input", "warm_up", "zhang_kernel", "cosine_kernel"]

TARGET_BASELINE, TARGET_AMPLITUDE, TARGET_CONCENTRATION = 1.0, 39.0, 8.0  # A (Hz), B (Hz), K
REGULARISATION = 1e-3  # lambda / max |F_hat|^2
CUE_CONCENTRATION = 4.0
DENSE_MAX_UNITS = 352  # 'auto' uses the direct sum up to here, the FFT above
_CHUNK_STEPS = 2048  # noise is drawn per chunk, so memory stays bounded on long runs

Cue = tuple[float, float] | None
AngularVelocity = float | np.ndarray | Callable[[float], float]


def preferred_directions(n_units: int) -> np.ndarray:
    """theta_i = 2 pi i / N in rad, shape (N,) float64."""
    return 2.0 * np.pi * np.arange(n_units) / n_units


def target_bump(angles: np.ndarray) -> np.ndarray:
    """Zhang's target rates f*(theta) = A + B e^{K (cos theta - 1)} in Hz, same shape as angles."""
    return TARGET_BASELINE + TARGET_AMPLITUDE * np.exp(
        TARGET_CONCENTRATION * (np.cos(angles) - 1.0)
    )


def zhang_kernel(n_units: int) -> np.ndarray:
    """Zhang's inverse method: rfft coefficients (N//2 + 1,) complex of the weight profile w."""
    target = target_bump(preferred_directions(n_units))
    f_hat = np.fft.rfft(target)
    u_hat = np.fft.rfft(zhang_rate_inverse(target))
    power = np.abs(f_hat) ** 2
    w_hat = u_hat * np.conj(f_hat) / (REGULARISATION * power.max() + power)
    if n_units % 2 == 0:
        # The Nyquist term (k = N/2) alternates sign from neuron to neuron. On a small ring
        # (N = 16) the inverse method gives it enough weight to split the bump in two; it
        # carries no smooth structure, so it is dropped (changes nothing visible at N >= 32).
        w_hat[-1] = 0.0
    return w_hat


def cosine_kernel(n_units: int, j0: float = 1.0, j1: float = 4.0) -> np.ndarray:
    """rfft coefficients of w(theta) = (-J0 + J1 cos theta) / N (Ben-Yishai et al. 1995)."""
    theta = preferred_directions(n_units)
    return np.fft.rfft((-j0 + j1 * np.cos(theta)) / n_units)


def spectral_derivative(w_hat: np.ndarray, n_units: int) -> np.ndarray:
    """d/dtheta in Fourier space: multiply by i k (the Nyquist term of an even N is zeroed)."""
    dw_hat = 1j * np.arange(w_hat.size) * w_hat
    if n_units % 2 == 0:
        dw_hat[-1] = 0.0
    return dw_hat


def cue_input(angles: np.ndarray, cue: Cue) -> np.ndarray:
    """Landmark input strength * B * e^{4 (cos(theta - angle) - 1)}, (N,); zeros for cue None."""
    if cue is None:
        return np.zeros_like(angles)
    angle, strength = cue
    profile = np.exp(CUE_CONCENTRATION * (np.cos(angles - angle) - 1.0))
    return float(strength) * TARGET_AMPLITUDE * profile


class RingAttractor:
    """A ring of N head-direction units; see the module docstring for equations and units.

    Settable attributes: tau, dt (s), gain (velocity gain, 1 = calibrated), noise (input s.d.),
    angular_velocity (rad/s, used by `step`), cue (None or (angle rad, strength)), time (s).
    """

    def __init__(
        self,
        n_units: int = 64,
        seed: int | None = 0,
        *,
        kernel: Literal["zhang", "cosine"] = "zhang",
        tau: float = 0.01,
        dt: float = 0.0005,
        gain: float = 1.0,
        noise: float = 0.0,
        method: Literal["auto", "dense", "fft"] = "auto",
        j0: float = 1.0,
        j1: float = 4.0,
        i0: float = 1.0,
    ) -> None:
        if n_units < 3:
            raise ValueError("a ring needs at least 3 units")
        if kernel not in ("zhang", "cosine"):
            raise ValueError(f"unknown kernel {kernel!r}: use 'zhang' or 'cosine'")
        if method == "auto":
            method = "dense" if n_units <= DENSE_MAX_UNITS else "fft"
        if method not in ("dense", "fft"):
            raise ValueError(f"unknown method {method!r}: use 'auto', 'dense' or 'fft'")
        self.kernel, self.method, self.n_units = kernel, method, n_units
        self.tau, self.dt, self.gain, self.noise = tau, dt, gain, noise
        self.angular_velocity, self.time = 0.0, 0.0
        self.angles = preferred_directions(n_units)
        self.angles.flags.writeable = False
        self._phasors = np.exp(1j * self.angles)
        if kernel == "zhang":
            self._w_hat, self._kind = zhang_kernel(n_units), ZHANG
            self._baseline_input = 0.0
        else:
            self._w_hat, self._kind = cosine_kernel(n_units, j0, j1), THRESHOLD_LINEAR
            self._baseline_input = float(i0)
        self._dw_hat = spectral_derivative(self._w_hat, n_units)
        self._w = np.fft.irfft(self._w_hat, n_units)
        self._dw = np.fft.irfft(self._dw_hat, n_units)
        self._rng = np.random.default_rng(seed)
        self._settled: np.ndarray | None = None  # settled bump potential centred on angle 0
        self.cue = None
        self.randomize()

    # ------------------------------------------------------------------------------- state
    @property
    def rates(self) -> np.ndarray:
        """Firing rates f(u) in Hz, (N,) float64 (a copy). Setting them sets u = f^-1(r)."""
        return self._rates.copy()

    @rates.setter
    def rates(self, values: np.ndarray) -> None:
        self.potentials = rate_inverse(self._checked(values), self._kind)

    @property
    def potentials(self) -> np.ndarray:
        """Synaptic potentials u, (N,) float64 (a copy); setting them updates the rates."""
        return self._u.copy()

    @potentials.setter
    def potentials(self, values: np.ndarray) -> None:
        self._u = self._checked(values).copy()
        self._rates = rate(self._u, self._kind)

    @property
    def cue(self) -> Cue:
        """Landmark cue: None, or (angle rad, strength) adding the input in `cue_input`."""
        return self._cue

    @cue.setter
    def cue(self, cue: Cue) -> None:
        self._cue = None if cue is None else (float(cue[0]), float(cue[1]))
        self._drive = self._external_input(self._cue)

    @property
    def external_input(self) -> np.ndarray:
        """I_i, the constant input of the current step: I0 plus the landmark cue, (N,) copy."""
        return self._drive.copy()

    @property
    def gamma(self) -> float:
        """Shift coefficient gamma = -tau * gain * angular_velocity of the current attributes."""
        return -self.tau * self.gain * float(self.angular_velocity)

    def randomize(self, max_rate: float = 40.0) -> None:
        """Random initial rates, uniform on (0, max_rate) Hz, from the ring's seeded Generator."""
        self.rates = self._rng.uniform(0.0, max_rate, self.n_units)

    def set_bump(self, angle: float) -> None:
        """Place the settled bump (no cue, no motion) with its centre at `angle` rad."""
        self.potentials = self._shifted_bump(np.array([angle]))[0]

    def decode(self) -> tuple[float, float]:
        """Population vector z = sum_i r_i e^{i theta_i}: (arg z in [0, 2 pi), |z| / sum r)."""
        z = np.dot(self._rates, self._phasors)
        total = self._rates.sum()
        strength = abs(z) / total if total > 0 else 0.0
        return float(np.angle(z) % (2.0 * np.pi)), float(strength)

    # ---------------------------------------------------------------------------- dynamics
    def step(self, n_steps: int = 1, angular_velocity: AngularVelocity | None = None) -> None:
        """n_steps Euler steps with the current attributes (cue, gain, noise, ...).

        angular_velocity (rad/s) overrides the attribute for these steps: a number, a function
        of time, or one value per step.
        """
        velocity = self.angular_velocity if angular_velocity is None else angular_velocity
        self._advance(self._velocities(velocity, n_steps), self._drive)

    def run(
        self, duration: float, angular_velocity: AngularVelocity = 0.0, cue: Cue = None
    ) -> None:
        """Simulate `duration` seconds with this angular velocity and cue; attributes untouched."""
        n_steps = round(duration / self.dt)
        self._advance(self._velocities(angular_velocity, n_steps), self._external_input(cue))

    def _velocities(self, velocity: AngularVelocity, n_steps: int) -> np.ndarray:
        """Angular velocity (rad/s) of each of the next n_steps steps, (n_steps,) float64."""
        if callable(velocity):
            times = self.time + self.dt * np.arange(n_steps)
            return np.fromiter((velocity(t) for t in times), float, n_steps)
        values = np.asarray(velocity, dtype=float)
        if values.ndim == 0:
            return np.full(n_steps, float(values))
        if values.shape != (n_steps,):
            raise ValueError(f"need one angular velocity per step ({n_steps}), got {values.shape}")
        return values

    def _advance(self, velocities: np.ndarray, drive: np.ndarray) -> None:
        gammas = np.ascontiguousarray(-self.tau * self.gain * velocities)
        for start in range(0, gammas.size, _CHUNK_STEPS):
            chunk = gammas[start : start + _CHUNK_STEPS]
            self._integrate(self._u, self._rates, chunk, drive, self._noise(chunk.size))
        self.time += gammas.size * self.dt

    def _noise(self, n_steps: int) -> np.ndarray:
        if self.noise <= 0.0:
            return np.zeros((0, self.n_units))
        scale = self.noise * np.sqrt(self.tau / self.dt)
        return scale * self._rng.standard_normal((n_steps, self.n_units))

    def _integrate(self, u, rates, gammas, drive, noise, decay=None) -> None:
        """Euler steps on the arrays u, rates in place, one gamma per step (either method)."""
        decay = self.dt / self.tau if decay is None else decay
        table = zhang_rate_table()
        if self.method == "dense":
            kernels.euler_direct(
                u, rates, self._w, self._dw, gammas, drive, noise, decay, self._kind, *table
            )
            return
        kernel_hat, previous, empty = np.empty_like(self._w_hat), None, np.zeros(0)
        for index, gamma in enumerate(gammas.tolist()):
            if gamma != previous:
                np.multiply(self._dw_hat, gamma, out=kernel_hat)
                kernel_hat += self._w_hat
                previous = gamma
            spectrum = np.fft.rfft(rates)
            spectrum *= kernel_hat
            recurrent = np.fft.irfft(spectrum, self.n_units)
            noise_row = noise[index] if noise.shape[0] else empty
            kernels.euler_update(u, recurrent, drive, noise_row, decay, rates, self._kind, *table)

    # ------------------------------------------------------------------ weights and energy
    @property
    def weights(self) -> np.ndarray:
        """(N, N) circulant W_ij = w(theta_i - theta_j) + gamma w'(theta_i - theta_j), new array."""
        profile = self._w + self.gamma * self._dw
        index = np.subtract.outer(np.arange(self.n_units), np.arange(self.n_units))
        return profile[index % self.n_units]

    def weight_profile(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(theta in [-pi, pi), w(theta), w'(theta)), each (N,), for plotting the kernel."""
        offsets = np.arange(self.n_units) - self.n_units // 2
        index = offsets % self.n_units
        return 2.0 * np.pi * offsets / self.n_units, self._w[index], self._dw[index]

    def energy(self) -> float:
        """Lyapunov energy E = -1/2 f^T W_s f + sum_i int_0^{f_i} f^-1 - I^T f (Hopfield 1984).

        W_s is the symmetric part of W, i.e. w without the shift term; I the current input.
        """
        return float(self._energies(self._u[None, :])[0])

    def energy_vs_position(self, n_positions: int = 72) -> tuple[np.ndarray, np.ndarray]:
        """Energy of the settled bump centred at 2 pi k / n_positions: (positions, energies)."""
        positions = 2.0 * np.pi * np.arange(n_positions) / n_positions
        return positions, self._energies(self._shifted_bump(positions))

    def _energies(self, potentials: np.ndarray) -> np.ndarray:
        """Energies of the states in the rows of potentials (M, N); uses Parseval for f^T W f."""
        rates = rate(potentials, self._kind)
        spectrum = np.fft.rfft(rates, axis=1)
        multiplicity = np.full(self._w_hat.size, 2.0)
        multiplicity[0] = 1.0
        if self.n_units % 2 == 0:
            multiplicity[-1] = 1.0
        recurrent = (np.abs(spectrum) ** 2 @ (multiplicity * self._w_hat.real)) / self.n_units
        leak = inverse_rate_integral(potentials, self._kind).sum(axis=1)
        return -0.5 * recurrent + leak - rates @ self._drive

    # ------------------------------------------------------------------------ settled bump
    def _shifted_bump(self, centres: np.ndarray) -> np.ndarray:
        """Settled bump potentials centred at each of `centres` (rad), (M, N), Fourier-shifted."""
        spectrum = np.fft.rfft(self._settled_bump())
        k = np.arange(spectrum.size)
        phases = np.exp(-1j * np.outer(centres, k))
        if self.n_units % 2 == 0:  # a real signal's Nyquist term can only be scaled by cos
            phases[:, -1] = np.cos(centres * k[-1])
        return np.fft.irfft(spectrum * phases, self.n_units, axis=1)

    def _settled_bump(self) -> np.ndarray:
        """Fixed point of the dynamics (no cue, gamma = 0) centred on theta = 0; computed once."""
        if self._settled is None:
            if self._kind == ZHANG:
                start = zhang_rate_inverse(target_bump(self.angles))
            else:
                start = np.cos(self.angles) + self._baseline_input
            self._settled = self._relax(start)
        return self._settled

    def _relax(self, u: np.ndarray, max_steps: int = 40_000) -> np.ndarray:
        """Iterate Euler (dt / tau = 0.05) from u until it stops changing (1e-12); returns u."""
        rates = rate(u, self._kind)
        drive = self._external_input(None)
        for _ in range(0, max_steps, 500):
            before = u.copy()
            self._integrate(u, rates, np.zeros(500), drive, np.zeros((0, self.n_units)), 0.05)
            if not np.all(np.isfinite(u)):
                break
            if np.max(np.abs(u - before)) < 1e-12:
                return u
        raise RuntimeError("the ring has no stable bump with these parameters")

    def _external_input(self, cue: Cue) -> np.ndarray:
        return self._baseline_input + cue_input(self.angles, cue)

    def _checked(self, values: np.ndarray) -> np.ndarray:
        values = np.asarray(values, dtype=float)
        if values.shape != (self.n_units,):
            raise ValueError(f"expected shape ({self.n_units},), got {values.shape}")
        return values
