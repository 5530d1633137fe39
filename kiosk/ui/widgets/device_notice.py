"""The production kiosk's device notice: which devices are simulated or silent.

Shown on the home screen (for everybody: "Please tell staff.") and on the staff
hub (with Acknowledge) until a staff member acknowledges it. It takes no room
when there is nothing to say. The screen that owns it fills ``problems``.
"""

from __future__ import annotations

from kivy.lang import Builder
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.ui.wording import device_problem_lines

Builder.load_string('''
#:import theme kiosk.ui.theme

<DeviceNotice>:
    orientation: "horizontal"
    size_hint_y: None
    # Nothing to say: no room taken. With Acknowledge: at least the button's height.
    height: (max(self.minimum_height, max(64, 64 * self.u) if self.show_ack else 0)) \
        if self.problems else 0
    opacity: 1 if self.problems else 0
    disabled: not self.problems
    padding: 10 * self.u, 6 * self.u
    spacing: 10 * self.u
    canvas.before:
        Color:
            rgba: theme.rgb(theme.STOP)
        Rectangle:
            pos: self.pos
            size: self.size
    AutoLabel:
        id: notice_text
        text: root.text
        markup: True
        color: theme.rgb(theme.STOP_TEXT)
        font_size: 19 * root.u
        pos_hint: {"center_y": 0.5}
    BigButton:
        id: acknowledge_button
        text: "Acknowledge"
        kind: "plain"
        size_hint_x: None
        width: max(150, 160 * root.u) if root.show_ack else 0
        height: max(60, 60 * root.u)
        font_size: 20 * root.u
        opacity: 1 if root.show_ack else 0
        disabled: not root.show_ack
        pos_hint: {"center_y": 0.5}
        on_release: root.dispatch("on_acknowledge")
''')


class DeviceNotice(BoxLayout):
    problems = ListProperty([])  # codes of kiosk.devices.report
    tail = StringProperty("")  # the last sentence: who should act
    show_ack = BooleanProperty(False)
    u = NumericProperty(1.0)
    text = StringProperty("")

    def __init__(self, **kwargs: object) -> None:
        self.register_event_type("on_acknowledge")
        super().__init__(**kwargs)

    def on_problems(self, *_: object) -> None:
        self._words()

    def on_tail(self, *_: object) -> None:
        self._words()

    def _words(self) -> None:
        lines = " ".join(device_problem_lines(list(self.problems)))
        self.text = f"[b]Not the real step:[/b] {lines} {self.tail}".strip() \
            if self.problems else ""

    def on_acknowledge(self) -> None:
        """Staff touched Acknowledge (the staff hub handles it)."""
