"""Small vector line charts drawn straight into an fpdf2 page (no image, no matplotlib).

Every series has its own line style and marker as well as its colour, so a
black-and-white print still tells them apart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from fpdf import FPDF

from kiosk.staff.review.axes import nice_ticks, week_ticks

# (colour, dash (mm, 0 = solid), marker)
STYLES = (((0, 90, 160), 0.0, "circle"), ((200, 80, 0), 1.2, "square"),
          ((60, 130, 60), 0.5, "triangle"))
GREY = (120, 120, 120)


@dataclass(frozen=True)
class Series:
    label: str
    points: Sequence[tuple[float, float]]  # (x, y); y may be NaN for a gap


@dataclass(frozen=True)
class RefLine:
    label: str
    y: float


@dataclass
class Chart:
    title: str
    x_label: str
    y_label: str
    series: Sequence[Series]
    refs: Sequence[RefLine] = field(default_factory=tuple)
    y_min: float | None = None
    y_max: float | None = None
    # By week since the first session: the x range (``axes.week_range``), whole-week ticks.
    weeks: tuple[float, float] | None = None


def draw_chart(pdf: FPDF, chart: Chart, x: float, y: float, w: float, h: float) -> None:
    """Draw ``chart`` in the box (x, y, w, h) in mm."""
    pdf.set_font(size=8.5, style="B")
    pdf.set_text_color(0, 0, 0)
    pdf.set_xy(x, y)
    pdf.cell(w, 4, chart.title)
    left, top, right, bottom = x + 11, y + 10, x + w - 2, y + h - 12
    xs = [p[0] for s in chart.series for p in s.points]
    ys = [p[1] for s in chart.series for p in s.points if math.isfinite(p[1])]
    ys += [r.y for r in chart.refs]
    pdf.set_font(size=7, style="")
    if not xs or not ys:
        pdf.set_xy(left, (top + bottom) / 2 - 2)
        pdf.cell(right - left, 4, "no data yet", align="C")
        return
    y_lo = chart.y_min if chart.y_min is not None else min(ys)
    y_hi = chart.y_max if chart.y_max is not None else max(ys)
    yt = nice_ticks(min(y_lo, min(ys)), max(y_hi, max(ys)), 5)
    if chart.weeks is not None:
        x_lo, x_hi = chart.weeks
        xt = week_ticks(x_lo, x_hi)
    else:
        x_lo, x_hi = min(xs), max(xs)
        if x_hi == x_lo:
            x_lo, x_hi = x_lo - 0.5, x_hi + 0.5
        xt = [t for t in nice_ticks(x_lo, x_hi, 6) if x_lo <= t <= x_hi]

    def px(v: float) -> float:
        return left + (v - x_lo) / (x_hi - x_lo) * (right - left)

    def py(v: float) -> float:
        return bottom - (v - yt[0]) / (yt[-1] - yt[0]) * (bottom - top)

    pdf.set_line_width(0.15)
    pdf.set_draw_color(205, 205, 205)
    for t in yt:
        pdf.line(left, py(t), right, py(t))
        pdf.set_xy(x, py(t) - 1.5)
        pdf.cell(10, 3, f"{t:g}", align="R")
    pdf.set_draw_color(*GREY)
    pdf.line(left, bottom, right, bottom)
    pdf.line(left, top, left, bottom)
    for t in xt:
        pdf.line(px(t), bottom, px(t), bottom + 1)
        pdf.set_xy(px(t) - 5, bottom + 1)
        pdf.cell(10, 3, f"{t:g}", align="C")
    pdf.set_xy(left, bottom + 4)
    pdf.cell(right - left, 3, chart.x_label, align="C")
    pdf.set_xy(x, y + 4.5)
    pdf.set_font(size=6.5)
    pdf.cell(30, 3, chart.y_label)
    for k, ref in enumerate(chart.refs):
        pdf.set_draw_color(*GREY)
        pdf.set_dash_pattern(dash=0.6, gap=0.8)
        pdf.line(left, py(ref.y), right, py(ref.y))
        pdf.set_dash_pattern()
        # Alternate sides, so labels of close lines do not overlap.
        pdf.set_xy(right - 60 if k % 2 == 0 else left + 1, py(ref.y) - 3)
        pdf.cell(59, 3, ref.label, align="R" if k % 2 == 0 else "L")
    legend_x = left + 2
    for k, s in enumerate(chart.series):
        colour, dash, marker = STYLES[k % len(STYLES)]
        pdf.set_draw_color(*colour)
        pdf.set_fill_color(*colour)
        pdf.set_line_width(0.35)
        if dash:
            pdf.set_dash_pattern(dash=dash, gap=dash * 0.8)
        run: list[tuple[float, float]] = []
        for vx, vy in s.points:
            if math.isfinite(vy):
                run.append((px(vx), py(vy)))
            elif run:
                _line(pdf, run)
                run = []
        _line(pdf, run)
        pdf.set_dash_pattern()
        if len(s.points) <= 60:  # markers only while they stay apart
            for vx, vy in s.points:
                if math.isfinite(vy):
                    _marker(pdf, marker, px(vx), py(vy), 0.7)
        if len(chart.series) > 1:
            pdf.line(legend_x + 10, y + 6, legend_x + 15, y + 6)
            _marker(pdf, marker, legend_x + 12.5, y + 6, 0.7)
            pdf.set_xy(legend_x + 16, y + 4.5)
            pdf.set_font(size=6.5)
            label_w = pdf.get_string_width(s.label) + 2
            pdf.cell(label_w, 3, s.label)
            legend_x += label_w + 8
    pdf.set_fill_color(255, 255, 255)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.2)


def _line(pdf: FPDF, points: list[tuple[float, float]]) -> None:
    if len(points) >= 2:
        pdf.polyline(points)


def _marker(pdf: FPDF, kind: str, cx: float, cy: float, r: float) -> None:
    if kind == "circle":
        pdf.ellipse(cx - r, cy - r, 2 * r, 2 * r, style="F")
    elif kind == "square":
        pdf.rect(cx - r, cy - r, 2 * r, 2 * r, style="F")
    else:
        pdf.polygon([(cx, cy - r * 1.2), (cx - r * 1.1, cy + r), (cx + r * 1.1, cy + r)],
                    style="F")
