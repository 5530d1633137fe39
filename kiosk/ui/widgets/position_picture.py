"""Start- and end-position pictures of the heel raise, drawn with the Kivy canvas.

A side view (facing right) of a person sitting, standing on the floor, or
standing with the forefoot on the step and the heels off its back edge. The
``start`` pose has the heels down (on the step: below step level), the ``end``
pose has them raised, with an arrow. ``python -m kiosk.ui.pictures`` renders
them to ``assets/pictures/<position>-<pose>.png``, which the screens show.
"""

from __future__ import annotations

from kivy.graphics import Color, Ellipse, Line, Rectangle, Triangle
from kivy.properties import OptionProperty
from kivy.uix.widget import Widget

from kiosk.ui import theme

Point = tuple[float, float]

# Joints in unit coordinates (0..1, y up) for each position and pose.
# head, shoulder, hip, knee, ankle, heel, toe, hand
_POSES: dict[tuple[str, str], dict[str, Point]] = {
    ("floor", "start"): dict(
        head=(0.47, 0.88), shoulder=(0.46, 0.78), hip=(0.45, 0.52), knee=(0.46, 0.30),
        ankle=(0.45, 0.11), heel=(0.41, 0.07), toe=(0.60, 0.07), hand=(0.48, 0.50),
    ),
    ("floor", "end"): dict(
        head=(0.49, 0.93), shoulder=(0.48, 0.83), hip=(0.47, 0.59), knee=(0.48, 0.38),
        ankle=(0.48, 0.19), heel=(0.45, 0.16), toe=(0.60, 0.07), hand=(0.50, 0.58),
    ),
    ("step", "start"): dict(
        head=(0.45, 0.88), shoulder=(0.44, 0.79), hip=(0.43, 0.58), knee=(0.44, 0.42),
        ankle=(0.43, 0.27), heel=(0.38, 0.22), toe=(0.58, 0.32), hand=(0.46, 0.58),
    ),
    ("step", "end"): dict(
        head=(0.48, 0.93), shoulder=(0.47, 0.84), hip=(0.46, 0.64), knee=(0.47, 0.49),
        ankle=(0.47, 0.36), heel=(0.44, 0.34), toe=(0.58, 0.32), hand=(0.49, 0.64),
    ),
    ("sitting", "start"): dict(
        head=(0.28, 0.88), shoulder=(0.28, 0.77), hip=(0.30, 0.48), knee=(0.58, 0.50),
        ankle=(0.58, 0.13), heel=(0.55, 0.08), toe=(0.72, 0.08), hand=(0.55, 0.54),
    ),
    ("sitting", "end"): dict(
        head=(0.28, 0.88), shoulder=(0.28, 0.77), hip=(0.30, 0.48), knee=(0.59, 0.57),
        ankle=(0.61, 0.21), heel=(0.58, 0.18), toe=(0.72, 0.08), hand=(0.56, 0.61),
    ),
}

POSITIONS = ("sitting", "floor", "step")
POSES = ("start", "end")


class PositionPicture(Widget):
    position = OptionProperty("floor", options=list(POSITIONS))
    pose = OptionProperty("start", options=list(POSES))

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.bind(pos=self.redraw, size=self.redraw, position=self.redraw, pose=self.redraw)
        self.redraw()

    def _p(self, pt: Point) -> tuple[float, float]:
        side = min(self.width, self.height)
        ox = self.x + (self.width - side) / 2
        oy = self.y + (self.height - side) / 2
        return ox + pt[0] * side, oy + pt[1] * side

    def redraw(self, *_):
        side = min(self.width, self.height)
        lw = max(1.5, side * 0.022)
        j = {k: self._p(v) for k, v in _POSES[(self.position, self.pose)].items()}
        self.canvas.clear()
        with self.canvas:
            Color(*theme.rgb(theme.BG))
            Rectangle(pos=self.pos, size=self.size)
            self._scenery(side)
            Color(*theme.rgb(theme.TEXT))
            body = [j["shoulder"], j["hip"], j["knee"], j["ankle"]]
            Line(points=[c for p in body for c in p], width=lw, joint="round", cap="round")
            Line(points=[*j["heel"], *j["toe"], *j["ankle"], *j["heel"]], width=lw,
                 joint="round", cap="round")
            Line(points=[*j["shoulder"], *j["hand"]], width=lw * 0.8, cap="round")
            r = side * 0.055
            Ellipse(pos=(j["head"][0] - r, j["head"][1] - r), size=(2 * r, 2 * r))
            if self.pose == "end":
                self._arrow(j["heel"], side)

    def _scenery(self, side: float) -> None:
        ground = self._p((0.0, 0.07))
        Color(*theme.rgb(theme.TEXT_DIM))
        Line(points=[self._p((0.05, 0.07))[0], ground[1], self._p((0.95, 0.07))[0], ground[1]],
             width=max(1.0, side * 0.008))
        if self.position == "step":
            Color(*theme.rgb(theme.PRIMARY))
            x0, y0 = self._p((0.46, 0.07))
            x1, y1 = self._p((0.92, 0.32))
            Rectangle(pos=(x0, y0), size=(x1 - x0, y1 - y0))
        elif self.position == "sitting":
            Color(*theme.rgb(theme.GAUGE_TRACK))
            w = max(2.0, side * 0.03)
            seat = [self._p((0.14, 0.44)), self._p((0.44, 0.44))]
            Line(points=[c for p in seat for c in p], width=w)
            legs = ((0.16, 0.44, 0.16, 0.07), (0.42, 0.44, 0.42, 0.07), (0.15, 0.44, 0.13, 0.80))
            for leg in legs:
                Line(points=[*self._p(leg[:2]), *self._p(leg[2:])], width=w)

    def _arrow(self, heel: tuple[float, float], side: float) -> None:
        # An upward arrow behind the heel: "lift your heels".
        x = heel[0] - side * 0.09
        y0, y1 = heel[1] - side * 0.10, heel[1] + side * 0.06
        Color(*theme.rgb(theme.TARGET_LINE))
        Line(points=[x, y0, x, y1], width=max(1.5, side * 0.014))
        h = side * 0.05
        Triangle(points=[x - h * 0.7, y1, x + h * 0.7, y1, x, y1 + h])


def picture_name(position: str, pose: str) -> str:
    return f"{position}-{pose}.png"
