"""The colours of hopgui, chosen once so that a colour means the same thing on every panel.

Projector rules: high contrast, no meaning carried by hue alone where it matters (the grid uses
ink on paper; accents mark *which* state a picture is).
"""

from PySide6.QtGui import QColor

INK = QColor("#14142b")  # a unit at +1
PAPER = QColor("#f4f1e8")  # a unit at -1
GRID_LINE = QColor("#8c8676")  # dark enough to survive a washed-out projector

STORED = QColor("#1e9e4a")  # stored memories as such (landscape valleys); each has a SERIES colour
CUE = QColor("#e8710a")  # the cue the network starts from
CURRENT = QColor("#2a62d8")  # the live network state
UPDATE_MARK = QColor("#e0108a")  # the unit being updated right now

TRUE_HEADING = QColor("#1f5fff")  # what the animal really faces (blue, as in Seelig & Jayaraman)
DECODED_HEADING = QColor("#e02020")  # heading decoded from the bump (red)

BACKGROUND = QColor("#ffffff")
TEXT = QColor("#111111")
WINDOW = QColor("#eeeeee")  # behind the panels
HIGHLIGHT = QColor("#eef2fb")  # behind the verdict: the sentence the class reads
CAPTION = QColor("#fff4e0")  # behind a lecture's caption: the lecturer's words

# The two colour profiles (View > Colours): the colours above that change between them. The
# meaning colours (cue, state, stored, update, headings, memories) are the same in both: strong,
# mid-light colours that read on white and on near-black alike. Dark inverts ink and paper, so
# a memory's +1 units are still the "ink".
PROFILES = {
    "projector": {
        "INK": "#14142b",
        "PAPER": "#f4f1e8",
        "GRID_LINE": "#8c8676",
        "BACKGROUND": "#ffffff",
        "TEXT": "#111111",
        "WINDOW": "#eeeeee",
        "HIGHLIGHT": "#eef2fb",
        "CAPTION": "#fff4e0",
    },
    "dark": {
        "INK": "#f4f1e8",
        "PAPER": "#1c1c28",
        "GRID_LINE": "#5a5a6a",
        "BACKGROUND": "#101018",
        "TEXT": "#f0f0f0",
        "WINDOW": "#1a1a22",
        "HIGHLIGHT": "#1d2a48",
        "CAPTION": "#3a2c10",
    },
}
profile = "projector"
DARK_MIN_LIGHTNESS = 0.55  # series colours on the dark background are at least this light


def use_profile(name: str) -> dict[int, QColor]:
    """Switch the profile colours above, in place (every reference to palette.INK ... sees the
    new colour). Returns old rgba -> new colour, for what copied a colour before."""
    if name not in PROFILES:
        raise ValueError(f"no colour profile {name!r}; choose one of {', '.join(PROFILES)}")
    global profile
    changed = {}
    for key, value in PROFILES[name].items():
        color = globals()[key]
        old = color.rgba()
        color.setRgba(QColor(value).rgba())
        changed[old] = color
    profile = name
    return changed


# One colour per stored memory: its overlap curve and the frame of its thumbnail in the library, so
# the library is the plot's legend. Chosen by maximising the smallest CIEDE2000 colour difference
# between any two of them (about 14) while keeping every one at least 20 away from the meaning
# colours above (cue orange, state blue, stored green, update magenta, heading blue and red, ink),
# at least 3:1 contrast on white (no pale yellow or light grey on a projector) and clearly
# coloured (chroma >= 35). Ordered so that the first few are as different as possible.
SERIES = [
    QColor(c)
    for c in (
        "#8800b0",  # purple
        "#909c00",  # olive yellow
        "#04a0c0",  # cyan
        "#583400",  # dark brown
        "#d47c80",  # salmon pink
        "#006c50",  # dark teal
        "#908ccc",  # lavender
        "#883c44",  # wine
        "#346800",  # moss
        "#806000",  # ochre
        "#1098fc",  # sky blue
        "#b88c04",  # gold
        "#781800",  # maroon
        "#444400",  # dark olive
        "#009890",  # teal
        "#84649c",  # grey violet
        "#984c00",  # rust
        "#780048",  # plum
        "#b820fc",  # violet
        "#000cc8",  # ultramarine
        "#c474e0",  # orchid
        "#747834",  # khaki
        "#643c70",  # aubergine
        "#10481c",  # forest
    )
]


def series_color(index: int) -> QColor:
    """The colour of memory `index` (from 0): distinct for the first len(SERIES), then repeating
    (in the dark profile, the darkest of them lightened to read on the dark background)."""
    color = QColor(SERIES[index % len(SERIES)])
    if profile == "dark" and color.lightnessF() < DARK_MIN_LIGHTNESS:
        saturation = color.hslSaturationF()
        if abs(color.hslHueF() - CUE.hslHueF()) < 0.07:  # a lightened brown would be the cue's
            saturation *= 0.4  # orange: a tan instead
        color = QColor.fromHslF(color.hslHueF(), saturation, DARK_MIN_LIGHTNESS)
    return color


def series_colors(count: int) -> list[QColor]:
    """The colours of memories 0 .. count - 1 (see `series_color`)."""
    return [series_color(i) for i in range(count)]


# Firing-rate colour map for ring neurons: dark (silent) -> bright (firing); works in grey too.
RATE_MAP = "inferno"
# Diverging map for weights: negative blue, zero white, positive red.
WEIGHT_MAP_COLORS = ["#2166ac", "#f7f7f7", "#b2182b"]


# Head-direction lab: the landmark (a "sun" the animal can see) and the scene with the lights off.
LANDMARK = QColor("#ffd21f")  # bright yellow, rimmed with CUE orange: the landmark drives the cue
LANDMARK_OFF = QColor("#6a6a7a")  # the landmark's place when it cannot be seen
NIGHT_BACKGROUND = QColor("#0e0e18")
NIGHT_ARENA = QColor("#1c1c2a")
NIGHT_TEXT = QColor("#f0f0f0")
