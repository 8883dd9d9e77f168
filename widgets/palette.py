"""The colours of hopgui, chosen once so that a colour means the same thing on every panel.

Projector rules: high contrast, no meaning carried by hue alone where it matters (the grid uses
ink on paper; accents mark *which* state a picture is).
"""

from PySide6.QtGui import QColor

INK = QColor("#14142b")  # a unit at +1
PAPER = QColor("#f4f1e8")  # a unit at -1
GRID_LINE = QColor("#b8b2a2")

STORED = QColor("#1e9e4a")  # stored memories (library frames, overlap curves of memories)
CUE = QColor("#e8710a")  # the cue the network starts from
CURRENT = QColor("#2a62d8")  # the live network state
UPDATE_MARK = QColor("#e0108a")  # the unit being updated right now

TRUE_HEADING = QColor("#1f5fff")  # what the animal really faces (blue, as in Seelig & Jayaraman)
DECODED_HEADING = QColor("#e02020")  # heading decoded from the bump (red)

BACKGROUND = QColor("#ffffff")
TEXT = QColor("#111111")

# One colour per stored pattern in overlap plots (colour-blind safe, Okabe-Ito order).
SERIES = [
    QColor(c)
    for c in (
        "#0072b2",
        "#e69f00",
        "#009e73",
        "#cc79a7",
        "#56b4e9",
        "#d55e00",
        "#f0e442",
        "#000000",
    )
]

# Firing-rate colour map for ring neurons: dark (silent) -> bright (firing); works in grey too.
RATE_MAP = "inferno"
# Diverging map for weights: negative blue, zero white, positive red.
WEIGHT_MAP_COLORS = ["#2166ac", "#f7f7f7", "#b2182b"]

FONT_POINT_SIZE = 13  # base UI font size: readable from the back row of a lecture hall

# Head-direction lab: the landmark (a "sun" the animal can see) and the scene with the lights off.
LANDMARK = QColor("#ffd21f")  # bright yellow, rimmed with CUE orange: the landmark drives the cue
LANDMARK_OFF = QColor("#6a6a7a")  # the landmark's place when it cannot be seen
NIGHT_BACKGROUND = QColor("#0e0e18")
NIGHT_ARENA = QColor("#1c1c2a")
NIGHT_TEXT = QColor("#f0f0f0")
