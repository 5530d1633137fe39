"""What each phase looks and sounds like, and the output interfaces that show it.

Every phase differs by bar position and by tone, never by colour alone
(colour-blind patients): the bar fills during the rise, is full at the top,
empties while lowering, is dark at rest, counts 3-2-1 before a set, blinks at
the end of a set and shrinks dimly through the rest between sets.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

from kiosk.pacing.schedule import COUNTDOWN, END_OF_SET, HOLD, LOWER, REST, RISE, SET_REST, Phase

Colour = tuple[float, float, float]

OFF: Colour = (0.0, 0.0, 0.0)
COLOURS: dict[str, Colour] = {
    COUNTDOWN: (1.0, 1.0, 0.0),  # yellow
    RISE: (0.0, 1.0, 0.0),  # green
    HOLD: (1.0, 1.0, 1.0),  # white
    LOWER: (0.0, 0.0, 1.0),  # blue
    REST: OFF,
    END_OF_SET: (1.0, 1.0, 1.0),  # white, blinking with the bar
    SET_REST: (0.0, 0.0, 0.3),  # dim blue
}
FAULT_COLOUR: Colour = (1.0, 0.0, 0.0)
SLOWER_COLOUR: Colour = (1.0, 0.4, 0.0)  # amber, with a low tone
LIFT_COLOUR: Colour = (1.0, 0.0, 1.0)  # magenta, with a two-tone call

COUNTDOWN_LEVEL = 0.5
SET_REST_LEVEL = 0.3  # the rest countdown is dim: it asks for nothing
BLINK_S = 0.25  # end-of-set blink half-period

# Tones (Hz) at each phase boundary: a short tick, each boundary its own pitch,
# and a longer, higher tone at the top.
TICK_S = 0.06
TONES: dict[str, tuple[tuple[float, float, float], ...]] = {
    # kind entered: (offset s, duration s, Hz), ...
    COUNTDOWN: ((0.0, 0.1, 1000.0),),
    RISE: ((0.0, TICK_S, 880.0),),
    HOLD: ((0.0, 0.15, 1760.0),),
    LOWER: ((0.0, TICK_S, 660.0),),
    REST: ((0.0, TICK_S, 440.0),),
    END_OF_SET: ((0.0, 0.15, 523.0), (0.2, 0.15, 659.0), (0.4, 0.15, 784.0), (0.6, 0.3, 1047.0)),
    SET_REST: (),
}
# The top of an eccentric rep: "lift one foot now", two alternating high tones.
LIFT_TONES = ((0.0, 0.1, 1760.0), (0.12, 0.1, 2349.0), (0.24, 0.1, 1760.0), (0.36, 0.1, 2349.0))
FAULT_TONES = ((0.0, 0.25, 220.0),)
SLOWER_TONES = ((0.0, 0.12, 330.0), (0.2, 0.12, 330.0))
FAULT_FLASH = ((0.0, 0.15), (0.3, 0.15), (0.6, 0.15))  # red on: (offset, duration)
SLOWER_S = 1.0  # amber shown this long on the RGB LED
CUE_ON_SCREEN_S = 2.5  # a "slower" or fault cue stays on screen this long


class TempoOutput(Protocol):
    """The LED bar and the RGB LED (``drivers.lights.TempoLights`` is one)."""

    @property
    def bar_length(self) -> int: ...

    def set_bar(self, lit: int, level: float = 1.0) -> None: ...

    def set_colour(self, rgb: Colour) -> None: ...


class ToneOutput(Protocol):
    """The buzzer (``drivers.lights.Beeper`` is one): ``None`` is silence."""

    def tone(self, hz: float | None) -> None: ...


@dataclass(frozen=True, slots=True)
class Look:
    """Everything the step shows at one moment."""

    lit: int
    level: float
    colour: Colour
    tone: float | None


_EPS = 1e-6  # evaluate just after a step time, so float rounding never shows the old step


def bar_of(phase: Phase, elapsed: float, leds: int) -> tuple[int, float]:
    """(LEDs lit from the bottom, level) of ``phase`` ``elapsed`` seconds in."""
    kind = phase.kind
    frac = 1.0 if phase.duration <= 0 else max(0.0, elapsed + _EPS) / phase.duration
    if kind == COUNTDOWN:
        # 3, 2, 1 LEDs at half level: the "go" (rise) is the first LED at full.
        return min(leds, phase.count or 0), COUNTDOWN_LEVEL
    if kind == RISE:
        # First LED at the cue to go, one more each 1/(N-1) of the rise, full at the top.
        return min(leds - 1, 1 + math.floor(frac * (leds - 1))) if leds > 1 else 1, 1.0
    if kind == HOLD:
        return leds, 1.0
    if kind == LOWER:
        return max(0, leds - math.floor(frac * leds)), 1.0
    if kind == END_OF_SET:
        on = math.floor((elapsed + _EPS) / BLINK_S) % 2 == 0
        return (leds if on else 0), 1.0
    if kind == SET_REST:
        remaining = max(0.0, 1.0 - frac)
        return math.ceil(remaining * leds - _EPS), SET_REST_LEVEL
    return 0, 1.0  # rest


def bar_steps(phase: Phase, leds: int) -> list[float]:
    """Offsets (s, from the phase's start) where ``bar_of`` changes inside the phase."""
    d = phase.duration
    if d <= 0:
        return []
    if phase.kind == RISE and leds > 1:
        return [k * d / (leds - 1) for k in range(1, leds - 1)]
    if phase.kind == LOWER:
        return [k * d / leds for k in range(1, leds)]
    if phase.kind == SET_REST:
        return [k * d / leds for k in range(1, leds)]
    if phase.kind == END_OF_SET:
        return [k * BLINK_S for k in range(1, math.ceil(d / BLINK_S))]
    return []


def colour_of(phase: Phase) -> Colour:
    return COLOURS.get(phase.kind, OFF)
