"""The message bar: plain-text messages, and long work shown with a bar and Cancel."""

from PySide6.QtCore import Qt

from widgets.message_bar import MessageBar


def test_long_work_shows_a_bar_and_cancel_until_it_ends(qtbot):
    bar = MessageBar()
    qtbot.addWidget(bar)
    bar.show_progress("Computing the Storkey weights…", 0.25)
    assert bar.isVisible() and bar.bar.isVisible() and bar.cancel.isVisible()
    assert bar.bar.value() == 250 and bar.text() == "Computing the Storkey weights…"
    with qtbot.waitSignal(bar.cancel_requested, timeout=1000):
        qtbot.mouseClick(bar.cancel, Qt.MouseButton.LeftButton)
    bar.show_progress("Computing the Storkey weights…", 0.5)
    assert bar.bar.value() == 500
    bar.end_progress()
    assert not bar.isVisible()


def test_a_message_is_plain_text_and_ending_progress_leaves_it(qtbot):
    bar = MessageBar()
    qtbot.addWidget(bar)
    bar.show_message("<b>bold</b> <img src='/dev/zero'>")
    assert bar.label.textFormat() == Qt.TextFormat.PlainText
    assert not bar.bar.isVisible() and not bar.cancel.isVisible()
    bar.end_progress()  # an error shown after the work ended stays on screen
    assert bar.isVisible()
