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

Labels never overlap: fault letters stack per group (a rep's faults one under the
other; groups too close to tell apart at this zoom merge into one stack with
counts), reference-line and spike labels take the first free place of a few, and
every placed label's box is kept in ``labels`` (tests check them). A band may mark
what it clips: values beyond the y range are drawn at the edge with a triangle and
the run's extreme value. With ``x_limits`` set, the time axis follows a finger
(drag pans, two fingers pinch to zoom, a mouse wheel zooms): the plot asks for a
new range with ``on_view_request`` and its owner decides (two plots share an axis).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from kivy.clock import Clock
from kivy.core.text import Label as CoreLabel
from kivy.graphics import Color, Line, Mesh, Rectangle, Triangle
from kivy.properties import BooleanProperty, NumericProperty, StringProperty
from kivy.uix.widget import Widget

from kiosk.staff.review.axes import nice_ticks
from kiosk.ui import theme

# Label textures, shared by every plot: made once per (text, size, bold), white and
# tinted by the Color before them.
_TEXTURES: dict[tuple[str, int, bool], Any] = {}  # Kivy textures (untyped)

# (min per column, max per column) for a plot ``width`` columns wide showing [x0, x1].
BandSource = Callable[[int, float, float], tuple[Sequence[float], Sequence[float]]]
# Tick positions in [low, high], about ``count`` of them.
TickSource = Callable[[float, float, int], list[float]]
# (text, left, bottom, width, height) of a label drawn, in window pixels.
LabelBox = tuple[str, float, float, float, float]


@dataclass(frozen=True)
class Band:
    source: BandSource
    colour: str
    clip_marks: bool = False  # mark values beyond the y range (a triangle and the value)


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
    group: object = None  # marks of one group (a rep) stack at its first mark; None: alone


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
    note = StringProperty("")  # right of the title, dimmer (e.g. the part of the time shown)
    # False: no time labels under this plot (another plot below shows the same axis).
    x_tick_labels = BooleanProperty(True)

    __events__ = ("on_view_request",)

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
        self.x_ticks: TickSource = nice_ticks
        self.y_ticks = 5  # about this many y ticks (fewer on a short plot)
        self.x_integer = False  # only whole-number x ticks (weeks)
        # The range a finger may pan and zoom over; None: the plot ignores touches.
        self.x_limits: tuple[float, float] | None = None
        self.draws = 0  # how many times the canvas was rebuilt (tests, bench)
        self.labels: list[LabelBox] = []  # every label of the last drawing
        self.clipped: list[tuple[float, float]] = []  # (x, value) of each marked spike
        self._touches: dict[object, tuple[float, float]] = {}
        # One redraw per frame however many changes came in (size, pos, data).
        self._trigger = Clock.create_trigger(self._redraw, -1)
        self.bind(pos=self._trigger, size=self._trigger, u=self._trigger, title=self._trigger,
                  note=self._trigger)

    def set_data(self, *, x_range: tuple[float, float], y_range: tuple[float, float],
                 bands: Sequence[Band] = (), lines: Sequence[PlotLine] = (),
                 spans: Sequence[tuple[float, float]] = (), refs: Sequence[RefLine] = (),
                 marks: Sequence[Mark] = (), phases: Sequence[PhaseBlock] = (),
                 x_format: Callable[[float], str] | None = None,
                 x_ticks: TickSource | None = None) -> None:
        self.x_range = x_range if x_range[1] > x_range[0] else (x_range[0], x_range[0] + 1)
        self.y_range = y_range if y_range[1] > y_range[0] else (y_range[0], y_range[0] + 1)
        self.bands, self.lines, self.spans = list(bands), list(lines), list(spans)
        self.refs, self.marks, self.phases = list(refs), list(marks), list(phases)
        if x_format is not None:
            self.x_format = x_format
        if x_ticks is not None:
            self.x_ticks = x_ticks
        self._trigger()

    def show_x(self, x0: float, x1: float) -> None:
        """Show [x0, x1] of the same data (zoom and pan)."""
        if x1 > x0 and (x0, x1) != self.x_range:
            self.x_range = (x0, x1)
            self._trigger()

    def clear(self) -> None:
        self.x_limits = None
        self.set_data(x_range=(0, 1), y_range=(0, 1))

    def on_view_request(self, x0: float, x1: float) -> None:
        """A finger asked to show [x0, x1]: the owner binds this and calls ``show_x``."""

    # -- touch ------------------------------------------------------------------------------

    def _in_area(self, pos: tuple[float, float]) -> bool:
        left, bottom, w, h = self.plot_area()
        return left <= pos[0] <= left + w and bottom <= pos[1] <= bottom + h

    def on_touch_down(self, touch) -> bool:
        if self.x_limits is None or self.disabled or not self._in_area(touch.pos):
            return bool(super().on_touch_down(touch))
        if getattr(touch, "is_mouse_scrolling", False):
            factor = {"scrollup": 1.25, "scrolldown": 0.8}.get(touch.button, 1.0)
            self._zoom_about(touch.x, touch.x, factor)
            return True
        touch.grab(self)
        self._touches[touch.uid] = tuple(touch.pos)
        return True

    def on_touch_move(self, touch) -> bool:
        if touch.grab_current is not self:
            return bool(super().on_touch_move(touch))
        old = self._touches.get(touch.uid)
        if old is None:
            return True
        others = [p for uid, p in self._touches.items() if uid != touch.uid]
        self._touches[touch.uid] = tuple(touch.pos)
        if not others:  # one finger: the data follows it
            _left, _bottom, w, _h = self.plot_area()
            shift = -(touch.x - old[0]) / w * (self.x_range[1] - self.x_range[0])
            self.dispatch("on_view_request", self.x_range[0] + shift, self.x_range[1] + shift)
        else:  # two fingers: what was under them stays under them
            other = others[0][0]
            before, after = abs(old[0] - other), abs(touch.x - other)
            floor = 20 * self.u  # fingers nearly on top of each other: no wild zoom
            self._zoom_about((old[0] + other) / 2, (touch.x + other) / 2,
                             max(after, floor) / max(before, floor))
        return True

    def on_touch_up(self, touch) -> bool:
        if touch.grab_current is not self:
            return bool(super().on_touch_up(touch))
        touch.ungrab(self)
        self._touches.pop(touch.uid, None)
        return True

    def _zoom_about(self, px_before: float, px_after: float, factor: float) -> None:
        """Zoom in by ``factor`` keeping the time under ``px_before`` at ``px_after``."""
        if factor <= 0:
            return
        left, _bottom, w, _h = self.plot_area()
        x0, x1 = self.x_range
        at = x0 + (px_before - left) / w * (x1 - x0)
        span = (x1 - x0) / factor
        start = at - (px_after - left) / w * span
        self.dispatch("on_view_request", start, start + span)

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
        self.labels = []
        self.clipped = []
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
            # The title first: the labels below keep out of its way.
            if self.title:
                title = f"{self.title} ({self.y_label})" if self.y_label else self.title
                self._text(title, self.x + 8 * u, self.top - 12 * u, 17, "left", bold=True)
            if self.note:
                self._place(self.note, [(self.right - 10 * u, self.top - 12 * u)], 15,
                            "right", colour=theme.TEXT_DIM)
            # Rep spans in view, lighter than the plot's ground.
            Color(*theme.rgb(theme.GAUGE_BELOW))
            for a, b in self.spans:
                if b < x0 or a > x1:
                    continue
                Rectangle(pos=(px(max(a, x0)), bottom),
                          size=(max((min(b, x1) - max(a, x0)) * sx, 1), h))
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
                # On its line, or just below it (the top one, under the title), or just
                # above it (the bottom one, over the "asked" label).
                spots = [(left - 6 * u, py(t)), (left - 6 * u, py(t) - 8 * u)]
                if self.phases and py(t) - bottom < 8 * u:
                    spots = [(left - 6 * u, py(t) + 8 * u)]
                self._place(f"{t:g}", spots, 15, "right")
            x_ticks = [t for t in self.x_ticks(x0, x1, 7) if x0 <= t <= x1]
            if self.x_integer:
                x_ticks = [t for t in x_ticks if float(t).is_integer()]
            if not self._has_data():
                x_ticks = []
            for t in x_ticks:
                Color(*theme.rgb(theme.TEXT_DIM))
                Line(points=[px(t), bottom, px(t), bottom - 5 * u], width=1)
                if not self.x_tick_labels:
                    continue
                self._place(self.x_format(t), [(px(t), bottom - 14 * u - (
                    16 * u if self.phases else 0))], 15, "center")
            Color(*theme.rgb(theme.TEXT_DIM))
            Line(rectangle=(left, bottom, w, h), width=1)
            for ref in self.refs:
                Color(*theme.rgb(ref.colour))
                if ref.dashed:
                    Line(points=[left, py(ref.y), left + w, py(ref.y)], width=1,
                         dash_length=8, dash_offset=6)
                else:
                    Line(points=[left, py(ref.y), left + w, py(ref.y)], width=1.5)
            spikes: list[tuple[float, float]] = []
            for band in self.bands:
                spikes += self._band(band, left, w, py)
            for line in self.lines:
                self._line(line, px, py)
            self._marks(px, left, bottom, w, h)
            for ref in self.refs:  # after the letters: they go where the letters are not
                y = py(ref.y)
                self._place(ref.label, [(left + w - 4 * u, y + 9 * u), (left + w - 4 * u,
                                         y - 9 * u), (left + 4 * u, y + 9 * u),
                                        (left + 4 * u, y - 9 * u)],
                            14, "right", colour=ref.colour, anchors=("right", "right", "left",
                                                                    "left"))
            self._spikes(spikes, left, bottom, w, h)
            if self.phases:
                self._phase_strip(px, left, bottom - 16 * u - 4 * u, w, 14 * u)
            if not self._has_data():
                self._text("No data yet", left + w / 2, bottom + h / 2, 18, "center",
                           colour=theme.TEXT_DIM)
            if self.x_label:
                self._text(self.x_label, left + w / 2, self.y + 8 * u, 14, "center")

    def _has_data(self) -> bool:
        if self.bands:
            return True
        return any(math.isfinite(y) for line in self.lines for _x, y in line.points)

    def _band(self, band: Band, left: float, w: float,
              py: Callable[[float], float]) -> list[tuple[float, float]]:
        """Draw a band; returns (column, extreme value) of each clipped run to mark."""
        columns = max(int(w), 1)
        lows, highs = band.source(columns, *self.x_range)
        y0, y1 = self.y_range
        Color(*theme.rgb(band.colour))
        # One triangle strip per run of columns with data; each column at least 2 px
        # tall (a flat stretch still shows) and a lone column 2 px wide.
        run: list[float] = []
        spikes: list[tuple[float, float]] = []
        over: tuple[int, float] | None = None  # the current run above y1: (column, highest)
        under: tuple[int, float] | None = None
        for k, (lo, hi) in enumerate(zip(lows, highs, strict=True)):
            if lo != lo or hi != hi:  # NaN: no value in this column
                self._strip(run)
                run = []
            else:
                a, b = py(lo), py(hi)
                mid = (a + b) / 2
                a, b = min(a, mid - 1.0), max(b, mid + 1.0)
                x = left + k + 0.5
                run += [x, a, 0, 0, x, b, 0, 0]
            if band.clip_marks:
                if hi == hi and hi > y1:
                    over = (k, hi) if over is None or hi > over[1] else over
                elif over is not None:
                    spikes.append(over)
                    over = None
                if lo == lo and lo < y0:
                    under = (k, lo) if under is None or lo < under[1] else under
                elif under is not None:
                    spikes.append(under)
                    under = None
        self._strip(run)
        spikes += [s for s in (over, under) if s is not None]
        return spikes

    def _spikes(self, spikes: list[tuple[float, float]], left: float, bottom: float, w: float,
                h: float) -> None:
        """A triangle at the edge for each clipped run, and its value where there is room."""
        u = self.u
        y1 = self.y_range[1]
        x0, x1 = self.x_range
        r = 6 * u
        for column, value in sorted(spikes):
            x = left + column + 0.5
            self.clipped.append((x0 + (column + 0.5) / w * (x1 - x0), value))
            Color(*theme.rgb(theme.CUE))
            if value > y1:  # pointing up, on the top edge
                top = bottom + h
                Triangle(points=[x - r, top - 2 * r, x + r, top - 2 * r, x, top])
                y = top - 3 * r
            else:  # pointing down, on the bottom edge
                Triangle(points=[x - r, bottom + 2 * r, x + r, bottom + 2 * r, x, bottom])
                y = bottom + 3 * r
            text = f"{value:.0f}"
            self._place(text, [(x + r + 2 * u, y + r), (x - r - 2 * u, y + r), (x, y)], 14,
                        "left", colour=theme.CUE, bold=True, anchors=("left", "right", "center"))

    def _marks(self, px, left: float, bottom: float, w: float, h: float) -> None:
        """A line at each mark; letter boxes stacked per group, groups merged when close."""
        x0, x1 = self.x_range
        shown = [m for m in self.marks if x0 <= m.x <= x1]
        if not shown:
            return
        u = self.u
        Color(*theme.rgb(theme.CUE))
        for mark in shown:
            Line(points=[px(mark.x), bottom, px(mark.x), bottom + h], width=1.2)
        # Each group at its first mark, letters in the order they came.
        groups: dict[object, tuple[float, list[str]]] = {}
        for k, mark in enumerate(sorted(shown, key=lambda m: m.x)):
            key = ("alone", k) if mark.group is None else mark.group
            at, letters = groups.setdefault(key, (px(mark.x), []))
            if mark.letter not in letters:
                letters.append(mark.letter)
        gap = 4 * u

        def width_of(letters: list[str], merged: int) -> float:
            return max(self._box_width(t) for t in self._stack_texts(letters, merged))

        def inside(x: float, width: float) -> float:  # a stack stays on the plot
            return min(max(x, left + width / 2), left + w - width / 2)

        stacks: list[tuple[float, list[str], int]] = []  # (x, letters, groups merged)
        for at, letters in sorted(groups.values(), key=lambda g: g[0]):
            stacks.append((inside(at, width_of(letters, 1)), list(letters), 1))
            while len(stacks) >= 2:  # the last two would touch: one stack of both
                (xa, la, ma), (xb, lb, mb) = stacks[-2], stacks[-1]
                if xb - xa >= (width_of(la, ma) + width_of(lb, mb)) / 2 + gap:
                    break
                both = la + lb
                stacks[-2:] = [(inside(xa, width_of(both, ma + mb)), both, ma + mb)]
        box_h = 20 * u
        for x, letters, merged in stacks:
            texts = self._stack_texts(letters, merged)
            width = width_of(letters, merged)
            for row, text in enumerate(texts):
                y = bottom + h - (row + 0.5) * box_h - row * 2 * u
                if y - box_h / 2 < bottom:
                    break  # a plot too short for the whole stack
                Color(*theme.rgb(theme.CUE))
                Rectangle(pos=(x - width / 2, y - box_h / 2), size=(width, box_h))
                self._text(text, x, y, 15, "center", colour=theme.CUE_TEXT, bold=True,
                           box=(x - width / 2, y - box_h / 2, width, box_h))

    @staticmethod
    def _stack_texts(letters: list[str], merged: int) -> list[str]:
        """One box per letter; a merged stack counts each letter ("A×3")."""
        if merged == 1:
            return list(dict.fromkeys(letters))
        counts: dict[str, int] = {}
        for letter in letters:
            counts[letter] = counts.get(letter, 0) + 1
        return [f"{k}\u00d7{n}" if n > 1 else k for k, n in counts.items()]

    def _box_width(self, text: str) -> float:
        return max(18 * self.u, self._texture(text, 15, True).size[0] + 6 * self.u)

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

    # -- labels ---------------------------------------------------------------------------

    def _texture(self, text: str, size: float, bold: bool) -> Any:
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
        return texture

    def _box(self, text: str, x: float, y: float, size: float, align: str,
             bold: bool) -> tuple[Any, float, float, float, float]:
        texture = self._texture(text, size, bold)
        tw, th = texture.size
        left = {"right": x - tw, "center": x - tw / 2}.get(align, x)
        return texture, left, y - th / 2, tw, th

    def _place(self, text: str, spots: Sequence[tuple[float, float]], size: float, align: str,
               colour: str = theme.TEXT, bold: bool = False,
               anchors: Sequence[str] | None = None) -> bool:
        """Draw at the first of ``spots`` where the label overlaps no other and stays
        on the widget; False (not drawn) when none is free."""
        for k, (x, y) in enumerate(spots):
            how = anchors[k] if anchors else align
            _tex, bx, by, bw, bh = self._box(text, x, y, size, how, bold)
            if bx < self.x or bx + bw > self.right or by < self.y or by + bh > self.top:
                continue
            if any(_overlap((bx, by, bw, bh), other[1:]) for other in self.labels):
                continue
            self._text(text, x, y, size, how, colour, bold)
            return True
        return False

    def _text(self, text: str, x: float, y: float, size: float, align: str,
              colour: str = theme.TEXT, bold: bool = False,
              box: tuple[float, float, float, float] | None = None) -> None:
        """A label centred on y: right-aligned to x, centred on it, or starting at it
        (``box``: the area it stands for, when larger than its text)."""
        texture, left, bottom, tw, th = self._box(text, x, y, size, align, bold)
        self.labels.append((text, *(box or (left, bottom, tw, th))))
        Color(*theme.rgb(colour))
        Rectangle(texture=texture, pos=(left, bottom), size=(tw, th))


def _overlap(a: Sequence[float], b: Sequence[float]) -> bool:
    """Whether two (left, bottom, width, height) boxes overlap (touching is not)."""
    return (a[0] < b[0] + b[2] - 0.5 and b[0] < a[0] + a[2] - 0.5
            and a[1] < b[1] + b[3] - 0.5 and b[1] < a[1] + a[3] - 0.5)
