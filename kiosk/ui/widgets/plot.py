"""A time-series plot drawn with Kivy's own canvas: bands of min/max per pixel column
(one ``Mesh``), lines, shaded spans, reference lines, lettered marks and a strip
of asked phases, with labelled axes.

Chosen by measurement over kivy-garden-graph (see the README and
``bench/bench_review.py``): the data arrive already reduced to one min/max
pair per pixel column, so a 10-minute 1000 Hz recording is one mesh of
2 x width vertices; the axis labels are textures made once per text
(kivy-garden-graph makes a Label widget per tick and redraws its plots
through its own FBO).

Nothing is coded by colour alone: marks carry a letter, reference lines are
dashed or solid and labelled, the asked phases are drawn as the shape of the
movement (ramp up, flat top, ramp down).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from kivy.clock import Clock
from kivy.core.text import Label as CoreLabel
from kivy.graphics import Color, Line, Mesh, Rectangle
from kivy.properties import BooleanProperty, NumericProperty, StringProperty
from kivy.uix.widget import Widget

from kiosk.staff.review.axes import nice_ticks
from kiosk.ui import theme

# Label textures, shared by every plot: made once per (text, size, bold), white and
# tinted by the Color before them.
_TEXTURES: dict[tuple[str, int, bool], Any] = {}  # Kivy textures (untyped)

# (min per column, max per column) for a plot ``width`` columns wide.
BandSource = Callable[[int], tuple[Sequence[float], Sequence[float]]]


@dataclass(frozen=True)
class Band:
    source: BandSource
    colour: str


@dataclass(frozen=True)
class PlotLine:
    points: Sequence[tuple[float, float]]  # data units; NaN y breaks the line
    colour: str
    width: float = 1.6
    marker: str = ""  # "", "circle", "square": a marker at each point
    dashed: bool = False  # a second series beside a solid one (Kivy dashes 1 px lines)


@dataclass(frozen=True)
class RefLine:
    y: float
    label: str
    colour: str
    dashed: bool = False


@dataclass(frozen=True)
class Mark:
    x: float
    letter: str


@dataclass(frozen=True)
class PhaseBlock:
    kind: str  # rise / hold / lower / rest / countdown
    x0: float
    x1: float


class PlotView(Widget):
    """Call ``set_data`` (any thread-free values), then it redraws on size changes."""

    u = NumericProperty(1.0)  # the screen's size unit
    title = StringProperty("")
    y_label = StringProperty("")
    x_label = StringProperty("")
    # False: no time labels under this plot (another plot below shows the same axis).
    x_tick_labels = BooleanProperty(True)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.x_range = (0.0, 1.0)
        self.y_range = (0.0, 1.0)
        self.bands: list[Band] = []
        self.lines: list[PlotLine] = []
        self.spans: list[tuple[float, float]] = []
        self.refs: list[RefLine] = []
        self.marks: list[Mark] = []
        self.phases: list[PhaseBlock] = []
        self.x_format: Callable[[float], str] = lambda v: f"{v:g}"
        self.y_ticks = 5  # about this many y ticks (fewer on a short plot)
        self.x_integer = False  # only whole-number x ticks (weeks)
        self.draws = 0  # how many times the canvas was rebuilt (tests, bench)
        # One redraw per frame however many changes came in (size, pos, data).
        self._trigger = Clock.create_trigger(self._redraw, -1)
        self.bind(pos=self._trigger, size=self._trigger, u=self._trigger, title=self._trigger)

    def set_data(self, *, x_range: tuple[float, float], y_range: tuple[float, float],
                 bands: Sequence[Band] = (), lines: Sequence[PlotLine] = (),
                 spans: Sequence[tuple[float, float]] = (), refs: Sequence[RefLine] = (),
                 marks: Sequence[Mark] = (), phases: Sequence[PhaseBlock] = (),
                 x_format: Callable[[float], str] | None = None) -> None:
        self.x_range = x_range if x_range[1] > x_range[0] else (x_range[0], x_range[0] + 1)
        self.y_range = y_range if y_range[1] > y_range[0] else (y_range[0], y_range[0] + 1)
        self.bands, self.lines, self.spans = list(bands), list(lines), list(spans)
        self.refs, self.marks, self.phases = list(refs), list(marks), list(phases)
        if x_format is not None:
            self.x_format = x_format
        self._trigger()

    def clear(self) -> None:
        self.set_data(x_range=(0, 1), y_range=(0, 1))

    # -- layout ---------------------------------------------------------------------------

    def plot_area(self) -> tuple[float, float, float, float]:
        """(left, bottom, width, height) of the data area, in window pixels."""
        u = self.u
        left = self.x + 58 * u
        bottom = (self.y + (30 * u if self.x_tick_labels else 6 * u)
                  + (16 * u if self.phases else 0) + (16 * u if self.x_label else 0))
        top = self.top - (26 * u if self.title else 8 * u)
        right = self.right - 10 * u
        return left, bottom, max(right - left, 1), max(top - bottom, 1)

    def _redraw(self, *_args) -> None:
        self.canvas.clear()
        if self.width < 40 or self.height < 40:
            return
        self.draws += 1
        left, bottom, w, h = self.plot_area()
        x0, x1 = self.x_range
        y0, y1 = self.y_range
        sx = w / (x1 - x0)
        sy = h / (y1 - y0)

        def px(v: float) -> float:
            return left + (v - x0) * sx

        def py(v: float) -> float:
            return bottom + (min(max(v, y0), y1) - y0) * sy

        u = self.u
        with self.canvas:
            Color(*theme.rgb(theme.SURFACE))
            Rectangle(pos=(left, bottom), size=(w, h))
            # Rep spans, lighter than the plot's ground.
            Color(*theme.rgb(theme.GAUGE_BELOW))
            for a, b in self.spans:
                Rectangle(pos=(px(max(a, x0)), bottom), size=(max((min(b, x1) - max(a, x0)) * sx,
                                                                  1), h))
            # Grid and y ticks.
            wanted = max(3, min(self.y_ticks, int(h / (28 * u))))
            ticks = [t for t in nice_ticks(y0, y1, wanted) if y0 <= t <= y1]
            while len(ticks) < 2 and wanted < 12:  # at least two labelled lines
                wanted += 1
                ticks = [t for t in nice_ticks(y0, y1, wanted) if y0 <= t <= y1]
            if not self._has_data():
                ticks = []
            for t in ticks:
                Color(*theme.rgb(theme.GAUGE_TRACK))
                Line(points=[left, py(t), left + w, py(t)], width=1)
                self._text(f"{t:g}", left - 6 * u, py(t), 15, "right")
            x_ticks = [t for t in nice_ticks(x0, x1, 7) if x0 <= t <= x1]
            if self.x_integer:
                x_ticks = [t for t in x_ticks if float(t).is_integer()]
            if not self._has_data():
                x_ticks = []
            for t in x_ticks:
                Color(*theme.rgb(theme.TEXT_DIM))
                Line(points=[px(t), bottom, px(t), bottom - 5 * u], width=1)
                if not self.x_tick_labels:
                    continue
                self._text(self.x_format(t), px(t), bottom - 14 * u - (16 * u if self.phases
                                                                        else 0), 15, "center")
            Color(*theme.rgb(theme.TEXT_DIM))
            Line(rectangle=(left, bottom, w, h), width=1)
            for ref in self.refs:
                Color(*theme.rgb(ref.colour))
                if ref.dashed:
                    Line(points=[left, py(ref.y), left + w, py(ref.y)], width=1,
                         dash_length=8, dash_offset=6)
                else:
                    Line(points=[left, py(ref.y), left + w, py(ref.y)], width=1.5)
                self._text(ref.label, left + w - 4 * u, py(ref.y) + 9 * u, 14, "right",
                           colour=ref.colour)
            for band in self.bands:
                self._band(band, left, w, py)
            for line in self.lines:
                self._line(line, px, py)
            for mark in self.marks:
                if x0 <= mark.x <= x1:
                    Color(*theme.rgb(theme.CUE))
                    Line(points=[px(mark.x), bottom, px(mark.x), bottom + h], width=1.2)
                    Rectangle(pos=(px(mark.x) - 9 * u, bottom + h - 20 * u),
                              size=(18 * u, 20 * u))
                    self._text(mark.letter, px(mark.x), bottom + h - 10 * u, 15, "center",
                               colour=theme.CUE_TEXT, bold=True)
            if self.phases:
                self._phase_strip(px, left, bottom - 16 * u - 4 * u, w, 14 * u)
            if self.title:
                title = f"{self.title} ({self.y_label})" if self.y_label else self.title
                self._text(title, self.x + 8 * u, self.top - 12 * u, 17, "left", bold=True)
            if not self._has_data():
                self._text("No data yet", left + w / 2, bottom + h / 2, 18, "center",
                           colour=theme.TEXT_DIM)
            if self.x_label:
                self._text(self.x_label, left + w / 2, self.y + 8 * u, 14, "center")

    def _has_data(self) -> bool:
        if self.bands:
            return True
        return any(math.isfinite(y) for line in self.lines for _x, y in line.points)

    def _band(self, band: Band, left: float, w: float, py: Callable[[float], float]) -> None:
        columns = max(int(w), 1)
        lows, highs = band.source(columns)
        Color(*theme.rgb(band.colour))
        # One triangle strip per run of columns with data; each column at least 2 px
        # tall (a flat stretch still shows) and a lone column 2 px wide.
        run: list[float] = []
        for k, (lo, hi) in enumerate(zip(lows, highs, strict=True)):
            if lo != lo or hi != hi:  # NaN: no value in this column
                self._strip(run)
                run = []
                continue
            a, b = py(lo), py(hi)
            mid = (a + b) / 2
            a, b = min(a, mid - 1.0), max(b, mid + 1.0)
            x = left + k + 0.5
            run += [x, a, 0, 0, x, b, 0, 0]
        self._strip(run)

    @staticmethod
    def _strip(vertices: list[float]) -> None:
        if not vertices:
            return
        if len(vertices) == 8:  # one column: widen it to a quad
            x, a, _, _, _, b, _, _ = vertices
            vertices = [x - 1, a, 0, 0, x - 1, b, 0, 0, x + 1, a, 0, 0, x + 1, b, 0, 0]
        Mesh(vertices=vertices, indices=list(range(len(vertices) // 4)), mode="triangle_strip")

    def _line(self, line: PlotLine, px, py) -> None:
        Color(*theme.rgb(line.colour))
        run: list[float] = []
        for x, y in line.points:
            if math.isfinite(y):
                run += [px(x), py(y)]
            else:
                self._polyline(run, line)
                run = []
        self._polyline(run, line)
        if line.marker:
            r = 4 * self.u
            for x, y in line.points:
                if math.isfinite(y):
                    if line.marker == "square":
                        Rectangle(pos=(px(x) - r, py(y) - r), size=(2 * r, 2 * r))
                    else:
                        Line(circle=(px(x), py(y), r), width=1.5)

    @staticmethod
    def _polyline(points: list[float], line: PlotLine) -> None:
        if len(points) < 4:
            return
        if line.dashed:
            Line(points=points, width=1, dash_length=7, dash_offset=5)
        else:
            Line(points=points, width=line.width)

    def _phase_strip(self, px, left: float, y: float, w: float, h: float) -> None:
        """The asked movement: ramps for rise and lowering, a flat top for the hold."""
        Color(*theme.rgb(theme.PHASE_ON))
        x0, x1 = self.x_range
        points: list[float] = []
        for block in self.phases:
            if block.x1 < x0 or block.x0 > x1 or block.kind not in ("rise", "hold", "lower"):
                continue
            a, b = px(max(block.x0, x0)), px(min(block.x1, x1))
            start, end = {"rise": (0, 1), "hold": (1, 1), "lower": (1, 0)}[block.kind]
            if points and abs(points[-2] - a) > 1:
                Line(points=points, width=1.3)
                points = []
            points += [a, y + start * h, b, y + end * h]
        if len(points) >= 4:
            Line(points=points, width=1.3)
        self._text("asked", left - 6 * self.u, y + h / 2, 13, "right")

    def _text(self, text: str, x: float, y: float, size: float, align: str,
              colour: str = theme.TEXT, bold: bool = False) -> None:
        """A label centred on y: right-aligned to x, centred on it, or starting at it."""
        font = max(int(size * self.u), 12)
        key = (text, font, bold)
        texture = _TEXTURES.get(key)
        if texture is None:
            label = CoreLabel(text=text, font_size=font, bold=bold)
            label.refresh()
            texture = label.texture
            if len(_TEXTURES) > 2000:  # tick labels are few; keep the cache bounded
                _TEXTURES.clear()
            _TEXTURES[key] = texture
        tw, th = texture.size
        left = {"right": x - tw, "center": x - tw / 2}.get(align, x)
        Color(*theme.rgb(colour))
        Rectangle(texture=texture, pos=(left, y - th / 2), size=(tw, th))
