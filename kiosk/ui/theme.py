"""Colours and sizes of the kiosk screens. Pure data, no Kivy import.

Every text/background pair the screens use is listed in ``TEXT_PAIRS`` so a
test can check each one reaches the WCAG 4.5:1 contrast ratio: patients read
the screen from a metre or two away, some with poor eyesight.
"""

from __future__ import annotations


def rgb(hex_colour: str, alpha: float = 1.0) -> tuple[float, float, float, float]:
    """``"#RRGGBB"`` -> Kivy RGBA floats."""
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return (r, g, b, alpha)


# The palette: dark background (less glare in a clinic), light text.
BG = "#0F1720"
SURFACE = "#1F2B38"  # cards, unselected toggles
TEXT = "#FFFFFF"
TEXT_DIM = "#C9D3DD"  # secondary text
GO = "#136C2E"  # start, continue
GO_TEXT = "#FFFFFF"
PRIMARY = "#1A56A8"  # selected choices, neutral actions
PRIMARY_TEXT = "#FFFFFF"
PAUSE = "#F2B01E"  # pause: amber with dark text
PAUSE_TEXT = "#111111"
STOP = "#A8281F"
STOP_TEXT = "#FFFFFF"
CUE = "#FFD65C"  # the fault cue banner
CUE_TEXT = "#111111"
ERROR = "#FF8A80"  # error text on the dark background

# Non-text graphics (gauge, bars): only need to be visible, not read.
GAUGE_TRACK = "#2E3D4D"
GAUGE_BELOW = "#3A2F4F"  # the range below step level
GAUGE_FILL = "#4FC3F7"
TARGET_LINE = "#FFD65C"
ZERO_LINE = "#FFFFFF"
LEFT_FOOT = "#4FC3F7"
RIGHT_FOOT = "#FFB74D"
PHASE_ON = "#4FC3F7"

# (text, background, where) for every pair on screen.
TEXT_PAIRS: tuple[tuple[str, str, str], ...] = (
    (TEXT, BG, "body text"),
    (TEXT_DIM, BG, "hints"),
    (TEXT, SURFACE, "cards, unselected choices"),
    (TEXT_DIM, SURFACE, "hints on cards"),
    (GO_TEXT, GO, "start buttons"),
    (PRIMARY_TEXT, PRIMARY, "selected choices"),
    (PAUSE_TEXT, PAUSE, "pause button"),
    (STOP_TEXT, STOP, "stop button"),
    (CUE_TEXT, CUE, "fault cue"),
    (ERROR, BG, "errors"),
    (BG, PHASE_ON, "current phase"),
    (TEXT, GAUGE_TRACK, "gauge labels"),
    (TEXT, GAUGE_BELOW, "below-step label"),
)

# Touch targets: >= 10 mm; the 7" 800x480 display has about 5.4 px per mm.
MIN_TOUCH_PX = 56
MAIN_ACTION_PX = 80
# The design size: layouts scale with min(width / 800, height / 480).
DESIGN_SIZE = (800, 480)


def scale_for(width: float, height: float) -> float:
    """Size unit for a window: 1.0 on the 7" display, larger on bigger ones."""
    if width <= 0 or height <= 0:
        return 1.0
    portrait = height > width
    # In portrait compare against the rotated design size so text keeps its size.
    dw, dh = (DESIGN_SIZE[1], DESIGN_SIZE[0]) if portrait else DESIGN_SIZE
    return max(0.6, min(width / dw, height / dh))


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance of an sRGB colour."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b, _ = rgb(hex_colour)
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(fg: str, bg: str) -> float:
    """WCAG contrast ratio, 1.0 .. 21.0."""
    a, b = relative_luminance(fg), relative_luminance(bg)
    hi, lo = max(a, b), min(a, b)
    return (hi + 0.05) / (lo + 0.05)


# One dot per secret digit: U+2022 is in the bundled Roboto (U+25CF is not, and shows
# as an empty box).
SECRET_DOT = "\u2022"
