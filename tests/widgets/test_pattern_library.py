"""The memory library: thumbnails of what is stored, picked with the mouse and the keyboard."""

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget

from widgets import palette
from widgets.pattern_library import EMPTY_TEXT, PatternLibrary, thumbnail

SHAPE = (8, 8)


def three_memories() -> np.ndarray:
    """(3, 64): a top bar, a left bar, a diagonal."""
    cells = -np.ones((3, 8, 8), dtype=np.int8)
    cells[0, 0, :] = 1
    cells[1, :, 0] = 1
    cells[2][np.eye(8, dtype=bool)] = 1
    return cells.reshape(3, 64)


@pytest.fixture
def library(qtbot):
    # Shown inside a plain host window: the offscreen platform warns when a shown top-level
    # window's size constraints change, and the library's layout changes them.
    host = QWidget()
    qtbot.addWidget(host)
    host.resize(600, 300)
    widget = PatternLibrary(host)
    widget.setGeometry(0, 0, 600, 300)
    host.show()
    qtbot.waitExposed(host)
    widget.set_patterns(three_memories(), SHAPE, ["top", "left", "diagonal"])
    yield widget  # the host stays referenced (and alive) until the test ends


def click_item(qtbot, library: PatternLibrary, row: int, double: bool = False, modifier=None):
    view = library.list_widget
    centre = library.item_rect(row).center()
    keys = modifier or Qt.KeyboardModifier.NoModifier
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, keys, centre)
    if double:  # QTest sends only the double-click event: a person clicks first
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, keys, centre)


def shown_text(library: PatternLibrary, row: int) -> str:
    """The text under a thumbnail, as the view draws it."""
    return library.list_widget.model().index(row, 0).data(Qt.ItemDataRole.DisplayRole)


def test_empty_library_says_what_to_do(qtbot):
    library = PatternLibrary()
    qtbot.addWidget(library)
    assert library.empty_label.text() == EMPTY_TEXT
    assert library._pages.currentWidget() is library.empty_label
    assert not library.cue_button.isEnabled() and not library.remove_button.isEnabled()
    library.set_patterns(three_memories(), SHAPE)
    assert library._pages.currentWidget() is library.list_widget
    assert library.names() == ["Memory 1", "Memory 2", "Memory 3"]
    assert [shown_text(library, i) for i in range(3)] == library.names()
    library.set_patterns(np.zeros((0, 64)), SHAPE, [])
    assert library._pages.currentWidget() is library.empty_label


def test_thumbnails_show_names_and_big_icons(qtbot, library):
    view = library.list_widget
    assert [shown_text(library, i) for i in range(library.count())] == ["top", "left", "diagonal"]
    assert view.iconSize().width() >= 64
    model = view.model()
    assert all(model.index(i, 0).data(Qt.ItemDataRole.ToolTipRole) for i in range(3))
    assert library.cue_button.toolTip() and library.remove_button.toolTip()


def test_thumbnail_draws_ink_paper_and_a_stored_frame():
    cells = -np.ones((8, 8), dtype=np.int8)
    cells[0, :] = 1
    image = thumbnail(cells, 96).toImage()
    # 8 cells of 11 px in a 96 px square: the picture spans 88 px, centred
    assert image.pixelColor(48, 10) == palette.INK  # top row of cells
    assert image.pixelColor(48, 60) == palette.PAPER
    assert image.pixelColor(48, 2) == palette.STORED  # frame above the picture
    assert image.pixelColor(2, 48) == palette.STORED


def test_click_selects_and_the_buttons_follow(qtbot, library):
    with qtbot.waitSignal(library.selection_changed) as blocker:
        click_item(qtbot, library, 1)
    assert blocker.args == [[1]]
    assert library.selected() == [1]
    assert library.cue_button.isEnabled() and library.remove_button.isEnabled()
    click_item(qtbot, library, 2, modifier=Qt.KeyboardModifier.ControlModifier)
    assert library.selected() == [1, 2]
    assert not library.cue_button.isEnabled() and library.remove_button.isEnabled()


def test_double_click_asks_to_use_the_memory_as_cue(qtbot, library):
    with qtbot.waitSignal(library.cue_requested) as blocker:
        click_item(qtbot, library, 2, double=True)
    assert blocker.args == [2]


def test_use_as_cue_button(qtbot, library):
    click_item(qtbot, library, 0)
    with qtbot.waitSignal(library.cue_requested) as blocker:
        qtbot.mouseClick(library.cue_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [0]


def test_enter_key_uses_the_selected_memory_as_cue(qtbot, library):
    click_item(qtbot, library, 1)
    with qtbot.waitSignal(library.cue_requested) as blocker:
        qtbot.keyClick(library.list_widget, Qt.Key.Key_Return)
    assert blocker.args == [1]


def test_delete_key_removes_the_selected_memory(qtbot, library):
    click_item(qtbot, library, 1)
    with qtbot.waitSignal(library.remove_requested) as blocker:
        qtbot.keyClick(library.list_widget, Qt.Key.Key_Delete)
    assert blocker.args == [1]
    with qtbot.waitSignal(library.remove_requested) as blocker:  # Backspace on a Mac keyboard
        qtbot.keyClick(library, Qt.Key.Key_Backspace)
    assert blocker.args == [1]


def test_delete_with_nothing_selected_does_nothing(qtbot, library):
    removed = []
    library.remove_requested.connect(removed.append)
    qtbot.keyClick(library.list_widget, Qt.Key.Key_Delete)
    assert removed == []


def test_removing_several_goes_from_the_last_so_indices_stay_valid(qtbot, library):
    memories = list(three_memories())
    names = ["top", "left", "diagonal"]

    def forget(index: int) -> None:  # what the application does: remove and show the rest
        del memories[index], names[index]
        library.set_patterns(np.array(memories), SHAPE, names)

    library.remove_requested.connect(forget)
    library.set_selected([0, 2])
    qtbot.mouseClick(library.remove_button, Qt.MouseButton.LeftButton)
    assert names == ["left"] and library.count() == 1
    assert library.selected() == []


def test_context_menu_offers_cue_and_remove(qtbot, library):
    actions = [a.text() for a in library.list_widget.actions()]
    assert actions == ["Use as cue", "Remove"]
    library.set_selected([2])
    with qtbot.waitSignal(library.cue_requested) as blocker:
        library.cue_action.trigger()
    assert blocker.args == [2]


def test_new_patterns_clear_the_selection(qtbot, library):
    click_item(qtbot, library, 0)
    with qtbot.waitSignal(library.selection_changed) as blocker:
        library.set_patterns(three_memories()[:2], SHAPE, ["a", "b"])
    assert blocker.args == [[]]
    assert not library.remove_button.isEnabled()


def test_bad_input_is_refused(qtbot, library):
    with pytest.raises(ValueError):
        library.set_patterns(three_memories(), SHAPE, ["only one name"])
    with pytest.raises(ValueError):
        library.set_patterns(three_memories(), (4, 4))


def test_big_patterns_still_fit_their_thumbnail(qtbot, library):
    cells = np.ones((128, 100), dtype=np.int8)
    pixmap = thumbnail(cells, 96)
    assert (pixmap.width(), pixmap.height()) == (96, 96)
    library.set_patterns(np.ones((2, 128 * 100)), (128, 100), ["big", "bigger"])
    view = library.list_widget
    rect = library.item_rect(1)
    assert view.viewport().rect().contains(QPoint(rect.center()))


# ------------------------------------------------------------------ colours, many memories
def colour_count(image, rect, colour) -> int:
    """Pixels of `colour` inside `rect` of `image`."""
    target = colour.rgb()
    return sum(
        image.pixel(x, y) == target
        for x in range(max(rect.left(), 0), min(rect.right(), image.width() - 1) + 1)
        for y in range(max(rect.top(), 0), min(rect.bottom(), image.height() - 1) + 1)
    )


def test_each_thumbnail_is_framed_in_its_memorys_curve_colour(qtbot, library):
    image = library.list_widget.viewport().grab().toImage()
    for row in range(3):
        colour = palette.series_color(row)
        assert library.frame_color(row) == colour
        frame = colour_count(image, library.item_rect(row), colour)
        assert frame > 4 * 60, f"memory {row} is not framed in {colour.name()}"
        other = palette.series_color((row + 1) % 3)
        assert colour_count(image, library.item_rect(row), other) == 0


def test_the_application_may_choose_the_frame_colours(qtbot, library):
    chosen = [palette.CUE, palette.STORED, palette.CURRENT]
    library.set_patterns(three_memories(), SHAPE, ["a", "b", "c"], colors=chosen)
    image = library.list_widget.viewport().grab().toImage()
    assert colour_count(image, library.item_rect(1), palette.STORED) > 4 * 60
    with pytest.raises(ValueError):
        library.set_patterns(three_memories(), SHAPE, ["a", "b", "c"], colors=chosen[:2])


def test_a_thousand_memories_draw_only_the_thumbnails_in_view(qtbot, library, monkeypatch):
    import widgets.pattern_library as module

    drawn = []

    def counting_thumbnail(*args, **kwargs):
        drawn.append(args)
        return thumbnail(*args, **kwargs)

    monkeypatch.setattr(module, "thumbnail", counting_thumbnail)
    rng = np.random.default_rng(0)
    memories = np.where(rng.random((1000, 64 * 64)) < 0.5, 1, -1).astype(np.int8)
    library.set_patterns(memories, (64, 64), [f"P{i + 1}" for i in range(1000)])
    library.grab()
    assert library.count() == 1000
    assert 0 < len(drawn) <= 40, "thumbnails drawn for memories nobody can see"
    last = library.item_rect(999)
    assert library.list_widget.viewport().rect().intersects(last), "the newest memory is shown"
    library.set_selected([998, 999])
    assert library.selected() == [998, 999]


def test_a_huge_name_is_cut_under_the_thumbnail_and_in_its_tooltip(qtbot, library):
    huge = "<img src='/dev/zero'>" + "n" * 1_000_000
    library.set_patterns(three_memories(), SHAPE, [huge, "b", "c"])
    assert library.names()[0] == huge
    shown = shown_text(library, 0)
    assert len(shown) <= 40 and shown.endswith("…")
    tip = library.list_widget.model().index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert len(tip) < 400 and "<img" not in tip and "&lt;img" in tip
