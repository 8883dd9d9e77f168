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

# One colour per stored memory in overlap plots: distinct hues that steer clear of the meaning
# colours above (cue orange, state blue, stored green, update magenta).
SERIES = [
    QColor(c)
    for c in (
        "#762a83",
        "#8c510a",
        "#01665e",
        "#000000",
        "#b8860b",
        "#5e3c99",
        "#7f7f7f",
        "#2f4f4f",
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
