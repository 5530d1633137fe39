"""Heel-height gauge: a vertical track with step level, the target line and the heel.

On the step the heel goes below step level (negative heights): that range is
shaded so the patient sees how deep they lowered.
"""

from __future__ import annotations

from kivy.graphics import Color, Ellipse, Line, Rectangle
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty
from kivy.uix.label import Label
from kivy.uix.widget import Widget

from kiosk.ui import theme


class HeelGauge(Widget):
    heel_mm = ObjectProperty(None, allownone=True)  # None: no reading
    target_mm = ObjectProperty(None, allownone=True)
    below_mm = NumericProperty(40.0)  # depth of the below-step range shown
    top_mm = NumericProperty(100.0)
    show_below = BooleanProperty(True)
    font_size = NumericProperty(18)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._target_label = Label(text="target", color=theme.rgb(theme.TARGET_LINE), bold=True)
        self._zero_label = Label(text="step level", color=theme.rgb(theme.TEXT_DIM))
        self._below_label = Label(text="below", color=theme.rgb(theme.TEXT_DIM))
        for lab in (self._target_label, self._zero_label, self._below_label):
            self.add_widget(lab)
        self._fill: Rectangle | None = None
        self._marker: Ellipse | None = None
        self.bind(
            pos=self._redraw, size=self._redraw, target_mm=self._redraw,
            below_mm=self._redraw, top_mm=self._redraw, show_below=self._redraw,
            font_size=self._redraw,
        )
        # The heel moves every frame: only the fill and the marker follow it.
        self.bind(heel_mm=self._move_heel)

    def y_of(self, mm: float) -> float:
        """Screen y of a height in mm (clamped to the gauge)."""
        lo = -self.below_mm if self.show_below else 0.0
        hi = max(self.top_mm, (self.target_mm or 0) * 1.25, 20.0)
        frac = (min(max(mm, lo), hi) - lo) / (hi - lo)
        pad = self.font_size * 0.8
        return self.y + pad + frac * max(1.0, self.height - 2 * pad)

    def _track(self) -> tuple[float, float]:
        return self.x + 4, min(self.width * 0.38, self.font_size * 4)

    def _move_heel(self, *_):
        if self._fill is None or self._marker is None:
            return
        x0, track_w = self._track()
        if self.heel_mm is None:
            self._fill.size = self._marker.size = (0, 0)
            return
        zero_y, hy = self.y_of(0.0), self.y_of(self.heel_mm)
        self._fill.pos, self._fill.size = (x0, min(zero_y, hy)), (track_w, abs(hy - zero_y))
        r = self.font_size * 0.6
        self._marker.pos, self._marker.size = (x0 + track_w / 2 - r, hy - r), (2 * r, 2 * r)

    def _redraw(self, *_):
        x0, track_w = self._track()
        zero_y = self.y_of(0.0)
        self.canvas.before.clear()
        with self.canvas.before:
            Color(*theme.rgb(theme.GAUGE_TRACK))
            Rectangle(pos=(x0, self.y_of(-1e9)), size=(track_w, self.y_of(1e9) - self.y_of(-1e9)))
            if self.show_below:
                Color(*theme.rgb(theme.GAUGE_BELOW))
                Rectangle(pos=(x0, self.y_of(-1e9)), size=(track_w, zero_y - self.y_of(-1e9)))
            Color(*theme.rgb(theme.GAUGE_FILL))
            self._fill = Rectangle()
            self._marker = Ellipse()
            Color(*theme.rgb(theme.ZERO_LINE))
            Line(points=[x0, zero_y, x0 + track_w, zero_y], width=2)
            if self.target_mm is not None:
                ty = self.y_of(self.target_mm)
                Color(*theme.rgb(theme.TARGET_LINE))
                Line(points=[x0 - 4, ty, x0 + track_w + 8, ty], width=4)
        self._move_heel()
        label_x = x0 + track_w + 12
        label_w = max(10.0, self.right - label_x)
        for lab, y, visible in (
            (self._target_label, self.y_of(self.target_mm or 0), self.target_mm is not None),
            (self._zero_label, zero_y, True),
            (self._below_label, self.y_of(-self.below_mm * 0.6), self.show_below),
        ):
            lab.font_size = self.font_size
            lab.size = (label_w, self.font_size * 1.4)
            lab.text_size = lab.size
            lab.halign, lab.valign = "left", "middle"
            lab.pos = (label_x, y - lab.height / 2)
            lab.opacity = 1 if visible else 0
