"""The grid-cell sheet (Burak & Fiete 2009) against SCIENCE.md section 6: a hexagonal lattice
forms from noise with the period the kernel selects, a constant velocity moves it at a speed
proportional to the velocity, and one neuron's rate map over a run is a hexagonal grid."""

import numpy as np
import pytest

from models.grid_cells import (
    GridCellSheet,
    LatticeTracker,
    calibrate_velocity,
    lattice_spacing,
    predicted_spacing,
)
from models.grid_maps import RateMap, gridness, random_path


def moved(sheet: GridCellSheet, velocity, duration: float = 0.2) -> np.ndarray:
    """How far (x, y) neurons the lattice of a copy of `sheet` moves in `duration` s."""
    probe = GridCellSheet(sheet.n, seed=1)
    probe.rates = sheet.rates
    tracker = LatticeTracker(probe.rates)
    for _ in range(int(round(duration / probe.dt / 10))):
        probe.step(10, velocity)
        tracker.update(probe.rates)
    return tracker.displacement


@pytest.fixture(scope="module")
def settled_128():
    sheet = GridCellSheet(128, seed=0)
    sheet.run(3.0)
    return sheet


def test_the_spectral_input_is_the_fft_convolution():
    exact = GridCellSheet(64, seed=3, method="fft", dtype=np.float64)
    exact.run(0.2)
    fast = GridCellSheet(64, seed=3)
    fast.rates = exact.rates
    difference = np.abs(fast.recurrent_input() - exact.recurrent_input()).max()
    assert difference < 1e-5 * np.abs(exact.recurrent_input()).max()


def test_random_rates_form_a_hexagonal_lattice_with_the_kernels_period():
    sheet = GridCellSheet(128, seed=0)
    assert sheet.rates.max() <= 0.1  # random rates in [0, 0.1]
    sheet.run(1.0)
    bumps = sheet.bump_positions()
    assert 50 <= len(bumps) <= 56  # about 53 bumps
    assert sheet.rates.max() == pytest.approx(0.46, abs=0.02)
    assert predicted_spacing() == pytest.approx(18.8, abs=0.1)
    assert sheet.lattice_spacing() == pytest.approx(predicted_spacing(), rel=0.03)
    # hexagonal: every bump has six neighbours at the lattice spacing
    n = sheet.n
    gaps = (bumps[:, None, :] - bumps[None, :, :] + n / 2) % n - n / 2
    distance = np.hypot(gaps[..., 0], gaps[..., 1])
    neighbours = ((distance > 0) & (distance < 1.2 * sheet.lattice_spacing())).sum(axis=1)
    assert np.median(neighbours) == 6


def test_with_the_papers_gamma_the_uniform_state_stays():
    sheet = GridCellSheet(64, seed=0, gamma_ratio=1.05)
    sheet.run(1.0)
    uniform = 1.0 / (1.0 - (np.pi / sheet.gamma - np.pi / sheet.beta))  # s = B + (sum W0) s
    assert uniform == pytest.approx(0.106, abs=0.001)
    assert np.ptp(sheet.rates) < 1e-3 and sheet.rates.mean() == pytest.approx(uniform, rel=0.01)
    assert len(sheet.bump_positions()) == 0


def test_speed_is_proportional_to_velocity_on_a_small_sheet():
    sheet = GridCellSheet(64, seed=0)
    sheet.run(2.0)
    assert np.hypot(*moved(sheet, (0.0, 0.0), 0.5)) < 0.02  # a settled lattice stays put
    along_x = [moved(sheet, (v, 0.0))[0] for v in (0.1, 0.4, 0.8)]
    assert along_x[1] / along_x[0] == pytest.approx(4.0, rel=0.05)
    assert along_x[2] / along_x[0] == pytest.approx(8.0, rel=0.05)
    backward, sideways = moved(sheet, (-0.4, 0.0)), moved(sheet, (0.0, 0.4))
    assert backward[0] == pytest.approx(-along_x[1], rel=0.02)  # moves along v
    assert sideways[1] == pytest.approx(along_x[1], rel=0.02)  # the same along y
    assert abs(sideways[0]) < 0.05 * sideways[1]


@pytest.mark.slow
def test_constant_velocity_moves_the_lattice_as_published(settled_128):
    assert np.hypot(*moved(settled_128, (0.0, 0.0), 1.0)) < 0.1  # stays put once settled
    for v, published in ((0.1, 0.79), (0.2, 1.58), (0.4, 3.15), (0.8, 6.37)):
        dx, dy = moved(settled_128, (v, 0.0))
        assert dx == pytest.approx(published, rel=0.04) and abs(dy) < 0.05 * dx
        dx, dy = moved(settled_128, (0.0, v))
        assert dy == pytest.approx(published, rel=0.04) and abs(dx) < 0.05 * dy


def test_calibration_measures_neurons_per_metre():
    sheet = GridCellSheet(64, seed=0)
    sheet.run(0.5)
    before = sheet.rates
    gain = calibrate_velocity(sheet)
    assert np.array_equal(sheet.rates, before)  # measured on copies
    assert gain[0, 0] == pytest.approx(gain[1, 1], rel=0.05)
    assert 38 < gain[0, 0] < 46 and abs(gain[0, 1]) < 3 and abs(gain[1, 0]) < 3


def test_velocity_per_step_is_the_same_as_a_constant_velocity():
    a, b = GridCellSheet(32, seed=2), GridCellSheet(32, seed=2)
    a.run(0.01, velocity=(0.3, -0.2))
    b.run(0.01, velocity=np.tile([0.3, -0.2], (20, 1)))
    assert np.array_equal(a.rates, b.rates) and a.time == pytest.approx(b.time)


def test_bad_arguments_are_refused_in_words():
    with pytest.raises(ValueError, match="even side"):
        GridCellSheet(63)
    sheet = GridCellSheet(32)
    with pytest.raises(ValueError, match="velocity"):
        sheet.run(0.01, velocity=np.zeros((3, 2)))
    with pytest.raises(ValueError, match="rates"):
        sheet.rates = -np.ones((32, 32))


def test_gridness_tells_a_hexagonal_map_from_a_square_one():
    y, x = np.mgrid[0:32, 0:32] / 32
    k = 4 * np.pi / (np.sqrt(3) * 0.4)
    hexagonal = sum(np.cos(k * (np.cos(a) * x + np.sin(a) * y)) for a in (0.2, 1.247, 2.294))
    square = np.cos(2 * np.pi * x / 0.4) + np.cos(2 * np.pi * y / 0.4)
    assert gridness(np.maximum(hexagonal, 0))[0] > 1.0
    assert gridness(np.maximum(square, 0))[0] < 0.0


def test_rate_map_bins_time_and_rate():
    rate_map = RateMap(box=1.0, bins=4)
    rate_map.add(np.array([[0.1, 0.1], [0.1, 0.1], [0.9, 0.1]]), np.array([1.0, 3.0, 5.0]))
    raw = rate_map.rates(smooth=False)
    assert raw[0, 0] == 2.0 and raw[0, 3] == 5.0 and np.isnan(raw[3, 3])
    assert rate_map.coverage() == pytest.approx(2 / 16)


@pytest.mark.slow
def test_a_path_integrated_rate_map_is_a_hexagonal_grid():
    """One neuron of a 64 x 64 sheet, 30 s of random running at 0.4 m/s in a 1 m box."""
    sheet = GridCellSheet(64, seed=0)
    sheet.run(1.0)
    positions, velocities = random_path(30.0, box=1.0, seed=1, speed=0.4)
    rate_map = RateMap(box=1.0, bins=20)
    for k in range(0, len(velocities), 20):
        sheet.run(20 * sheet.dt, velocities[k : k + 20])
        rate_map.add(positions[k + 19 : k + 20], np.array([sheet.rates[32, 32]]))
    score, _ = gridness(rate_map.rates())
    assert score > 0.3
    assert lattice_spacing(sheet.rates) == pytest.approx(17.75, rel=0.05)  # a 64-torus bends it


def test_the_tracker_follows_a_lattice_that_reorganises_after_it_started():
    # This 64 x 64 lattice first holds (2, 3), (-2, 3), (-3, 2), (3, 2); by 1.2 s (4, 0) has
    # replaced the (+-3, 2) pair. The tracker started at 0.5 s must move to the modes that win,
    # not read a dead mode's noisy phase (that made the still lattice "move" 40 neurons).
    sheet = GridCellSheet(64, seed=0)
    sheet.scramble()
    sheet.run(0.5)
    tracker = LatticeTracker(sheet.rates)
    assert sorted(tracker.modes.tolist()) == [[-3, 2], [-2, 3], [2, 3]]
    for _ in range(625):  # 2.5 s at rest
        sheet.step(8)
        tracker.update(sheet.rates)
    assert tracker.relocks >= 1
    assert sorted(tracker.modes.tolist()) == [[-2, 3], [2, 3], [4, 0]]
    assert np.hypot(*tracker.displacement) < 0.5  # neurons: it stayed put
