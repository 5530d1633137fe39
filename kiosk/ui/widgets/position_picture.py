"""Start- and end-position pictures of the heel raise, drawn with the Kivy canvas.

A side view (facing right) of a person sitting, standing on the floor, or
standing with the forefoot on the step and the heels off its back edge. The
``start`` pose has the heels down (on the step: below step level), the ``end``
pose has them raised, with an arrow. ``python -m kiosk.ui.pictures`` renders
them to ``kiosk/ui/assets/pictures/<position>-<pose>.png``, which the screens show.
"""

from __future__ import annotations

import math

from kivy.graphics import Color, Ellipse, Line, Rectangle, Triangle
from kivy.properties import OptionProperty
from kivy.uix.widget import Widget

from kiosk.ui import theme

Point = tuple[float, float]

GROUND = 0.06  # floor level, unit coordinates (0..1, y up)
STEP_TOP = 0.19  # top of the step
STEP_EDGE = 0.50  # the step's back edge: the forefoot rests here, the heel hangs behind
SHIN, THIGH, TORSO, NECK = 0.16, 0.17, 0.19, 0.075  # short bones: the raised pose must fit
HEEL_TO_BALL, BALL_TO_TOE = 0.15, 0.06


def _standing(ball: Point, heel_angle_deg: float) -> dict[str, Point]:
    """A person standing on the ball of the foot at ``ball``, facing right.

    ``heel_angle_deg`` tilts the foot about the ball: 0 flat, > 0 heel up, < 0 heel
    hanging down (over the step's edge). The body stands straight above the ankle.
    """
    a = math.radians(heel_angle_deg)
    heel = (ball[0] - HEEL_TO_BALL * math.cos(a), ball[1] + HEEL_TO_BALL * math.sin(a))
    # The ankle sits a little in front of the heel and above the sole.
    ankle = (heel[0] + 0.04 * math.cos(a) + 0.045 * math.sin(a),
             heel[1] - 0.04 * math.sin(a) + 0.045 * math.cos(a))
    knee = (ankle[0] + 0.015, ankle[1] + SHIN)
    hip = (knee[0] - 0.01, knee[1] + THIGH)
    shoulder = (hip[0] + 0.01, hip[1] + TORSO)
    return dict(
        heel=heel, ball=ball, toe=(ball[0] + BALL_TO_TOE, ball[1]), ankle=ankle, knee=knee,
        hip=hip, shoulder=shoulder, head=(shoulder[0] + 0.01, shoulder[1] + NECK),
        elbow=(shoulder[0] + 0.02, shoulder[1] - 0.11), hand=(shoulder[0] + 0.04, hip[1] - 0.01),
    )


def _sitting(heels_up: bool) -> dict[str, Point]:
    """Sitting upright, knees at 90 degrees, feet flat (start) or heels up (end)."""
    ball = (0.70, GROUND)
    a = math.radians(32 if heels_up else 0)
    heel = (ball[0] - HEEL_TO_BALL * math.cos(a), ball[1] + HEEL_TO_BALL * math.sin(a))
    ankle = (heel[0] + 0.04 * math.cos(a) + 0.045 * math.sin(a),
             heel[1] - 0.04 * math.sin(a) + 0.045 * math.cos(a))
    hip = (0.30, 0.46)
    knee = (ankle[0], max(hip[1], ankle[1] + 0.36 - 0.05))  # the shin lifts the knee
    shoulder = (0.29, hip[1] + 0.28)
    return dict(
        heel=heel, ball=ball, toe=(ball[0] + BALL_TO_TOE, ball[1]), ankle=ankle, knee=knee,
        hip=hip, shoulder=shoulder, head=(0.30, shoulder[1] + 0.09),
        elbow=(0.34, shoulder[1] - 0.15), hand=(0.46, knee[1] + 0.03),
    )


# Joints for each position and pose.
_POSES: dict[tuple[str, str], dict[str, Point]] = {
    ("floor", "start"): _standing((0.58, GROUND), 0),
    ("floor", "end"): _standing((0.58, GROUND), 40),
    # On the step: the ball of the foot on the edge, the heel below step level...
    ("step", "start"): _standing((STEP_EDGE + 0.02, STEP_TOP), -22),
    # ... then up on the toes.
    ("step", "end"): _standing((STEP_EDGE + 0.02, STEP_TOP), 40),
    ("sitting", "start"): _sitting(False),
    ("sitting", "end"): _sitting(True),
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
        lw = max(1.5, side * 0.024)
        j = {k: self._p(v) for k, v in _POSES[(self.position, self.pose)].items()}
        self.canvas.clear()
        with self.canvas:
            Color(*theme.rgb(theme.BG))
            Rectangle(pos=self.pos, size=self.size)
            self._scenery(side)
            Color(*theme.rgb(theme.TEXT))
            leg = [j["hip"], j["knee"], j["ankle"]]
            Line(points=[c for p in leg for c in p], width=lw, joint="round", cap="round")
            Line(points=[*j["shoulder"], *j["hip"]], width=lw * 1.25, cap="round")
            foot = [j["ankle"], j["heel"], j["ball"], j["toe"], j["ball"], j["ankle"]]
            Line(points=[c for p in foot for c in p], width=lw * 0.8, joint="round", cap="round")
            arm = [j["shoulder"], j["elbow"], j["hand"]]
            Line(points=[c for p in arm for c in p], width=lw * 0.7, joint="round", cap="round")
            r = side * 0.05
            Ellipse(pos=(j["head"][0] - r, j["head"][1] - r), size=(2 * r, 2 * r))
            if self.pose == "end":
                self._arrow(j["heel"], side)

    def _scenery(self, side: float) -> None:
        ground = self._p((0.0, GROUND))[1]
        Color(*theme.rgb(theme.TEXT_DIM))
        Line(points=[self._p((0.04, 0))[0], ground, self._p((0.96, 0))[0], ground],
             width=max(1.0, side * 0.008))
        if self.position == "step":
            Color(*theme.rgb(theme.PRIMARY))
            x0, y0 = self._p((STEP_EDGE, GROUND))
            x1, y1 = self._p((0.94, STEP_TOP))
            Rectangle(pos=(x0, y0), size=(x1 - x0, y1 - y0))
            # A dashed line at step level behind the step: the heel goes below it.
            Color(*theme.rgb(theme.TEXT_DIM))
            Line(points=[*self._p((0.22, STEP_TOP)), x0, y1], width=1, dash_length=6,
                 dash_offset=5)
        elif self.position == "sitting":
            Color(*theme.rgb(theme.GAUGE_TRACK))
            w = max(2.0, side * 0.03)
            seat_y = 0.42
            Line(points=[*self._p((0.12, seat_y)), *self._p((0.42, seat_y))], width=w)
            for leg in ((0.14, seat_y, 0.14, GROUND), (0.40, seat_y, 0.40, GROUND),
                        (0.13, seat_y, 0.12, 0.78)):
                Line(points=[*self._p(leg[:2]), *self._p(leg[2:])], width=w)

    def _arrow(self, heel: tuple[float, float], side: float) -> None:
        # An upward arrow behind the heel: "lift your heels".
        x = heel[0] - side * 0.08
        y0, y1 = heel[1] - side * 0.10, heel[1] + side * 0.05
        Color(*theme.rgb(theme.TARGET_LINE))
        Line(points=[x, y0, x, y1], width=max(1.5, side * 0.014))
        h = side * 0.05
        Triangle(points=[x - h * 0.7, y1, x + h * 0.7, y1, x, y1 + h])


def picture_name(position: str, pose: str) -> str:
    return f"{position}-{pose}.png"
