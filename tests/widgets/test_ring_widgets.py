"""The head-direction lab's two views, driven like a student at the projector would.

Angles are in the maths convention: 0 = east, counter-clockwise positive (screen up is +90 deg).
"""

import math

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QFocusEvent, QImage, QKeyEvent
from PySide6.QtWidgets import QApplication

from widgets import palette
from widgets.animal_view import ACTIVITY_RING, LANDMARK_RADIUS, AnimalView
from widgets.ring_view import RateColorMap, RingView, wrap_angle


# ----------------------------------------------------------------------------- helpers
def bump(n: int, centre: float, peak: float = 40.0) -> np.ndarray:
    """Zhang's target bump A + B exp(K (cos(theta - centre) - 1)), A = 1 Hz, K = 8."""
    theta = 2 * np.pi * np.arange(n) / n
    return 1.0 + (peak - 1.0) * np.exp(8.0 * (np.cos(theta - centre) - 1.0))


def pixel(point: QPointF) -> QPoint:
    return QPoint(round(point.x()), round(point.y()))


def colour_at(image: QImage, point: QPointF) -> QColor:
    return image.pixelColor(pixel(point))


def near(colour: QColor, target: QColor, tolerance: int = 45) -> bool:
    return all(
        abs(a - b) <= tolerance
        for a, b in zip(colour.getRgb()[:3], target.getRgb()[:3], strict=True)
    )


def brightness(colour: QColor) -> float:
    return colour.redF() + colour.greenF() + colour.blueF()


def angle_error_deg(a: float, b: float) -> float:
    return abs(math.degrees(wrap_angle(a - b)))


@pytest.fixture
def ring(qtbot) -> RingView:
    view = RingView()
    qtbot.addWidget(view)
    view.resize(520, 440)
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.fixture
def animal(qtbot) -> AnimalView:
    view = AnimalView()
    qtbot.addWidget(view)
    view.resize(460, 520)
    view.show()
    qtbot.waitExposed(view)
    return view


ANGLES_DEG = (0.0, 45.0, 90.0, 150.0, 180.0, -120.0, -60.0)


# ----------------------------------------------------------------------------- ring view: mouse
def test_clicking_on_the_ring_asks_for_a_cue_at_that_angle(qtbot, ring):
    for degrees in ANGLES_DEG:
        target = math.radians(degrees)
        with qtbot.waitSignal(ring.cue_requested, timeout=1000) as requested:
            qtbot.mousePress(ring, Qt.MouseButton.LeftButton, pos=pixel(ring.ring_point(target)))
        assert angle_error_deg(requested.args[0], target) < 2.0
        with qtbot.waitSignal(ring.cue_released, timeout=1000):
            qtbot.mouseRelease(ring, Qt.MouseButton.LeftButton, pos=pixel(ring.ring_point(target)))


def test_dragging_round_the_ring_moves_the_cue_continuously(qtbot, ring):
    angles: list[float] = []
    ring.cue_requested.connect(angles.append)
    released: list[bool] = []
    ring.cue_released.connect(lambda: released.append(True))
    path = [math.radians(d) for d in range(30, 181, 15)]
    qtbot.mousePress(ring, Qt.MouseButton.LeftButton, pos=pixel(ring.ring_point(path[0])))
    for angle in path[1:]:
        # a little inside the ring: the drag need not stay exactly on it
        qtbot.mouseMove(ring, pos=pixel(ring.ring_point(angle, 0.9)))
    assert not released, "no release while the button is held"
    qtbot.mouseRelease(ring, Qt.MouseButton.LeftButton, pos=pixel(ring.ring_point(path[-1])))
    assert len(angles) == len(path)
    for got, want in zip(angles, path, strict=True):
        assert angle_error_deg(got, want) < 2.0
    assert released == [True]


def test_a_click_in_the_middle_or_far_outside_places_no_cue(qtbot, ring):
    requested: list[float] = []
    ring.cue_requested.connect(requested.append)
    for spot in (ring.ring_point(0.0, 0.0), ring.ring_point(1.0, 0.2), QPointF(2, 2)):
        qtbot.mouseClick(ring, Qt.MouseButton.LeftButton, pos=pixel(spot))
    assert requested == []


def test_ring_tooltip_says_how_to_place_the_cue(ring):
    tip = ring.toolTip().lower()
    assert "drag" in tip and "cue" in tip and "hz" in tip


def screen_compass(centre: QPointF, east: QPointF) -> dict[str, QPointF]:
    """North/east/south/west pixels worked out here, independent of the widgets' own maths."""
    r = east.x() - centre.x()
    return {
        "east": QPointF(centre.x() + r, centre.y()),
        "north": QPointF(centre.x(), centre.y() - r),  # screen up: Qt's y grows downwards
        "west": QPointF(centre.x() - r, centre.y()),
        "south": QPointF(centre.x(), centre.y() + r),
    }


COMPASS_DEG = {"east": 0.0, "north": 90.0, "west": 180.0, "south": -90.0}


def test_ring_angles_are_maths_angles_on_screen(qtbot, ring):
    compass = screen_compass(ring.ring_point(0.0, 0.0), ring.ring_point(0.0))
    for name, spot in compass.items():
        with qtbot.waitSignal(ring.cue_requested, timeout=1000) as requested:
            qtbot.mousePress(ring, Qt.MouseButton.LeftButton, pos=pixel(spot))
        qtbot.mouseRelease(ring, Qt.MouseButton.LeftButton, pos=pixel(spot))
        assert angle_error_deg(requested.args[0], math.radians(COMPASS_DEG[name])) < 1.0
    up = math.radians(90.0)
    ring.set_state(bump(64, up), up, 1.0)
    image = ring.grab().toImage()
    assert brightness(colour_at(image, compass["north"])) > 2.0
    assert brightness(colour_at(image, compass["south"])) < 0.3
    centre = ring.ring_point(0.0, 0.0)
    above = QPointF(centre.x(), centre.y() - 0.4 * (compass["east"].x() - centre.x()))
    assert near(colour_at(image, above), palette.DECODED_HEADING)


# ----------------------------------------------------------------------------- ring view: drawing
@pytest.mark.parametrize("n", [16, 64, 256, 257, 1024, 4096])
def test_bright_neurons_sit_at_the_bump_for_any_ring_size(ring, n):
    centre = math.radians(90.0)  # a neuron's preferred direction for every N divisible by 4
    ring.set_state(bump(n, centre), centre, 0.8)
    image = ring.grab().toImage()
    at_bump = colour_at(image, ring.ring_point(centre))
    opposite = colour_at(image, ring.ring_point(centre + math.pi))
    assert brightness(at_bump) > 2.0, "a 40 Hz neuron is drawn near the top of the colour map"
    assert brightness(opposite) < 0.3, "a 1 Hz neuron is drawn dark"


def test_the_ring_size_can_change_between_frames(ring):
    for n in (16, 4096, 100, 1024, 16):
        ring.set_state(bump(n, 1.0), 1.0, 0.5)
        ring.grab()


@pytest.mark.parametrize("degrees", ANGLES_DEG)
def test_red_needle_points_at_the_decoded_heading(ring, degrees):
    decoded = math.radians(degrees)
    ring.set_state(bump(64, decoded), decoded, 1.0)
    image = ring.grab().toImage()
    for fraction in (0.15, 0.3, 0.45, 0.6):
        assert near(colour_at(image, ring.ring_point(decoded, fraction)), palette.DECODED_HEADING)
    for off in (math.pi / 2, math.pi, -math.pi / 2):
        spot = ring.ring_point(decoded + off, 0.4)
        assert not near(colour_at(image, spot), palette.DECODED_HEADING)


def test_needle_length_shows_bump_strength(ring):
    decoded = math.radians(30.0)
    ring.set_state(bump(64, decoded), decoded, 0.3)
    image = ring.grab().toImage()
    assert near(colour_at(image, ring.ring_point(decoded, 0.12)), palette.DECODED_HEADING)
    assert not near(colour_at(image, ring.ring_point(decoded, 0.5)), palette.DECODED_HEADING)


def test_true_heading_is_blue_and_the_cue_an_orange_triangle_outside(ring):
    ring.set_state(bump(64, 0.0), 0.0, 0.9)
    true_heading, cue = math.radians(120.0), math.radians(-100.0)
    ring.set_true_heading(true_heading)
    ring.set_cue(cue)
    image = ring.grab().toImage()
    assert near(colour_at(image, ring.ring_point(true_heading, 0.45)), palette.TRUE_HEADING)
    assert near(colour_at(image, ring.ring_point(cue, 1.15)), palette.CUE)
    ring.set_true_heading(None)
    ring.set_cue(None)
    image = ring.grab().toImage()
    assert not near(colour_at(image, ring.ring_point(true_heading, 0.45)), palette.TRUE_HEADING)
    assert not near(colour_at(image, ring.ring_point(cue, 1.15)), palette.CUE)


def test_rate_range_fixes_the_colour_levels(ring):
    quiet = np.full(64, 20.0)
    ring.set_state(quiet, 0.0, 0.0)
    half_bright = brightness(colour_at(ring.grab().toImage(), ring.ring_point(2.0)))
    ring.set_rate_range(0.0, 20.0)
    ring.set_state(quiet, 0.0, 0.0)
    full_bright = brightness(colour_at(ring.grab().toImage(), ring.ring_point(2.0)))
    assert full_bright > half_bright + 0.5
    with pytest.raises(ValueError):
        ring.set_rate_range(40.0, 0.0)


def test_colour_map_treats_nan_as_silent_and_clips_high_rates():
    cmap = RateColorMap()
    colours = cmap.colors(np.array([np.nan, -5.0, 0.0, 40.0, 1e9]))
    assert colours[0] == colours[1] == colours[2] == cmap.color_at(0.0)
    assert colours[3] == colours[4] == cmap.color_at(1.0)


# ----------------------------------------------------------------------------- animal view: input
def test_dragging_the_animal_turns_it_towards_the_cursor(qtbot, animal):
    angles: list[float] = []
    animal.heading_dragged.connect(angles.append)
    path = [math.radians(d) for d in (10, 40, 80, 130, 200, 300)]
    qtbot.mousePress(animal, Qt.MouseButton.LeftButton, pos=pixel(animal.arena_point(path[0], 0.3)))
    for angle in path[1:]:
        qtbot.mouseMove(animal, pos=pixel(animal.arena_point(angle, 0.95)))
    with qtbot.waitSignal(animal.drag_finished, timeout=1000):
        qtbot.mouseRelease(
            animal, Qt.MouseButton.LeftButton, pos=pixel(animal.arena_point(0, 0.95))
        )
    assert len(angles) == len(path)
    for got, want in zip(angles, path, strict=True):
        assert angle_error_deg(got, want) < 2.0


def test_moving_the_mouse_without_a_button_does_nothing(qtbot, animal):
    angles: list[float] = []
    animal.heading_dragged.connect(angles.append)
    qtbot.mouseMove(animal, pos=pixel(animal.arena_point(1.0, 0.5)))
    assert angles == []


def test_arrow_keys_steer_left_and_right(qtbot, animal):
    assert animal.focusPolicy() == Qt.FocusPolicy.StrongFocus
    steering: list[int] = []
    animal.steer.connect(steering.append)
    qtbot.keyPress(animal, Qt.Key.Key_Left)
    qtbot.keyRelease(animal, Qt.Key.Key_Left)
    qtbot.keyPress(animal, Qt.Key.Key_Right)
    qtbot.keyRelease(animal, Qt.Key.Key_Right)
    assert steering == [+1, 0, -1, 0]  # +1 = counter-clockwise = turn left


def test_the_last_arrow_key_pressed_wins_and_auto_repeat_is_ignored(qtbot, animal):
    steering: list[int] = []
    animal.steer.connect(steering.append)
    qtbot.keyPress(animal, Qt.Key.Key_Left)
    repeat = QKeyEvent(
        QEvent.Type.KeyPress, Qt.Key.Key_Left, Qt.KeyboardModifier.NoModifier, "", True
    )
    QApplication.sendEvent(animal, repeat)
    qtbot.keyPress(animal, Qt.Key.Key_Right)
    qtbot.keyRelease(animal, Qt.Key.Key_Right)
    qtbot.keyRelease(animal, Qt.Key.Key_Left)
    assert steering == [+1, -1, +1, 0]


def test_losing_focus_stops_the_turn(qtbot, animal):
    steering: list[int] = []
    animal.steer.connect(steering.append)
    qtbot.keyPress(animal, Qt.Key.Key_Right)
    QApplication.sendEvent(animal, QFocusEvent(QEvent.Type.FocusOut))
    assert steering == [-1, 0]


def test_animal_tooltip_explains_drag_and_keys(animal):
    tip = animal.toolTip().lower()
    assert "drag" in tip and "left" in tip and "right" in tip


# ----------------------------------------------------------------------------- animal view: drawing
def test_animal_angles_are_maths_angles_on_screen(qtbot, animal):
    compass = screen_compass(animal.arena_point(0.0, 0.0), animal.arena_point(0.0, 0.5))
    for name, spot in compass.items():
        with qtbot.waitSignal(animal.heading_dragged, timeout=1000) as dragged:
            qtbot.mousePress(animal, Qt.MouseButton.LeftButton, pos=pixel(spot))
        qtbot.mouseRelease(animal, Qt.MouseButton.LeftButton, pos=pixel(spot))
        assert angle_error_deg(dragged.args[0], math.radians(COMPASS_DEG[name])) < 1.0
    animal.set_headings(math.radians(90.0), math.radians(180.0))
    image = animal.grab().toImage()
    assert near(colour_at(image, compass["north"]), palette.TRUE_HEADING)
    assert near(colour_at(image, compass["west"]), palette.DECODED_HEADING)


def test_blue_and_red_arrows_point_at_true_and_decoded_headings(animal):
    true_heading, decoded = math.radians(100.0), math.radians(10.0)
    animal.set_headings(true_heading, decoded)
    image = animal.grab().toImage()
    for fraction in (0.4, 0.45, 0.5):  # beyond the animal's nose, inside the activity ring
        assert near(
            colour_at(image, animal.arena_point(true_heading, fraction)), palette.TRUE_HEADING
        )
        assert near(
            colour_at(image, animal.arena_point(decoded, fraction)), palette.DECODED_HEADING
        )
    assert animal.heading_error_deg == pytest.approx(-90.0)


def test_the_animal_faces_its_true_heading(animal):
    # its eyes sit 0.22 arena radii out, 11.8 deg either side of where it looks
    for degrees in (30.0, -150.0):
        animal.set_headings(math.radians(degrees), None)
        image = animal.grab().toImage()
        for side in (-11.8, 11.8):
            eye = animal.arena_point(math.radians(degrees + side), 0.2206)
            assert brightness(colour_at(image, eye)) < 0.5
            mirrored = animal.arena_point(math.radians(-degrees + side), 0.2206)
            assert brightness(colour_at(image, mirrored)) > 1.0


def test_heading_error_wraps_round_the_circle(animal):
    animal.set_headings(math.radians(170.0), math.radians(-170.0))
    assert animal.heading_error_deg == pytest.approx(20.0)
    animal.set_headings(0.3, None)
    assert animal.heading_error_deg is None


@pytest.mark.parametrize("n", [16, 1024])
def test_activity_ring_is_bright_where_the_bump_is(animal, n):
    centre = math.radians(-135.0)
    animal.set_rates(bump(n, centre))
    image = animal.grab().toImage()
    middle = sum(ACTIVITY_RING) / 2
    assert brightness(colour_at(image, animal.arena_point(centre, middle))) > 2.0
    assert brightness(colour_at(image, animal.arena_point(centre + math.pi, middle))) < 0.3


def test_a_single_active_wedge_is_centred_on_its_neuron(animal):
    rates = np.zeros(16)
    rates[3] = 40.0  # neuron 3 prefers 3 * 22.5 = 67.5 deg
    animal.set_rates(rates)
    image = animal.grab().toImage()
    middle = sum(ACTIVITY_RING) / 2
    for offset_deg in (-9.0, 0.0, 9.0):  # inside its 22.5 deg wedge
        spot = animal.arena_point(math.radians(67.5 + offset_deg), middle)
        assert brightness(colour_at(image, spot)) > 2.0
    for offset_deg in (-14.0, 14.0):  # the neighbours' wedges are dark
        spot = animal.arena_point(math.radians(67.5 + offset_deg), middle)
        assert brightness(colour_at(image, spot)) < 0.3


def test_lights_off_darkens_the_scene_and_hides_the_sun(animal):
    sun = math.radians(45.0)
    animal.set_landmark(sun, True)
    image = animal.grab().toImage()
    assert near(colour_at(image, animal.arena_point(sun, LANDMARK_RADIUS)), palette.LANDMARK)
    assert brightness(image.pixelColor(1, animal.height() - 2)) > 2.5
    animal.set_landmark(sun, False)
    image = animal.grab().toImage()
    assert not near(colour_at(image, animal.arena_point(sun, LANDMARK_RADIUS)), palette.LANDMARK)
    assert brightness(image.pixelColor(1, animal.height() - 2)) < 0.5


def test_animal_view_accepts_any_ring_size_and_no_landmark(animal):
    animal.set_landmark(None, True)
    for n in (16, 4096, 64, 1024):
        animal.set_rates(bump(n, 0.5))
        animal.set_headings(0.5, 0.6)
        animal.grab()
