"""The lecturer draws on the pixel grid with the mouse, undoes, and watches a live state."""

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage

from widgets import palette
from widgets.pixel_grid import PixelGrid, pattern_image

LEFT, RIGHT = Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton


@pytest.fixture
def grid(qtbot):
    widget = PixelGrid(16, 16)
    qtbot.addWidget(widget)
    widget.resize(16 * 20 + 20, 16 * 20 + 20)  # 20 px cells, grid lines on
    return widget


def centre(grid: PixelGrid, row: int, col: int) -> QPoint:
    return grid.cell_rect(row, col).center().toPoint()


def drag(qtbot, grid: PixelGrid, cells: list[tuple[int, int]], button=LEFT) -> None:
    """Press on the first cell, move through the others, release on the last."""
    qtbot.mousePress(grid, button, pos=centre(grid, *cells[0]))
    for cell in cells[1:]:
        qtbot.mouseMove(grid, centre(grid, *cell))
    qtbot.mouseRelease(grid, button, pos=centre(grid, *cells[-1]))


def ink(grid: PixelGrid) -> np.ndarray:
    """(rows, cols) bool: where the drawing has ink."""
    return grid.pattern().reshape(grid.shape) > 0


def screen_colour(grid: PixelGrid, row: int, col: int, dx: float = 0.3, dy: float = 0.3) -> QColor:
    """The colour on screen inside a cell, away from grid lines and corner dots."""
    image = grid.grab().toImage()
    rect = grid.cell_rect(row, col)
    return image.pixelColor(
        int(rect.left() + dx * rect.width()), int(rect.top() + dy * rect.height())
    )


def test_a_fast_horizontal_stroke_inks_every_cell_between_press_and_release(qtbot, grid):
    with qtbot.waitSignal(grid.edited):
        drag(qtbot, grid, [(5, 1), (5, 14)])  # one big jump: the grid must fill the gap
    expected = np.zeros((16, 16), dtype=bool)
    expected[5, 1:15] = True
    np.testing.assert_array_equal(ink(grid), expected)
    assert grid.undo_stack.count() == 1


def test_a_diagonal_stroke_has_no_gaps(qtbot, grid):
    drag(qtbot, grid, [(0, 0), (15, 15)])
    assert all(ink(grid)[i, i] for i in range(16))
    # an 8-connected line: every row holds ink, and the stroke is thin
    assert ink(grid).any(axis=1).all()
    assert ink(grid).sum() <= 3 * 16


def test_right_drag_erases_and_each_stroke_is_one_undo_step(qtbot, grid):
    drag(qtbot, grid, [(2, 2), (2, 12)])
    drag(qtbot, grid, [(2, 5), (2, 8)], button=RIGHT)
    assert ink(grid)[2].tolist() == [c in (2, 3, 4, 9, 10, 11, 12) for c in range(16)]
    assert grid.undo_stack.count() == 2
    grid.undo()
    assert ink(grid)[2, 2:13].all()
    grid.undo()
    assert not ink(grid).any()
    grid.redo()
    grid.redo()
    assert ink(grid)[2].tolist() == [c in (2, 3, 4, 9, 10, 11, 12) for c in range(16)]


def test_a_big_brush_paints_a_square_centred_on_the_cursor(qtbot, grid):
    grid.brush_size = 3
    drag(qtbot, grid, [(8, 8)])
    expected = np.zeros((16, 16), dtype=bool)
    expected[7:10, 7:10] = True
    np.testing.assert_array_equal(ink(grid), expected)


def test_a_brush_at_the_edge_is_clipped_not_wrapped(qtbot, grid):
    grid.brush_size = 5
    drag(qtbot, grid, [(0, 0)])
    assert ink(grid)[:3, :3].all() and ink(grid).sum() == 9


def test_clicking_on_cells_that_already_hold_ink_makes_no_undo_step(qtbot, grid):
    drag(qtbot, grid, [(4, 4)])
    drag(qtbot, grid, [(4, 4)])
    assert grid.undo_stack.count() == 1


def test_noise_brush_flips_about_half_of_the_cells_it_touches(qtbot, grid):
    grid.set_shape(64, 64)
    grid.resize(64 * 8 + 20, 64 * 8 + 20)
    grid.paint_mode = "noise"
    grid.brush_size = 9
    # back and forth twice over the same band: each cell is decided once per stroke
    drag(qtbot, grid, [(32, 4), (32, 60), (32, 4), (32, 60)])
    flipped = ink(grid)
    assert not flipped[:27].any() and not flipped[37:].any()
    band = flipped[28:37, 8:57]
    assert 0.35 < band.mean() < 0.65
    grid.undo()
    assert not ink(grid).any()


def test_edit_operations_are_undoable_and_restore_exactly(qtbot, grid):
    drag(qtbot, grid, [(3, 3), (3, 9)])
    drawn = grid.pattern()
    grid.invert()
    np.testing.assert_array_equal(grid.pattern(), -drawn)
    grid.shift(2, -3)
    np.testing.assert_array_equal(
        grid.pattern().reshape(16, 16), np.roll(-drawn.reshape(16, 16), (2, -3), (0, 1))
    )
    grid.randomize(seed=7)
    grid.clear()
    assert not ink(grid).any()
    for _ in range(4):
        grid.undo()
    np.testing.assert_array_equal(grid.pattern(), drawn)
    for _ in range(4):
        grid.redo()
    assert not ink(grid).any()


def test_randomize_with_a_seed_is_reproducible(qtbot, grid):
    grid.randomize(seed=3)
    first = grid.pattern()
    grid.randomize(seed=3)
    np.testing.assert_array_equal(grid.pattern(), first)
    assert 0.3 < (first > 0).mean() < 0.7


def test_set_pattern_accepts_flat_or_square_and_checks_it(qtbot, grid):
    flat = np.where(np.arange(256) % 3 == 0, 1, -1)
    with qtbot.waitSignal(grid.edited):
        grid.set_pattern(flat)
    assert grid.pattern().dtype == np.int8
    np.testing.assert_array_equal(grid.pattern(), flat)
    grid.set_pattern(-flat.reshape(16, 16))
    np.testing.assert_array_equal(grid.pattern(), -flat)
    grid.undo()
    np.testing.assert_array_equal(grid.pattern(), flat)
    for bad in (np.ones(255), np.ones((8, 32)), np.zeros(256), np.full(256, 2)):
        with pytest.raises(ValueError):
            grid.set_pattern(bad)


def test_set_pattern_without_undo_is_a_fresh_start(qtbot, grid):
    drag(qtbot, grid, [(1, 1)])
    grid.set_pattern(np.ones(256), undoable=False)
    assert grid.undo_stack.count() == 0 and ink(grid).all()


def test_pattern_is_a_copy(qtbot, grid):
    grid.pattern()[:] = 1
    assert not ink(grid).any()


def test_set_shape_clears_and_checks_the_size(qtbot, grid):
    grid.invert()
    grid.set_shape(5, 128)
    assert grid.shape == (5, 128)
    assert grid.pattern().shape == (640,) and (grid.pattern() == -1).all()
    assert grid.undo_stack.count() == 0
    for rows, cols in ((4, 10), (10, 129), (0, 0)):
        with pytest.raises(ValueError):
            grid.set_shape(rows, cols)


def test_brush_and_mode_are_checked(qtbot, grid):
    with pytest.raises(ValueError):
        grid.brush_size = 10
    with pytest.raises(ValueError):
        grid.brush_size = 0
    with pytest.raises(ValueError):
        grid.paint_mode = "spray"


def test_ink_and_paper_use_the_palette_with_square_centred_cells(qtbot, grid):
    grid.resize(600, 400)
    drag(qtbot, grid, [(0, 0)])
    rect = grid.cells_rect()
    assert rect.width() == rect.height() == 16 * grid.cell_size()
    assert abs(rect.center().x() - 300) <= 1 and abs(rect.center().y() - 200) <= 1
    assert screen_colour(grid, 0, 0) == palette.INK
    assert screen_colour(grid, 0, 1) == palette.PAPER


def test_live_view_shows_the_state_and_blocks_painting_then_returns(qtbot, grid):
    drag(qtbot, grid, [(1, 1), (1, 5)])
    drawing = grid.pattern()
    state = -np.ones(256, dtype=np.int8)
    state[8 * 16 + 8] = 1
    edits = []
    grid.edited.connect(lambda: edits.append(1))
    grid.show_state(state)
    assert grid.live
    assert screen_colour(grid, 8, 8) == palette.INK
    assert screen_colour(grid, 1, 1) == palette.PAPER
    drag(qtbot, grid, [(12, 1), (12, 10)])  # ignored while live
    assert edits == [] and grid.undo_stack.count() == 1
    grid.end_live()
    assert not grid.live
    np.testing.assert_array_equal(grid.pattern(), drawing)
    assert screen_colour(grid, 1, 1) == palette.INK
    assert screen_colour(grid, 8, 8) == palette.PAPER


def test_live_view_marks_the_updated_unit_and_dots_what_changed(qtbot, grid):
    cue = -np.ones(256, dtype=np.int8)
    state = cue.copy()
    state[[3 * 16 + 4, 10 * 16 + 10]] = 1  # two units the network switched on
    grid.show_state(state, marked_unit=12 * 16 + 2, cue=cue)
    image = grid.grab().toImage()

    def count(colour: QColor, row: int, col: int) -> int:
        rect = grid.cell_rect(row, col).toRect()
        return sum(
            image.pixelColor(x, y) == colour
            for x in range(rect.left(), rect.right() + 1)
            for y in range(rect.top(), rect.bottom() + 1)
        )

    assert count(palette.CURRENT, 3, 4) > 0 and count(palette.CURRENT, 10, 10) > 0
    assert count(palette.CURRENT, 5, 5) == 0
    mark_rect = grid.cell_rect(12, 2)
    edge = QPoint(int(mark_rect.left()) - 2, int(mark_rect.center().y()))
    assert image.pixelColor(edge) == palette.UPDATE_MARK
    assert count(palette.UPDATE_MARK, 3, 4) == 0


def test_live_view_rejects_wrong_sizes(qtbot, grid):
    with pytest.raises(ValueError):
        grid.show_state(np.ones(100))
    with pytest.raises(ValueError):
        grid.show_state(np.ones(256), marked_unit=256)
    with pytest.raises(ValueError):
        grid.show_state(np.ones(256), cue=np.ones(10))
    assert not grid.live


def test_frame_colour_draws_a_frame_round_the_cells(qtbot, grid):
    grid.set_frame_color(palette.CUE)
    rect = grid.cells_rect()
    image = grid.grab().toImage()
    assert image.pixelColor(int(rect.left()) - 2, int(rect.center().y())) == palette.CUE
    grid.set_frame_color(None)
    image = grid.grab().toImage()
    assert image.pixelColor(int(rect.left()) - 2, int(rect.center().y())) != palette.CUE


def test_grid_lines_only_when_cells_are_big(qtbot, grid):
    grid.set_shape(128, 128)
    grid.resize(128 * 4 + 10, 128 * 4 + 10)  # 4 px cells: no lines
    assert grid.cell_size() == 4
    image = grid.grab().toImage()
    rect = grid.cells_rect()
    line = [image.pixelColor(int(rect.left()) + x, int(rect.top()) + 4) for x in range(40)]
    assert palette.GRID_LINE not in line


def test_size_hints_fit_the_shape(qtbot, grid):
    for rows, cols in ((5, 5), (16, 16), (128, 128), (10, 40)):
        grid.set_shape(rows, cols)
        hint, minimum = grid.sizeHint(), grid.minimumSizeHint()
        assert 100 <= hint.width() <= 1000 and 100 <= minimum.width() <= hint.width()
        assert hint.width() * rows >= 0.9 * hint.height() * cols  # roughly the grid's aspect


def test_pattern_image_has_one_pixel_per_cell():
    image = pattern_image(np.array([[1, -1, -1], [-1, 1, 1]]))
    assert (image.width(), image.height()) == (3, 2)
    assert image.format() == QImage.Format.Format_RGB32
    assert image.pixelColor(0, 0) == palette.INK and image.pixelColor(1, 0) == palette.PAPER


def test_a_128_grid_shows_every_live_state_it_is_given(qtbot, grid):
    grid.set_shape(128, 128)
    grid.resize(900, 900)
    rng = np.random.default_rng(0)
    states = np.where(rng.random((5, 128 * 128)) < 0.5, 1, -1).astype(np.int8)
    for i, state in enumerate(states):
        grid.show_state(state, marked_unit=i, cue=states[0])
        grid.grab()
        assert np.array_equal(grid.displayed_state(), state)


def test_undo_and_redo_tell_the_app_the_drawing_changed(qtbot, grid):
    drag(qtbot, grid, [(1, 1)])
    with qtbot.waitSignal(grid.edited):
        grid.undo()
    with qtbot.waitSignal(grid.edited):
        grid.redo()
    assert ink(grid)[1, 1]


def test_undo_pressed_mid_stroke_ends_the_stroke(qtbot, grid):
    drag(qtbot, grid, [(1, 1), (1, 5)])
    qtbot.mousePress(grid, LEFT, pos=centre(grid, 5, 5))
    qtbot.mouseMove(grid, centre(grid, 5, 8))
    grid.undo()  # Ctrl+Z while the button is still down
    qtbot.mouseMove(grid, centre(grid, 5, 12))
    qtbot.mouseRelease(grid, LEFT, pos=centre(grid, 5, 12))
    assert not ink(grid).any()
    grid.redo()
    assert ink(grid)[1, 1:6].all() and ink(grid).sum() == 5


def test_a_second_button_during_a_stroke_is_ignored(qtbot, grid):
    qtbot.mousePress(grid, LEFT, pos=centre(grid, 3, 3))
    qtbot.mousePress(grid, RIGHT, pos=centre(grid, 3, 6))
    qtbot.mouseRelease(grid, RIGHT, pos=centre(grid, 3, 6))
    qtbot.mouseMove(grid, centre(grid, 3, 9))
    qtbot.mouseRelease(grid, LEFT, pos=centre(grid, 3, 9))
    assert ink(grid)[3, 3:10].all() and grid.undo_stack.count() == 1


def test_going_live_mid_stroke_keeps_what_was_drawn(qtbot, grid):
    qtbot.mousePress(grid, LEFT, pos=centre(grid, 2, 2))
    qtbot.mouseMove(grid, centre(grid, 2, 6))
    grid.show_state(np.ones(256))
    qtbot.mouseRelease(grid, LEFT, pos=centre(grid, 2, 6))
    grid.end_live()
    assert ink(grid)[2, 2:7].all() and grid.undo_stack.count() == 1


def test_displayed_state_is_what_is_on_screen(qtbot, grid):
    drag(qtbot, grid, [(0, 0)])
    np.testing.assert_array_equal(grid.displayed_state(), grid.pattern())
    state = np.linspace(-1, 1, 256)  # any numbers: > 0 is ink
    grid.show_state(state)
    np.testing.assert_array_equal(grid.displayed_state(), np.where(state > 0, 1, -1))
    grid.end_live()
    np.testing.assert_array_equal(grid.displayed_state(), grid.pattern())


def test_randomize_wired_to_a_qaction_is_still_random(qtbot, grid):
    from PySide6.QtGui import QAction

    action = QAction("Random", grid)
    action.triggered.connect(grid.randomize)  # PySide passes checked=False as the seed
    action.trigger()
    first = grid.pattern()
    action.trigger()
    assert not np.array_equal(grid.pattern(), first)


def test_painting_is_true_only_while_a_stroke_is_under_way(qtbot, grid):
    """The app must not replace the drawing from outside mid-stroke: the grid says when."""
    assert not grid.painting
    qtbot.mousePress(grid, LEFT, pos=centre(grid, 2, 2))
    qtbot.mouseMove(grid, centre(grid, 2, 6))
    assert grid.painting
    qtbot.mouseRelease(grid, LEFT, pos=centre(grid, 2, 6))
    assert not grid.painting and ink(grid)[2, 2:7].all()
    grid.show_state(np.ones(256))  # a live view is never painted on
    qtbot.mousePress(grid, LEFT, pos=centre(grid, 8, 8))
    assert not grid.painting
    qtbot.mouseRelease(grid, LEFT, pos=centre(grid, 8, 8))


def test_live_view_draws_a_continuous_state_as_grey_levels(qtbot, grid):
    state = np.zeros(256)
    state[0], state[1], state[2] = 1.0, -1.0, 0.5
    grid.show_state(state, grey=True)
    assert screen_colour(grid, 0, 0) == palette.INK
    assert screen_colour(grid, 0, 1) == palette.PAPER
    half, three_quarters = screen_colour(grid, 0, 3), screen_colour(grid, 0, 2)
    for channel in ("red", "green", "blue"):
        ink, paper = getattr(palette.INK, channel)(), getattr(palette.PAPER, channel)()
        assert abs(getattr(half, channel)() - (ink + paper) / 2) <= 1
        assert abs(getattr(three_quarters, channel)() - (3 * ink + paper) / 4) <= 1
    np.testing.assert_array_equal(grid.displayed_state(), np.where(state > 0, 1, -1))
    grid.show_state(state)  # without grey: > 0 is ink, as before
    assert screen_colour(grid, 0, 2) == palette.INK and screen_colour(grid, 0, 3) == palette.PAPER
