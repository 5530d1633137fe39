"""Balance bars: left/right load split and each foot's big-toe share."""

from __future__ import annotations

from kivy.graphics import Color, Line, Rectangle
from kivy.properties import ListProperty, ObjectProperty, OptionProperty
from kivy.uix.widget import Widget

from kiosk.ui import theme


class ShareBar(Widget):
    """A bar filled to ``value`` (0..1, None = unknown) with a mark at ``ideal``.

    ``split`` mode fills the left part in ``colour`` and the rest in ``colour2``
    (the left/right balance); ``fill`` fills from the bottom (big-toe share),
    ``hfill`` from the left (a progress bar).
    """

    value = ObjectProperty(None, allownone=True)
    ideal = ObjectProperty(0.5, allownone=True)
    mode = OptionProperty("split", options=["split", "fill", "hfill"])
    colour = ListProperty(theme.rgb(theme.LEFT_FOOT))
    colour2 = ListProperty(theme.rgb(theme.RIGHT_FOOT))

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.bind(pos=self._redraw, size=self._redraw, value=self._redraw, mode=self._redraw)

    def _redraw(self, *_):
        self.canvas.before.clear()
        with self.canvas.before:
            Color(*theme.rgb(theme.GAUGE_TRACK))
            Rectangle(pos=self.pos, size=self.size)
            v = self.value
            if v is not None:
                v = min(max(float(v), 0.0), 1.0)
                if self.mode == "split":
                    Color(*self.colour)
                    Rectangle(pos=self.pos, size=(self.width * v, self.height))
                    Color(*self.colour2)
                    Rectangle(pos=(self.x + self.width * v, self.y),
                              size=(self.width * (1 - v), self.height))
                elif self.mode == "hfill":
                    Color(*self.colour)
                    Rectangle(pos=self.pos, size=(self.width * v, self.height))
                else:
                    Color(*self.colour)
                    Rectangle(pos=self.pos, size=(self.width, self.height * v))
            if self.ideal is not None:
                Color(*theme.rgb(theme.ZERO_LINE))
                if self.mode in ("split", "hfill"):
                    x = self.x + self.width * self.ideal
                    Line(points=[x, self.y - 4, x, self.top + 4], width=2)
                else:
                    y = self.y + self.height * self.ideal
                    Line(points=[self.x - 4, y, self.right + 4, y], width=2)


def percent(value: float | None) -> str:
    return "-" if value is None else f"{round(value * 100):d} %"
