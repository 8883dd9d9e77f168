"""What a lecturer does with the associative-memory lab, as test helpers: drag on the grid,
draw a letter, store letters, wait for a frame that reflects every command."""

from PySide6.QtCore import QPoint, Qt

from tests.gui import wait_for


def wait_until_current(qtbot, lab, timeout=5000):
    """Wait for a frame that reflects every command sent so far."""
    wait_for(qtbot, lab, lab.sim.is_current, timeout)


def centre(grid, row, col) -> QPoint:
    return grid.cell_rect(row, col).center().toPoint()


def drag(qtbot, grid, cells, button=Qt.MouseButton.LeftButton):
    """Press on the first cell, move through the others, release on the last."""
    qtbot.mousePress(grid, button, pos=centre(grid, *cells[0]))
    for cell in cells[1:]:
        qtbot.mouseMove(grid, centre(grid, *cell))
    qtbot.mouseRelease(grid, button, pos=centre(grid, *cells[-1]))


def draw_letter_t(qtbot, grid):
    rows, cols = grid.shape
    drag(qtbot, grid, [(2, 2), (2, cols - 3)])  # the bar
    drag(qtbot, grid, [(2, cols // 2), (rows - 3, cols // 2)])  # the stem


def store_letters(qtbot, lab, letters):
    lab.store_presets(letters)
    wait_for(qtbot, lab, lambda s: len(s.names) == len(letters))
