"""Dynamics of the binary Hopfield network: the stepper `HopfieldDynamics` and `RecallResult`.

`HopfieldNetwork.dynamics` (models.hopfield) builds the stepper; `HopfieldNetwork.recall` and the
GUI both drive it. Both classes are re-exported by models.hopfield, the public module. The
stepper keeps its local fields in a `LowRankField` (Hebbian rule) or a `DenseField` (a dense W),
whose per-update loops are numba kernels in models._hopfield_kernels, loaded on first use.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from models._hopfield_checks import _as_state, _check_choice, _check_int, _check_temperature
from models._hopfield_weights import dense_fields
from models._lazy import lazy_import

kernels = lazy_import("models._hopfield_kernels")  # numba loads on first use, not on import
asymmetric_kernels = lazy_import("models._asymmetric_kernels")

MODES = ("async", "sequential", "sync")
MAX_STEPS = 100_000_000  # per call of HopfieldDynamics.step: its energies take 800 MB
_NO_NOISE = np.empty(0)  # passed to the kernels at T = 0 (never read there)
MAX_CYCLE = 64  # synchronous runs recognise cycles up to this many steps long


class LowRankField:
    """Hebbian local fields without the N x N matrix (Hopfield 1982 rule in factored form).

    W = (X^T X - P I)/N, so h_i = (sum_mu xi_i^mu M_mu - P s_i)/N with M = X s, and
    E = -(1/2N)(|M|^2 - P N). M is kept in step with the state: O(P) per update and per flip.
    """

    def __init__(self, x: np.ndarray, xt: np.ndarray, state: np.ndarray) -> None:
        self._x, self._xt = x, xt
        self.scale = 1.0 / x.shape[1]
        self.reset(state)

    def reset(self, state: np.ndarray) -> None:
        """Recompute M and the energy for a new state."""
        self._m = kernels.pattern_sums(self._x, state)
        n_patterns, n_units = self._x.shape
        self.energy_raw = -0.5 * (float(self._m @ self._m) - n_patterns * n_units)

    def run_async(self, s, units, noise, temperature, energies) -> int:
        flips, self.energy_raw = kernels.async_low_rank(
            self._xt, self._m, s, units, noise, temperature, self.scale, self.energy_raw, energies
        )
        return flips

    def run_sync(self, s, noise, temperature) -> int:
        flips, self.energy_raw = kernels.sync_low_rank(
            self._x, self._xt, self._m, s, noise, temperature, self.scale
        )
        return flips


class DenseField:
    """Local fields from a dense symmetric float32 W, updated on each flip (h += ds W[:, i])."""

    def __init__(self, w_raw: np.ndarray, scale: float, state: np.ndarray) -> None:
        self._w, self.scale = w_raw, scale
        self.reset(state)

    def reset(self, state: np.ndarray) -> None:
        """Recompute the fields W s (float64) and the energy for a new state."""
        self._h = dense_fields(self._w, state)
        self.energy_raw = -0.5 * float(state @ self._h)

    def run_async(self, s, units, noise, temperature, energies) -> int:
        flips, self.energy_raw = kernels.async_dense(
            self._w, self._h, s, units, noise, temperature, self.scale, self.energy_raw, energies
        )
        return flips

    def run_sync(self, s, noise, temperature) -> int:
        flips, self.energy_raw = kernels.sync_dense(
            self._w, self._h, s, noise, temperature, self.scale
        )
        return flips


class AsymmetricField:
    """Local fields from a dense float32 W that need not be symmetric (sequence rule, an
    antisymmetric part mixed in): h = W s and g = W^T s are both kept, so each flip is O(N) and
    the energy -1/2 s^T W s is updated exactly (it can rise: see models._asymmetric_kernels)."""

    scale = 1.0

    def __init__(self, w: np.ndarray, state: np.ndarray) -> None:
        self._w = w
        self._wt = np.ascontiguousarray(w.T)
        self.reset(state)

    def reset(self, state: np.ndarray) -> None:
        self._h = dense_fields(self._w, state)
        self._g = dense_fields(self._wt, state)
        self.energy_raw = -0.5 * float(state @ self._h)

    def run_async(self, s, units, noise, temperature, energies) -> int:
        flips, self.energy_raw = asymmetric_kernels.async_asymmetric(
            self._w, self._wt, self._h, self._g, s, units, noise, temperature,
            self.energy_raw, energies,
        )  # fmt: skip
        return flips

    def run_sync(self, s, noise, temperature) -> int:
        flips, self.energy_raw = asymmetric_kernels.sync_asymmetric(
            self._w, self._wt, self._h, self._g, s, noise, temperature
        )
        return flips


@dataclass(frozen=True)
class RecallResult:
    """Outcome of `HopfieldNetwork.recall`.

    state: (N,) int8 final state; energies: (sweeps + 1,) float64, energies[0] is the cue's and
    energies[k] the energy after sweep k; sweeps: sweeps done (sync: whole-network steps);
    outcome: "fixed_point", "two_cycle", "cycle" (synchronous, longer than 2: only without
    symmetric weights) or "max_sweeps"; cycle_length: steps of the cycle (2 for "two_cycle",
    0 when the run did not end in a cycle).
    """

    state: np.ndarray
    energies: np.ndarray
    sweeps: int
    outcome: str
    cycle_length: int = 0


class HopfieldDynamics:
    """Stepper for the network dynamics; `HopfieldNetwork.recall` and the GUI both drive it.

    Modes: "async" updates one unit at a time in a fresh random order each sweep, "sequential" in
    the order 0..N-1, "sync" all units at once from the same state (Little 1974). At T = 0 a unit
    takes sign(h_i) and keeps its state on a tie h_i = 0 (this keeps every flip strictly downhill,
    the condition of Hopfield's energy proof); at T > 0 Glauber dynamics,
    P(s_i = +1) = 1 / (1 + exp(-2 h_i / T)).

    Termination, only ever reported at T = 0: asynchronous/sequential runs reach "fixed_point"
    after a complete sweep (started at a sweep boundary, all at T = 0, in one mode) with no flip.
    Synchronous runs reach "fixed_point" when a step changes nothing and "two_cycle" when a step
    returns the state of two steps ago (Goles-Chacc et al. 1985; Bruck 1990: with symmetric
    weights these are the only possible ends). Without symmetric weights (sequence rule,
    asymmetry) a step may return to a state of k <= MAX_CYCLE steps ago: outcome "cycle",
    `cycle_length` k. Changing mode, temperature or state sets the outcome back to "running";
    changing mode or state also starts a new sweep.

    The stepper keeps the weights the network had when it was created. Energies are updated from
    dE = -ds_i h_i after each flip (exact integers times 1/N for the Hebbian rule).
    """

    def __init__(
        self,
        field: LowRankField | DenseField | AsymmetricField,
        state: np.ndarray,
        mode: str,
        temperature: float,
        seed: int | None,
    ) -> None:
        self._field, self._s = field, state
        order_seed, noise_seed = np.random.SeedSequence(seed).spawn(2)
        self._order_rng = np.random.default_rng(order_seed)  # sweep orders
        self._noise_rng = np.random.default_rng(noise_seed)  # Glauber coin flips
        self._sequence = np.arange(state.size)
        self._mode, self._temperature = mode, temperature
        self._updates, self._last_unit, self._outcome = 0, -1, "running"
        self._restart_sweep()

    def _restart_sweep(self) -> None:
        """Forget the partial sweep and the sync history: termination must be re-certified."""
        self._order, self._position = self._sequence, 0
        self._sweep_flips, self._sweep_clean = 0, False
        self._forget_history()

    def _forget_history(self) -> None:
        """Drop the recent synchronous states (a cycle must be seen again from scratch)."""
        self._history: deque[bytes] = deque(maxlen=MAX_CYCLE)
        self._cycle_length = 0

    @property
    def state(self) -> np.ndarray:
        """(N,) int8 copy of the current state."""
        return self._s.copy()

    def set_state(self, state: object) -> None:
        """Replace the state (e.g. the user painted on it); fields and energy are recomputed."""
        self._s[:] = _as_state(state, self._s.size)
        self._field.reset(self._s)
        self._outcome, self._last_unit = "running", -1
        self._restart_sweep()

    @property
    def mode(self) -> str:
        return self._mode

    @mode.setter
    def mode(self, mode: str) -> None:
        mode = _check_choice(mode, "mode", MODES)
        if mode != self._mode:
            self._mode, self._outcome = mode, "running"
            self._restart_sweep()

    @property
    def temperature(self) -> float:
        return self._temperature

    @temperature.setter
    def temperature(self, temperature: float) -> None:
        temperature = _check_temperature(temperature)
        if temperature != self._temperature:
            self._temperature, self._outcome = temperature, "running"
            self._sweep_clean = False
            self._forget_history()

    @property
    def energy(self) -> float:
        """Current energy -1/2 s^T W s."""
        return self._field.energy_raw * self._field.scale

    @property
    def updates(self) -> int:
        """Unit updates done so far (a synchronous step counts N)."""
        return self._updates

    @property
    def sweeps(self) -> float:
        """updates / N."""
        return self._updates / self._s.size

    @property
    def last_unit(self) -> int:
        """Index of the unit updated last; -1 before any update and after a synchronous step."""
        return self._last_unit

    @property
    def outcome(self) -> str:
        """ "running", "fixed_point", "two_cycle" or "cycle" (longer, asymmetric weights only)."""
        return self._outcome

    @property
    def cycle_length(self) -> int:
        """Steps of the synchronous cycle the run ended in (2 for a 2-cycle), else 0."""
        return self._cycle_length

    def step(self, n: int = 1) -> np.ndarray:
        """n unit updates (async/sequential) or n whole-network steps (sync).

        Returns the energy after each update, float64, shorter than n if a fixed point or a
        cycle was detected (and empty once one has been: nothing would change at T = 0).
        """
        n = _check_int(n, "number of steps", 0, MAX_STEPS)
        if self._outcome != "running":
            return np.empty(0)
        if self._mode == "sync":
            return self._step_sync(n)
        return self._step_async(n)

    def sweep(self) -> np.ndarray:
        """One synchronous step, or the unit updates up to the end of the current sweep.

        Called at a sweep boundary (always, unless `step` was used in between) that is one full
        sweep of N updates. Returns the energies as `step` does.
        """
        if self._mode == "sync":
            return self.step(1)
        return self.step(self._s.size - self._position)

    def _step_async(self, n: int) -> np.ndarray:
        chunks, done, n_units = [], 0, self._s.size  # at most one sweep per chunk
        while done < n and self._outcome == "running":
            if self._position == 0:
                self._begin_sweep()
            count = min(n - done, n_units - self._position)
            units = self._order[self._position : self._position + count]
            noise = self._noise_rng.random(count) if self._temperature > 0 else _NO_NOISE
            chunks.append(np.empty(count))
            self._sweep_flips += self._field.run_async(
                self._s, units, noise, self._temperature, chunks[-1]
            )
            done += count
            self._position += count
            self._updates += count
            self._last_unit = int(units[-1])
            if self._position == n_units:
                self._end_sweep()
        return chunks[0] if len(chunks) == 1 else np.concatenate(chunks or [np.empty(0)])

    def _begin_sweep(self) -> None:
        if self._mode == "async":
            self._order = self._order_rng.permutation(self._s.size)
        else:
            self._order = self._sequence
        self._sweep_flips, self._sweep_clean = 0, self._temperature == 0.0

    def _end_sweep(self) -> None:
        self._position = 0
        if self._sweep_clean and self._sweep_flips == 0:
            self._outcome = "fixed_point"

    def _step_sync(self, n: int) -> np.ndarray:
        energies, n_units = np.empty(n), self._s.size
        for done in range(n):
            zero_temperature = self._temperature == 0.0
            noise = _NO_NOISE if zero_temperature else self._noise_rng.random(n_units)
            before = self._s.tobytes()
            flips = self._field.run_sync(self._s, noise, self._temperature)
            self._updates += n_units
            self._last_unit = -1
            energies[done] = self.energy
            if zero_temperature and flips == 0:
                self._outcome = "fixed_point"
            elif zero_temperature:
                self._history.append(before)
                self._detect_cycle()
            else:
                self._history.clear()
            if self._outcome != "running":
                return energies[: done + 1]
        return energies

    def _detect_cycle(self) -> None:
        """A state seen k steps ago (k >= 2, among the last MAX_CYCLE) closes a k-cycle."""
        now = self._s.tobytes()
        for back, earlier in enumerate(reversed(self._history), start=1):
            if back >= 2 and earlier == now:
                self._outcome = "two_cycle" if back == 2 else "cycle"
                self._cycle_length = back
                return
