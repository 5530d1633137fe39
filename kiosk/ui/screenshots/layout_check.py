"""Checks a rendered screen for what a patient must never meet: clipped text,
widgets outside the window, touch targets under 10 mm."""

from __future__ import annotations

from kivy.core.text import Label as CoreLabel
from kivy.uix.button import ButtonBehavior
from kivy.uix.label import Label
from kivy.uix.layout import Layout
from kivy.uix.scrollview import ScrollView
from kivy.uix.widget import Widget

from kiosk.ui import theme


def _visible(widget: Widget) -> bool:
    w: Widget | None = widget
    while isinstance(w, Widget):
        if w.opacity <= 0.01:
            return False
        w = w.parent
    return widget.width > 1 and widget.height > 1


def _walk(widget: Widget, scrolled: bool = False):
    """Every widget under ``widget``, and whether it sits in scrolled (clipped) content."""
    yield widget, scrolled
    inner = scrolled or isinstance(widget, ScrollView)
    for child in widget.children:
        yield from _walk(child, inner)


def _inside(w: Widget, parent: Widget, slack: float = 1.0) -> bool:
    return (w.x >= parent.x - slack and w.y >= parent.y - slack
            and w.right <= parent.right + slack and w.top <= parent.top + slack)


def layout_problems(screen: Widget, window_size: tuple[int, int]) -> list[str]:
    """Plain descriptions of every layout problem on ``screen`` (empty: all good)."""
    problems = []
    win_w, win_h = window_size
    for w, scrolled in _walk(screen):
        if not _visible(w):
            continue
        name = f"{type(w).__name__}({getattr(w, 'text', '')[:30]!r})"
        x0, y0 = w.to_window(w.x, w.y)
        x1, y1 = w.to_window(w.right, w.top)
        parent = w.parent
        if not scrolled and (x0 < -1 or y0 < -1 or x1 > win_w + 1 or y1 > win_h + 1):
            problems.append(f"{name} outside the window: {x0:.0f},{y0:.0f}-{x1:.0f},{y1:.0f}")
        elif (not scrolled and isinstance(parent, Layout) and w is not screen
              and not _inside(w, parent)):
            problems.append(f"{name} spills out of its {type(parent).__name__}")
        if isinstance(w, ButtonBehavior) and min(w.width, w.height) < theme.MIN_TOUCH_PX - 0.5:
            problems.append(f"{name} touch target {w.width:.0f}x{w.height:.0f} px is too small")
        if isinstance(w, Label) and w.text.strip() and not w.markup:
            need_w, need_h = needed_text_size(w)
            if need_h > w.height + 2 or need_w > w.width + 2:
                problems.append(
                    f"{name} text needs {need_w:.0f}x{need_h:.0f},"
                    f" box is {w.width:.0f}x{w.height:.0f}"
                )
    return problems


def _render(label: Label, text: str, wrap_width: float | None) -> tuple[float, float]:
    core = CoreLabel(
        text=text, font_size=label.font_size, font_name=label.font_name, bold=label.bold,
        text_size=(wrap_width, None), padding=label.padding,
    )
    core.refresh()
    return core.content_width, core.content_height


def needed_text_size(label: Label) -> tuple[float, float]:
    """Size the label's text needs when wrapped at its width (Kivy silently drops
    lines that do not fit a fixed ``text_size``, so ``texture_size`` cannot tell)."""
    wrap = label.text_size[0]
    if wrap is None:
        return _render(label, label.text, None)
    _, height = _render(label, label.text, wrap)
    # A single word wider than the box is cut, not wrapped.
    widest = max(_render(label, word, None)[0] for word in label.text.split())
    return widest, height
