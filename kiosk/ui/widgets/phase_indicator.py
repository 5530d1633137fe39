"""The phase the tempo lights ask for now: Up / Hold / Down / Rest, in step with the LEDs."""

from __future__ import annotations

from kivy.graphics import Color, Rectangle
from kivy.properties import NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label

from kiosk.ui import theme
from kiosk.ui.wording import PHASE_WORDS, PHASES_SHOWN


class PhaseIndicator(BoxLayout):
    asked_phase = StringProperty("rest")
    progress = NumericProperty(0.0)  # 0..1 through the asked phase
    font_size = NumericProperty(24)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.spacing = 6
        self._cells: dict[str, Label] = {}
        self._bar: Rectangle | None = None
        for phase in PHASES_SHOWN:
            cell = Label(text=PHASE_WORDS[phase], bold=True, halign="center", valign="middle")
            cell.bind(size=self._restyle, pos=self._restyle)
            self._cells[phase] = cell
            self.add_widget(cell)
        self.bind(asked_phase=self._restyle, font_size=self._restyle)
        # Progress changes every frame: only the bar's width follows it.
        self.bind(progress=self._move_bar)

    def _asked(self) -> str:
        return "rest" if self.asked_phase == "set_rest" else self.asked_phase

    def _restyle(self, *_):
        asked = self._asked()
        self._bar = None
        for phase, cell in self._cells.items():
            on = phase == asked
            cell.font_size = self.font_size
            cell.text_size = cell.size
            cell.color = theme.rgb(theme.BG if on else theme.TEXT)
            cell.canvas.before.clear()
            with cell.canvas.before:
                Color(*theme.rgb(theme.PHASE_ON if on else theme.SURFACE))
                Rectangle(pos=cell.pos, size=cell.size)
                if on:
                    # How far through the phase: a bar along the bottom edge.
                    Color(*theme.rgb(theme.BG, 0.6))
                    self._bar = Rectangle(pos=cell.pos, size=(0, 0))
        self._move_bar()

    def _move_bar(self, *_):
        cell = self._cells.get(self._asked())
        if self._bar is None or cell is None:
            return
        h = max(4.0, cell.height * 0.08)
        self._bar.size = (cell.width * min(max(self.progress, 0.0), 1.0), h)
